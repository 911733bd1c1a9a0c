// README's "Test your offers stack without Partner Center": examples/testing, copied out of the
// checkout as a user's own project, installed with the packed package, and its own `npm test` run
// (node:test, the emulator that ships with the package, a real `pulumi preview/up/destroy`).
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { offlineCliEnvironment } from "../../scripts/cli/environment";
import { cliDir, REPO_ROOT } from "../../scripts/cli/toolchain";
import { NPM, npmInstall, packPackage, sdkVersion } from "../support/package";

const run = promisify(execFile);

describe("examples/testing: a user's offers stack tested against the emulator, through the real CLI", function () {
  this.timeout(600_000);
  const folders: string[] = [];

  after(async () => {
    for (const dir of folders) await fs.rm(dir, { recursive: true, force: true });
  });

  it("npm install, then the example's own npm test passes", async () => {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), "offers-testing-"));
    const home = await fs.mkdtemp(path.join(os.tmpdir(), "offers-testing-home-"));
    folders.push(work, home);
    const { tarball } = await packPackage(work);
    const project = path.join(work, "offers-with-tests");
    await fs.cp(path.join(REPO_ROOT, "examples/testing"), project, { recursive: true });
    const manifest = JSON.parse(await fs.readFile(path.join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    // What the published package would be: this checkout's tarball, next to the SDK it is tested with.
    manifest.dependencies["pulumi-partnercenter-private-offers"] = `file:${tarball}`;
    manifest.dependencies["@pulumi/pulumi"] = await sdkVersion();
    await fs.writeFile(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
    await npmInstall(project);

    const env = { ...process.env, ...offlineCliEnvironment({ home, cliDir: await cliDir() }) };
    const result = await run(NPM, ["test"], { cwd: project, env, maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: error.stdout ?? "", stderr: `${error.stderr ?? ""}\nexit ${error.code}` }),
    );
    const said = `${result.stdout}\n${result.stderr}`;
    assert.match(said, /# pass 3/, said);
    assert.match(said, /# fail 0/, said);
  });
});
