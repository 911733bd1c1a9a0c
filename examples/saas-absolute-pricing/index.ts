// An absolute price for one customer: a new private plan based on the public Team plan, $9 per user
// per month (and $99 per user per year) for 20 to 200 users. Meters and terms not given keep the
// public plan's values. Changing a price here updates the offer (a live offer is withdrawn and
// published again; the preview says so).
import { PrivateOffer, PrivateOfferPlanPricing } from "pulumi-partnercenter-private-offers";

// Dates in the year after the current one, so that the example runs in any year; your own program
// writes its offer's dates.
const nextYear = new Date().getUTCFullYear() + 1;

const product = "product/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62";
const teamPlan = "plan/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62/7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d51";
const month = { type: "month" as const, value: 1 };
const year = { type: "year" as const, value: 1 };

export const seats = new PrivateOfferPlanPricing("woodgrove-seats", {
  product,
  plan: teamPlan,
  offerPricingType: "saasNewCustomizedPlans",
  pricing: {
    recurrentPrice: {
      recurrentPriceMode: "perUser",
      userLimits: { min: 20, max: 200 },
      prices: [
        { billingTerm: month, paymentOption: month, pricePerPaymentInUsd: 9 },
        { billingTerm: year, paymentOption: year, pricePerPaymentInUsd: 99 },
      ],
    },
  },
});

export const offer = new PrivateOffer("woodgrove-seats", {
  privateOfferType: "customerPromotion",
  name: "Woodgrove collaboration seats",
  variableStartDate: true,
  end: `${nextYear}-12-31`,
  acceptBy: `${nextYear}-03-31`,
  beneficiaries: [{ id: "0c4d5e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f:0c4d5e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f_2021-02-01", description: "Woodgrove Bank" }],
  pricing: seats.document.apply((document) => [
    {
      product,
      basePlan: teamPlan,
      discountType: "absolute" as const,
      priceDetails: { ...document },
      newPlanDetails: { name: "Woodgrove seats", description: "Collaborate Team for Woodgrove Bank, 20 to 200 users" },
    },
  ]),
});

export const offerId = offer.offerId;
