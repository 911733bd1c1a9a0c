// `npm run bench [-- 100 1000]`: stacks of offers and of as many no-op dynamic resources through the
// real Pulumi CLI against the emulator; prints each figure next to its limit, minimum or floor,
// writes bench/results/ and regenerates docs/benchmarks.md with its chart.
// `npm run bench -- --report` only regenerates the report from bench/results/latest.json.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { serializeProvider } from "../test/support/provider-host";
import { noopProvider } from "../test/support/provider-host/noop-provider";
import { cliDir } from "../scripts/cli/toolchain";
import type { Scale } from "./measure";
import { benchmarksMarkdown, chartSvg, summaryLines, type Baseline, type BenchRun } from "./report";
import { measureStacks, type StackFigures } from "./stacks";
import { builtStartEmulator, startTlsEmulator } from "./support/emulator-control";
import { REPOSITORY_ROOT, builtProviderBytes, prepareProgramDirectory, type ProgramSource } from "./support/program";

// Partner Center's jobs take minutes and it allows one status read a minute. Scaled down, the ratio
// of poll interval to job time stays realistic (1:10). BENCH_JOB_LATENCY_MS / BENCH_POLL_INTERVAL_MS
// change it.
const SCALE: Scale = {
  jobLatencyMs: positiveSetting("BENCH_JOB_LATENCY_MS", 20_000),
  pollIntervalMs: positiveSetting("BENCH_POLL_INTERVAL_MS", 2_000),
};

const DEFAULT_SIZES = [100, 1000];
/**
 * What the offers' stacks run: the package built from a commit (default HEAD), so edits in progress
 * in the checkout cannot change or break a run, or `BENCH_SOURCE=worktree` for the working tree.
 */
const SOURCE: ProgramSource = process.env["BENCH_SOURCE"] === "worktree" ? "worktree" : { revision: process.env["BENCH_SOURCE"] || "HEAD" };
const RESULTS = join(REPOSITORY_ROOT, "bench", "results");
/** An earlier run kept to compare against (see `Baseline`); optional. */
const BASELINE_FILE = join(RESULTS, "baseline.json");

function positiveSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of milliseconds, not "${raw}"`);
  return value;
}

const REPORT_ONLY = "--report";

function sizesFromArguments(): number[] {
  const args = process.argv.slice(2).filter((a) => a !== REPORT_ONLY);
  const bad = args.filter((a) => !/^[1-9]\d*$/.test(a));
  if (bad.length > 0) throw new Error(`stack sizes are whole numbers of offers (npm run bench -- 100 1000), not ${bad.map((a) => `"${a}"`).join(", ")}`);
  const given = [...new Set(args.map(Number))].sort((a, b) => a - b);
  return given.length > 0 ? given : DEFAULT_SIZES;
}

const baselinePhase = z.object({ phase: z.enum(["create", "update", "delete"]), wallMs: z.number(), cpuMs: z.number(), writeBytes: z.number(), checkpointSaves: z.number() }).passthrough();
const baselineState = z.object({ totalBytes: z.number(), providerBytes: z.number(), fileBytes: z.number() }).passthrough();
const baselineSchema = z.object({
  label: z.string(),
  run: z
    .object({
      date: z.string(),
      serialized: z.object({ real: z.object({ bytes: z.number() }) }).passthrough(),
      stacks: z.array(z.object({ offers: z.number(), real: z.object({ phases: z.array(baselinePhase), state: baselineState }) })),
    })
    .passthrough(),
});

/** The kept run, as `npm run bench` wrote its offers' figures (the shape of `Baseline`). */
function readBaseline(): Baseline | undefined {
  if (!existsSync(BASELINE_FILE)) return undefined;
  const parsed = baselineSchema.safeParse(JSON.parse(readFileSync(BASELINE_FILE, "utf8")));
  if (!parsed.success) throw new Error(`${BASELINE_FILE} is not a kept benchmark run ({"label", "run"}): ${parsed.error.message.slice(0, 300)}; fix or remove it`);
  return parsed.data as unknown as Baseline;
}

function writeReport(run: BenchRun, baseline: Baseline | undefined): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, "chart.svg"), `${chartSvg(run)}\n`);
  writeFileSync(join(REPOSITORY_ROOT, "docs", "benchmarks.md"), benchmarksMarkdown(run, "../bench/results/chart.svg", baseline));
}

/** The last run as `npm run bench` wrote it; its shape is checked only as far as the report reads it. */
function readLatest(): BenchRun {
  const file = join(RESULTS, "latest.json");
  if (!existsSync(file)) throw new Error(`${file} does not exist: run \`npm run bench\` first`);
  const parsed = z.object({ date: z.string(), cli: z.string(), scale: z.object({ jobLatencyMs: z.number(), pollIntervalMs: z.number() }), stacks: z.array(z.unknown()) }).passthrough().safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} was not written by this version of the bench (${parsed.error.message.slice(0, 300)}): run \`npm run bench\` again`);
  return parsed.data as unknown as BenchRun;
}

async function main(): Promise<void> {
  const started = Date.now();
  const baseline = readBaseline();
  if (process.argv.includes(REPORT_ONLY)) {
    writeReport(readLatest(), baseline);
    process.stdout.write(`regenerated bench/results/chart.svg and docs/benchmarks.md from bench/results/latest.json\n`);
    return;
  }
  const sizes = sizesFromArguments();
  const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  log(`sizes ${sizes.join(", ")}; job latency ${SCALE.jobLatencyMs} ms, poll interval ${SCALE.pollIntervalMs} ms; building the package`);
  const program = prepareProgramDirectory(SOURCE);
  log(`built ${program.source} in ${(program.buildMs / 1000).toFixed(0)} s`);
  // The emulator of the same build, for the same reason.
  const emulator = await startTlsEmulator(
    {
      jobLatencyMs: SCALE.jobLatencyMs,
      // A 1,000-offer update makes well over the default 10,000 requests; counts need every one.
      requestLogCapacity: 1_000_000,
    },
    builtStartEmulator(program.dir),
  );
  try {
    const cli = execFileSync(join(await cliDir(), "pulumi"), ["version"], { encoding: "utf8" }).trim();
    const stacks: StackFigures[] = [];
    for (const offers of sizes) stacks.push(await measureStacks({ emulator, programDir: program.dir, offers, scale: SCALE, log }));
    const run: BenchRun = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown"}), Node ${process.version}`,
      cli: `Pulumi CLI ${cli}`,
      source: program.source,
      scale: SCALE,
      serialized: { real: { bytes: await builtProviderBytes(program.dir) }, noop: { bytes: (await serializeProvider(noopProvider)).bytes } },
      stacks,
      durationMs: Date.now() - started,
    };
    for (const line of summaryLines(run)) process.stdout.write(`${line}\n`);

    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, "latest.json"), `${JSON.stringify(run, null, 2)}\n`);
    writeReport(run, baseline);
    process.stdout.write(`wrote bench/results/latest.json, bench/results/chart.svg and docs/benchmarks.md\n`);
  } finally {
    await emulator.close();
    program.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
