// Turns the figures of one `npm run bench` into the lines it prints (each figure next to its limit,
// minimum or no-op floor), the tables of docs/benchmarks.md, how the costs grow between the sizes
// measured, the before/after of the serialized provider when a earlier run's figures are kept, and
// a hand-drawn SVG chart.

import { minimumBreakdown, type Phase, type Scale } from "./measure";
import type { OfferPhaseRun, PhaseRun, StackFigures } from "./stacks";
import type { ResourceStateSize } from "./support/state-size";

export interface BenchRun {
  date: string;
  machine: string;
  /** `pulumi version`. */
  cli: string;
  /** What the offers' stacks ran: `commit <sha>` or `working tree`. */
  source?: string;
  scale: Scale;
  /** The serialized provider of each subject, as the built package produces it. */
  serialized: { real: { bytes: number }; noop: { bytes: number } };
  stacks: StackFigures[];
  /** The whole run, build and emulator included. */
  durationMs: number;
}

/** The offers' figures of an earlier run, kept for comparison, with what differed. */
export interface Baseline {
  label: string;
  run: Pick<BenchRun, "date" | "serialized" | "scale"> & { stacks: Array<Pick<StackFigures, "offers" | "real">> };
}

export const AIMS = { wallRatio: 1.2, requestRatio: 1.05 } as const;
/** The wall-time aim is set for this stack size; smaller stacks show their ratio without a verdict. */
export const WALL_AIM_OFFERS = 1000;

const fixed = (n: number, digits = 2) => n.toFixed(digits);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mark = (ok: boolean) => (ok ? "meets aim" : "MISSES aim");
const command = (phase: Phase) => (phase === "delete" ? "destroy" : "up");

export function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

export function apiRequests(p: OfferPhaseRun): number {
  return p.requests.configurePosts + p.requests.statusReads + p.requests.otherReads;
}

/** Judged only at the size the aim names; other sizes say so instead of borrowing its verdict. */
export function wallVerdict(offers: number, ratio: number): string {
  if (offers !== WALL_AIM_OFFERS) return `aim <= ${AIMS.wallRatio}x is set for ${WALL_AIM_OFFERS.toLocaleString("en")} offers, not judged here`;
  return `aim <= ${AIMS.wallRatio}x, ${mark(ratio <= AIMS.wallRatio)}`;
}

function noopPhase(stack: StackFigures, phase: Phase): PhaseRun | undefined {
  return stack.noop.phases.find((p) => p.phase === phase);
}

/** Older kept runs did not sample the load. */
const load = (p: PhaseRun) => (typeof p.meanLoadAverage === "number" ? fixed(p.meanLoadAverage, 1) : "n/a");

/** Mean bytes the file backend wrote per checkpoint save. */
const perSave = (p: PhaseRun) => (p.checkpointSaves > 0 ? p.writeBytes / p.checkpointSaves : 0);

/** The lines `npm run bench` prints: each figure next to its limit, minimum or floor. */
export function summaryLines(run: BenchRun): string[] {
  const lines: string[] = [];
  for (const stack of run.stacks) {
    for (const p of stack.real.phases) {
      const noop = noopPhase(stack, p.phase);
      const ratio = p.wallMs / p.limitMs;
      const perOffer = apiRequests(p) / stack.offers;
      const reqRatio = perOffer / p.minimumPerOffer;
      lines.push(
        `${String(stack.offers).padStart(4)} offers ${p.phase.padEnd(6)} (pulumi ${command(p.phase)}) wall ${seconds(p.wallMs)} vs limit ${seconds(p.limitMs)}: ${fixed(ratio)}x (${wallVerdict(stack.offers, ratio)}); no-op ${noop ? seconds(noop.wallMs) : "n/a"}` +
          ` | requests/offer ${fixed(perOffer)} vs minimum ${fixed(p.minimumPerOffer, 3)}: ${fixed(reqRatio)}x (aim <= ${AIMS.requestRatio}x, ${mark(reqRatio <= AIMS.requestRatio)}) | tokens ${p.requests.tokenRequests}` +
          ` | checkpoint ${p.checkpointSaves} saves, ${bytes(p.writeBytes)} written (no-op ${noop?.checkpointSaves ?? "n/a"} saves, ${noop ? bytes(noop.writeBytes) : "n/a"})` +
          ` | CPU ${seconds(p.cpuMs)} (no-op ${noop ? seconds(noop.cpuMs) : "n/a"}) | load ${load(p)}` +
          (p.problems.length > 0 ? ` | PROBLEMS: ${p.problems.join("; ")}` : ""),
      );
    }
    const r = stack.real.state;
    const n = stack.noop.state;
    lines.push(
      `${String(stack.offers).padStart(4)} offers state per resource ${bytes(r.totalBytes)} (__provider ${bytes(r.providerBytes)}, outputs ${bytes(r.outputsBytes)}, inputs ${bytes(r.inputsBytes)}, engine ${bytes(r.otherBytes)}); no-op ${bytes(n.totalBytes)} (__provider ${bytes(n.providerBytes)})`,
    );
  }
  lines.push(`serialized provider: ${run.serialized.real.bytes} bytes (no-op provider ${run.serialized.noop.bytes} bytes)`);
  return lines;
}

function phaseTable(run: BenchRun): string[] {
  const rows = [
    "| offers | phase | wall | limit | ratio | no-op wall | API requests / offer | minimum | ratio | tokens | checkpoint saves (no-op) | bytes written (no-op) | written per save (no-op) | CPU (no-op) | load (no-op) | problems |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const stack of run.stacks) {
    for (const p of stack.real.phases) {
      const noop = noopPhase(stack, p.phase);
      const perOffer = apiRequests(p) / stack.offers;
      rows.push(
        `| ${stack.offers} | ${p.phase} | ${seconds(p.wallMs)} | ${seconds(p.limitMs)} | ${fixed(p.wallMs / p.limitMs)}x | ${noop ? seconds(noop.wallMs) : "n/a"} | ${fixed(perOffer)} | ${fixed(p.minimumPerOffer, 3)} | ${fixed(perOffer / p.minimumPerOffer)}x | ${p.requests.tokenRequests} | ${p.checkpointSaves} (${noop?.checkpointSaves ?? "n/a"}) | ${bytes(p.writeBytes)} (${noop ? bytes(noop.writeBytes) : "n/a"}) | ${bytes(perSave(p))} (${noop ? bytes(perSave(noop)) : "n/a"}) | ${seconds(p.cpuMs)} (${noop ? seconds(noop.cpuMs) : "n/a"}) | ${load(p)} (${noop ? load(noop) : "n/a"}) | ${p.problems.length > 0 ? p.problems.join("; ") : "none"} |`,
      );
    }
  }
  return rows;
}

function stateRow(offers: number, subject: string, s: ResourceStateSize): string {
  return `| ${offers} | ${subject} | ${bytes(s.providerBytes)} | ${bytes(s.outputsBytes)} | ${bytes(s.inputsBytes)} | ${bytes(s.otherBytes)} | ${bytes(s.totalBytes)} | ${bytes(s.fileBytes)} |`;
}

function stateTable(run: BenchRun): string[] {
  const rows = [
    "| offers | stack | `__provider` (inputs + outputs) | outputs | inputs | engine's own | per resource | checkpoint file |",
    "|---:|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const stack of run.stacks) {
    rows.push(stateRow(stack.offers, "offers", stack.real.state));
    rows.push(stateRow(stack.offers, "no-op", stack.noop.state));
  }
  return rows;
}

/** k in cost ~ N^k between two sizes. */
export function growthExponent(smallCost: number, largeCost: number, smallN: number, largeN: number): number | undefined {
  if (smallCost <= 0 || largeCost <= 0 || smallN === largeN) return undefined;
  return Math.log(largeCost / smallCost) / Math.log(largeN / smallN);
}

/** Growth between the smallest and the largest size measured, per phase and stack. */
function growth(run: BenchRun): string[] {
  if (run.stacks.length < 2) return ["Only one size was measured, so nothing here says how the costs grow."];
  const small = run.stacks[0]!;
  const large = run.stacks[run.stacks.length - 1]!;
  const factor = large.offers / small.offers;
  const cell = (a: number, b: number) => {
    const k = growthExponent(a, b, small.offers, large.offers);
    return k === undefined ? "n/a" : `${fixed(b / a, 1)}x (N^${fixed(k, 1)})`;
  };
  const above = (p: PhaseRun & { limitMs: number }) => p.wallMs - p.limitMs;
  const rows = [
    `From ${small.offers.toLocaleString("en")} to ${large.offers.toLocaleString("en")} resources (${factor}x): linear growth is ${factor}x (N^1), quadratic ${factor * factor}x (N^2).`,
    "",
    "| phase | stack | wall | wall above the limit | checkpoint saves | bytes written | written per save | CPU |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const phase of ["create", "update", "delete"] as const) {
    const a = small.real.phases.find((p) => p.phase === phase);
    const b = large.real.phases.find((p) => p.phase === phase);
    if (a && b) {
      rows.push(
        `| ${phase} | offers | ${cell(a.wallMs, b.wallMs)} | ${seconds(above(a))} to ${seconds(above(b))}: ${cell(above(a), above(b))} | ${cell(a.checkpointSaves, b.checkpointSaves)} | ${cell(a.writeBytes, b.writeBytes)} | ${cell(perSave(a), perSave(b))} | ${cell(a.cpuMs, b.cpuMs)} |`,
      );
    }
    const c = noopPhase(small, phase);
    const d = noopPhase(large, phase);
    if (c && d) {
      rows.push(`| ${phase} | no-op | ${cell(c.wallMs, d.wallMs)} | | ${cell(c.checkpointSaves, d.checkpointSaves)} | ${cell(c.writeBytes, d.writeBytes)} | ${cell(perSave(c), perSave(d))} | ${cell(c.cpuMs, d.cpuMs)} |`);
    }
  }
  return rows;
}

function growthExponentOf(small: StackFigures, large: StackFigures, cost: (s: StackFigures) => number | undefined): number | undefined {
  const a = cost(small);
  const b = cost(large);
  return a === undefined || b === undefined ? undefined : growthExponent(a, b, small.offers, large.offers);
}

/** Per phase of the offers' stack: bytes written / (bytes per resource x N²). */
function multipliers(stack: StackFigures): string {
  const perResource = stack.real.state.totalBytes;
  return stack.real.phases.map((p) => `${fixed(p.writeBytes / (perResource * stack.offers * stack.offers), 1)} (${p.phase})`).join(", ");
}

/** What the growth table says, in words, with why: the mechanism is in Pulumi's own code. */
function whyItGrows(run: BenchRun): string[] {
  if (run.stacks.length < 2) return [];
  const small = run.stacks[0]!;
  const large = run.stacks[run.stacks.length - 1]!;
  const exponent = (cost: (s: StackFigures) => number | undefined) => {
    const k = growthExponentOf(small, large, cost);
    return k === undefined ? "n/a" : `N^${fixed(k, 1)}`;
  };
  const real = (phase: Phase) => (s: StackFigures) => s.real.phases.find((p) => p.phase === phase);
  const noop = (phase: Phase) => (s: StackFigures) => noopPhase(s, phase);
  const phases = ["create", "update", "delete"] as const;
  const list = (cost: (p: PhaseRun & { limitMs?: number }) => number, subject: (phase: Phase) => (s: StackFigures) => (PhaseRun & { limitMs?: number }) | undefined) =>
    phases.map((phase) => `${phase} ${exponent((s) => { const p = subject(phase)(s); return p ? cost(p) : undefined; })}`).join(", ");
  const largeCreate = real("create")(large);
  const largeNoopCreate = noopPhase(large, "create");
  const aboveLimit = (p: PhaseRun & { limitMs?: number }) => Math.max(1, p.wallMs - (p.limitMs ?? 0));
  const createAbove = growthExponentOf(small, large, (s) => { const p = real("create")(s); return p ? aboveLimit(p) : undefined; });
  const how = (k: number | undefined) => (k === undefined ? "(not measured)" : k >= 1.7 ? "about with the square of the stack" : k > 1.2 ? "faster than linearly" : "about linearly");
  return [
    "",
    `In words, from ${small.offers.toLocaleString("en")} to ${large.offers.toLocaleString("en")}: bytes written grow ${how(growthExponentOf(small, large, (s) => real("create")(s)?.writeBytes))}`,
    `(offers: ${list((p) => p.writeBytes, real)}; no-op: ${list((p) => p.writeBytes, noop)}), because`,
    `checkpoint saves grow with the stack (${list((p) => p.checkpointSaves, real)}) and so does what each save`,
    `writes (${list(perSave, real)}). The wall time above the limit grows ${how(createAbove)}`,
    `(${list(aboveLimit, real)}), and so does CPU (${list((p) => p.cpuMs, real)}).`,
    `At ${large.offers.toLocaleString("en")} offers a create takes ${largeCreate ? seconds(largeCreate.wallMs) : "n/a"} against a limit of ${largeCreate ? seconds(largeCreate.limitMs) : "n/a"}, and the`,
    `no-op stack of as many resources takes ${largeNoopCreate ? seconds(largeNoopCreate.wallMs) : "n/a"} with no job to wait for, while the offers' requests stay at`,
    "the minimum with one token: what grows is the engine's checkpointing, with what each resource carries.",
    "",
    "Why, in Pulumi v3.276.0's own code:",
    "",
    "- The file backend keeps no journal. Each save serializes the whole stack, copies the previous",
    "  checkpoint to `<stack>.json.bak` and writes the new one in full (`saveCheckpoint` in",
    "  `pkg/backend/diy/state.go`). The engine saves when a step starts (its pending operation, which",
    "  holds the resource's inputs, `__provider` included) and when it ends, so about 2N saves of a",
    "  checkpoint that grows with N: bytes grow with N².",
    "- The snapshot manager applies those saves one at a time, and each step waits for its own",
    "  (`mutate` in `pkg/backend/snapshot.go`). A command needs about 2N saves one after the other,",
    "  each longer as the stack grows: once they take longer than a job, they, not the jobs, set the",
    "  wall time.",
    `- So each byte a resource carries is written about k x N² times per command; at ${large.offers.toLocaleString("en")} offers k was`,
    `  ${multipliers(large)} (bytes written / (state per resource x N²); pending operations hold a`,
    "  second copy of the resources in flight). The serialized provider was most of what an offer",
    "  carries; the comparison below is before and after slimming it.",
  ];
}

/** The create of each size before and after, where an earlier run of the same size is kept. */
function comparison(run: BenchRun, baseline: Baseline | undefined): string[] {
  if (!baseline || !run.stacks.some((after) => baseline.run.stacks.some((before) => before.offers === after.offers))) return [];
  const rows = [
    `### ${baseline.label}`,
    "",
    `Before: \`bench/results/baseline.json\`, the run of ${baseline.run.date} (serialized provider ${baseline.run.serialized.real.bytes} bytes). After: this run (${run.serialized.real.bytes} bytes).`,
    "State, saves and bytes written do not depend on what else the machine runs; wall times do (CPU a little),",
    "and the machine was shared during both runs (see the load column above; the earlier run did not sample it).",
    "",
    "| offers | phase | state per offer | `__provider` per offer | checkpoint file | bytes written | checkpoint saves | wall | CPU |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const arrow = (a: string, b: string) => `${a} → ${b}`;
  for (const after of run.stacks) {
    const before = baseline.run.stacks.find((s) => s.offers === after.offers);
    if (!before) continue;
    for (const phase of ["create", "update", "delete"] as const) {
      const a = before.real.phases.find((p) => p.phase === phase);
      const b = after.real.phases.find((p) => p.phase === phase);
      if (!a || !b) continue;
      const stateCells =
        phase === "create"
          ? `${arrow(bytes(before.real.state.totalBytes), bytes(after.real.state.totalBytes))} | ${arrow(bytes(before.real.state.providerBytes), bytes(after.real.state.providerBytes))} | ${arrow(bytes(before.real.state.fileBytes), bytes(after.real.state.fileBytes))}`
          : " | | ";
      rows.push(
        `| ${after.offers} | ${phase} | ${stateCells} | ${arrow(bytes(a.writeBytes), bytes(b.writeBytes))} | ${arrow(String(a.checkpointSaves), String(b.checkpointSaves))} | ${arrow(seconds(a.wallMs), seconds(b.wallMs))} | ${arrow(seconds(a.cpuMs), seconds(b.cpuMs))} |`,
      );
    }
  }
  return [...rows, ""];
}

/** Two panels against stack size (log x): the create's wall time with its limit, and the create's bytes written with a quadratic reference. */
export function chartSvg(run: BenchRun): string {
  const width = 760;
  const height = 300;
  const panel = { w: 280, h: 200, top: 40 };
  const lefts = [60, 440];
  const sizes = run.stacks.map((s) => s.offers);
  const xOf = (offers: number, left: number) => {
    const min = Math.log10(Math.min(...sizes));
    const max = Math.log10(Math.max(...sizes));
    return left + (max === min ? panel.w / 2 : ((Math.log10(offers) - min) / (max - min)) * panel.w);
  };
  const create = (s: StackFigures) => ({ real: s.real.phases.find((p) => p.phase === "create"), noop: noopPhase(s, "create") });
  const first = run.stacks[0];
  const firstReal = first ? (create(first).real?.writeBytes ?? 0) : 0;
  const panels = [
    {
      title: "pulumi up (create): wall time, s",
      series: [
        { label: "offers", colour: "#1f77b4", dashed: false, points: run.stacks.map((s) => ({ offers: s.offers, y: (create(s).real?.wallMs ?? 0) / 1000 })) },
        { label: "no-op", colour: "#2ca02c", dashed: false, points: run.stacks.map((s) => ({ offers: s.offers, y: (create(s).noop?.wallMs ?? 0) / 1000 })) },
        { label: "limit", colour: "#999", dashed: true, points: run.stacks.map((s) => ({ offers: s.offers, y: (create(s).real?.limitMs ?? 0) / 1000 })) },
      ],
    },
    {
      title: "pulumi up (create): GiB written",
      series: [
        { label: "offers", colour: "#1f77b4", dashed: false, points: run.stacks.map((s) => ({ offers: s.offers, y: (create(s).real?.writeBytes ?? 0) / 1024 ** 3 })) },
        { label: "no-op", colour: "#2ca02c", dashed: false, points: run.stacks.map((s) => ({ offers: s.offers, y: (create(s).noop?.writeBytes ?? 0) / 1024 ** 3 })) },
        {
          label: "N² from the first size",
          colour: "#999",
          dashed: true,
          points: run.stacks.map((s) => ({ offers: s.offers, y: (firstReal * (s.offers / (first?.offers ?? 1)) ** 2) / 1024 ** 3 })),
        },
      ],
    },
  ];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  panels.forEach((p, i) => {
    const left = lefts[i]!;
    const maxY = Math.max(1, ...p.series.flatMap((s) => s.points.map((pt) => pt.y))) * 1.05;
    const yOf = (y: number) => panel.top + panel.h - (y / maxY) * panel.h;
    parts.push(`<text x="${left}" y="${panel.top - 14}" font-size="13" font-weight="bold">${p.title}</text>`);
    parts.push(`<line x1="${left}" y1="${panel.top + panel.h}" x2="${left + panel.w}" y2="${panel.top + panel.h}" stroke="#333"/>`);
    parts.push(`<line x1="${left}" y1="${panel.top}" x2="${left}" y2="${panel.top + panel.h}" stroke="#333"/>`);
    for (const tick of [0, maxY / 2, maxY]) parts.push(`<text x="${left - 6}" y="${yOf(tick) + 4}" text-anchor="end">${tick.toFixed(0)}</text>`);
    for (const size of sizes) parts.push(`<text x="${xOf(size, left)}" y="${panel.top + panel.h + 16}" text-anchor="middle">${size}</text>`);
    parts.push(`<text x="${left + panel.w / 2}" y="${panel.top + panel.h + 32}" text-anchor="middle">resources in the stack</text>`);
    p.series.forEach((s, j) => {
      const points = s.points.map((pt) => `${xOf(pt.offers, left).toFixed(1)},${yOf(pt.y).toFixed(1)}`);
      parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 3"' : ""} points="${points.join(" ")}"/>`);
      if (!s.dashed) for (const pt of points) parts.push(`<circle cx="${pt.split(",")[0]}" cy="${pt.split(",")[1]}" r="3" fill="${s.colour}"/>`);
      parts.push(`<rect x="${left + j * 70}" y="${height - 14}" width="10" height="10" fill="${s.colour}"/>`);
      parts.push(`<text x="${left + 14 + j * 70}" y="${height - 5}">${s.label}</text>`);
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/** What the minimum counts for each phase, per offer, with what each request is for. */
function minimumTable(run: BenchRun): string[] {
  const phases = ["create", "update", "delete"] as const;
  const breakdowns = phases.map((phase) => minimumBreakdown(phase, run.scale, 1));
  const rows = ["  | request | what it is for | create | update | delete |", "  |---|---|---:|---:|---:|"];
  breakdowns[0]!.forEach((item, i) => {
    const counts = breakdowns.map((b) => {
      const value = b[i]!.perOffer;
      return item.perProcess && value ? `${value} per process (1/N per offer)` : String(value);
    });
    rows.push(`  | \`${item.request}\` | ${item.purpose} | ${counts.join(" | ")} |`);
  });
  return rows;
}

export function benchmarksMarkdown(run: BenchRun, chartPath: string, baseline?: Baseline): string {
  const sizes = run.stacks.map((s) => s.offers.toLocaleString("en")).join(" and ");
  return [
    "# Benchmarks",
    "",
    "Generated by `npm run bench` (`bench/run.ts`); do not edit by hand. Every figure comes from one run of",
    "whole `pulumi up` and `pulumi destroy` commands through the real Pulumi CLI (the project's build,",
    "a file backend, a passphrase secrets provider) against the local emulator over TLS, with the job",
    "latency and the poll interval scaled down. Raw figures: `bench/results/latest.json`.",
    "",
    `Run: ${run.date} on ${run.machine}, ${run.cli}, the package built from ${run.source ?? "the working tree"}. Job latency ${run.scale.jobLatencyMs} ms, poll interval ${run.scale.pollIntervalMs} ms. Sizes ${sizes}; the whole run took ${(run.durationMs / 60000).toFixed(1)} min.`,
    "",
    "`npm run bench` measures 100 and 1,000 offers; `npm run bench -- 100` (any sizes) measures fewer,",
    "`BENCH_SOURCE=worktree` builds the working tree instead of HEAD, and",
    "`BENCH_JOB_LATENCY_MS` / `BENCH_POLL_INTERVAL_MS` change the scale. Partner Center's jobs take",
    "minutes and it allows one status read a minute; the default keeps that ratio (a poll interval a",
    "tenth of the job) while shrinking both.",
    "",
    "Each size runs two stacks, one after the other, through the same CLI and the same steps:",
    "",
    "- **offers**: N `PrivateOffer`s of the built package. `pulumi up` creates them, `pulumi up` with",
    "  every discount changed updates them (a live offer: withdraw, then live), `pulumi destroy` deletes",
    "  them. After each command the emulator must hold every offer exactly once and live (none after",
    "  the destroy), and the CLI must report exactly the expected steps; anything else is a problem in",
    "  the table.",
    "- **no-op**: N dynamic resources with the same inputs whose provider answers every call from its",
    "  arguments (create returns at once, no HTTP). It is Pulumi's own floor for N dynamic resources:",
    "  the engine, the dynamic-provider host and the file backend, without a provider's work.",
    "",
    "Every command runs with `--parallel N`. The CLI's default is 4 x the cores (8 here), which would",
    "run the offers in batches of 8, each batch waiting one job: a stack of many offers needs",
    "`--parallel` (or `PULUMI_PARALLEL`) to finish in one job's time.",
    "",
    "How to read it:",
    "",
    "- **wall**: the whole command as the Automation API call returns, from starting `pulumi` to its exit.",
    "- **limit**: the job latency on the critical path plus one poll interval (create: one job; update of a",
    "  live offer: withdraw, then live, two jobs; delete of a live offer: withdraw, then delete, two jobs).",
    `  Aim: ${WALL_AIM_OFFERS.toLocaleString("en")} offers within ${AIMS.wallRatio}x the limit; smaller stacks show their ratio without a verdict.`,
    "  The no-op stack's wall time is what the engine itself takes for as many resources.",
    `- **minimum**: API requests per offer the API needs, each for a reason (token and discovery requests`,
    `  are counted separately; aim: one token per process). Aim: within ${Math.round((AIMS.requestRatio - 1) * 100)}% of the minimum.`,
    "",
    ...minimumTable(run),
    "",
    "- **checkpoint saves**: the file backend replaces `<stack>.json` by writing a temporary file and",
    "  renaming it; an inotify watch on the stack's folder counts the renames onto that name, one per",
    "  save. The engine saves when a step starts (a pending operation) and when it ends, so about two",
    "  saves per resource and command.",
    "- **bytes written**: write_bytes from /proc of the `pulumi` process and every process it started",
    "  and reaped (the dynamic-provider host), read by a small sh wrapper around `pulumi` after it",
    "  exits (the kernel adds a reaped child's I/O to its parent's). It counts bytes sent towards the",
    "  disk when pages are dirtied, so pipes and sockets (the gRPC traffic) are not in it. Almost all",
    "  of it is the checkpoint: each save serializes the whole stack, copies the previous checkpoint",
    "  to `<stack>.json.bak` and writes the new one, so a save costs about twice the checkpoint's size",
    "  and a command about 2 x saves x the mean checkpoint size. **written per save** is bytes written",
    "  divided by saves: about twice the mean checkpoint.",
    "- **CPU**: user plus system CPU of the same processes (cutime and cstime of the wrapper).",
    "- **load**: the machine's 1-minute load average, sampled every 5 s during the command. Above the",
    "  number of cores, other work shared the machine and stretched the wall time (CPU, saves and bytes",
    "  do not depend on it).",
    "- **state per resource**: each dynamic resource's entry in the checkpoint file after the create, as",
    "  the compact JSON the backend writes. `__provider` is the serialized provider object, stored in",
    "  the inputs and again in the outputs (the dynamic-provider host adds it to every result: refresh",
    "  and destroy find their provider there). **engine's own** is the rest: URN, type, parent,",
    "  provider reference, property dependencies, timestamps, source positions.",
    "",
    `![create wall time and bytes written against stack size](${chartPath})`,
    "",
    "## Every command",
    "",
    ...phaseTable(run),
    "",
    "## State per resource",
    "",
    ...stateTable(run),
    "",
    `Serialized provider: ${run.serialized.real.bytes} bytes for \`PrivateOffer\` (the no-op provider: ${run.serialized.noop.bytes} bytes).`,
    "",
    "## Growth",
    "",
    ...growth(run),
    ...whyItGrows(run),
    "",
    ...comparison(run, baseline),
    "## As the command printed it",
    "",
    "```",
    ...summaryLines(run),
    "```",
    "",
  ].join("\n");
}
