// The package as a user gets it: `npm pack` of this checkout (its prepare script builds dist/), and
// a new project outside the checkout with the tarball installed next to the user's own
// @pulumi/pulumi (the same release this checkout uses).
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../scripts/cli/toolchain";

const run = promisify(execFile);
export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export interface PackedPackage {
  tarball: string;
  files: string[];
}

/** `npm pack` of this checkout into `dir`. */
export async function packPackage(dir: string): Promise<PackedPackage> {
  const { stdout } = await run(NPM, ["pack", "--json", "--pack-destination", dir], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  assert.ok(packed, "npm pack printed no result");
  return { tarball: path.join(dir, packed.filename), files: packed.files.map((f) => f.path) };
}

/** The @pulumi/pulumi release this checkout runs, which a user's project pins too. */
export async function sdkVersion(): Promise<string> {
  return (JSON.parse(await fs.readFile(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;
}

/** `npm install` in a project folder, from npm's cache where it can. */
export async function npmInstall(project: string): Promise<void> {
  await run(NPM, ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project, maxBuffer: 64 * 1024 * 1024 });
}

/** A new project outside the checkout with the tarball and this checkout's @pulumi/pulumi installed. */
export async function installInNewProject(tarball: string, extra: Record<string, string> = {}): Promise<string> {
  const project = await fs.mkdtemp(path.join(os.tmpdir(), "offers-user-"));
  await fs.writeFile(
    path.join(project, "package.json"),
    JSON.stringify(
      { name: "offers-user", private: true, dependencies: { "pulumi-partnercenter-private-offers": `file:${tarball}`, "@pulumi/pulumi": await sdkVersion(), ...extra } },
      null,
      2,
    ),
  );
  await npmInstall(project);
  return project;
}
