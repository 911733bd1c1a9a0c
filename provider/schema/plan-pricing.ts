// `PrivateOfferPlanPricing`: the absolute prices of one plan in a private offer, as the user writes
// them, and the complete price-and-availability-private-offer-plan document they turn into once
// merged with the plan's public template (lifecycle/plan-pricing.ts merges them).
import { z } from "zod";
import { offerPricingType, planId, productId, providerOptions, term, usd, type Term } from "./primitives";


const recurrentPriceItem = z.strictObject({
  /** The length of the subscription this price is for, e.g. `{ type: "year", value: 1 }`. */
  billingTerm: term,
  /** How often the customer pays within the term; defaults to once per billing term. */
  paymentOption: term.optional(),
  /** The price charged at each payment, in US dollars. */
  pricePerPaymentInUsd: usd,
});

const userLimits = z.strictObject({
  /** The fewest users the customer can buy. */
  min: z.int({ error: "must be a whole number of users" }).min(1, { error: "must be at least 1" }),
  /** The most users the customer can buy. */
  max: z.int({ error: "must be a whole number of users" }).min(1, { error: "must be at least 1" }),
});

const includedQuantity = z.strictObject({
  /** The billing term the included quantity applies to. */
  billingTerm: term,
  /** Units included per term at no extra charge; leave out when `isInfinite` is true. */
  quantity: z.number({ error: "must be a number" }).min(0, { error: "must not be negative" }).optional(),
  /** True when usage is unlimited for this term. */
  isInfinite: z.boolean({ error: "must be true or false" }).optional(),
});

const customMeter = z.strictObject({
  /** Price of one unit above the included quantity, in US dollars. */
  pricePerPaymentInUsd: usd.optional(),
  /** Units included in the recurrent price, per billing term. */
  includedQuantities: z.array(includedQuantity).optional(),
});

const vmPrice = z.strictObject({
  /** Number of VMs of this size reserved. */
  quantity: z.number({ error: "must be a number" }).positive({ error: "must be more than 0" }),
  /** Price of one VM of this size per payment period, in US dollars. */
  unitPricePerPaymentPeriodInUsd: usd,
});

/** Inputs of a `PrivateOfferPlanPricing` resource. */
export const planPricingInputs = z.strictObject({
  /** The product (offer) the plan belongs to: `product/<guid>`. */
  product: productId,
  /** The public plan whose prices are the template: `plan/<guid>` or `plan/<product guid>/<plan guid>`. */
  plan: planId,
  /**
   * How the offer that uses this document customises prices: `editExistingOfferPricingOnly`
   * (absolute price on an existing public plan, the default), `saasNewCustomizedPlans` (a new
   * private SaaS plan with its own prices, meter quantities and user limits),
   * `vmSoftwareReservations` (1- or 3-year VM software reservation) or `newCustomizedPlans`.
   */
  offerPricingType: offerPricingType.default("editExistingOfferPricingOnly"),
  /** Recurrent prices and custom meters. Anything left out keeps the public plan's value. */
  pricing: z
    .strictObject({
      /** The subscription price: flat rate, or per user between user limits. */
      recurrentPrice: z
        .strictObject({
          /** `flatRate` (one price) or `perUser` (price per user, within `userLimits`). */
          recurrentPriceMode: z.enum(["flatRate", "perUser"], { error: 'must be "flatRate" or "perUser"' }).optional(),
          /** For `perUser`: the fewest and most users the customer can buy. */
          userLimits: userLimits.optional(),
          /** One price per billing term and payment option; terms left out keep the public plan's price. */
          prices: z.array(recurrentPriceItem).optional(),
        })
        .optional(),
      /** Custom meters keyed by meter id: overage price and included quantities. */
      customMeters: z.record(z.string().min(1), customMeter).optional(),
    })
    .optional(),
  /** VM software reservation (only with `offerPricingType: "vmSoftwareReservations"`). */
  softwareReservation: z
    .strictObject({
      /** Reservation length: 1 or 3 years. */
      reservationDuration: term,
      /** How often the customer pays: monthly (`month`/1) or upfront (`year`/1). */
      paymentSchedule: term,
      /** Price and quantity per VM size, keyed by size such as `36Core`. */
      vmPrices: z.record(z.string().min(1), vmPrice),
    })
    .optional(),
  ...providerOptions,
});
export type PlanPricingInputs = z.output<typeof planPricingInputs>;
/** What a program writes (defaults not yet applied). */
export type PlanPricingArgs = z.input<typeof planPricingInputs>;

// The document as the API writes it. Read leniently: the service adds read-only fields of its own.
const apiRecurrentPriceItem = z.looseObject({
  billingTerm: term,
  paymentOption: term.optional(),
  pricePerPaymentInUsd: z.number(),
});
const apiIncludedQuantity = z.looseObject({
  billingTerm: term,
  quantity: z.number().optional(),
  isInfinite: z.boolean().optional(),
});
const apiMeter = z.looseObject({
  pricePerPaymentInUsd: z.number().optional(),
  includedQuantities: z.array(apiIncludedQuantity).optional(),
});
const apiVmPrice = z.looseObject({ quantity: z.number(), unitPricePerPaymentPeriodInUsd: z.number() });

/** A price-and-availability-private-offer-plan document (template or complete), as exchanged with the API. */
export const planPricingDocument = z.looseObject({
  $schema: z.string().optional(),
  resourceName: z.string().optional(),
  id: z.string().optional(),
  product: z.string(),
  plan: z.string(),
  offerPricingType: z.string().optional(),
  pricing: z
    .looseObject({
      recurrentPrice: z
        .looseObject({
          recurrentPriceMode: z.string().optional(),
          priceInputOption: z.string().optional(),
          userLimits: z.looseObject({ min: z.number(), max: z.number() }).optional(),
          prices: z.array(apiRecurrentPriceItem).optional(),
        })
        .optional(),
      customMeters: z
        .looseObject({ priceInputOption: z.string().optional(), meters: z.record(z.string(), apiMeter).optional() })
        .optional(),
    })
    .optional(),
  softwareReservation: z
    .looseObject({
      reservationDuration: term.optional(),
      paymentSchedule: term.optional(),
      vmPrices: z.record(z.string(), apiVmPrice).optional(),
    })
    .optional(),
});
export type PlanPricingDocumentIn = z.output<typeof planPricingDocument>;

/** The complete document a `PrivateOfferPlanPricing` outputs as `document`: plain JSON, no read-only fields. */
export interface PlanPricingDocument {
  $schema: string;
  product: string;
  plan: string;
  offerPricingType: string;
  pricing?: {
    recurrentPrice?: {
      recurrentPriceMode?: string;
      priceInputOption: string;
      userLimits?: { min: number; max: number };
      prices: { billingTerm: Term; paymentOption?: Term; pricePerPaymentInUsd: number }[];
    };
    customMeters?: {
      priceInputOption: string;
      meters: Record<string, { pricePerPaymentInUsd?: number; includedQuantities?: { billingTerm: Term; quantity?: number; isInfinite?: boolean }[] }>;
    };
  };
  softwareReservation?: {
    reservationDuration?: Term;
    paymentSchedule?: Term;
    vmPrices?: Record<string, { quantity: number; unitPricePerPaymentPeriodInUsd: number }>;
  };
}

/** `1 year paid monthly` style key identifying a recurrent price within a plan. */
export function priceKey(billingTerm: Term, paymentOption: Term | undefined): string {
  const paid = paymentOption ?? billingTerm;
  return `${termKey(billingTerm)}|${termKey(paid)}`;
}

export function termKey(t: Term): string {
  return `${t.value}-${t.type}`;
}
