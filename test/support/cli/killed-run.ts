// A Pulumi command run in a child process group and ended with SIGKILL of the whole group at a
// chosen moment, the way a cancelled CI job or an out-of-memory kill ends it; then a look at what
// outlived it. The CLI starts its plugins in process groups of their own, so the provider host is
// not in the killed group: it must notice on its own that its engine is gone.
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { ChildRunSpec } from "./child-run";
import type { CliStack } from "./stack";

const CHILD_RUN = path.resolve(__dirname, "child-run.ts");

export interface KilledRun {
  /** What the run printed before it was killed. */
  printed: string;
  /** Processes still running in the project folder `outlivedAfterMs` after the kill (pid and command line). */
  outlived: string[];
}

export interface KillOptions {
  /** How long the killed run's processes may outlive the kill. */
  outlivedAfterMs?: number;
  /** The longest wait for the moment; the run is killed and the wait fails after it. */
  momentTimeoutMs?: number;
}

/** Polls `condition` every `everyMs` until it holds; fails naming `what` after `timeoutMs`. */
export async function pollUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 120_000, everyMs = 25): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > giveUpAt) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Process ids and command lines of the processes whose working directory is `dir`. */
export async function processesWorkingIn(dir: string): Promise<string[]> {
  const listed: string[] = [];
  for (const entry of await fs.readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await fs.readlink(`/proc/${entry}/cwd`).catch(() => undefined);
    if (cwd !== dir) continue;
    const commandLine = await fs.readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    listed.push(`${entry} ${commandLine.split("\0").join(" ").trim()}`);
  }
  return listed;
}

/**
 * Runs `pulumi <command>` on the stack from a child process group and kills the group with SIGKILL
 * as soon as `moment` holds. Fails if the run ends by itself before the moment.
 */
export async function runKilledAt(
  cli: CliStack,
  command: ChildRunSpec["command"],
  moment: () => boolean | Promise<boolean>,
  options: KillOptions = {},
): Promise<KilledRun> {
  const spec: ChildRunSpec = {
    command,
    workDir: cli.workDir,
    stackName: cli.stack.name,
    projectName: cli.options.projectName ?? "offers",
    program: cli.options.program,
    env: cli.env,
  };
  const child = spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), CHILD_RUN, JSON.stringify(spec)], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: process.env,
  });
  const chunks: string[] = [];
  const keep = (chunk: Buffer): void => void chunks.push(chunk.toString("utf8"));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const ended = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await pollUntil(
      `the moment to kill pulumi ${command}`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`pulumi ${command} ended before the moment to kill it:\n${chunks.join("")}`);
        }
        return moment();
      },
      options.momentTimeoutMs ?? 120_000,
      10,
    );
  } finally {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGKILL");
  }
  await ended;
  const outlived = await pollUntil("the killed run's processes to stop", async () => (await processesWorkingIn(cli.workDir)).length === 0, options.outlivedAfterMs ?? 10_000, 100).then(
    () => [],
    () => processesWorkingIn(cli.workDir),
  );
  return { printed: chunks.join(""), outlived };
}
