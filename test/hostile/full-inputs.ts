// Inputs that hold every field of their resource kind somewhere, so that the wrong-type suite can
// give each one a wrong value: most pass check as they are; a few carry fields that only the
// schema, not the business rules, allows on that kind (an absolute price with a base plan on a CSP
// margin), and say so.
import type { PrivateOfferType } from "../../provider/schema/offer-fields";
import { future } from "../support/dates";
import { BILLING_ACCOUNT, CSP_TENANT, OTHER_PLAN, PLAN, PRODUCT, type Inputs } from "./valid-inputs";

export interface FullInputs {
  label: string;
  inputs: Inputs;
  /** False: the schema accepts these inputs but a business rule refuses them. */
  valid: boolean;
}

/** A price document with every field the API's document has (as a PrivateOfferPlanPricing outputs it, and more). */
function fullDocument(offerPricingType: string, plan = PLAN): Inputs {
  return {
    $schema: "https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2025-06-01",
    resourceName: "prices-1",
    id: "price-and-availability-private-offer-plan/x/1",
    product: PRODUCT,
    plan,
    offerPricingType,
    pricing: {
      recurrentPrice: {
        recurrentPriceMode: "perUser",
        priceInputOption: "usd",
        userLimits: { min: 5, max: 250 },
        prices: [{ billingTerm: { type: "month", value: 1 }, paymentOption: { type: "month", value: 1 }, pricePerPaymentInUsd: 12 }],
      },
      customMeters: {
        priceInputOption: "usd",
        meters: {
          "api-calls": {
            pricePerPaymentInUsd: 0.01,
            includedQuantities: [{ billingTerm: { type: "month", value: 1 }, quantity: 1000, isInfinite: false }],
          },
        },
      },
    },
    softwareReservation: {
      reservationDuration: { type: "year", value: 1 },
      paymentSchedule: { type: "month", value: 1 },
      vmPrices: { "8Core": { quantity: 4, unitPricePerPaymentPeriodInUsd: 120 } },
    },
  };
}

const options = { pollIntervalSeconds: 30, jobTimeoutMinutes: 20, account: "seller" };
const percentage = { product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 7.5 };
const terms = [{ sasUrl: "https://terms.blob.example/terms.pdf?sv=2024&sig=abc", fileName: "Terms.pdf", customerFacingDocumentName: "Terms" }];
const newPlan = { name: "Northwind seats", description: "Seats for Northwind" };

const customerCommon = {
  privateOfferType: "customerPromotion",
  name: "Northwind full",
  state: "live",
  variableStartDate: false,
  start: future("01-01", 1),
  end: future("12-31", 1),
  acceptBy: future("12-31"),
  preparedBy: "dana@publisher.example",
  notificationContacts: ["deals@publisher.example"],
  beneficiaries: [{ id: BILLING_ACCOUNT, description: "Northwind", recipients: ["billing-group-1"] }],
  customerContractRenewal: false,
  notes: "renewal",
  upgradedFrom: { id: "private-offer/6c1e3a5b-7d9f-4b2d-8e0a-3c5e7a9b1d4f", name: "Northwind FY26" },
  adoptExistingId: "private-offer/7d2f4b6c-8e0a-4c3e-9f1b-4d6f8b0c2e5a",
  ...options,
};

export const FULL_INPUTS: Record<PrivateOfferType | "PrivateOfferPlanPricing", FullInputs[]> = {
  customerPromotion: [
    {
      label: "a customer offer with a percentage discount and every optional field",
      valid: true,
      inputs: {
        ...customerCommon,
        offerPricingType: "editExistingOfferPricingOnly",
        termsAndConditionsDocSasUrl: "https://terms.blob.example/terms.pdf?sv=2024&sig=abc",
        pricing: [percentage],
      },
    },
    {
      label: "a customer offer with a new private plan priced by a full document",
      valid: true,
      inputs: {
        ...customerCommon,
        offerPricingType: "saasNewCustomizedPlans",
        pricing: [{ product: PRODUCT, basePlan: PLAN, discountType: "absolute", priceDetails: fullDocument("saasNewCustomizedPlans"), newPlanDetails: newPlan }],
      },
    },
  ],
  cspPromotion: [
    {
      label: "a CSP margin on a plan, restricted to named customers, with every optional field",
      valid: true,
      inputs: {
        privateOfferType: "cspPromotion",
        name: "Reseller margin full",
        state: "live",
        offerPricingType: "editExistingOfferPricingOnly",
        variableStartDate: false,
        start: future("01-01", 1),
        end: future("12-31", 1),
        preparedBy: "dana@publisher.example",
        notificationContacts: ["deals@publisher.example"],
        beneficiaries: [{ id: CSP_TENANT, description: "Reseller", recipients: ["b5d9f3a7-2c4e-4a6b-8d0f-1c3e5a7b9d2f"] }],
        pricing: [percentage],
        upgradedFrom: { id: "private-offer/6c1e3a5b-7d9f-4b2d-8e0a-3c5e7a9b1d4f", name: "Reseller margin FY26" },
        adoptExistingId: "private-offer/7d2f4b6c-8e0a-4c3e-9f1b-4d6f8b0c2e5a",
        ...options,
      },
    },
    {
      label: "a CSP margin with an absolute price, a base plan and new plan details (the schema allows them; the rules do not)",
      valid: false,
      inputs: {
        privateOfferType: "cspPromotion",
        name: "Reseller margin absolute",
        state: "live",
        start: future("01-01", 1),
        end: future("12-31", 1),
        beneficiaries: [{ id: CSP_TENANT, description: "Reseller" }],
        pricing: [{ product: PRODUCT, plan: PLAN, basePlan: OTHER_PLAN, discountType: "absolute", priceDetails: fullDocument("editExistingOfferPricingOnly"), newPlanDetails: newPlan }],
      },
    },
  ],
  multipartyPromotionOriginator: [
    {
      label: "a multiparty offer with a percentage discount and every optional field",
      valid: true,
      inputs: {
        privateOfferType: "multipartyPromotionOriginator",
        name: "Through our channel partner, full",
        state: "live",
        offerPricingType: "editExistingOfferPricingOnly",
        variableStartDate: false,
        start: future("01-01", 1),
        end: future("12-31", 1),
        acceptBy: future("12-31"),
        notificationContacts: ["deals@publisher.example"],
        beneficiaries: [{ id: BILLING_ACCOUNT, description: "Northwind", recipients: ["billing-group-1"] }],
        partner: { id: "2000002", name: "Fabrikam Channel", location: "United States" },
        termsAndConditionsDocs: terms,
        customerContractRenewal: true,
        notes: "via channel",
        pricing: [percentage],
        adoptExistingId: "private-offer/7d2f4b6c-8e0a-4c3e-9f1b-4d6f8b0c2e5a",
        ...options,
      },
    },
    {
      label: "a multiparty offer with a new private plan priced by a full document",
      valid: true,
      inputs: {
        privateOfferType: "multipartyPromotionOriginator",
        name: "Through our channel partner, absolute",
        state: "live",
        end: future("12-31", 1),
        acceptBy: future("12-31"),
        beneficiaries: [{ id: BILLING_ACCOUNT, description: "Northwind" }],
        partner: { id: "2000002", name: "Fabrikam Channel" },
        pricing: [{ product: PRODUCT, basePlan: PLAN, discountType: "absolute", priceDetails: fullDocument("saasNewCustomizedPlans"), newPlanDetails: newPlan }],
      },
    },
  ],
  multipartyPromotionChannelPartner: [
    {
      label: "a channel partner's completion with every optional field",
      valid: true,
      inputs: {
        privateOfferType: "multipartyPromotionChannelPartner",
        offerId: "private-offer/6c1e3a5b-7d9f-4b2d-8e0a-3c5e7a9b1d4f",
        state: "live",
        preparedBy: "sam@channel.example",
        markups: [{ product: PRODUCT, plan: PLAN, markupPercentage: 3.25 }],
        termsAndConditionsDocs: terms,
        notificationContacts: ["sam@channel.example"],
        notes: "partner notes",
        ...options,
      },
    },
  ],
  PrivateOfferPlanPricing: [
    {
      label: "SaaS per-user prices with meters",
      valid: true,
      inputs: {
        product: PRODUCT,
        plan: PLAN,
        offerPricingType: "saasNewCustomizedPlans",
        pricing: {
          recurrentPrice: {
            recurrentPriceMode: "perUser",
            userLimits: { min: 5, max: 250 },
            prices: [{ billingTerm: { type: "month", value: 1 }, paymentOption: { type: "month", value: 1 }, pricePerPaymentInUsd: 12 }],
          },
          customMeters: {
            "api-calls": {
              pricePerPaymentInUsd: 0.01,
              includedQuantities: [{ billingTerm: { type: "month", value: 1 }, quantity: 1000, isInfinite: false }],
            },
          },
        },
        ...options,
      },
    },
    {
      label: "a VM software reservation",
      valid: true,
      inputs: {
        product: PRODUCT,
        plan: PLAN,
        offerPricingType: "vmSoftwareReservations",
        softwareReservation: {
          reservationDuration: { type: "year", value: 1 },
          paymentSchedule: { type: "month", value: 1 },
          vmPrices: { "8Core": { quantity: 4, unitPricePerPaymentPeriodInUsd: 120 } },
        },
      },
    },
  ],
};
