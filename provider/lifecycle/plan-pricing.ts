// The complete price document of a \`PrivateOfferPlanPricing\`: the user's prices merged into the
// plan's public template from the API (prices the user leaves out keep the template's).
import type { PlanPricingDocument, PlanPricingDocumentIn, PlanPricingInputs } from "../schema/plan-pricing";
import { PLAN_PRICING_SCHEMA } from "../schema/api/versions";
import { priceKey, termKey } from "../schema/plan-pricing";
import type { Term } from "../schema/primitives";

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
