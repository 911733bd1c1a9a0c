// The emulator as a process, started the way the README says.

import { strict as assert } from "node:assert";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { parseCli, CliUsageError } from "../../../emulator/cli";

const root = path.resolve(__dirname, "../../..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const cli = path.join(root, "emulator", "cli.ts");

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<{ match: RegExpMatchArray; output: string }> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ match, output });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}:\n${output}`));
    });
  });
}

describe("emulator command line", () => {
  it("prints the applications and its listening line, serves, and stops cleanly on SIGTERM", async () => {
    const child = spawn(tsx, [cli, "--port", "0", "--job-latency-ms", "0"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const { match, output } = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/, 15_000);
      assert.match(output, /client secret: emulator-secret-software-company/);
      assert.match(output, /sellerId:\s+2000002/);
      const url = match[1] as string;
      const response = await fetch(`${url}/_emulator/requests`);
      assert.equal(response.status, 200);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("lists every option under --help", () => {
    const result = spawnSync(tsx, [cli, "--help"], { cwd: root, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    for (const option of [
      "--port", "--host", "--job-latency-ms", "--tls", "--tls-dir", "--data", "--client",
      "--client-certificate", "--federated-credential", "--token-lifetime-seconds", "--max-body-bytes", "--help",
    ]) {
      assert.ok(result.stdout.includes(`  ${option} `), `--help mentions ${option}`);
    }
  });

  it("exits 2 with a clear message on a bad option", () => {
    const result = spawnSync(tsx, [cli, "--port", "eighty"], { cwd: root, encoding: "utf8" });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--port must be a whole number/);
  });

  it("parses options into emulator settings", () => {
    const command = parseCli([
      "--port", "8080", "--job-latency-ms", "250", "--tls", "--data", "state.json",
      "--client", "11111111-1111-4111-8111-111111111111:22222222-2222-4222-8222-222222222222:s:e:cret:42",
    ]);
    assert.equal(command.kind, "start");
    if (command.kind !== "start") return;
    assert.equal(command.options.port, 8080);
    assert.equal(command.options.jobLatencyMs, 250);
    assert.equal(command.options.tls, true);
    assert.equal(command.options.dataFile, path.resolve("state.json"));
    assert.equal(command.options.clients?.[0]?.clientSecret, "s:e:cret");
    assert.equal(command.options.clients?.[0]?.sellerId, "42");
    assert.deepEqual(parseCli(["--help"]), { kind: "help" });
    assert.throws(() => parseCli(["--port", "70000"]), /--port must be at most 65535/);
    assert.throws(() => parseCli(["--nope"]), CliUsageError);
    assert.throws(() => parseCli(["--client", "a:b"]), (error: Error) => error instanceof CliUsageError && /--client expects/.test(error.message));
  });
});
