// The pinned toolchain agrees with itself and behaves as the README says: the suites run on the
// pinned Node.js line; the CLI's Go modules, the npm SDK and the CLI that runs are one release;
// `npm run cli:path` builds nothing once built, and without Go or a CLI says in one line what to
// install.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { cliDir, REPO_ROOT } from "../../scripts/cli/toolchain";

const run = promisify(execFile);

async function json<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(path.join(REPO_ROOT, file), "utf8")) as T;
}

async function pinnedCli(): Promise<string> {
  const gomod = await readFile(path.join(REPO_ROOT, "tools/pulumi/go.mod"), "utf8");
  const pkg = /github\.com\/pulumi\/pulumi\/pkg\/v3 (v\S+)/.exec(gomod)?.[1];
  const sdk = /github\.com\/pulumi\/pulumi\/sdk\/v3 (v\S+)/.exec(gomod)?.[1];
  assert.ok(pkg, "tools/pulumi/go.mod requires pkg/v3");
  assert.equal(sdk, pkg, "pkg/v3 and sdk/v3 are pinned at one release");
  return pkg;
}

describe("toolchain", function () {
  this.timeout(60_000);

  it("runs on the pinned Node.js line, which package.json's engines admit", async () => {
    const versions = await json<{ node: string; nodeLines: Record<string, { version: string }> }>("tools/versions.json");
    const [major] = process.versions.node.split(".").map(Number);
    const lines = Object.keys(versions.nodeLines).map(Number);
    assert.ok(lines.includes(major!), `Node.js ${process.versions.node} is not a pinned line (${lines.join(", ")}): run through npm test`);
    const engines = (await json<{ engines: { node: string } }>("package.json")).engines.node;
    assert.equal(engines, `>=${versions.node}`);
  });

  it("pins the CLI's Go modules, the npm SDK and the CLI that runs at one release", async () => {
    const pinned = await pinnedCli();
    const lock = await json<{ packages: Record<string, { version?: string }> }>("package-lock.json");
    assert.equal(`v${lock.packages["node_modules/@pulumi/pulumi"]?.version}`, pinned, "@pulumi/pulumi in package-lock.json");
    const { stdout } = await run(path.join(await cliDir(), "pulumi"), ["version"], { env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
    assert.equal(stdout.trim(), pinned, "pulumi version");
  });

  it("npm run cli:path builds nothing once built, and prints the folder as its last line", async () => {
    const { stdout, stderr } = await run(process.execPath, ["tools/pulumi-cli.cjs"], { cwd: REPO_ROOT });
    assert.equal(stdout.trim().split("\n").pop(), await cliDir());
    assert.doesNotMatch(stderr, /Building/);
  });

  it("without Go and without a CLI, says in one line what to install, exit 1", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "no-tools-"));
    try {
      const failed = await run(process.execPath, ["tools/pulumi-cli.cjs"], {
        cwd: REPO_ROOT,
        env: { PATH: "/nonexistent", PROJECT_TOOLS_DIR: empty, HOME: empty },
      }).then(
        () => assert.fail("cli:path succeeded with nothing to find or build with"),
        (error: { code?: number; stdout?: string; stderr?: string }) => error,
      );
      assert.equal(failed.code, 1);
      assert.equal(failed.stdout, "");
      const lines = (failed.stderr ?? "").trim().split("\n");
      assert.equal(lines.length, 1, failed.stderr);
      assert.match(lines[0]!, /no Pulumi CLI v\d+\.\d+\.\d+ or newer .* install Go 1\.26 or newer .* or the Pulumi CLI/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
