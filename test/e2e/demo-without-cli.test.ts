// `npm run demo` on a machine where no Pulumi CLI can run: the real script, with PATH stripped of
// any `pulumi` and PULUMI_HOME an empty directory, so the npm package has to download the CLI. That
// download fails offline; a CLI version that does not exist makes it fail online too, so the test
// means the same everywhere.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findOnPath, locatePulumiCli, missingCliMessage } from "../../scripts/demo/locate-cli";

const REPO = path.resolve(__dirname, "../..");

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runDemo(env: NodeJS.ProcessEnv): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", path.join(REPO, "scripts/demo.ts")], { cwd: REPO, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: unknown }).code as number | null) : 0;
      resolve({ code: typeof code === "number" ? code : null, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe("npm run demo without a Pulumi CLI", function () {
  this.timeout(60_000);

  it("prints one paragraph saying what is missing and how to fix it, and exits 1 quickly", async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), "pulumi-home-"));
    const emptyBin = await fs.mkdtemp(path.join(os.tmpdir(), "no-pulumi-"));
    const result = await runDemo({
      HOME: home,
      PATH: emptyBin,
      PULUMI_HOME: home,
      PULUMI_VERSION: "0.0.0-does-not-exist",
      TMPDIR: os.tmpdir(),
    });
    assert.equal(result.code, 1, `exit code; stderr: ${result.stderr}`);
    assert.ok(result.ms < 30_000, `took ${result.ms} ms`);
    const paragraph = result.stderr.trim();
    assert.match(paragraph, /^npm run demo needs the Pulumi CLI, and none could run here/);
    assert.match(paragraph, /no `pulumi` on PATH/);
    assert.match(paragraph, /the `pulumi` npm package 3\.265\.0 could not fetch or run the CLI/);
    assert.match(paragraph, /https:\/\/www\.pulumi\.com\/docs\/install\//);
    assert.match(paragraph, /`npm test` runs the provider/);
    assert.doesNotMatch(paragraph, /\n\s*\n/, "one paragraph");
    assert.doesNotMatch(result.stdout, /build|emulator/i, "nothing is built or started");
  });

  it("takes a pulumi on PATH only when `pulumi version` answers", async () => {
    const bin = await fs.mkdtemp(path.join(os.tmpdir(), "fake-pulumi-"));
    const broken = path.join(bin, "pulumi");
    await fs.writeFile(broken, "#!/bin/sh\necho 'plugin missing' >&2\nexit 3\n", { mode: 0o755 });
    assert.deepEqual(await findOnPath(bin), [broken]);
    const located = await locatePulumiCli({
      env: { PATH: bin },
      projectRoot: path.join(os.tmpdir(), "no-project-here"),
    });
    assert.equal(located.kind, "missing");
    assert.ok(located.kind === "missing");
    assert.match(missingCliMessage(located.attempts), /pulumi version: plugin missing/);
    assert.match(missingCliMessage(located.attempts), /the `pulumi` npm package is not installed \(run `npm ci`\)/);

    const working = await fs.mkdtemp(path.join(os.tmpdir(), "fake-pulumi-"));
    await fs.writeFile(path.join(working, "pulumi"), "#!/bin/sh\necho v3.999.0\n", { mode: 0o755 });
    const found = await locatePulumiCli({ env: { PATH: `${bin}${path.delimiter}${working}` }, projectRoot: REPO });
    assert.deepEqual(found, { kind: "path", executable: path.join(working, "pulumi"), version: "v3.999.0" });
  });
});
