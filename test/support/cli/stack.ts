// A Pulumi stack run by the real CLI, as a user's GitOps job runs it: a project folder with its
// Pulumi.yaml and the offline environment of scripts/cli/environment.ts. The program is an
// Automation API inline program (the engine reaches it over `--client`), named by module and export
// so that a child process can run the same program.
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, type ConfigMap, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { emulatorConfig, type EmulatorEndpoints } from "../../../scripts/demo/stack";
import { cliEnvironment } from "../../../scripts/cli/environment";
import { cliDir, pulumiCommand, REPO_ROOT } from "../../../scripts/cli/toolchain";

/** Only guards throw-away test state. */
export const TEST_PASSPHRASE = "cli-suite-passphrase";

/** A program as a module (absolute path) and the name of its exported function. */
export interface ProgramRef {
  module: string;
  exportName: string;
}

export interface CliStackOptions {
  program: ProgramRef;
  emulator: EmulatorEndpoints;
  /** Extra stack config, set after the emulator's. */
  config?: ConfigMap;
  /** Seconds between job-status reads (the emulator's jobs are short). */
  pollIntervalSeconds?: number;
  projectName?: string;
  stackName?: string;
  /** The project folder; default a new folder under .cli-stacks/ in the checkout (so the package resolves). */
  workDir?: string;
  /** The file backend's folder; default a new temporary folder. */
  stateDir?: string;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliStack {
  readonly stack: Stack;
  readonly workDir: string;
  readonly stateDir: string;
  readonly home: string;
  /** The environment every CLI process of this stack gets (beyond the test process's own). */
  readonly env: Record<string, string>;
  readonly options: CliStackOptions;
  /** Runs `pulumi <args>` in the project folder (commands that need no program: stack export, config...). */
  cli(args: readonly string[]): Promise<CliResult>;
  /** Removes the stack, its folders and its home. */
  dispose(): Promise<void>;
}

const STACKS_DIR = path.join(REPO_ROOT, ".cli-stacks");

export function loadProgram(ref: ProgramRef): PulumiFn {
  // require, not import(): the suites run under tsx's CommonJS hook, as the programs are written.
  const loaded = require(ref.module) as Record<string, unknown>;
  const fn = loaded[ref.exportName];
  if (typeof fn !== "function") throw new Error(`${ref.module} exports no function ${ref.exportName}`);
  return fn as PulumiFn;
}

export async function newStackFolders(label: string): Promise<{ workDir: string; stateDir: string; home: string }> {
  await fs.mkdir(STACKS_DIR, { recursive: true });
  const safe = label.replace(/[^a-z0-9-]+/gi, "-").slice(0, 40);
  return {
    workDir: await fs.mkdtemp(path.join(STACKS_DIR, `${safe}-`)),
    stateDir: await fs.mkdtemp(path.join(os.tmpdir(), `pulumi-state-${safe}-`)),
    home: await fs.mkdtemp(path.join(os.tmpdir(), `pulumi-home-${safe}-`)),
  };
}

/** Creates (or selects) the stack and sets the config that points the provider at the emulator. */
export async function openCliStack(options: CliStackOptions): Promise<CliStack> {
  const projectName = options.projectName ?? "offers";
  const stackName = options.stackName ?? "test";
  const fresh = await newStackFolders(projectName);
  const workDir = options.workDir ?? fresh.workDir;
  const stateDir = options.stateDir ?? fresh.stateDir;
  const home = fresh.home;
  await fs.mkdir(workDir, { recursive: true });
  const dir = await cliDir();
  const env = cliEnvironment({
    stateDir,
    home,
    cliDir: dir,
    passphrase: TEST_PASSPHRASE,
    ...(options.emulator.caCertPath ? { caCertPath: options.emulator.caCertPath } : {}),
  });
  const program = loadProgram(options.program);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName, program },
    {
      workDir,
      pulumiCommand: await pulumiCommand(),
      envVars: env,
      projectSettings: { name: projectName, runtime: "nodejs", description: "private offers run by the real-CLI suite" },
    },
  );
  await stack.setAllConfig({ ...emulatorConfig(options.emulator, options.pollIntervalSeconds ?? 0.1), ...options.config });

  return {
    stack,
    workDir,
    stateDir,
    home,
    env,
    options,
    cli: (args) => runCli(dir, args, workDir, env),
    async dispose() {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
      for (const folder of [workDir, stateDir, home]) await fs.rm(folder, { recursive: true, force: true });
    },
  };
}

/** Runs the CLI; never throws for a non-zero exit (the caller asserts the code). */
export async function runCli(dir: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(dir, "pulumi"), [...args, "--non-interactive"], {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 256 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** Collects what the CLI prints (stdout and stderr) for assertions and failure messages. */
export class Transcript {
  text = "";
  readonly onOutput = (chunk: string): void => {
    this.text += chunk;
    if (process.env["CLI_SUITE_ECHO"] === "1") process.stdout.write(chunk);
  };
  readonly onError = this.onOutput;
  /** What was printed since the last call. */
  take(): string {
    const text = this.text;
    this.text = "";
    return text;
  }
}
