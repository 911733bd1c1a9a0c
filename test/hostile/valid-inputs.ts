// Inputs that pass check, one per offer type and pricing kind: the hostile generator breaks exactly
// one thing in a fresh copy of one of these, so each generated case has one known culprit.
import { future } from "../support/dates";

export const PRODUCT = "product/34771906-9711-4196-9f60-4af380fd5042";
export const PLAN = "plan/34771906-9711-4196-9f60-4af380fd5042/b8d2f1e3-2345-4a67-9bac-000000123456";
export const OTHER_PLAN = "plan/34771906-9711-4196-9f60-4af380fd5042/b8d2f1e3-2345-4a67-9bac-000000987654";
export const BILLING_ACCOUNT = "0f3a9e2c-5b7d-4c1e-8a6f-2d4b6c8e0a1f:0f3a9e2c-5b7d-4c1e-8a6f-2d4b6c8e0a1f_2024-01-31";
export const CSP_TENANT = "a4c8e2f6-1b3d-4f5a-9c7e-0b2d4f6a8c1e";

export type Inputs = Record<string, unknown>;

export type OfferKind = "customerPromotion" | "cspPromotion" | "multipartyPromotionOriginator" | "multipartyPromotionChannelPartner";

const percentageItem = (plan = PLAN, discountPercentage = 7.5): Inputs => ({
  product: PRODUCT,
  plan,
  discountType: "percentage",
  discountPercentage,
});

export function validPlanPricing(): Inputs {
  return {
    product: PRODUCT,
    plan: PLAN,
    offerPricingType: "saasNewCustomizedPlans",
    pricing: {
      recurrentPrice: {
        recurrentPriceMode: "perUser",
        userLimits: { min: 5, max: 250 },
        prices: [
          { billingTerm: { type: "month", value: 1 }, paymentOption: { type: "month", value: 1 }, pricePerPaymentInUsd: 12 },
          { billingTerm: { type: "year", value: 1 }, paymentOption: { type: "month", value: 1 }, pricePerPaymentInUsd: 11 },
        ],
      },
      customMeters: {
        "api-calls": {
          pricePerPaymentInUsd: 0.01,
          includedQuantities: [{ billingTerm: { type: "month", value: 1 }, quantity: 1000 }],
        },
      },
    },
  };
}

export function validVmReservation(): Inputs {
  return {
    product: PRODUCT,
    plan: PLAN,
    offerPricingType: "vmSoftwareReservations",
    softwareReservation: {
      reservationDuration: { type: "year", value: 1 },
      paymentSchedule: { type: "month", value: 1 },
      vmPrices: { "8Core": { quantity: 4, unitPricePerPaymentPeriodInUsd: 120 } },
    },
  };
}

/** The complete document a PrivateOfferPlanPricing resource would output, for absolute pricing items. */
function planPricingDocument(): Inputs {
  const { pricing, ...rest } = validPlanPricing() as { pricing: { recurrentPrice: Inputs } } & Inputs;
  return {
    $schema: "https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2025-06-01",
    ...rest,
    pricing: { recurrentPrice: { ...pricing.recurrentPrice, priceInputOption: "usd" } },
  };
}

export function validOffer(kind: OfferKind): Inputs {
  switch (kind) {
    case "customerPromotion":
      return {
        privateOfferType: "customerPromotion",
        name: "Northwind annual discount",
        state: "live",
        variableStartDate: true,
        end: future("06-30", 1),
        acceptBy: future("12-31"),
        preparedBy: "dana@publisher.example",
        notificationContacts: ["deals@publisher.example"],
        beneficiaries: [{ id: BILLING_ACCOUNT, description: "Northwind" }],
        pricing: [percentageItem()],
        notes: "renewal",
      };
    case "cspPromotion":
      return {
        privateOfferType: "cspPromotion",
        name: "Reseller margin FY27",
        state: "live",
        start: future("01-01", 1),
        end: future("12-31", 1),
        beneficiaries: [{ id: CSP_TENANT, description: "Reseller", recipients: ["b5d9f3a7-2c4e-4a6b-8d0f-1c3e5a7b9d2f"] }],
        pricing: [{ product: PRODUCT, discountType: "percentage", discountPercentage: 10 }],
      };
    case "multipartyPromotionOriginator":
      return {
        privateOfferType: "multipartyPromotionOriginator",
        name: "Through our channel partner",
        state: "live",
        end: future("06-30", 1),
        acceptBy: future("12-31"),
        beneficiaries: [{ id: BILLING_ACCOUNT, description: "Northwind" }],
        partner: { id: "2000002", name: "Fabrikam Channel" },
        termsAndConditionsDocs: [
          { sasUrl: "https://terms.blob.example/terms.pdf?sv=2024&sig=abc", fileName: "Terms.pdf", customerFacingDocumentName: "Terms" },
        ],
        pricing: [
          {
            product: PRODUCT,
            basePlan: PLAN,
            discountType: "absolute",
            priceDetails: planPricingDocument(),
            newPlanDetails: { name: "Northwind seats", description: "Seats for Northwind" },
          },
        ],
      };
    case "multipartyPromotionChannelPartner":
      return {
        privateOfferType: "multipartyPromotionChannelPartner",
        offerId: "private-offer/6c1e3a5b-7d9f-4b2d-8e0a-3c5e7a9b1d4f",
        state: "live",
        preparedBy: "sam@channel.example",
        markups: [{ product: PRODUCT, plan: PLAN, markupPercentage: 3.25 }],
      };
  }
}

export const OFFER_KINDS: readonly OfferKind[] = [
  "customerPromotion",
  "cspPromotion",
  "multipartyPromotionOriginator",
  "multipartyPromotionChannelPartner",
];

export { percentageItem };
