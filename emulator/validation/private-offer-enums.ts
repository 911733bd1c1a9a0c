// The enumerations of the private-offer schemas, with the version that introduced each value.

import type { PrivateOfferVersion } from "./schema-ids";

export const PRIVATE_OFFER_TYPES = [
  "customerPromotion",
  "cspPromotion",
  "multipartyPromotionOriginator",
  "multipartyPromotionChannelPartner",
] as const;
export type PrivateOfferType = (typeof PRIVATE_OFFER_TYPES)[number];

export const STATES = ["draft", "live", "withdrawn", "deleted"] as const;
export type State = (typeof STATES)[number];

export const DISCOUNT_TYPES = ["percentage", "absolute"] as const;

const BASE_PRICING_TYPES = ["editExistingOfferPricingOnly", "saasNewCustomizedPlans", "vmSoftwareReservations"] as const;
/**
 * `newCustomizedPlans` (customized SaaS plans and professional services) first appears alongside the
 * 2024-09-30 -> 2026-02-01 change log; no changelog dates it, so both of those versions accept it.
 */
const LATER_PRICING_TYPES = [...BASE_PRICING_TYPES, "newCustomizedPlans"] as const;
export const ALL_PRICING_TYPES = LATER_PRICING_TYPES;
export type OfferPricingType = (typeof LATER_PRICING_TYPES)[number];

export function pricingTypesFor(version: string): readonly OfferPricingType[] {
  return version === "2023-07-15" ? BASE_PRICING_TYPES : LATER_PRICING_TYPES;
}

export const DEFAULT_PRICING_TYPE: OfferPricingType = "editExistingOfferPricingOnly";

/** Pricing types that build a new private plan from a public `basePlan`. */
export const NEW_PLAN_PRICING_TYPES: readonly OfferPricingType[] = [
  "saasNewCustomizedPlans",
  "newCustomizedPlans",
  "vmSoftwareReservations",
];

/** The first private-offer version carrying `customerContractRenewal`. */
export const CONTRACT_RENEWAL_SINCE: PrivateOfferVersion = "2026-02-01";
