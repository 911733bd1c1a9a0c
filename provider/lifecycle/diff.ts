// The engine's diff (old outputs against new inputs) and, beside it, what the change does to the
// live offer and its customer in words a reviewer can trust in a preview.
import { containsUnknown, isUnknown } from "../schema/unknowns";
import type { PlanPricingInputs, PlanPricingDocument } from "../schema/plan-pricing";
import type { PrivateOfferInputs } from "../schema/private-offer";
import { compareInputs, sameValue, stateSatisfies } from "./compare";
import { acceptedRefusal, isAccepted } from "./plan";
import { describePlanPrices, describePricingChanges } from "./prices";
import { isMultiparty } from "./ownership";
import { STATUS_KEYS } from "./outputs";

export interface OfferDiff {
  /** Whether anything changes (what the engine's DiffResponse calls `changes`). */
  changes: boolean;
  /** Properties whose change needs a new offer. */
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Properties that do not change. */
  stables: string[];
  /** Set when the change must not happen (an accepted offer): the dynamic provider fails the diff with it. */
  refusal?: string;
  /** One line per effect on the offer and its customer, for the preview. */
  summary: string[];
}

type Loose = Record<string, unknown>;

function withoutProviderKey(value: Loose): Loose {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "__provider"));
}

export function diffPrivateOffer(oldOutputs: Loose, newInputs: PrivateOfferInputs): OfferDiff {
  const olds = withoutProviderKey(oldOutputs);
  const news = withoutProviderKey(newInputs as unknown as Loose);
  const comparison = compareInputs(olds, news);
  const name = typeof olds["name"] === "string" ? olds["name"] : String(olds["offerId"] ?? "offer");
  const actual = typeof olds["state"] === "string" ? olds["state"].toLowerCase() : "unknown";
  const desired = news["state"];
  const stables = Object.keys(news).filter(
    (k) => !comparison.fields.includes(k) && !comparison.options.includes(k) && !comparison.replacing.includes(k) && k !== "state",
  );
  const fieldsChanged = comparison.fields.length > 0;

  const replaces: string[] = [...comparison.replacing];
  const wantsHidden = desired === "draft" || desired === "withdrawn";
  if (replaces.length === 0 && fieldsChanged && news["privateOfferType"] !== "multipartyPromotionChannelPartner") {
    if (actual === "deleted" || (wantsHidden && !isUnknown(desired))) replaces.push(...comparison.fields);
  }
  const changes = fieldsChanged || comparison.options.length > 0 || comparison.state || replaces.length > 0;
  const base = { changes, replaces, deleteBeforeReplace: replaces.length > 0, stables };
  if (!changes) return { ...base, summary: [] };

  if (isAccepted(olds) && (fieldsChanged || comparison.state || replaces.length > 0)) {
    const refusal = acceptedRefusal(name, "changed");
    return { ...base, refusal, summary: [refusal] };
  }

  const summary: string[] = [];
  const quoted = `"${name}"`;
  if (replaces.length > 0) {
    const what = actual === "live" ? "the live offer (customers lose it until the new one is live)" : `the ${actual} offer`;
    summary.push(`replaces ${what} ${quoted}: a new offer is created and the old one deleted (${replaces.join(", ")} changed)`);
    if (comparison.replacing.includes("account")) {
      summary.push("an offer stays with the publisher account that created it: the new one is created under the new account");
    }
  } else if (isUnknown(desired)) {
    summary.push(`the desired state of ${quoted} is known after apply`);
  } else if (desired === "live" && actual === "live" && fieldsChanged) {
    summary.push(`withdraws the live offer ${quoted}: customers cannot see it until it is live again`);
    summary.push(`publishes ${quoted} again with the changes`);
  } else if (desired === "live" && actual === "draft") {
    summary.push(`publishes the draft ${quoted}: the customer can see and accept it`);
  } else if (desired === "live" && actual === "withdrawn") {
    summary.push(`publishes the withdrawn offer ${quoted} again: the customer can see and accept it`);
  } else if (wantsHidden && actual === "live") {
    summary.push(`withdraws the live offer ${quoted}: customers cannot see it until it is live again`);
  } else if (!fieldsChanged && comparison.options.length > 0 && stateSatisfies(actual, desired)) {
    summary.push(`changes provider options only (${comparison.options.join(", ")}); the offer is not touched`);
  }
  for (const key of comparison.fields) {
    // Inferred from the pricing: "known after apply" for both says nothing more.
    if (key === "offerPricingType" && isUnknown(news[key]) && containsUnknown(news["pricing"])) continue;
    if (key === "pricing") summary.push(...describePricingChanges(olds["pricing"], news["pricing"]));
    else summary.push(describeFieldChange(key, olds[key], news[key]));
  }
  return { ...base, summary };
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

/** The outputs of a PrivateOfferPlanPricing: its inputs and the complete document. */
export type PlanPricingOutputs = PlanPricingInputs & { document: PlanPricingDocument };

const PLAN_PRICING_IDENTITY = ["product", "plan", "offerPricingType"] as const;

export function diffPlanPricing(oldOutputs: Loose, newInputs: PlanPricingInputs): OfferDiff {
  const olds = withoutProviderKey(oldOutputs);
  const news = withoutProviderKey(newInputs as unknown as Loose);
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => k !== "document").sort();
  const changed = keys.filter((k) => containsUnknown(news[k]) || !sameValue(olds[k], news[k]));
  const replaces = changed.filter((k) => (PLAN_PRICING_IDENTITY as readonly string[]).includes(k));
  const stables = Object.keys(news).filter((k) => !changed.includes(k));
  const summary: string[] = [];
  const label = `${String(news["product"])} ${String(news["plan"])}`;
  if (replaces.length > 0) summary.push(`replaces the price document of ${label} (${replaces.join(", ")} changed)`);
  if (changed.includes("pricing") || changed.includes("softwareReservation")) {
    // The new document needs the template; compare what the user wrote, on top of the old document.
    const before = describePlanPrices(olds["document"]);
    const after = describePlanPrices(overlay(olds["document"], news));
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      if (before.get(key) !== after.get(key)) summary.push(`${label} ${key}: ${before.get(key) ?? "none"} -> ${after.get(key) ?? "none"}`);
    }
    summary.push("every PrivateOffer that uses this document is updated (a live offer is withdrawn and published again)");
  }
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false, stables, summary };
}

/** The old document with the new inputs' prices laid over it, for the preview only. */
function overlay(document: unknown, news: Loose): unknown {
  const doc = (document !== null && typeof document === "object" ? document : {}) as Loose;
  const pricing = (news["pricing"] ?? {}) as Loose;
  const recurrent = (pricing["recurrentPrice"] ?? {}) as Loose;
  const oldPricing = (doc["pricing"] ?? {}) as Loose;
  const oldRecurrent = (oldPricing["recurrentPrice"] ?? {}) as Loose;
  const key = (p: Loose) => JSON.stringify([p["billingTerm"], p["paymentOption"] ?? p["billingTerm"]]);
  const prices = new Map<string, unknown>();
  for (const p of (oldRecurrent["prices"] ?? []) as Loose[]) prices.set(key(p), p);
  for (const p of (recurrent["prices"] ?? []) as Loose[]) prices.set(key(p), p);
  const meters = { ...(((oldPricing["customMeters"] ?? {}) as Loose)["meters"] as Loose | undefined), ...((pricing["customMeters"] ?? {}) as Loose) };
  const reservation = { ...((doc["softwareReservation"] ?? {}) as Loose), ...((news["softwareReservation"] ?? {}) as Loose) };
  return {
    ...doc,
    pricing: {
      recurrentPrice: { ...oldRecurrent, ...recurrent, prices: [...prices.values()] },
      customMeters: { meters },
    },
    softwareReservation: reservation,
  };
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
