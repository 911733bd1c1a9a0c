// The emulator as a separate process (`tsx emulator/cli.ts`), for tests that must kill it for real.

import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { emulatorAccounts } from "../../../emulator/authority/index";
import { clientCredentialsForm } from "../../support/emulator";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "emulator", "cli.ts");

export interface EmulatorProcess {
  readonly child: ChildProcess;
  /** The origin, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  readonly apiBaseUrl: string;
  /** A bearer token for the software company. */
  readonly token: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL, resolving once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, resolving with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `npm run emulator -- <args>` (without npm) and waits for its listening line. */
export async function startEmulatorProcess(args: string[], timeoutMs = 30_000): Promise<EmulatorProcess> {
  // Node itself with tsx's loader, not the `tsx` command: that one runs the emulator in a child
  // process of its own, which a SIGKILL of the command would leave running.
  const child = spawn(process.execPath, ["--import", "tsx", cli, "--port", "0", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator printed no listening line within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)\n/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      resolve(match[1] as string);
    };
    child.stdout.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code} before listening:\n${output}`));
    });
  });
  const account = emulatorAccounts.softwareCompany;
  const answer = await fetch(`${url}/${account.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: clientCredentialsForm(account),
  });
  const token = ((await answer.json()) as { access_token: string }).access_token;
  return {
    child,
    url,
    apiBaseUrl: `${url}/rp/product-ingestion`,
    token,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
