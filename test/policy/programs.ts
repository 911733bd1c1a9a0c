// The program the policy-pack suite previews: one customer offer and one plan's absolute prices,
// shaped by stack config (namespace `guard:`), so that each case changes one value the way a user
// changes their program.
import * as pulumi from "@pulumi/pulumi";
import { PrivateOffer, PrivateOfferPlanPricing } from "../../provider";
import { ANALYTICS, ANALYTICS_STANDARD } from "../cli/programs/offers";

export { ANALYTICS_STANDARD };

/**
 * `guard:name`, `guard:discount`, `guard:end`, `guard:acceptBy`, `guard:preparedBy`, `guard:state`
 * shape the offer `contoso`; `guard:monthlyPrice` is the per-user monthly price of the plan pricing
 * `seats` (left out when `guard:noPlanPricing` is true).
 */
export function guardedOffer(): Record<string, unknown> {
  const config = new pulumi.Config("guard");
  const preparedBy = config.get("preparedBy");
  const offer = new PrivateOffer("contoso", {
    privateOfferType: "customerPromotion",
    name: config.require("name"),
    state: (config.get("state") ?? "live") as "live" | "draft" | "withdrawn",
    variableStartDate: true,
    end: config.require("end"),
    acceptBy: config.require("acceptBy"),
    ...(preparedBy ? { preparedBy } : {}),
    beneficiaries: [{ id: "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31", description: "Contoso Ltd" }],
    pricing: [{ product: ANALYTICS, plan: ANALYTICS_STANDARD, discountType: "percentage", discountPercentage: config.requireNumber("discount") }],
  });
  if (!config.getBoolean("noPlanPricing")) {
    new PrivateOfferPlanPricing("seats", {
      product: ANALYTICS,
      plan: ANALYTICS_STANDARD,
      offerPricingType: "saasNewCustomizedPlans",
      pricing: {
        recurrentPrice: {
          recurrentPriceMode: "perUser",
          userLimits: { min: 10, max: 100 },
          prices: [{ billingTerm: { type: "year", value: 1 }, paymentOption: { type: "month", value: 1 }, pricePerPaymentInUsd: config.requireNumber("monthlyPrice") }],
        },
      },
    });
  }
  return { offerId: offer.offerId, state: offer.state };
}
