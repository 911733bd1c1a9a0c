// One benchmark size through the real Pulumi CLI: a stack of N offers against the emulator, and a
// stack of N no-op dynamic resources with the same inputs, each taken through `pulumi up` (create),
// `pulumi up` again with every discount changed (update: withdraw, then live) and `pulumi destroy`,
// one after the other so they never share the machine. The offers' runs are checked against what
// the emulator holds afterwards, so a fast run that lost or duplicated an offer cannot pass as fast.

import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { emulatorConfig } from "../scripts/demo/stack";
import { PHASES, completeLog, countRequests, limitMs, minimumRequestsPerOffer, type Phase, type RequestCounts, type Scale } from "./measure";
import { BENCH_NAMESPACE, PROGRAM_EXPORTS } from "./support/cli-programs";
import { openBenchStack, type BenchStack, type CommandFigures } from "./support/cli-stack";
import type { EmulatorControl } from "./support/emulator-control";
import { resourceStateSize, type ResourceStateSize } from "./support/state-size";

const PROGRAMS_MODULE = path.join(__dirname, "support", "cli-programs.ts");

export interface PhaseRun extends CommandFigures {
  phase: Phase;
}

export interface OfferPhaseRun extends PhaseRun {
  limitMs: number;
  requests: RequestCounts;
  /** API requests per offer the phase needs at least. */
  minimumPerOffer: number;
  /** What the CLI or Partner Center shows that differs from the declared stack; empty when all is well. */
  problems: string[];
}

export interface SubjectFigures<P extends PhaseRun> {
  phases: P[];
  /** The checkpoint after the create. */
  state: ResourceStateSize;
}

export interface StackFigures {
  offers: number;
  /** `--parallel` of every command: as many as the stack has resources. */
  parallel: number;
  real: SubjectFigures<OfferPhaseRun>;
  noop: SubjectFigures<PhaseRun>;
}

export interface StackSettings {
  emulator: EmulatorControl;
  /** The program directory with the package built into it. */
  programDir: string;
  offers: number;
  scale: Scale;
  log(line: string): void;
}

function shapeConfig(offers: number, revision: number): ConfigMap {
  return {
    [`${BENCH_NAMESPACE}:count`]: { value: String(offers) },
    [`${BENCH_NAMESPACE}:revision`]: { value: String(revision) },
  };
}

/** Expected resource changes of each phase as the CLI summarises them (the stack resource included). */
function expectedChanges(phase: Phase, offers: number): Record<string, number> {
  if (phase === "create") return { create: offers + 1 };
  if (phase === "update") return { update: offers, same: 1 };
  return { delete: offers + 1 };
}

function changeProblems(phase: Phase, offers: number, run: CommandFigures): string[] {
  const problems: string[] = [];
  if (run.result !== "succeeded") problems.push(`the CLI reported ${run.result}`);
  for (const [kind, count] of Object.entries(expectedChanges(phase, offers))) {
    if ((run.changes[kind] ?? 0) !== count) problems.push(`${run.changes[kind] ?? 0} ${kind} steps, expected ${count}`);
  }
  return problems;
}

/** What Partner Center holds after a phase: every declared offer exactly once and live, or none after a destroy. */
async function partnerCenterProblems(emulator: EmulatorControl, phase: Phase, offers: number): Promise<string[]> {
  const held = (await emulator.offers()).filter((o) => o.state !== "deleted");
  if (phase === "delete") return held.length === 0 ? [] : [`${held.length} offers left after destroy`];
  const problems: string[] = [];
  const byName = new Map<string, number>();
  for (const offer of held) byName.set(String(offer.name), (byName.get(String(offer.name)) ?? 0) + 1);
  const duplicated = [...byName.values()].filter((n) => n > 1).length;
  if (byName.size !== offers) problems.push(`${byName.size} distinct offers held, expected ${offers}`);
  if (duplicated > 0) problems.push(`${duplicated} offer names held more than once`);
  const notLive = held.filter((o) => o.state !== "live").length;
  if (notLive > 0) problems.push(`${notLive} offers not live`);
  return problems;
}

async function runPhase(stack: BenchStack, phase: Phase, offers: number): Promise<CommandFigures> {
  if (phase === "delete") return stack.destroy({ parallel: offers });
  return stack.up({ parallel: offers, config: shapeConfig(offers, phase === "create" ? 0 : 1) });
}

export async function measureOffers(settings: StackSettings): Promise<SubjectFigures<OfferPhaseRun>> {
  const { emulator, offers, scale } = settings;
  await emulator.reset();
  const channelPartner = emulator.running.accounts[1];
  if (!channelPartner) throw new Error("the emulator started without its default channel-partner account");
  const endpoints = { url: emulator.url, apiBaseUrl: emulator.apiBaseUrl, caCertPath: emulator.caCertPath, softwareCompany: emulator.softwareCompany, channelPartner };
  const stack = await openBenchStack({
    program: { module: PROGRAMS_MODULE, exportName: PROGRAM_EXPORTS.real },
    projectName: "bench",
    stackName: `offers-${offers}`,
    workDir: settings.programDir,
    caCertPath: emulator.caCertPath,
    config: {
      ...emulatorConfig(endpoints, scale.pollIntervalMs / 1000),
      [`${BENCH_NAMESPACE}:package`]: { value: settings.programDir },
      ...shapeConfig(offers, 0),
    },
  });
  const phases: OfferPhaseRun[] = [];
  let state: ResourceStateSize | undefined;
  try {
    for (const phase of PHASES) {
      settings.log(`${offers} offers: pulumi ${phase === "delete" ? "destroy" : "up"} (${phase})`);
      emulator.clearRequests();
      const run = await runPhase(stack, phase, offers);
      const requests = countRequests(completeLog(emulator.requests()));
      const problems = [...changeProblems(phase, offers, run), ...(await partnerCenterProblems(emulator, phase, offers))];
      if (phase === "create") state = resourceStateSize(stack.checkpointText());
      phases.push({ phase, ...run, limitMs: limitMs(phase, scale), requests, minimumPerOffer: minimumRequestsPerOffer(phase, scale, offers), problems });
      if (problems.length > 0) settings.log(`${offers} offers ${phase}: ${problems.join("; ")}`);
    }
  } finally {
    await stack.dispose();
  }
  return { phases, state: state! };
}

async function measureNoop(settings: StackSettings): Promise<SubjectFigures<PhaseRun>> {
  const { offers } = settings;
  const stack = await openBenchStack({
    program: { module: PROGRAMS_MODULE, exportName: PROGRAM_EXPORTS.noop },
    projectName: "bench",
    stackName: `noop-${offers}`,
    workDir: settings.programDir,
    config: shapeConfig(offers, 0),
  });
  const phases: PhaseRun[] = [];
  let state: ResourceStateSize | undefined;
  try {
    for (const phase of PHASES) {
      settings.log(`${offers} no-op resources: pulumi ${phase === "delete" ? "destroy" : "up"} (${phase})`);
      const run = await runPhase(stack, phase, offers);
      const problems = changeProblems(phase, offers, run);
      if (problems.length > 0) throw new Error(`the no-op stack of ${offers} resources did not ${phase} cleanly: ${problems.join("; ")}`);
      if (phase === "create") state = resourceStateSize(stack.checkpointText());
      phases.push({ phase, ...run });
    }
  } finally {
    await stack.dispose();
  }
  return { phases, state: state! };
}

export async function measureStacks(settings: StackSettings): Promise<StackFigures> {
  const real = await measureOffers(settings);
  const noop = await measureNoop(settings);
  return { offers: settings.offers, parallel: settings.offers, real, noop };
}
