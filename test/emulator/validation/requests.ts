// Valid configure requests to start each test from; tests change one thing and look for the rule.

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ENVELOPE = "https://schema.mp.microsoft.com/schema/configure/2022-07-01";
export const QUERY = { $version: "2022-07-01" };
export const offerSchema = (version = "2026-02-01") => `https://schema.mp.microsoft.com/schema/private-offer/${version}`;
export const pricingSchema = (version = "2025-06-01") =>
  `https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/${version}`;

const PRODUCT = "product/7ba807c8-386a-4efe-80f1-b97bf8a554f8";
const PLAN = "plan/7ba807c8-386a-4efe-80f1-b97bf8a554f8/0f0e8a2b-7b8f-4c47-9d3b-3a1f3b1c2d4e";

export function envelope(...resources: unknown[]): Json {
  return { $schema: ENVELOPE, resources };
}

export function customerOffer(): Json {
  return {
    $schema: offerSchema(),
    name: "Contoso FY27",
    privateOfferType: "customerPromotion",
    offerPricingType: "editExistingOfferPricingOnly",
    state: "live",
    variableStartDate: true,
    end: "2027-06-30",
    acceptBy: "2027-03-31",
    preparedBy: "amy@contoso.com",
    notificationContacts: ["amy@contoso.com"],
    termsAndConditionsDocSasUrl: "https://contoso.blob.core.windows.net/terms/fy27.pdf?sig=abc",
    beneficiaries: [{ id: "0f7c6f1e-aaaa-bbbb-cccc-1234567890ab:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31", description: "Contoso" }],
    pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 5 }],
  };
}

export function cspOffer(): Json {
  return {
    $schema: offerSchema(),
    name: "Fabrikam CSP margin",
    privateOfferType: "cspPromotion",
    state: "live",
    variableStartDate: false,
    start: "2027-01-01",
    end: "2027-12-31",
    beneficiaries: [{ id: "5b1f6b0e-0a32-4b44-b904-39dd964dd790", description: "Top First CSP" }],
    pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 3 }],
  };
}

export function originatorOffer(): Json {
  return {
    ...customerOffer(),
    privateOfferType: "multipartyPromotionOriginator",
    termsAndConditionsDocSasUrl: undefined,
    preparedBy: undefined,
    partners: [{ id: "12345678", partnerName: "Market Place Test", location: "United States" }],
    termsAndConditionsDocs: [{ sasUrl: "https://contoso.blob.core.windows.net/t.pdf", fileName: "t.pdf", customerFacingDocumentName: "Terms" }],
    customerContractRenewal: false,
    notes: "FY27 renewal",
  };
}

export function channelPartnerOffer(): Json {
  return {
    $schema: offerSchema(),
    id: "private-offer/1b0c7a7e-8f1e-4f8e-9d7e-2f9c4a5b6c7d",
    name: "Contoso FY27",
    privateOfferType: "multipartyPromotionChannelPartner",
    state: "live",
    preparedBy: "sam@partner.example",
    originatorPricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 5, markupPercentage: 2.5 }],
    eTag: '"7f020249-0000-0800-0000-63c9b4ca0000"',
  };
}

export function saasPricingResource(): Json {
  return {
    $schema: pricingSchema(),
    resourceName: "contosoSeats",
    product: PRODUCT,
    plan: PLAN,
    offerPricingType: "saasNewCustomizedPlans",
    pricing: {
      recurrentPrice: {
        recurrentPriceMode: "perUser",
        priceInputOption: "usd",
        userLimits: { min: 20, max: 100 },
        prices: [{ billingTerm: { type: "month", value: 1 }, paymentOption: { type: "month", value: 1 }, pricePerPaymentInUsd: 9.5 }],
      },
    },
  };
}

/** A customer offer with a new SaaS plan priced by `saasPricingResource()`. */
export function customerSaasOffer(): Json {
  return {
    ...customerOffer(),
    offerPricingType: "saasNewCustomizedPlans",
    pricing: [
      {
        product: PRODUCT,
        basePlan: PLAN,
        newPlanDetails: { name: "Contoso seats", description: "Seats for Contoso" },
        discountType: "absolute",
        priceDetails: { resourceName: "contosoSeats" },
      },
    ],
  };
}

export function vmsrPricingResource(): Json {
  return {
    $schema: pricingSchema(),
    resourceName: "contosoReservation",
    product: PRODUCT,
    plan: PLAN,
    offerPricingType: "vmSoftwareReservations",
    softwareReservation: {
      reservationDuration: { type: "year", value: 3 },
      paymentSchedule: { type: "month", value: 1 },
      vmPrices: { "8Core": { quantity: 2, unitPricePerPaymentPeriodInUsd: 120 } },
    },
  };
}

export function customerVmsrOffer(): Json {
  return {
    ...customerOffer(),
    offerPricingType: "vmSoftwareReservations",
    pricing: [{ product: PRODUCT, basePlan: PLAN, discountType: "absolute", priceDetails: { resourceName: "contosoReservation" } }],
  };
}

/** A deep copy without `undefined` members, exactly what JSON.parse would give the validator. */
export function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
