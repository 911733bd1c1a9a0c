// Runs one row of the fault table through the real Pulumi CLI against the emulator over TLS: a stack
// of one customer offer, the fault injected at the row's moment of a `pulumi up` (create, update)
// or `pulumi destroy` (delete), then what a user does next: plain `pulumi up` / `pulumi destroy`
// again (and `pulumi cancel` first when a killed run left the backend's lock). It records what
// happened, not what should: survived or not, the runs it took, offers duplicated or lost, secrets
// seen in anything printed or stored, and whether every failure message says what to do.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { unclearMessage } from "../faults/matrix";
import type { FaultInput, TestEmulator } from "../support/emulator";
import { listOffers, type OfferView } from "../support/cli/partner-center";
import { openCliStack, type CliStack } from "../support/cli/stack";
import { pollUntil, runKilledAt, type KilledRun } from "../support/cli/killed-run";
import { REPO_ROOT } from "../../scripts/cli/toolchain";
import { SLOW_ANSWER_MS, STEPS, effectOf, rowKey, type JobEnds, type Operation, type Row } from "./rows";

const PROGRAM = { module: path.resolve(__dirname, "../cli/programs/offers.ts"), exportName: "customerOffers" };
const CONFIGURE = "/rp/product-ingestion/configure";
const JOB_STATUS = /^\/rp\/product-ingestion\/configure\/([^/]+)\/status$/;

/**
 * Short jobs and fractional waits, so a row takes seconds. The ratios matter, not the values: a
 * request held while the run is killed is processed well within the job timeout (as a lost answer
 * is within Partner Center's 30 minutes), and a slow answer outlasts the request timeout.
 */
export const TIMING = {
  jobLatencyMs: 300,
  pollIntervalSeconds: 0.1,
  jobTimeoutMinutes: 0.1,
  maxRetries: 2,
  requestTimeoutSeconds: 4,
  /** A slow answer: longer than the request timeout, so the provider stops waiting for it. */
  slowAnswerMs: SLOW_ANSWER_MS,
  /** How long a request is held at the emulator while the run is killed. */
  heldMs: 1_500,
} as const;

/** Plain runs tried after the faulted one before the row is called not converged (the bar is 2). */
export const MAX_RUNS = 3;
/** The bar: plain runs after the faulted one within which the stack must converge. */
export const RUNS_ALLOWED = 2;

export interface Message {
  /** Which command printed it. */
  command: string;
  text: string;
  /** Why it does not say what happened and what to do; undefined when it does. */
  unclear?: string;
}

export interface RowResult {
  row: Row;
  key: string;
  /** Whether the fault took effect (a fault that never fired proves nothing). */
  hit: boolean;
  /** The faulted run itself succeeded and left exactly the declared offers. */
  survived: boolean;
  /** The user had to run `pulumi cancel` (a killed run's lock). */
  cancelled: boolean;
  /** Plain runs after the faulted one until converged (0 when survived); undefined when not within MAX_RUNS. */
  runs: number | undefined;
  /** Offers of the stack's name beyond the declared one, at the worst moment observed. */
  duplicated: number;
  /** Declared offers missing, deleted or left withdrawn at the end. */
  lost: number;
  /** Secrets (the client secrets, access tokens) found in output, messages, state or records. */
  secrets: string[];
  messages: Message[];
  /** Configure jobs Partner Center accepted during the row (the setup excluded). */
  jobs: number;
  /** Other things that went wrong: processes outliving a kill, a locked run that sent something. */
  problems: string[];
  seconds: number;
  /** Everything printed, for a failing assertion. */
  transcript: string;
}

/** What a row result breaks of the invariants; empty when it holds them all. */
export function violations(result: RowResult): string[] {
  const found: string[] = [];
  if (!result.hit) found.push("the fault never took effect");
  if (result.duplicated > 0) found.push(`${result.duplicated} offer(s) duplicated`);
  if (result.lost > 0) found.push(`${result.lost} offer(s) lost`);
  if (result.secrets.length > 0) found.push(`secrets seen: ${result.secrets.join(", ")}`);
  if (result.runs === undefined || result.runs > RUNS_ALLOWED) {
    found.push(`not converged within ${RUNS_ALLOWED} plain runs (${result.runs === undefined ? `not within ${MAX_RUNS}` : `${result.runs} runs`})`);
  }
  const unclear = result.messages.filter((message) => message.unclear).length;
  if (unclear > 0) found.push(`${unclear} failure message(s) do not say what happened and what to do`);
  found.push(...result.problems);
  return found;
}

export interface RowContext {
  emulator: TestEmulator;
  /** Secrets that must never be printed or stored: every registered client secret. */
  secrets: readonly string[];
  /** Numbered offer names keep rows apart in the emulator's request log and in the output. */
  index: number;
  /**
   * A folder holding the package built from a chosen source (bench/support/program.ts): each row's
   * project folder goes inside it, so the provider host loads that build. Default: a folder under
   * .cli-stacks/ in the checkout, whose dist/ the host loads (`npm run build` first).
   */
  programDir?: string;
}

interface CommandOutcome {
  ok: boolean;
  locked: boolean;
  messages: Message[];
  output: string;
}

const ERROR_LINE = /^\s*error: (.*)$/gm;
const JWT = /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+/g;

/**
 * The failure messages a run showed: the errors the engine reported for the offer; when there is
 * none (the CLI itself stopped, as on a locked stack), the `error:` lines it printed.
 */
function failureMessages(command: string, diagnostics: readonly { urn?: string; message: string }[], printed: string): Message[] {
  const forOffer = diagnostics.filter((d) => d.urn?.includes("partnercenter:PrivateOffer"));
  const texts = forOffer.length > 0 ? forOffer.map((d) => d.message.trim()) : [...printed.matchAll(ERROR_LINE)].map((m) => m[1]!.trim());
  const unique = [...new Set(texts.filter((text) => text !== "" && !/^(update|destroy) failed$/.test(text)))];
  return unique.map((text) => {
    const unclear = unclearMessage(text);
    return { command, text, ...(unclear ? { unclear } : {}) };
  });
}

async function runCommand(cli: CliStack, command: "up" | "destroy"): Promise<CommandOutcome> {
  let output = "";
  const diagnostics: Array<{ urn?: string; message: string }> = [];
  const onOutput = (chunk: string): void => {
    output += chunk;
    if (process.env["CLI_SUITE_ECHO"] === "1") process.stdout.write(chunk);
  };
  const onEvent = (event: EngineEvent): void => {
    const diagnostic = event.diagnosticEvent;
    if (diagnostic?.severity === "error") diagnostics.push({ ...(diagnostic.urn ? { urn: diagnostic.urn } : {}), message: diagnostic.message });
  };
  const options = { onOutput, onError: onOutput, onEvent };
  try {
    if (command === "up") await cli.stack.up(options);
    else await cli.stack.destroy(options);
    return { ok: true, locked: false, messages: [], output };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    output += `\n${text}`;
    const locked = /the stack is currently locked/.test(text);
    return { ok: false, locked, messages: failureMessages(`pulumi ${command}`, diagnostics, locked ? text : output), output };
  }
}

/** The row's offers as Partner Center holds them (deleted ones left out). */
async function offersNamed(emulator: TestEmulator, name: string): Promise<OfferView[]> {
  return (await listOffers(emulator)).filter((offer) => offer.name === name && offer.state !== "deleted");
}

function discountOf(offer: OfferView): number | undefined {
  const pricing = offer["pricing"] as Array<{ discountPercentage?: number }> | undefined;
  return pricing?.[0]?.discountPercentage;
}

/**
 * Configure POSTs the emulator took on as jobs since its log was cleared: those answered 202, and
 * those whose connection was dropped after the job was created.
 */
function acceptedJobs(emulator: TestEmulator): number {
  return emulator.running.requestLog
    .entries()
    .filter((r) => r.method === "POST" && r.path === CONFIGURE && (r.status === 202 || (r.status === 0 && r.fault === "reset after processing"))).length;
}

/** Job ids whose status has been read since the log was cleared, in order of first read. */
function jobsPolled(emulator: TestEmulator): string[] {
  const ids: string[] = [];
  for (const entry of emulator.running.requestLog.entries()) {
    const id = JOB_STATUS.exec(entry.path)?.[1];
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** A fault registered for the row, and whether a request (or a job) has used it up. */
interface Armed {
  /** Resolves once the fault is registered (at once, or when its step's POST comes). */
  readonly registered: Promise<void>;
  consumed(): boolean;
  /** Stops waiting for the step (the run ended before it). */
  stop(): void;
}

/**
 * Registers `fault` for the configure request number `step` (0: the first) of the run: at once for
 * the first, or as soon as Partner Center has accepted `step` configure POSTs. A request fault
 * then hits the next POST, which is that step's.
 */
function armAt(emulator: TestEmulator, step: number, fault: FaultInput): Armed {
  let id: number | undefined;
  let stopped = false;
  const register = async (): Promise<void> => {
    await emulator.fault(fault);
    const listed = emulator.running.faults.list();
    id = listed[listed.length - 1]?.id;
  };
  const registered =
    step === 0
      ? register()
      : pollUntil(`configure POST ${step}`, () => stopped || acceptedJobs(emulator) >= step, 300_000, 5).then(() => (stopped ? undefined : register()));
  return {
    registered,
    consumed: () => id !== undefined && !emulator.running.faults.list().some((f) => f.id === id),
    stop: () => void (stopped = true),
  };
}

/** The fault a token or API row injects, on the route it names. */
function faultFor(row: Exclude<Row, { kind: "kill" }>, tenantId: string): FaultInput {
  const path = row.kind === "token" ? `/${tenantId}/oauth2/v2.0/token` : CONFIGURE;
  return { method: "POST", path, ...effectOf(row.fault) };
}

/** What the killed run's moment is, and what Partner Center does between the kill and the next run. */
interface KillPlan {
  armed: Armed;
  moment: () => boolean;
  /** After the kill, before the user's next command. */
  afterKill?: () => Promise<void>;
  /** Started with the user's first run after the kill; `done` says that the user's runs are over. */
  duringNextRun?: (done: () => boolean) => Promise<void>;
}

function killPlan(row: Extract<Row, { kind: "kill" }>, emulator: TestEmulator): KillPlan {
  const held = (step: number, fault: FaultInput): KillPlan => {
    const armed = armAt(emulator, step, fault);
    return { armed, moment: () => armed.consumed() };
  };
  switch (row.moment) {
    case "before the POST is answered":
      // The create's POST is held at Partner Center and processed after the kill: it takes effect.
      return held(0, { method: "POST", path: CONFIGURE, delayMs: TIMING.heldMs });
    case "after the job finished, before the engine recorded it":
      // The job succeeded; the provider asks which offer it created, and dies waiting for the answer.
      return held(0, { method: "GET", path: `${CONFIGURE}/*`, delayMs: TIMING.heldMs });
    case "between withdraw and publish":
    case "between withdraw and delete":
      // The withdraw succeeded; the next request is dropped unprocessed as the run is killed.
      return held(1, { method: "POST", path: CONFIGURE, reset: true });
    case "while the job runs":
    case "during the withdraw":
    case "during the publish":
      return jobRunningAtKill(emulator, row.moment === "during the publish" ? 1 : 0, row.jobEnds ?? "before the next run");
  }
}

/**
 * Killed while the job of configure request `step` runs (held by a `stuck` fault). It then finishes
 * before the next run (released at once, and waited for), or during it: once the next run has had a
 * configure request accepted or has read that job's status twice, whichever comes first.
 */
function jobRunningAtKill(emulator: TestEmulator, step: number, jobEnds: JobEnds): KillPlan {
  const armed = armAt(emulator, step, { method: "POST", path: CONFIGURE, stuck: true });
  let jobId: string | undefined;
  const moment = (): boolean => {
    jobId = jobsPolled(emulator)[step];
    return armed.consumed() && jobId !== undefined;
  };
  const statusReads = (): number => emulator.running.requestLog.entries().filter((r) => r.method === "GET" && r.path === `${CONFIGURE}/${jobId}/status`).length;
  const jobDone = async (): Promise<boolean> => {
    const response = await emulator.api(`/configure/${jobId}/status?$version=2022-07-01`);
    return ((await response.json()) as { jobStatus?: string }).jobStatus === "completed";
  };
  if (jobEnds === "before the next run") {
    return {
      armed,
      moment,
      afterKill: async () => {
        await emulator.releaseStuckJobs();
        await pollUntil("the interrupted job to finish", jobDone, 30_000, 50);
      },
    };
  }
  return {
    armed,
    moment,
    duringNextRun: async (done) => {
      const posts = acceptedJobs(emulator);
      const reads = statusReads();
      await pollUntil("the next run to send a configure request or ask about the interrupted job", () => done() || acceptedJobs(emulator) > posts || statusReads() >= reads + 2, 300_000, 5);
      await emulator.releaseStuckJobs();
    },
  };
}

/** The secrets found in `texts`, named without their value: a client secret by its first characters, a JWT by its header. */
export function secretsIn(texts: readonly string[], secrets: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const secret of secrets) if (text.includes(secret)) found.add(`client secret ${secret.slice(0, 4)}…`);
    for (const token of text.match(JWT) ?? []) found.add(`access token ${token.slice(0, 12)}…`);
  }
  return [...found];
}

/** Everything stored beside the program that a user might commit or share: the create records. */
async function recordTexts(workDir: string): Promise<string[]> {
  const dir = path.join(workDir, ".partnercenter", "creates");
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return Promise.all(names.map((name) => fs.readFile(path.join(dir, name), "utf8").catch(() => "")));
}

export async function runRow(ctx: RowContext, row: Row): Promise<RowResult> {
  const started = Date.now();
  const { emulator } = ctx;
  await emulator.reset();
  const name = `Fault table ${ctx.index}`;
  const operation: Operation = row.operation;
  const converge = operation === "delete" ? "destroy" : "up";
  const declaredDiscount = operation === "update" ? 12 : 10;
  const projectName = `fault-${process.pid}-${ctx.index}`;
  const cli = await openCliStack({
    program: PROGRAM,
    emulator,
    projectName,
    ...(ctx.programDir ? { workDir: path.join(ctx.programDir, `row-${ctx.index}`) } : {}),
    pollIntervalSeconds: TIMING.pollIntervalSeconds,
    config: {
      "offers:name": { value: name },
      "offers:discount": { value: "10" },
      "partnercenter:jobTimeoutMinutes": { value: String(TIMING.jobTimeoutMinutes) },
      "partnercenter:maxRetries": { value: String(TIMING.maxRetries) },
      "partnercenter:requestTimeoutSeconds": { value: String(TIMING.requestTimeoutSeconds) },
    },
  });
  const texts: string[] = [];
  const messages: Message[] = [];
  const problems: string[] = [];
  const counts: number[] = [];
  const observe = async (): Promise<OfferView[]> => {
    const offers = await offersNamed(emulator, name);
    counts.push(offers.length);
    return offers;
  };
  /**
   * Keeps what a finished command printed and said. A failed create or update that leaves the offer
   * withdrawn must say so (customers cannot see it): a message that does not is judged unclear too.
   * (A failed delete that got as far as the withdraw has done what the user asked so far.)
   */
  const record = async (outcome: CommandOutcome): Promise<CommandOutcome> => {
    texts.push(outcome.output);
    const judgeWithdrawn = operation !== "delete" && !outcome.ok && !outcome.locked;
    if (judgeWithdrawn && (await offersNamed(emulator, name)).some((o) => o.state === "withdrawn")) {
      if (!outcome.messages.some((m) => /withdrawn/i.test(m.text))) {
        const why = "the offer is left withdrawn (customers cannot see it), and no message says so";
        if (outcome.messages.length === 0) outcome.messages.push({ command: `pulumi ${converge}`, text: "(no failure message)", unclear: why });
        for (const message of outcome.messages) message.unclear ??= why;
      }
    }
    messages.push(...outcome.messages);
    return outcome;
  };
  /** Exactly the declared offers in Partner Center, and the stack's state agrees. */
  const holdsDeclared = async (): Promise<boolean> => {
    const offers = await observe();
    const outputs = await cli.stack.outputs();
    if (operation === "delete") return offers.length === 0 && outputs["offerIds"] === undefined;
    const ids = outputs["offerIds"]?.value as string[] | undefined;
    return offers.length === 1 && offers[0]!.state === "live" && discountOf(offers[0]!) === declaredDiscount && ids?.length === 1 && ids[0] === offers[0]!.id;
  };

  try {
    if (operation !== "create") {
      const setup = await runCommand(cli, "up");
      if (!setup.ok || (await offersNamed(emulator, name)).length !== 1) throw new Error(`the setup run failed:\n${setup.output}`);
      if (operation === "update") await cli.stack.setConfig("offers:discount", { value: String(declaredDiscount) });
    }
    await emulator.clearRequests();
    await observe();

    // The faulted run.
    let survived = false;
    let hit: boolean;
    let duringNextRun: KillPlan["duringNextRun"];
    let killed: KilledRun | undefined;
    if (row.kind === "kill") {
      const plan = killPlan(row, emulator);
      killed = await runKilledAt(cli, converge, plan.moment).finally(() => plan.armed.stop());
      await plan.armed.registered;
      texts.push(killed.printed);
      hit = true;
      if (killed.outlived.length > 0) problems.push(`processes outlived the kill by 10 s: ${killed.outlived.join("; ")}`);
      await emulator.clearFaults();
      await plan.afterKill?.();
      duringNextRun = plan.duringNextRun;
    } else {
      const armed = armAt(emulator, row.kind === "api" ? row.step : 0, faultFor(row, emulator.softwareCompany.tenantId));
      if (row.kind === "token") await armed.registered;
      const outcome = await record(await runCommand(cli, converge).finally(() => armed.stop()));
      await armed.registered;
      hit = armed.consumed();
      await emulator.clearFaults();
      // A stuck job is held until the run gave up on it; Partner Center finishes it before the next run.
      if (row.kind === "api" && row.fault === "stuck job") await emulator.releaseStuckJobs();
      survived = outcome.ok && (await holdsDeclared());
    }
    if (!survived && counts.length < 2) await observe();

    // What the user does next: plain runs, with `pulumi cancel` first if the stack is locked.
    let runs: number | undefined = survived ? 0 : undefined;
    let cancelled = false;
    // A run stopped by the lock sends nothing, so Partner Center's side may start with it.
    let over = false;
    const nextRun = survived ? undefined : duringNextRun?.(() => over);
    for (let run = 1; !survived && run <= MAX_RUNS; ) {
      const jobsBefore = acceptedJobs(emulator);
      const outcome = await record(await runCommand(cli, converge));
      if (outcome.locked) {
        if (acceptedJobs(emulator) !== jobsBefore) problems.push("the run stopped by the lock sent a configure request");
        if (cancelled) break;
        const cancel = await cli.cli(["cancel", "--yes", "--stack", cli.stack.name]);
        texts.push(cancel.stdout, cancel.stderr);
        if (cancel.code !== 0) problems.push(`pulumi cancel failed: ${cancel.stderr}`);
        cancelled = true;
        continue;
      }
      if (outcome.ok && (await holdsDeclared())) {
        runs = run;
        break;
      }
      run++;
    }
    over = true;
    await nextRun;
    if (killed && !cancelled) problems.push("the run after the kill was not stopped by the backend's lock");

    // The end: offers lost, state and records searched for secrets.
    const end = await observe();
    const lost = operation === "delete" ? 0 : end.some((o) => o.state === "live") ? 0 : 1;
    const exported = await cli.cli(["stack", "export", "--stack", cli.stack.name]);
    const stored = [exported.stdout, ...(await recordTexts(cli.workDir))];
    const secrets = secretsIn([...texts, ...stored, ...messages.map((m) => m.text)], ctx.secrets);
    return {
      row,
      key: rowKey(row),
      hit,
      survived,
      cancelled,
      runs,
      duplicated: Math.max(0, ...counts.map((n) => n - 1)),
      lost,
      secrets,
      messages,
      jobs: acceptedJobs(emulator),
      problems,
      seconds: (Date.now() - started) / 1000,
      transcript: texts.join("\n"),
    };
  } finally {
    await emulator.releaseStuckJobs().catch(() => undefined);
    await emulator.clearFaults().catch(() => undefined);
    await cli.dispose();
    if (ctx.programDir) await removeUnusedFolders(projectName);
  }
}

/** openCliStack makes a project folder under .cli-stacks/ even when it is given one: remove it while empty. */
async function removeUnusedFolders(projectName: string): Promise<void> {
  const stacks = path.join(REPO_ROOT, ".cli-stacks");
  for (const name of await fs.readdir(stacks).catch(() => [] as string[])) {
    if (name.startsWith(`${projectName}-`)) await fs.rmdir(path.join(stacks, name)).catch(() => undefined);
  }
}

/** Configure jobs an operation needs when nothing goes wrong. */
export function jobsNeeded(operation: Operation): number {
  return STEPS[operation].length;
}
