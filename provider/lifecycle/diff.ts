// The engine's diff of a PrivateOffer (old outputs against new inputs) and the preview a reviewer
// reads: the plan `pulumi up` will run (plan.ts), each step in words (steps.ts), then what changes
// field by field and price by price. And, on refresh, what changed outside the stack.
import { containsUnknown, isUnknown } from "../schema/unknowns";
import type { PrivateOfferInputs } from "../schema/private-offer";
import { sameValue, stateSatisfies } from "./compare";
import { outputsFromState, STATUS_KEYS, type OfferState, type PrivateOfferOutputs } from "./outputs";
import { isMultiparty } from "./ownership";
import { afterPendingJob, planChange, planDeleteFromCurrent, planCreate, type Plan } from "./plan";
import { describePricingChanges } from "./prices";
import { previewLine, type Step } from "./steps";

/** What the engine's DiffResponse needs, and the lines the preview shows. */
export interface ResourceDiff {
  /** Whether anything changes (what the engine's DiffResponse calls `changes`). */
  changes: boolean;
  /** Properties whose change needs a new resource. */
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Properties that do not change. */
  stables: string[];
  /** One line per effect on the offer and its customer, for the preview. */
  summary: string[];
}

export interface OfferDiff extends ResourceDiff {
  /** Set when the change must not happen (an accepted offer): the dynamic provider fails the diff with it. */
  refusal?: string;
  /**
   * The configure steps `pulumi up` then runs, in order, as the summary tells them: an update's; for
   * a replacement, the old offer's delete then the new one's create. Reads are left out.
   */
  steps: Step[];
}

type Loose = Record<string, unknown>;

function withoutProviderKey<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "__provider")) as T;
}

/**
 * The preview of an update. A job an earlier run left pending is waited for first: what follows is
 * planned from the offer as that job leaves it, as the update itself will once the job is done.
 */
export function diffPrivateOffer(oldOutputs: Loose, newInputs: PrivateOfferInputs): OfferDiff {
  const olds = outputsFromState(withoutProviderKey(oldOutputs));
  const news = withoutProviderKey(newInputs);
  const pending = olds.pendingJob;
  const { plan: first, comparison } = planChange(olds, news);
  const basis = pending ? afterPendingJob(olds) : olds;
  const { plan } = pending ? planChange(basis, news) : { plan: first };
  const name = olds.name ?? olds.offerId ?? "offer";
  const actual = typeof olds.state === "string" ? olds.state.toLowerCase() : "unknown";
  const replaces = plan.kind === "replace" ? plan.properties : [];
  const fieldsChanged = comparison.fields.length > 0;
  const changes = fieldsChanged || comparison.options.length > 0 || comparison.replacing.length > 0 || comparison.state || replaces.length > 0 || pending !== undefined;
  const stables = Object.keys(news).filter(
    (k) => !comparison.fields.includes(k) && !comparison.options.includes(k) && !comparison.replacing.includes(k) && k !== "state",
  );
  const base = { changes, replaces, deleteBeforeReplace: replaces.length > 0, stables };
  if (!changes) return { ...base, summary: [], steps: [] };
  if (plan.kind === "refuse") return { ...base, refusal: plan.reason, summary: [plan.reason], steps: [] };

  const quoted = `"${name}"`;
  const steps = [...(pending ? [{ kind: "awaitJob", jobId: pending.jobId, action: pending.action } as const] : []), ...stepsOf(plan, basis, news)];
  const summary = steps.map((step) => previewLine(step, quoted)).filter((line): line is string => line !== undefined);
  if (plan.kind === "replace") {
    const what = actual === "live" ? "the live offer (customers lose it until the new one is live)" : `the ${actual} offer`;
    // The engine deletes the old offer first (deleteBeforeReplace: the new one may take its name).
    summary.unshift(`replaces ${what} ${quoted}: the old offer is deleted, then a new one created (${replaces.join(", ")} changed)`);
    if (replaces.includes("account")) summary.push("an offer stays with the publisher account that created it: the new one is created under the new account");
  } else if (plan.kind === "unknown") {
    summary.push(`the desired state of ${quoted} is known after apply`);
  } else if (plan.kind === "steps" && plan.steps.length === 0 && !fieldsChanged && comparison.options.length > 0 && stateSatisfies(actual, news.state)) {
    summary.push(`changes provider options only (${comparison.options.join(", ")}); the offer is not touched`);
  }
  const oldValues: Loose = olds;
  const newValues: Loose = news;
  for (const key of comparison.fields) {
    const before = oldValues[key];
    const after = newValues[key];
    // Inferred from the pricing: "known after apply" for both says nothing more.
    if (key === "offerPricingType" && isUnknown(after) && containsUnknown(newValues["pricing"])) continue;
    if (key === "pricing") summary.push(...describePricingChanges(before, after));
    else summary.push(describeFieldChange(key, before, after));
  }
  return { ...base, summary, steps: steps.filter((step) => step.kind !== "read") };
}

/**
 * The steps of a plan as `pulumi up` runs them. A replacement is the engine's delete of the old
 * offer (planned from the state it is in) and then its create of the new one.
 */
function stepsOf(plan: Plan, olds: PrivateOfferOutputs, news: PrivateOfferInputs): Step[] {
  if (plan.kind === "steps") return plan.steps;
  if (plan.kind !== "replace") return [];
  const removal = planDeleteFromCurrent(olds);
  const removed = removal.kind === "steps" ? removal.steps : [];
  if (news.privateOfferType === "multipartyPromotionChannelPartner") {
    // A channel partner's create reads the shared offer and completes it, when it is to be live:
    // withdrawn just before if it is the same offer, as the software company left it if another.
    const from: OfferState = news.offerId !== olds.offerId ? "draft" : removed.some((s) => s.kind === "withdraw") ? "withdrawn" : olds.state;
    return [...removed, ...(news.state === "live" ? [{ kind: "complete", offerId: news.offerId, from } as const] : [])];
  }
  const creation = planCreate(news);
  return [...removed, ...(creation.kind === "steps" ? creation.steps : [])];
}

function describeFieldChange(key: string, before: unknown, after: unknown): string {
  if (containsUnknown(after)) return `${key}: known after apply`;
  const scalar = (v: unknown) => v === undefined || v === null || typeof v !== "object";
  if (scalar(before) && scalar(after)) return `${key}: ${show(before)} -> ${show(after)}`;
  return `${key} changes`;
}

function show(value: unknown): string {
  if (value === undefined || value === null || value === "") return "(none)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** What changed outside the stack between two reads of the same offer (refresh). */
export function describeDrift(before: Loose, after: Loose): string[] {
  const lines: string[] = [];
  const b = withoutProviderKey(before);
  const a = withoutProviderKey(after);
  if (!sameValue(b["state"], a["state"])) lines.push(`state: ${show(b["state"])} -> ${show(a["state"])}`);
  if (!sameValue(b["subState"], a["subState"])) {
    const accepted = typeof a["subState"] === "string" && a["subState"].toLowerCase() === "accepted";
    lines.push(`subState: ${show(b["subState"])} -> ${show(a["subState"])}` + (accepted ? " (the customer accepted: the offer can no longer change)" : ""));
  }
  if (!sameValue(b["acceptanceLinks"], a["acceptanceLinks"])) lines.push("acceptance links changed");
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => !STATUS_KEYS.includes(k) && k !== "state" && k !== "lastJobId")
    .sort()
    .filter((k) => !sameValue(b[k], a[k]));
  for (const key of fields) {
    lines.push(key === "pricing" ? `pricing changed: ${describePricingChanges(b[key], a[key]).join("; ") || "details differ"}` : describeFieldChange(key, b[key], a[key]));
  }
  if (!sameValue(b["eTag"], a["eTag"]) && b["eTag"] !== undefined) {
    // Both sellers of a multiparty offer write the same offer: the other side acting is expected.
    const otherSeller = fields.length === 0 && isMultiparty({ privateOfferType: a["privateOfferType"] as PrivateOfferInputs["privateOfferType"] });
    lines.push(
      otherSeller
        ? "eTag changed: the other seller of this multiparty offer wrote it (nothing this side owns differs)"
        : "eTag changed: the offer was written outside this stack" + (fields.length === 0 ? " (no managed field differs)" : ""),
    );
  }
  return lines;
}
