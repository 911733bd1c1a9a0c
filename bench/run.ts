// `npm run bench [-- 1 10 100 1000]`: measures stacks of offers through the real provider host
// against the emulator, prints each figure next to its aim, writes bench/results/ and regenerates
// docs/benchmarks.md with its chart.

import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { measureNoop, measureReal, type Scale, type StackFigures } from "./measure";
import { benchmarksMarkdown, chartSvg, summaryLines, type BenchRun } from "./report";
import { startTlsEmulator } from "./support/emulator-control";
import { REPOSITORY_ROOT, prepareProgramDirectory } from "./support/program";
import { serializedNoop, serializedPrivateOffer } from "./support/subjects";

// Partner Center's jobs take minutes and it allows one status read a minute. Scaled down tenfold and
// more, the ratio of poll interval to job time stays realistic (1:10), and a job is still longer than
// the HTTPS work a 1,000-offer stack needs on two cores, which is what the wall-time aim is about.
// BENCH_JOB_LATENCY_MS / BENCH_POLL_INTERVAL_MS change it (e.g. 2000 / 500 for a CPU-bound stress run).
const SCALE: Scale = {
  jobLatencyMs: positiveSetting("BENCH_JOB_LATENCY_MS", 20_000),
  pollIntervalMs: positiveSetting("BENCH_POLL_INTERVAL_MS", 2_000),
};

function positiveSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of milliseconds, not "${raw}"`);
  return value;
}

function sizesFromArguments(): number[] {
  const given = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return given.length > 0 ? given : [1, 10, 100, 1000];
}

async function main(): Promise<void> {
  const sizes = sizesFromArguments();
  const program = prepareProgramDirectory();
  const emulator = await startTlsEmulator({
    jobLatencyMs: SCALE.jobLatencyMs,
    // A 1,000-offer update makes well over the default 10,000 requests; counts need every one.
    requestLogCapacity: 1_000_000,
  });
  try {
    // The serializer's first call pays a one-off start-up cost; spend it on neither side's figure.
    await serializedNoop();
    const real = await serializedPrivateOffer();
    const noop = await serializedNoop();
    const stacks: StackFigures[] = [];
    for (const offers of sizes) {
      process.stderr.write(`measuring ${offers} offer(s)...\n`);
      const realFigures = await measureReal({ emulator, programDir: program.dir, provider: real.text, offers, scale: SCALE });
      const noopFigures = await measureNoop({ programDir: program.dir, provider: noop.text, offers });
      stacks.push({ offers, real: realFigures, noop: noopFigures });
    }
    const run: BenchRun = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown"}), Node ${process.version}`,
      scale: SCALE,
      serialized: {
        real: { bytes: real.bytes, serializeMs: real.serializeMs },
        noop: { bytes: noop.bytes, serializeMs: noop.serializeMs },
      },
      stacks,
    };
    for (const line of summaryLines(run)) process.stdout.write(`${line}\n`);

    const results = join(REPOSITORY_ROOT, "bench", "results");
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, "latest.json"), `${JSON.stringify(run, null, 2)}\n`);
    writeFileSync(join(results, "chart.svg"), `${chartSvg(run)}\n`);
    writeFileSync(join(REPOSITORY_ROOT, "docs", "benchmarks.md"), benchmarksMarkdown(run, "../bench/results/chart.svg"));
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
