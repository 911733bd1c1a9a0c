// The Pulumi CLI that the demo, the benchmarks and the real-CLI suites run: the folder `npm run
// cli:path` prints (tools/pulumi-cli.cjs finds a `pulumi` on PATH at or above the pinned release, or
// the build in .tools/, building it when missing). Scripts started through tools/with-toolchain.cjs
// get that folder as PULUMI_CLI_DIR. No CLI is a failure with the reason, never a skip.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { PulumiCommand } from "@pulumi/pulumi/automation";

export const REPO_ROOT = path.resolve(__dirname, "../..");

let cached: Promise<string> | undefined;

async function findCliDir(): Promise<string> {
  const given = process.env["PULUMI_CLI_DIR"];
  if (given && existsSync(path.join(given, "pulumi"))) return given;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, "tools/pulumi-cli.cjs")], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const dir = stdout.trim().split("\n").pop() ?? "";
    if (!existsSync(path.join(dir, "pulumi"))) throw new Error(`it printed "${dir}", which holds no pulumi`);
    return dir;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`no Pulumi CLI: \`npm run cli:path\` could not provide one: ${stderr || (error as Error).message}`);
  }
}

/** The folder holding `pulumi` and `pulumi-resource-pulumi-nodejs`. */
export function cliDir(): Promise<string> {
  cached ??= findCliDir();
  return cached;
}

/** The Automation API's handle on that CLI (it checks the version itself). */
export async function pulumiCommand(): Promise<PulumiCommand> {
  const dir = await cliDir();
  // PulumiCommand.get({ root }) runs `<root>/bin/pulumi`; a CLI elsewhere is reached through PATH.
  if (path.basename(dir) === "bin") return PulumiCommand.get({ root: path.dirname(dir) });
  return PulumiCommand.get();
}
