// A Pulumi program directory holding this package as the engine's host would find it: the real
// package.json (so the shim's `pulumi-partnercenter-private-offers/dist/...` specifier resolves by
// self-reference through `exports`), the provider compiled into its own dist/, and the repository's
// node_modules. Building into a temporary directory keeps ./dist untouched.

import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { serializeProvider } from "../../test/support/provider-host";

export const REPOSITORY_ROOT = resolve(__dirname, "..", "..");

export interface ProgramDirectory {
  dir: string;
  /** Milliseconds the TypeScript build took. */
  buildMs: number;
  remove(): void;
}

/** The modules the shims of the two resources load (their specifiers are stored in state). */
export const IMPLEMENTATION_FILES = ["dist/provider/dynamic/private-offer.js", "dist/provider/dynamic/plan-pricing.js"];

export function prepareProgramDirectory(): ProgramDirectory {
  const dir = mkdtempSync(join(tmpdir(), "partnercenter-program-"));
  copyFileSync(join(REPOSITORY_ROOT, "package.json"), join(dir, "package.json"));
  symlinkSync(join(REPOSITORY_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const started = Date.now();
  const tsc = join(REPOSITORY_ROOT, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", join(REPOSITORY_ROOT, "tsconfig.build.json"), "--outDir", join(dir, "dist")], {
      cwd: REPOSITORY_ROOT,
      stdio: "pipe",
    });
  } catch (error) {
    // Type errors elsewhere in the tree still emit JavaScript; only missing output is fatal.
    const missing = IMPLEMENTATION_FILES.filter((file) => !existsSync(join(dir, file)));
    if (missing.length > 0) {
      rmSync(dir, { recursive: true, force: true });
      const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
      throw new Error(`building the provider failed; missing ${missing.join(", ")}:\n${output.slice(0, 2000)}`);
    }
  }
  return { dir, buildMs: Date.now() - started, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bytes of the serialized `PrivateOffer` provider as the package built into `dir` produces it: what each resource's state holds. */
export async function builtProviderBytes(dir: string): Promise<number> {
  const shims = require(join(dir, "dist", "provider", "resources", "shims.js")) as Record<string, unknown>;
  const shim = shims["privateOfferShim"] as Partial<pulumi.dynamic.ResourceProvider> | undefined;
  if (typeof shim?.create !== "function") throw new Error(`the package built into ${dir} exports no privateOfferShim provider`);
  return (await serializeProvider(shim as pulumi.dynamic.ResourceProvider)).bytes;
}
