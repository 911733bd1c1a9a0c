// Inputs of each documented kind of offer, as a program would write them.
import assert from "node:assert/strict";
import { checkPrivateOffer, type CheckOptions } from "../../../provider/schema/check";
import type { PlanPricingDocument } from "../../../provider/schema/plan-pricing";
import type { PrivateOfferInputs } from "../../../provider/schema/private-offer";
import { future } from "../../support/dates";

/** The inputs after `check`, as the provider receives them; a test fails on any check failure. */
export function checked(news: Record<string, unknown>, options: CheckOptions = {}): PrivateOfferInputs {
  const result = checkPrivateOffer(news, options);
  if (!result.ok) assert.fail(JSON.stringify(result.failures));
  return result.inputs;
}

export const PRODUCT = "product/34771906-9711-4196-9f60-4af380fd5042";
export const PLAN = "plan/34771906-9711-4196-9f60-4af380fd5042/123456";
export const BILLING_ACCOUNT = "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31";

export const saasDocument: PlanPricingDocument = {
  $schema: "https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2025-06-01",
  product: PRODUCT,
  plan: PLAN,
  offerPricingType: "saasNewCustomizedPlans",
  pricing: {
    recurrentPrice: {
      recurrentPriceMode: "perUser",
      priceInputOption: "usd",
      userLimits: { min: 20, max: 100 },
      prices: [{ billingTerm: { type: "month", value: 1 }, paymentOption: { type: "month", value: 1 }, pricePerPaymentInUsd: 10 }],
    },
  },
};

export function customerPercentage(): Record<string, unknown> {
  return {
    privateOfferType: "customerPromotion",
    name: "Contoso FY27",
    variableStartDate: true,
    end: future("06-30", 1),
    acceptBy: future("12-31"),
    preparedBy: "amy@contoso.com",
    beneficiaries: [{ id: BILLING_ACCOUNT, description: "Contoso" }],
    pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 5 }],
  };
}

export function customerSaas(): Record<string, unknown> {
  return {
    ...customerPercentage(),
    name: "Contoso seats",
    pricing: [
      {
        product: PRODUCT,
        basePlan: PLAN,
        discountType: "absolute",
        priceDetails: saasDocument,
        newPlanDetails: { name: "Contoso seats", description: "Seats for Contoso" },
      },
    ],
  };
}

export function cspMargin(): Record<string, unknown> {
  return {
    privateOfferType: "cspPromotion",
    name: "Reseller margin",
    start: future("01-01", 1),
    end: future("12-31", 1),
    beneficiaries: [{ id: "6ea018a9-0a32-4b44-b904-39dd964dd790", description: "Top CSP", recipients: ["a0c2b2e5-48b4-af80-66333cd9c609"] }],
    pricing: [{ product: PRODUCT, discountType: "percentage", discountPercentage: 10 }],
  };
}

export function originator(): Record<string, unknown> {
  return {
    privateOfferType: "multipartyPromotionOriginator",
    name: "Fabrikam via partner",
    end: future("06-30", 1),
    acceptBy: future("12-31"),
    beneficiaries: [{ id: BILLING_ACCOUNT, description: "Fabrikam" }],
    partner: { id: "12345678", name: "Market Place Test" },
    termsAndConditionsDocs: [{ sasUrl: "https://example.blob.core.windows.net/terms.pdf?sig=secret", fileName: "Terms.pdf", customerFacingDocumentName: "Terms" }],
    pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 5 }],
    notes: "Q3 deal",
  };
}

export function channelPartner(): Record<string, unknown> {
  return {
    privateOfferType: "multipartyPromotionChannelPartner",
    offerId: "private-offer/1b7b4e4c-0f55-4b6e-9a57-1c9a7d2f3e11",
    preparedBy: "sam@partner.example",
    markups: [{ product: PRODUCT, plan: PLAN, markupPercentage: 2.5 }],
  };
}
