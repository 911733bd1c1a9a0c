// The fault matrix: every fault kind of the emulator injected during each operation, driven through
// the real provider host, then the stack converged again as a user would (a second `up`, or
// `destroy`), each `pulumi` command in a fresh host process. A row records what happened and
// whether the emulator ends up holding exactly the declared offers.

import { StackDriver, type DeclaredResource, type OperationFailure, type StateEntry } from "../../bench/support/engine";
import type { EmulatorControl, FaultInput } from "../../bench/support/emulator-control";
import { declaredOffers } from "../../bench/support/offers";
import { startConfiguredHost, type Timing } from "../../bench/support/subjects";
import type { ProviderHost } from "../support/provider-host";

export type OperationKind = "create" | "update (withdraw half)" | "update (live half)" | "delete" | "refresh";
export const OPERATIONS: readonly OperationKind[] = ["create", "update (withdraw half)", "update (live half)", "delete", "refresh"];

export type FaultKind =
  | "429 + Retry-After"
  | "503"
  | "reset before processing"
  | "reset after processing"
  | "slow answer"
  | "failed job"
  | "stuck job"
  | "token endpoint down"
  | "expired token"
  | "stale eTag";

export const FAULT_KINDS: readonly FaultKind[] = [
  "429 + Retry-After",
  "503",
  "reset before processing",
  "reset after processing",
  "slow answer",
  "failed job",
  "stuck job",
  "token endpoint down",
  "expired token",
  "stale eTag",
];

const CONFIGURE = "/rp/product-ingestion/configure";
const OFFER_GET = "/rp/product-ingestion/private-offer/*";

/** The fault to inject, on the route the operation uses; undefined when the kind cannot happen there. */
export function faultFor(kind: FaultKind, operation: OperationKind, tenantId: string): FaultInput | "edit" | "short-lived token" | undefined {
  const read = operation === "refresh";
  const path = read ? OFFER_GET : CONFIGURE;
  const method = read ? "GET" : "POST";
  switch (kind) {
    case "429 + Retry-After":
      return { method, path, status: 429, retryAfterSeconds: 1 };
    case "503":
      return { method, path, status: 503 };
    case "reset before processing":
      return { method, path, reset: true };
    case "reset after processing":
      return { method, path, reset: true, after: "processing" };
    case "slow answer":
      return { method, path, delayMs: 1500 };
    case "failed job":
      return read ? undefined : { method, path, jobResult: "failed" };
    case "stuck job":
      return read ? undefined : { method, path, stuck: true };
    case "token endpoint down":
      return { path: `/${tenantId}/oauth2/v2.0/token`, status: 503, count: 3 };
    case "expired token":
      return "short-lived token";
    case "stale eTag":
      return read ? undefined : "edit";
  }
}

/**
 * Whether the command the fault hit succeeds anyway (the fault is absorbed), as the retry policy
 * promises; otherwise it fails with advice and a later command converges. Every fault of a read, and
 * a throttled (429) or dropped-after-processing write, a slow answer, an expired token and the token
 * endpoint down for three requests are absorbed. A write whose outcome is unknown (503, a connection
 * reset before the service processed it) is never sent again, so that run fails; so do failed and
 * stuck jobs, and an update over an edit made elsewhere.
 */
export function expectedAbsorbed(fault: FaultKind, operation: OperationKind): boolean {
  if (operation === "refresh") return true;
  switch (fault) {
    case "503":
    case "reset before processing":
    case "failed job":
    case "stuck job":
      return false;
    case "stale eTag":
      return operation === "create" || operation === "delete";
    case "429 + Retry-After":
    case "reset after processing":
    case "slow answer":
    // Retried below msal-node since the token request got the API's retry policy (before, each
    // create, update, delete or refresh needing a token then failed, and the next command converged).
    case "token endpoint down":
    case "expired token":
      return true;
  }
}

export interface RowResult {
  operation: OperationKind;
  fault: FaultKind;
  /** Commands it took, the faulted one included (a refresh is always followed by an `up`). */
  commands: number;
  /** The command the fault hit succeeded anyway. */
  absorbed: boolean;
  converged: boolean;
  problems: string[];
  /** The first failure message the user saw, if any. */
  message?: string;
  failures: OperationFailure[];
}

export interface MatrixContext {
  emulator: EmulatorControl;
  /** An emulator whose tokens live 2 s, with jobs slower than that: the token expires mid-operation. */
  shortTokenEmulator: EmulatorControl;
  programDir: string;
  provider: string;
  timing: Timing;
  secrets: () => string[];
}

const OFFERS = 2;

/** Runs one `pulumi` command (one host process) against the stack. */
async function command<T>(ctx: MatrixContext, emulator: EmulatorControl, stack: StackDriver | undefined, run: (stack: StackDriver) => Promise<T>): Promise<{ result: T; stack: StackDriver; output: string }> {
  const host: ProviderHost = await startConfiguredHost(ctx.programDir, emulator, ctx.timing);
  const next = new StackDriver(host, ctx.provider);
  if (stack) for (const [name, entry] of stack.state) next.state.set(name, entry);
  try {
    const result = await run(next);
    return { result, stack: next, output: host.output() };
  } finally {
    await host.close();
  }
}

/** Waits until the emulator has seen `count` configure POSTs, then injects the fault (the live half of an update). */
async function injectAfterPosts(emulator: EmulatorControl, count: number, fault: FaultInput, until: Promise<unknown>): Promise<void> {
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const posts = emulator.requests().filter((r) => r.method === "POST" && r.path === CONFIGURE).length;
    if (posts >= count) {
      emulator.fault(fault);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Configure jobs one offer needs: a create publishes in one; an update and a delete of a live offer withdraw first. */
const JOBS_PER_OFFER: Record<OperationKind, number> = { create: 1, "update (withdraw half)": 2, "update (live half)": 2, delete: 2, refresh: 0 };
/**
 * Jobs still to send once the held jobs finish: a held withdraw is followed by the live half of an
 * update or by the delete; a held create, live or delete job is the last step.
 */
function stepsAfterHeld(failures: readonly OperationFailure[]): number {
  return failures.filter((f) => /Configure job \S+ \(withdraw\) was accepted/.test(f.message)).length;
}

/** Configure POSTs the emulator accepted (a job was created) since the log was last cleared. */
function acceptedConfigurePosts(emulator: EmulatorControl): number {
  return emulator.requests().filter((r) => r.method === "POST" && r.path === CONFIGURE && r.status === 202).length;
}

/** What the offers look like to the service: the facts an unwanted write would change. */
async function offerVersions(emulator: EmulatorControl): Promise<string> {
  const offers = await emulator.offers();
  return JSON.stringify(offers.map((o) => [o.id, o.state, o.eTag]).sort());
}

export async function runRow(ctx: MatrixContext, operation: OperationKind, kind: FaultKind): Promise<RowResult> {
  const fault = faultFor(kind, operation, ctx.emulator.softwareCompany.tenantId);
  const emulator = fault === "short-lived token" ? ctx.shortTokenEmulator : ctx.emulator;
  await emulator.reset();
  const failures: OperationFailure[] = [];
  const outputs: string[] = [];
  const problems: string[] = [];
  const v0 = declaredOffers(OFFERS, 0);
  const v1 = declaredOffers(OFFERS, 1);
  const target: DeclaredResource[] = operation === "delete" ? [] : operation === "refresh" || operation === "create" ? v0 : v1;
  const converge = (s: StackDriver) => (operation === "delete" ? s.destroy() : s.up(target));

  let stack: StackDriver | undefined;
  if (operation !== "create") {
    const setup = await command(ctx, emulator, undefined, (s) => s.up(v0));
    if (setup.result.failures.length > 0) throw new Error(`setup failed: ${JSON.stringify(setup.result.failures)}`);
    stack = setup.stack;
  }
  emulator.clearRequests();

  let edited: string | undefined;
  const faulted = await command(ctx, emulator, stack, async (s) => {
    if (fault === "edit") {
      for (const entry of s.state.values()) await emulator.edit(entry.id, { notes: "edited in Partner Center" });
      edited = await offerVersions(emulator);
    }
    const inject = fault !== undefined && typeof fault === "object" ? fault : undefined;
    if (inject && operation !== "update (live half)") emulator.fault(inject);
    const run = operation === "refresh" ? s.refresh() : converge(s);
    // Once every offer's withdraw is sent, the next configure POSTs are the live halves.
    if (inject && operation === "update (live half)") await injectAfterPosts(emulator, OFFERS, inject, run);
    return run;
  });
  stack = faulted.stack;
  failures.push(...faulted.result.failures);
  outputs.push(faulted.output);
  const absorbed = faulted.result.failures.length === 0;
  let commands = 1;
  emulator.clearFaults();

  if (kind === "stuck job") problems.push(...(await stuckJobProblems(emulator, operation, faulted.result.failures)));
  if (kind === "stale eTag" && operation === "delete") {
    // A delete the user asked for goes ahead over an edit made elsewhere, and says so once per offer.
    const said = faulted.output.split("\n").filter((line) => line.includes("changed in Partner Center since the last refresh")).length;
    if (said !== OFFERS) problems.push(`the delete over an outside edit said so ${said} time(s); it should for each of the ${OFFERS} offers`);
  } else if (kind === "stale eTag") {
    // The provider refuses to overwrite a change made elsewhere; the first run must change nothing.
    if (operation !== "create") {
      if (edited !== undefined && (await offerVersions(emulator)) !== edited) problems.push("the run after the outside edit changed an offer");
      if (faulted.result.failures.length === 0) problems.push("the outside edit was overwritten without a word");
    }
  }

  emulator.clearRequests();
  if (kind === "stale eTag" && faulted.result.failures.length > 0) {
    // What the message asks for: `pulumi refresh`, then `pulumi up`, each its own command.
    const refreshed = await command(ctx, emulator, stack, (s) => s.refresh());
    stack = refreshed.stack;
    failures.push(...refreshed.result.failures);
    outputs.push(refreshed.output);
    commands++;
  }
  if (kind === "stuck job") await emulator.releaseStuckJobs();

  // A refresh is followed by the `up` that uses what it read; any failure by one more attempt.
  if (operation === "refresh" || faulted.result.failures.length > 0) {
    const again = await command(ctx, emulator, stack, converge);
    stack = again.stack;
    failures.push(...again.result.failures);
    outputs.push(again.output);
    commands++;
    if (kind === "stuck job") {
      // The held job finished: the next run waits for it instead of sending it again, and sends only
      // the steps that come after it.
      const expected = stepsAfterHeld(faulted.result.failures);
      const posts = acceptedConfigurePosts(emulator);
      if (posts !== expected) problems.push(`the run after the stuck job was released sent ${posts} configure POST(s); it needs ${expected}`);
    }
  }

  problems.push(...(await convergenceProblems(emulator, stack, target)));
  const secrets = ctx.secrets();
  const texts = [...failures.map((f) => f.message), ...outputs, JSON.stringify([...stack.state.values()].map((e) => e.outputs))];
  if (texts.some((text) => secrets.some((secret) => text.includes(secret)) || /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+/.test(text))) {
    problems.push("a secret or token appears in an output, a log or an error");
  }
  for (const failure of failures) {
    const unclear = unclearMessage(failure.message);
    if (unclear) problems.push(`${failure.operation} of ${failure.name}: ${unclear}`);
  }
  return {
    operation,
    fault: kind,
    commands,
    absorbed,
    converged: problems.length === 0,
    problems,
    ...(failures[0] ? { message: failures[0].message } : {}),
    failures,
  };
}

/**
 * A stuck job leaves the first run unfinished. What a user needs from it: each resource fails saying
 * the next `up` waits for the job (a failed delete records nothing, so there the next `destroy` must
 * read the offer first instead), creates and updates keep the resource with its pending job, and
 * nothing was sent twice.
 */
async function stuckJobProblems(emulator: EmulatorControl, operation: OperationKind, failures: readonly OperationFailure[]): Promise<string[]> {
  const problems: string[] = [];
  if (failures.length === 0) problems.push("the run with a stuck job reported no failure");
  for (const failure of failures) {
    const next = operation === "delete" ? /run `pulumi destroy` again: it reads the offer first/i : /next `pulumi up` waits/i;
    if (!next.test(failure.message)) problems.push(`${failure.operation} of ${failure.name} does not say what the next run does about the job: ${failure.message.slice(0, 300)}`);
    if (operation !== "delete" && !failure.keptPartialState) problems.push(`${failure.operation} of ${failure.name} did not keep the resource with its pending job`);
  }
  const needed = OFFERS * JOBS_PER_OFFER[operation];
  const posts = acceptedConfigurePosts(emulator);
  if (posts > needed) problems.push(`${posts} configure POSTs where ${needed} were needed: a change was sent twice`);
  const names = (await emulator.offers()).filter((o) => o.state !== "deleted").map((o) => o.name);
  if (new Set(names).size !== names.length) problems.push("an offer exists twice while its job is stuck");
  return problems;
}

/**
 * The offer a state entry stands for. A create whose job was still running is recorded under a
 * `pending-job/` id (an update cannot change a resource's id), with the offer id in its outputs
 * once the job finished.
 */
function recordedOfferId(entry: StateEntry): string {
  const offerId = entry.outputs["offerId"];
  return entry.id.startsWith("pending-job/") && typeof offerId === "string" && offerId ? offerId : entry.id;
}

/** The emulator holds exactly the declared offers: one each, live, none withdrawn or extra; state agrees. */
async function convergenceProblems(emulator: EmulatorControl, stack: StackDriver, declared: readonly DeclaredResource[]): Promise<string[]> {
  const problems: string[] = [];
  const offers = (await emulator.offers()).filter((o) => o.state !== "deleted");
  for (const resource of declared) {
    const name = resource.inputs["name"];
    const matching = offers.filter((o) => o.name === name);
    if (matching.length === 0) problems.push(`"${String(name)}" is missing`);
    if (matching.length > 1) problems.push(`"${String(name)}" exists ${matching.length} times`);
    for (const offer of matching) if (offer.state !== "live") problems.push(`"${String(name)}" is ${String(offer.state)}`);
    const entry = stack.state.get(resource.name);
    if (!entry) problems.push(`${resource.name} is not in the stack's state`);
    else if (matching.length === 1 && recordedOfferId(entry) !== matching[0]!.id) problems.push(`${resource.name} is recorded as ${recordedOfferId(entry)}, but the offer is ${matching[0]!.id}`);
    const wanted = JSON.stringify((resource.inputs["pricing"] as unknown[])[0]);
    if (matching.length === 1 && !JSON.stringify(matching[0]!["pricing"] ?? "").includes(`"discountPercentage":${JSON.parse(wanted).discountPercentage}`)) {
      problems.push(`"${String(name)}" does not carry the declared discount`);
    }
  }
  const declaredNames = new Set(declared.map((d) => d.inputs["name"]));
  for (const offer of offers) if (!declaredNames.has(offer.name)) problems.push(`undeclared offer "${String(offer.name)}" (${offer.id}, ${String(offer.state)})`);
  for (const name of stack.state.keys()) if (!declared.some((d) => d.name === name)) problems.push(`${name} is still in the stack's state`);
  return problems;
}

/**
 * A failure message must say what happened and what to do, and must not be a bare crash. "What to
 * do" is an instruction: an imperative verb as a word of its own ("still running" does not count), or
 * the `pulumi` command to run.
 */
export function unclearMessage(message: string): string | undefined {
  if (/TypeError|ReferenceError|SyntaxError|Cannot read propert|is not a function|\[object Object\]|Not Available|\bundefined\b|\bNaN\b/.test(message)) {
    return `a crash, not an explanation: ${message.slice(0, 200)}`;
  }
  if (message.length < 30) return `too short to act on: ${message}`;
  const instruction = /\b(run|retry|try|wait|refresh|check|raise|look|resume|add|install|set|fix|remove|change|split|point|contact)\b|`pulumi (up|refresh|destroy)[^`]*`/i;
  if (!instruction.test(message)) return `does not say what to do: ${message.slice(0, 300)}`;
  return undefined;
}

/** The matrix as a Markdown table: one row per fault kind, one column per operation. */
export function matrixTable(results: readonly RowResult[]): string {
  const cell = (operation: OperationKind, fault: FaultKind): string => {
    const row = results.find((r) => r.operation === operation && r.fault === fault);
    if (!row) return "n/a";
    if (!row.converged) return `FAIL (${row.problems.length} problem${row.problems.length === 1 ? "" : "s"})`;
    return row.absorbed ? "ok, absorbed" : `ok after ${row.commands} commands`;
  };
  const lines = [
    `| fault | ${OPERATIONS.join(" | ")} |`,
    `|---|${OPERATIONS.map(() => "---").join("|")}|`,
    ...FAULT_KINDS.map((fault) => `| ${fault} | ${OPERATIONS.map((op) => cell(op, fault)).join(" | ")} |`),
  ];
  return lines.join("\n");
}
