// A benchmark stack run by the real Pulumi CLI (an Automation API inline program, as the real-CLI
// suites run theirs; see test/support/cli/stack.ts), with what each `pulumi up` / `pulumi destroy`
// costs measured from outside the engine:
// - wall time of the whole command, as the Automation API call returns;
// - bytes written and CPU spent by the `pulumi` process and every process it started (the
//   dynamic-provider host): `pulumi` runs under a small sh wrapper that waits for it and then reads
//   its own /proc/<pid>/io and /proc/<pid>/stat, where the kernel adds the I/O and CPU of each child
//   it reaps (write_bytes: bytes sent towards the storage layer, counted when pages are dirtied;
//   cutime/cstime). Nothing else runs under that shell, and the file backend's folder is the only
//   place the CLI writes anything sizeable;
// - checkpoint saves: the file backend writes each checkpoint to a temporary file and renames it
//   onto `<stack>.json`, so an inotify watch on the stack's folder sees one rename onto that name per
//   save.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { cliEnvironment } from "../../scripts/cli/environment";
import { cliDir } from "../../scripts/cli/toolchain";
import { loadProgram, type ProgramRef } from "../../test/support/cli/stack";

/** Only guards throw-away benchmark state. */
const PASSPHRASE = "bench-passphrase";

export interface BenchStackOptions {
  program: ProgramRef;
  projectName: string;
  stackName: string;
  /** The project folder: where the dynamic-provider host runs and resolves the provider package. */
  workDir: string;
  /** The emulator's CA certificate, trusted by the CLI's processes. */
  caCertPath?: string;
  config: ConfigMap;
}

/** What one CLI command cost. */
export interface CommandFigures {
  wallMs: number;
  /** write_bytes of `pulumi` and the processes it reaped. */
  writeBytes: number;
  /** User plus system CPU of `pulumi` and the processes it reaped. */
  cpuMs: number;
  /** Renames onto the checkpoint file: one per checkpoint the file backend saved. */
  checkpointSaves: number;
  /** The checkpoint file after the command. */
  checkpointBytes: number;
  /** The largest checkpoint seen at a save (sampled at each save). */
  peakCheckpointBytes: number;
  /**
   * The machine's 1-minute load average, sampled every few seconds during the command: above the
   * core count, other work shared the machine and the wall time is longer than the command's own.
   */
  meanLoadAverage: number;
  /** Resource changes as the CLI summarised them (create, update, delete, same). */
  changes: Record<string, number>;
  result: string;
}

export interface BenchStack {
  readonly stack: Stack;
  readonly stateDir: string;
  readonly checkpointPath: string;
  up(options: { parallel: number; config?: ConfigMap }): Promise<CommandFigures>;
  destroy(options: { parallel: number }): Promise<CommandFigures>;
  /** The checkpoint file as the CLI last wrote it. */
  checkpointText(): string;
  dispose(): Promise<void>;
}

/** One line per wrapped command: `<subcommand> <write_bytes> <cutime> <cstime>`. */
const accountingLine = z
  .string()
  .regex(/^\S+ \d+ \d+ \d+$/)
  .transform((line) => {
    const [command, writeBytes, cutime, cstime] = line.split(" ");
    return { command: command!, writeBytes: Number(writeBytes), cpuTicks: Number(cutime) + Number(cstime) };
  });

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return clockTicks;
}

/**
 * A folder whose `bin/pulumi` runs the real CLI and then appends its accounting line to
 * `$BENCH_PULUMI_ACCOUNTING`. Only the subcommand is recorded, never arguments (config values
 * pass through them).
 */
function accountingWrapper(realPulumi: string, root: string): string {
  mkdirSync(path.join(root, "bin"), { recursive: true });
  const script = path.join(root, "bin", "pulumi");
  writeFileSync(
    script,
    [
      "#!/bin/sh",
      `"${realPulumi}" "$@"`,
      "rc=$?",
      'if [ -n "$BENCH_PULUMI_ACCOUNTING" ]; then',
      '  cmd=""',
      '  for a in "$@"; do case "$a" in -*) ;; *) cmd="$a"; break ;; esac; done',
      "  wb=$(sed -n 's/^write_bytes: //p' /proc/$$/io)",
      "  set -- $(cut -d' ' -f16,17 /proc/$$/stat)",
      '  echo "${cmd:-none} $wb $1 $2" >> "$BENCH_PULUMI_ACCOUNTING"',
      "fi",
      "exit $rc",
      "",
    ].join("\n"),
  );
  chmodSync(script, 0o755);
  return root;
}

export async function openBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), `bench-${options.stackName}-`));
  const stateDir = path.join(scratch, "state");
  const home = path.join(scratch, "home");
  const accounting = path.join(scratch, "accounting.log");
  mkdirSync(stateDir);
  mkdirSync(home);
  const dir = await cliDir();
  const wrapperRoot = accountingWrapper(path.join(dir, "pulumi"), path.join(scratch, "cli"));
  const env = {
    ...cliEnvironment({ stateDir, home, cliDir: dir, passphrase: PASSPHRASE, ...(options.caCertPath ? { caCertPath: options.caCertPath } : {}) }),
    BENCH_PULUMI_ACCOUNTING: accounting,
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName, projectName: options.projectName, program: loadProgram(options.program) },
    {
      workDir: options.workDir,
      pulumiCommand: await PulumiCommand.get({ root: wrapperRoot }),
      envVars: env,
      projectSettings: { name: options.projectName, runtime: "nodejs", description: "benchmark stack" },
    },
  );
  await stack.setAllConfig(options.config);
  const checkpointDir = path.join(stateDir, ".pulumi", "stacks", options.projectName);
  const checkpointName = `${options.stackName}.json`;
  const checkpointPath = path.join(checkpointDir, checkpointName);

  const lastAccounting = (command: string) => {
    const lines = existsSync(accounting) ? readFileSync(accounting, "utf8").trim().split("\n") : [];
    const parsed = lines.map((line) => accountingLine.parse(line)).filter((entry) => entry.command === command);
    const last = parsed[parsed.length - 1];
    if (!last) throw new Error(`no accounting line for \`pulumi ${command}\` in ${accounting}: did the wrapper at ${wrapperRoot}/bin/pulumi run?`);
    return last;
  };

  const measured = async (command: "up" | "destroy", run: (onOutput: (chunk: string) => void) => Promise<{ summary: { result: string; resourceChanges?: Record<string, number> } }>): Promise<CommandFigures> => {
    mkdirSync(checkpointDir, { recursive: true });
    const saves = watchSaves(checkpointDir, checkpointName);
    const load = sampleLoad();
    let transcript = "";
    const onOutput = (chunk: string) => {
      transcript = (transcript + chunk).slice(-20_000);
    };
    const started = process.hrtime.bigint();
    let summary;
    try {
      ({ summary } = await run(onOutput));
    } catch (error) {
      throw new Error(`pulumi ${command} of ${options.stackName} failed: ${error instanceof Error ? error.message.slice(0, 4000) : String(error)}\n--- last output ---\n${transcript.slice(-4000)}`);
    } finally {
      saves.close();
      load.stop();
    }
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cost = lastAccounting(command);
    return {
      wallMs,
      writeBytes: cost.writeBytes,
      cpuMs: (cost.cpuTicks * 1000) / ticksPerSecond(),
      checkpointSaves: saves.count(),
      checkpointBytes: existsSync(checkpointPath) ? statSync(checkpointPath).size : 0,
      peakCheckpointBytes: saves.peakBytes(),
      meanLoadAverage: load.mean(),
      changes: summary.resourceChanges ?? {},
      result: summary.result,
    };
  };

  return {
    stack,
    stateDir,
    checkpointPath,
    async up({ parallel, config }) {
      if (config) await stack.setAllConfig(config);
      return measured("up", (onOutput) => stack.up({ parallel, onOutput }));
    },
    destroy({ parallel }) {
      return measured("destroy", (onOutput) => stack.destroy({ parallel, onOutput }));
    },
    checkpointText: () => readFileSync(checkpointPath, "utf8"),
    async dispose() {
      await stack.workspace.removeStack(options.stackName, { force: true }).catch(() => undefined);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** os.loadavg()[0] every 5 s until stopped (and once at the start). */
function sampleLoad(): { mean(): number; stop(): void } {
  const samples = [os.loadavg()[0] ?? 0];
  const timer = setInterval(() => samples.push(os.loadavg()[0] ?? 0), 5_000);
  timer.unref();
  return {
    mean: () => samples.reduce((a, b) => a + b, 0) / samples.length,
    stop: () => clearInterval(timer),
  };
}

interface SaveWatch {
  count(): number;
  peakBytes(): number;
  close(): void;
}

/** Counts renames onto `name` in `dir` (the file backend's atomic replace), sampling the file's size at each. */
function watchSaves(dir: string, name: string): SaveWatch {
  let saves = 0;
  let peak = 0;
  const file = path.join(dir, name);
  const watcher: FSWatcher = watch(dir, (event, filename) => {
    if (event !== "rename" || filename !== name) return;
    saves++;
    try {
      peak = Math.max(peak, statSync(file).size);
    } catch {
      // replaced again between the event and the stat: the next event samples it
    }
  });
  return { count: () => saves, peakBytes: () => peak, close: () => watcher.close() };
}
