// The fault matrix: every fault kind of the emulator injected during each operation, driven through
// the real provider host, then the stack converged again as a user would (a second `up`, or
// `destroy`), each `pulumi` command in a fresh host process. A row records what happened and
// whether the emulator ends up holding exactly the declared offers.

import { StackDriver, type DeclaredResource, type OperationFailure } from "../../bench/support/engine";
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

export interface RowResult {
  operation: OperationKind;
  fault: FaultKind;
  /** Commands it took, the faulted one included (1: the fault was absorbed). */
  commands: number;
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

export async function runRow(ctx: MatrixContext, operation: OperationKind, kind: FaultKind): Promise<RowResult> {
  const fault = faultFor(kind, operation, ctx.emulator.softwareCompany.tenantId);
  const emulator = fault === "short-lived token" ? ctx.shortTokenEmulator : ctx.emulator;
  await emulator.reset();
  const failures: OperationFailure[] = [];
  const outputs: string[] = [];
  const v0 = declaredOffers(OFFERS, 0);
  const v1 = declaredOffers(OFFERS, 1);
  const target: DeclaredResource[] = operation === "delete" ? [] : operation === "refresh" || operation === "create" ? v0 : v1;

  let stack: StackDriver | undefined;
  if (operation !== "create") {
    const setup = await command(ctx, emulator, undefined, (s) => s.up(v0));
    if (setup.result.failures.length > 0) throw new Error(`setup failed: ${JSON.stringify(setup.result.failures)}`);
    stack = setup.stack;
  }
  emulator.clearRequests();

  const faulted = await command(ctx, emulator, stack, async (s) => {
    if (fault === "edit") {
      for (const entry of s.state.values()) await emulator.edit(entry.id, { notes: "edited in Partner Center" });
    }
    const inject = fault !== undefined && typeof fault === "object" ? fault : undefined;
    if (inject && operation !== "update (live half)") emulator.fault(inject);
    const run = operation === "delete" ? s.destroy() : operation === "refresh" ? s.refresh() : s.up(target);
    if (inject && operation === "update (live half)") await injectAfterPosts(emulator, 1, inject, run);
    return run;
  });
  stack = faulted.stack;
  failures.push(...faulted.result.failures);
  outputs.push(faulted.output);
  let commands = 1;
  emulator.clearFaults();

  // A refresh is followed by the `up` that uses what it read; any failure by one more attempt.
  if (operation === "refresh" || faulted.result.failures.length > 0) {
    const again = await command(ctx, emulator, stack, (s) => (operation === "delete" ? s.destroy() : s.up(target)));
    stack = again.stack;
    failures.push(...again.result.failures);
    outputs.push(again.output);
    commands++;
  }

  const problems = await convergenceProblems(emulator, stack, target);
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
    converged: problems.length === 0,
    problems,
    ...(failures[0] ? { message: failures[0].message } : {}),
    failures,
  };
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
    else if (matching.length === 1 && entry.id !== matching[0]!.id) problems.push(`${resource.name} is recorded as ${entry.id}, but the offer is ${matching[0]!.id}`);
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

/** A failure message must say what happened and what to do, and must not be a bare crash. */
export function unclearMessage(message: string): string | undefined {
  if (/TypeError|ReferenceError|SyntaxError|Cannot read propert|is not a function|\[object Object\]/.test(message)) return `a crash, not an explanation: ${message.slice(0, 200)}`;
  if (message.length < 30) return `too short to act on: ${message}`;
  if (!/(run|again|wait|retry|refresh|check|raise|look|resume|add|install|set)/i.test(message)) return `does not say what to do: ${message.slice(0, 300)}`;
  return undefined;
}

/** The matrix as a Markdown table: one row per fault kind, one column per operation. */
export function matrixTable(results: readonly RowResult[]): string {
  const cell = (operation: OperationKind, fault: FaultKind): string => {
    const row = results.find((r) => r.operation === operation && r.fault === fault);
    if (!row) return "n/a";
    if (!row.converged) return `FAIL (${row.problems.length} problem${row.problems.length === 1 ? "" : "s"})`;
    return row.commands === 1 ? "ok, absorbed" : `ok after ${row.commands} commands`;
  };
  const lines = [
    `| fault | ${OPERATIONS.join(" | ")} |`,
    `|---|${OPERATIONS.map(() => "---").join("|")}|`,
    ...FAULT_KINDS.map((fault) => `| ${fault} | ${OPERATIONS.map((op) => cell(op, fault)).join(" | ")} |`),
  ];
  return lines.join("\n");
}
