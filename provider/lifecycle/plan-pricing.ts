// The complete price document of a \`PrivateOfferPlanPricing\`: the user's prices merged into the
// plan's public template from the API (prices the user leaves out keep the template's).
import { PLAN_PRICING_SCHEMA } from "../schema/api/versions";
import { priceKey, termKey, type PlanPricingDocument, type PlanPricingDocumentIn, type PlanPricingInputs } from "../schema/plan-pricing";
import type { Term } from "../schema/primitives";
import { containsUnknown } from "../schema/unknowns";
import { sameValue } from "./compare";
import type { ResourceDiff } from "./diff";
import { describePlanPrices } from "./prices";

type Loose = Record<string, unknown>;

function copyTerm(t: Term): Term {
  return { type: t.type, value: t.value };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Merges the user's prices into the plan's template from the API. Every price, meter and VM size the
 * user gives replaces the template's entry with the same key (billing term + payment option, meter
 * id, VM size); entries the template lacks are added; everything else keeps the template's value.
 * The result carries no read-only or request-scoped field (`id`, `resourceName`, `validations`...).
 */
export function mergePlanPricing(inputs: PlanPricingInputs, template: PlanPricingDocumentIn): PlanPricingDocument {
  const document: PlanPricingDocument = {
    $schema: PLAN_PRICING_SCHEMA,
    product: inputs.product,
    plan: inputs.plan,
    offerPricingType: inputs.offerPricingType,
  };
  const recurrentPrice = mergeRecurrentPrice(inputs, template);
  const customMeters = mergeCustomMeters(inputs, template);
  if (recurrentPrice || customMeters) document.pricing = defined({ recurrentPrice, customMeters });
  const softwareReservation = mergeSoftwareReservation(inputs, template);
  if (softwareReservation) document.softwareReservation = softwareReservation;
  return document;
}

type RecurrentPrice = NonNullable<NonNullable<PlanPricingDocument["pricing"]>["recurrentPrice"]>;
type CustomMeters = NonNullable<NonNullable<PlanPricingDocument["pricing"]>["customMeters"]>;
type SoftwareReservation = NonNullable<PlanPricingDocument["softwareReservation"]>;

function mergeRecurrentPrice(inputs: PlanPricingInputs, template: PlanPricingDocumentIn): RecurrentPrice | undefined {
  const fromTemplate = template.pricing?.recurrentPrice;
  const wanted = inputs.pricing?.recurrentPrice;
  if (!fromTemplate && !wanted) return undefined;
  const prices = new Map<string, RecurrentPrice["prices"][number]>();
  for (const p of fromTemplate?.prices ?? []) {
    prices.set(priceKey(p.billingTerm, p.paymentOption), priceItem(p.billingTerm, p.paymentOption, p.pricePerPaymentInUsd));
  }
  for (const p of wanted?.prices ?? []) {
    prices.set(priceKey(p.billingTerm, p.paymentOption), priceItem(p.billingTerm, p.paymentOption, p.pricePerPaymentInUsd));
  }
  const mode = wanted?.recurrentPriceMode ?? fromTemplate?.recurrentPriceMode;
  const limits = mode === "flatRate" ? undefined : (wanted?.userLimits ?? fromTemplate?.userLimits);
  return defined({
    recurrentPriceMode: mode,
    priceInputOption: fromTemplate?.priceInputOption ?? "usd",
    userLimits: limits ? { min: limits.min, max: limits.max } : undefined,
    prices: [...prices.values()],
  });
}

function priceItem(billingTerm: Term, paymentOption: Term | undefined, price: number): RecurrentPrice["prices"][number] {
  return defined({
    billingTerm: copyTerm(billingTerm),
    paymentOption: paymentOption ? copyTerm(paymentOption) : undefined,
    pricePerPaymentInUsd: price,
  });
}

function mergeCustomMeters(inputs: PlanPricingInputs, template: PlanPricingDocumentIn): CustomMeters | undefined {
  const fromTemplate = template.pricing?.customMeters;
  const wanted = inputs.pricing?.customMeters;
  if (!fromTemplate?.meters && !wanted) return undefined;
  const meters: CustomMeters["meters"] = {};
  const ids = new Set([...Object.keys(fromTemplate?.meters ?? {}), ...Object.keys(wanted ?? {})]);
  for (const id of ids) {
    const base = fromTemplate?.meters?.[id];
    const change = wanted?.[id];
    const quantities = new Map<string, { billingTerm: Term; quantity?: number; isInfinite?: boolean }>();
    for (const q of [...(base?.includedQuantities ?? []), ...(change?.includedQuantities ?? [])]) {
      const infinite = q.isInfinite ?? false;
      quantities.set(
        termKey(q.billingTerm),
        defined({ billingTerm: copyTerm(q.billingTerm), quantity: infinite ? undefined : q.quantity, isInfinite: infinite }),
      );
    }
    meters[id] = defined({
      pricePerPaymentInUsd: change?.pricePerPaymentInUsd ?? base?.pricePerPaymentInUsd,
      includedQuantities: quantities.size > 0 ? [...quantities.values()] : undefined,
    });
  }
  return { priceInputOption: fromTemplate?.priceInputOption ?? "usd", meters };
}

function mergeSoftwareReservation(inputs: PlanPricingInputs, template: PlanPricingDocumentIn): SoftwareReservation | undefined {
  const fromTemplate = template.softwareReservation;
  const wanted = inputs.softwareReservation;
  if (!fromTemplate && !wanted) return undefined;
  const vmPrices: NonNullable<SoftwareReservation["vmPrices"]> = {};
  for (const [size, p] of Object.entries({ ...(fromTemplate?.vmPrices ?? {}), ...(wanted?.vmPrices ?? {}) })) {
    vmPrices[size] = { quantity: p.quantity, unitPricePerPaymentPeriodInUsd: p.unitPricePerPaymentPeriodInUsd };
  }
  const duration = wanted?.reservationDuration ?? fromTemplate?.reservationDuration;
  const schedule = wanted?.paymentSchedule ?? fromTemplate?.paymentSchedule;
  return defined({
    reservationDuration: duration ? copyTerm(duration) : undefined,
    paymentSchedule: schedule ? copyTerm(schedule) : undefined,
    vmPrices,
  });
}

/** The outputs of a PrivateOfferPlanPricing: its inputs and the complete document. */
export type PlanPricingOutputs = PlanPricingInputs & { document: PlanPricingDocument };

const PLAN_PRICING_IDENTITY = ["product", "plan", "offerPricingType"] as const;

/**
 * The preview of a change of prices: the identity of the document replaces it; a price change is said
 * per plan and term, on top of the old document (the new one needs the template, read only on apply).
 */
export function diffPlanPricing(oldOutputs: Loose, newInputs: Loose): ResourceDiff {
  const { __provider: _old, ...olds } = oldOutputs;
  const { __provider: _new, ...news } = newInputs;
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
