// A user's project folder run the way its GitOps workflow runs it: shell steps that call `pulumi`,
// which finds the stand-in of ./pulumi.cjs first on PATH (preview/up through the folder's own
// program and SDK as an inline program, everything else to the real CLI), with the offline CLI
// environment of scripts/cli/environment.ts and the provider pointed at the emulator through the
// environment variables a workflow sets.
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { cliEnvironment } from "../../../scripts/cli/environment";
import { cliDir } from "../../../scripts/cli/toolchain";

const STAND_IN = path.join(__dirname, "pulumi.cjs");

/** Throw-away local state only. */
export const PROJECT_PASSPHRASE = "gitops-suite-passphrase";

export interface ProjectCli {
  /** The environment of every step: offline CLI, file backend, the stand-in first on PATH. */
  readonly env: Record<string, string>;
  readonly stateDir: string;
  readonly home: string;
  /** Runs `pulumi <args>` (through the stand-in) in `cwd`; never throws for a non-zero exit. */
  pulumi(args: readonly string[], cwd: string, env?: Record<string, string>): Promise<StepResult>;
  /** Runs a shell script (a workflow step) with bash in `cwd`; never throws for a non-zero exit. */
  bash(script: string, cwd: string, env?: Record<string, string>, args?: readonly string[]): Promise<StepResult>;
  dispose(): Promise<void>;
}

export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for failure messages. */
  output: string;
}

export interface ProjectCliOptions {
  /** The emulator's CA certificate (NODE_EXTRA_CA_CERTS of every process). */
  caCertPath?: string;
  /** More folders to put first on PATH (stubs of `gh`, say). */
  extraPath?: string[];
}

async function runFile(file: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<StepResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, [...args], { cwd, env, maxBuffer: 256 * 1024 * 1024 });
    return { code: 0, stdout, stderr, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    const stdout = failed.stdout ?? "";
    const stderr = failed.stderr ?? "";
    return { code: failed.code, stdout, stderr, output: `${stdout}${stderr}` };
  }
}

export async function openProjectCli(options: ProjectCliOptions = {}): Promise<ProjectCli> {
  const real = await cliDir();
  const standIn = await fs.mkdtemp(path.join(os.tmpdir(), "pulumi-stand-in-"));
  await fs.writeFile(path.join(standIn, "pulumi"), `#!${process.execPath}\nrequire(${JSON.stringify(STAND_IN)});\n`, { mode: 0o755 });
  const stateDir = await fs.mkdtemp(path.join(os.tmpdir(), "gitops-state-"));
  const home = await fs.mkdtemp(path.join(os.tmpdir(), "gitops-home-"));
  const base = cliEnvironment({ stateDir, home, cliDir: real, passphrase: PROJECT_PASSPHRASE, ...(options.caCertPath ? { caCertPath: options.caCertPath } : {}) });
  const env: Record<string, string> = {
    ...(Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"))),
    ...base,
    PULUMI_REAL_CLI_DIR: real,
    // The stand-in, then the test's stubs, then Node.js and the real CLI's folder (for its plugin script).
    PATH: [standIn, ...(options.extraPath ?? []), path.dirname(process.execPath), base["PATH"] ?? ""].join(path.delimiter),
  };
  return {
    env,
    stateDir,
    home,
    pulumi: (args, cwd, extra = {}) => runFile(path.join(standIn, "pulumi"), args, cwd, { ...env, ...extra }),
    bash: (script, cwd, extra = {}, args = []) => runFile("bash", [script, ...args], cwd, { ...env, ...extra }),
    async dispose() {
      for (const dir of [standIn, stateDir, home]) await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
