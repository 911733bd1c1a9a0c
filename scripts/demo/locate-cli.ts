// Finds a Pulumi CLI that actually answers: one on PATH first, else the official `pulumi` npm
// package (a dev dependency), which downloads the CLI into `$PULUMI_HOME/versions/<version>` on
// first use and so works only online. Every probe is bounded in time, and nothing here decides
// what to print: the caller gets what was tried and why it failed.
import { execFile } from "node:child_process";
import { promises as fs, constants as fsConstants } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export type CliLocation =
  /** A `pulumi` executable on PATH. */
  | { kind: "path"; executable: string; version: string }
  /** The CLI the npm package installed; `root` is what `PulumiCommand.get({ root })` takes. */
  | { kind: "npm"; executable: string; root: string; version: string }
  | { kind: "missing"; attempts: string[] };

export interface ProbeResult {
  ok: boolean;
  /** stdout when ok; otherwise the reason (stderr's last line, a timeout, a spawn error). */
  output: string;
}

/** Runs a command with a time limit. */
export type Probe = (command: string, args: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv) => Promise<ProbeResult>;

export interface LocateOptions {
  env: NodeJS.ProcessEnv;
  /** The project root, whose node_modules may hold the `pulumi` npm package. */
  projectRoot: string;
  probe?: Probe;
  /** `pulumi version` from PATH answers at once; the npm package may first download the CLI. */
  pathTimeoutMs?: number;
  npmTimeoutMs?: number;
}

export const runProbe: Probe = (command, args, timeoutMs, env) =>
  new Promise((resolve) => {
    execFile(command, [...args], { timeout: timeoutMs, env, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, output: stdout.trim() });
      const timedOut = (error as { killed?: boolean }).killed === true;
      const last = stderr.trim().split("\n").pop() || error.message;
      resolve({ ok: false, output: timedOut ? `no answer within ${Math.round(timeoutMs / 1000)} s` : last });
    });
  });

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.X_OK);
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Every distinct `pulumi` executable on PATH, in PATH order. The npm package's own launcher (which
 * `npm run` and `npx` put on PATH through node_modules/.bin) is left to the npm-package probe.
 */
export async function findOnPath(pathVariable: string | undefined): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const dir of (pathVariable ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, process.platform === "win32" ? "pulumi.exe" : "pulumi");
    if (!(await isExecutable(candidate))) continue;
    const real = await fs.realpath(candidate).catch(() => candidate);
    if (seen.has(real) || real.endsWith(path.join("node_modules", "pulumi", "run.js"))) continue;
    seen.add(real);
    found.push(candidate);
  }
  return found;
}

/** Where the npm package keeps the CLI of its own version (its README: `$PULUMI_HOME/versions/<version>`). */
export function npmCliRoot(env: NodeJS.ProcessEnv, version: string): string {
  const home = env["PULUMI_HOME"] || path.join(os.homedir(), ".pulumi");
  return path.join(home, "versions", version);
}

async function npmPackage(projectRoot: string): Promise<{ runScript: string; version: string } | undefined> {
  try {
    const manifest = JSON.parse(await fs.readFile(path.join(projectRoot, "node_modules/pulumi/package.json"), "utf8")) as { version?: unknown };
    if (typeof manifest.version !== "string") return undefined;
    return { runScript: path.join(projectRoot, "node_modules/pulumi/run.js"), version: manifest.version };
  } catch {
    return undefined;
  }
}

export async function locatePulumiCli(options: LocateOptions): Promise<CliLocation> {
  const probe = options.probe ?? runProbe;
  const attempts: string[] = [];
  for (const executable of await findOnPath(options.env["PATH"])) {
    const answer = await probe(executable, ["version"], options.pathTimeoutMs ?? 20_000, options.env);
    if (answer.ok) return { kind: "path", executable, version: answer.output };
    attempts.push(`${executable} version: ${answer.output}`);
  }
  if (attempts.length === 0) attempts.push("no `pulumi` on PATH");

  const pkg = await npmPackage(options.projectRoot);
  if (!pkg) {
    attempts.push("the `pulumi` npm package is not installed (run `npm ci`)");
    return { kind: "missing", attempts };
  }
  const answer = await probe(process.execPath, [pkg.runScript, "version"], options.npmTimeoutMs ?? 300_000, options.env);
  if (!answer.ok) {
    attempts.push(`the \`pulumi\` npm package ${pkg.version} could not fetch or run the CLI: ${answer.output}`);
    return { kind: "missing", attempts };
  }
  const root = npmCliRoot(options.env, pkg.version);
  const executable = path.join(root, "bin", process.platform === "win32" ? "pulumi.exe" : "pulumi");
  return { kind: "npm", executable, root, version: answer.output };
}

/** The one paragraph printed when no CLI can run. */
export function missingCliMessage(attempts: readonly string[]): string {
  return [
    "npm run demo needs the Pulumi CLI, and none could run here " + `(${attempts.join("; ")}).`,
    "Install it with `curl -fsSL https://get.pulumi.com | sh` (or `brew install pulumi/tap/pulumi`,",
    "or see https://www.pulumi.com/docs/install/), make sure `pulumi version` works, and run",
    "`npm run demo` again; when online, the `pulumi` npm package in devDependencies fetches it for you.",
    "Everything else needs no CLI: `npm test` runs the provider through Pulumi's real",
    "dynamic-provider host against the built-in emulator.",
  ].join("\n");
}
