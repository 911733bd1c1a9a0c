import * as pulumi from "@pulumi/pulumi";
import type { PlanPricingDocument, PrivateOfferPlanPricingArgs } from "./args";
import { planPricingShim } from "./shims";

export type { PrivateOfferPlanPricingArgs } from "./args";

/**
 * The absolute prices of one plan in a private offer: recurrent prices (flat rate or per user),
 * custom meters with included quantities, or VM software reservations. Create reads the plan's
 * public template (so a wrong product or plan fails early) and merges these prices into it; pass
 * `document` as `priceDetails` of a `PrivateOffer` pricing item. A change here updates every offer
 * that uses it.
 */
export class PrivateOfferPlanPricing extends pulumi.dynamic.Resource {
  /** The complete price-and-availability-private-offer-plan document; pass it as a pricing item's `priceDetails`. */
  declare readonly document: pulumi.Output<PlanPricingDocument>;

  constructor(name: string, args: PrivateOfferPlanPricingArgs, opts?: pulumi.CustomResourceOptions) {
    super(planPricingShim, name, { document: undefined, ...args }, opts, "partnercenter", "PrivateOfferPlanPricing");
  }
}
