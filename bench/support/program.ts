// A Pulumi program directory holding this package as the engine's host would find it: the real
// package.json (so the shim's `pulumi-partnercenter-private-offers/dist/...` specifier resolves by
// self-reference through `exports`), the provider compiled into its own dist/, and the repository's
// node_modules. Building into a temporary directory keeps ./dist untouched. The source is the working
// tree, or a commit (exported with `git archive`), so a benchmark measures committed code whatever
// is being edited in the checkout meanwhile.

import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { serializeProvider } from "../../test/support/provider-host";

export const REPOSITORY_ROOT = resolve(__dirname, "..", "..");

export interface ProgramDirectory {
  dir: string;
  /** What was built: `working tree` or `commit <sha>`. */
  source: string;
  /** Milliseconds the TypeScript build took. */
  buildMs: number;
  remove(): void;
}

/** The working tree as it is, or the tree of a revision git can name (`HEAD`, a sha). */
export type ProgramSource = "worktree" | { revision: string };

/** The modules the shims of the two resources load (their specifiers are stored in state). */
export const IMPLEMENTATION_FILES = ["dist/provider/dynamic/private-offer.js", "dist/provider/dynamic/plan-pricing.js"];

/** The tree of `revision` in a temporary folder, with the checkout's node_modules. */
function exportRevision(revision: string): { root: string; commit: string; remove(): void } {
  const git = (args: string[]) => execFileSync("git", args, { cwd: REPOSITORY_ROOT, maxBuffer: 256 * 1024 * 1024 });
  let commit: string;
  try {
    commit = git(["rev-parse", "--verify", `${revision}^{commit}`]).toString().trim();
  } catch {
    throw new Error(`"${revision}" names no commit of ${REPOSITORY_ROOT}: give a revision git can resolve, or build the working tree`);
  }
  const root = mkdtempSync(join(tmpdir(), "partnercenter-source-"));
  execFileSync("tar", ["-x", "-C", root], { input: git(["archive", "--format=tar", commit]) });
  symlinkSync(join(REPOSITORY_ROOT, "node_modules"), join(root, "node_modules"), "dir");
  return { root, commit, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function prepareProgramDirectory(from: ProgramSource = "worktree"): ProgramDirectory {
  const exported = from === "worktree" ? undefined : exportRevision(from.revision);
  const root = exported?.root ?? REPOSITORY_ROOT;
  const source = exported ? `commit ${exported.commit}` : "working tree";
  try {
    return build(root, source);
  } finally {
    exported?.remove();
  }
}

function build(root: string, source: string): ProgramDirectory {
  const dir = mkdtempSync(join(tmpdir(), "partnercenter-program-"));
  copyFileSync(join(root, "package.json"), join(dir, "package.json"));
  symlinkSync(join(REPOSITORY_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const started = Date.now();
  const tsc = join(REPOSITORY_ROOT, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", join(dir, "dist")], {
      cwd: root,
      stdio: "pipe",
    });
  } catch (error) {
    // Type errors elsewhere in the tree still emit JavaScript; only missing output is fatal.
    const missing = IMPLEMENTATION_FILES.filter((file) => !existsSync(join(dir, file)));
    if (missing.length > 0) {
      rmSync(dir, { recursive: true, force: true });
      const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
      throw new Error(`building the provider (${source}) failed; missing ${missing.join(", ")}:\n${output.slice(0, 2000)}`);
    }
  }
  return { dir, source, buildMs: Date.now() - started, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bytes of the serialized `PrivateOffer` provider as the package built into `dir` produces it: what each resource's state holds. */
export async function builtProviderBytes(dir: string): Promise<number> {
  const shims = require(join(dir, "dist", "provider", "resources", "shims.js")) as Record<string, unknown>;
  const shim = shims["privateOfferShim"] as Partial<pulumi.dynamic.ResourceProvider> | undefined;
  if (typeof shim?.create !== "function") throw new Error(`the package built into ${dir} exports no privateOfferShim provider`);
  return (await serializeProvider(shim as pulumi.dynamic.ResourceProvider)).bytes;
}
