// The package as a user gets it: `npm pack` of this checkout (its prepare script builds dist/), and
// a new project outside the checkout with the tarball installed next to the user's own
// @pulumi/pulumi (the same release this checkout uses).
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { ConfigMap } from "@pulumi/pulumi/automation";
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

/** What a `pulumi` command run by run-inline.cjs printed, and the JSON summary of its last line. */
export interface InlineOutcome {
  output: string;
  summary: { changeSummary?: Record<string, number>; result?: string; outputs?: Record<string, { value: unknown }>; error?: string };
}

/**
 * An example copied out of the checkout into `work` as a user's project: its package.json pointing
 * at the packed `tarball` and this checkout's @pulumi/pulumi, installed, run-inline.cjs beside it and
 * folders for a file backend (.state) and a PULUMI_HOME (.home). `prepare` edits the copy first.
 */
export async function installExample(example: string, work: string, tarball: string, prepare?: (dir: string) => Promise<void>): Promise<{ dir: string; name: string }> {
  const dir = path.join(work, example);
  await fs.cp(path.join(REPO_ROOT, "examples", example), dir, { recursive: true });
  await prepare?.(dir);
  const manifest = JSON.parse(await fs.readFile(path.join(dir, "package.json"), "utf8")) as { name: string; dependencies: Record<string, string> };
  manifest.dependencies["pulumi-partnercenter-private-offers"] = `file:${tarball}`;
  manifest.dependencies["@pulumi/pulumi"] = await sdkVersion();
  await fs.writeFile(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  await npmInstall(dir);
  await fs.copyFile(path.join(REPO_ROOT, "test/package/run-inline.cjs"), path.join(dir, "run-inline.cjs"));
  for (const folder of [".state", ".home"]) await fs.mkdir(path.join(dir, folder), { recursive: true });
  return { dir, name: manifest.name };
}

/**
 * `pulumi <command>` of the program in `project` through the real CLI, as run-inline.cjs runs it
 * (an Automation API inline program with the project's own SDK). `program` is a file of the
 * project (a .ts one is loaded through tsx, as Pulumi compiles it); `env` is the CLI's environment.
 */
export async function runInline(
  project: string,
  spec: { command: "preview" | "up" | "destroy"; stackName: string; config: ConfigMap; env: Record<string, string>; cliDir: string; program?: string },
): Promise<InlineOutcome> {
  const { cliDir, ...rest } = spec;
  const payload = { ...rest, cliRoot: path.basename(cliDir) === "bin" ? path.dirname(cliDir) : null };
  const loader = spec.program?.endsWith(".ts") ? ["--require", require.resolve("tsx/cjs")] : [];
  const done = await run(process.execPath, [...loader, "run-inline.cjs", JSON.stringify(payload)], { cwd: project, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
  );
  const lines = done.stdout.trimEnd().split("\n");
  return { summary: JSON.parse(lines.pop() ?? "{}") as InlineOutcome["summary"], output: lines.join("\n") };
}
