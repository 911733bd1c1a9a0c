// The seeded products and plans every account can price private offers against. GUIDs are fixed
// so tests, examples and documentation can name them. The two "sample" products carry the ids the
// Microsoft documentation uses (`product/7ba807c8-...`, `product/34771906-...` with `plan/123456`
// and `plan/987654`), so every documented sample is accepted as written.

import type { JsonObject } from "../contracts";

export type ProductType = "softwareAsAService" | "azureVirtualMachine" | "azureApplication";

/** What the public plan costs: the body of its price-and-availability template. */
export interface PlanTemplate {
  offerPricingType: "editExistingOfferPricingOnly" | "vmSoftwareReservations";
  pricing?: JsonObject;
  softwareReservation?: JsonObject;
}

export interface CataloguePlan {
  guid: string;
  externalId: string;
  alias: string;
  template: PlanTemplate;
}

export interface CatalogueProduct {
  guid: string;
  externalId: string;
  alias: string;
  type: ProductType;
  plans: readonly CataloguePlan[];
}

const month = { type: "month", value: 1 };
const year = (value: number) => ({ type: "year", value });

function flatRate(monthly: number, annual: number): JsonObject {
  return {
    recurrentPriceMode: "flatRate",
    priceInputOption: "usd",
    prices: [
      { billingTerm: month, paymentOption: month, pricePerPaymentInUsd: monthly },
      { billingTerm: year(1), paymentOption: year(1), pricePerPaymentInUsd: annual },
    ],
  };
}

function perUser(min: number, max: number, monthly: number, annual: number): JsonObject {
  return { ...flatRate(monthly, annual), recurrentPriceMode: "perUser", userLimits: { min, max } };
}

function meters(definitions: Record<string, { price: number; included: number | "infinite" }>): JsonObject {
  const out: JsonObject = {};
  for (const [id, { price, included }] of Object.entries(definitions)) {
    const quantity = included === "infinite" ? { isInfinite: true } : { quantity: included, isInfinite: false };
    out[id] = {
      pricePerPaymentInUsd: price,
      includedQuantities: [
        { billingTerm: month, ...quantity },
        { billingTerm: year(1), ...quantity },
      ],
    };
  }
  return { priceInputOption: "usd", meters: out };
}

function reservation(years: number, vmPrices: Record<string, number>): JsonObject {
  const prices: JsonObject = {};
  for (const [size, price] of Object.entries(vmPrices)) {
    prices[size] = { quantity: 1, unitPricePerPaymentPeriodInUsd: price };
  }
  return { reservationDuration: year(years), paymentSchedule: month, vmPrices: prices };
}

function plan(guid: string, externalId: string, alias: string, template: PlanTemplate): CataloguePlan {
  return { guid, externalId, alias, template };
}

export const catalogue: { readonly products: readonly CatalogueProduct[] } = {
  products: [
    {
      guid: "2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51",
      externalId: "contoso-analytics",
      alias: "Contoso Analytics (SaaS, flat rate)",
      type: "softwareAsAService",
      plans: [
        plan("6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41", "analytics-standard", "Standard", {
          offerPricingType: "editExistingOfferPricingOnly",
          pricing: { recurrentPrice: flatRate(100, 1100) },
        }),
        plan("6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c42", "analytics-premium", "Premium", {
          offerPricingType: "editExistingOfferPricingOnly",
          pricing: { recurrentPrice: flatRate(400, 4400) },
        }),
      ],
    },
    {
      guid: "3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62",
      externalId: "contoso-collaborate",
      alias: "Contoso Collaborate (SaaS, per user, custom meters)",
      type: "softwareAsAService",
      plans: [
        plan("7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d51", "collaborate-team", "Team", {
          offerPricingType: "editExistingOfferPricingOnly",
          pricing: {
            recurrentPrice: perUser(5, 50, 12, 120),
            customMeters: meters({ apiCalls: { price: 0.001, included: 10000 }, storageGb: { price: 0.1, included: 100 } }),
          },
        }),
        plan("7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d52", "collaborate-enterprise", "Enterprise", {
          offerPricingType: "editExistingOfferPricingOnly",
          pricing: {
            recurrentPrice: perUser(50, 1000, 20, 200),
            customMeters: meters({ apiCalls: { price: 0.0008, included: "infinite" }, storageGb: { price: 0.08, included: 1000 } }),
          },
        }),
      ],
    },
    {
      guid: "4fab6e3c-9d50-4071-9c8d-2e3f4a5b6c73",
      externalId: "contoso-secure-gateway",
      alias: "Contoso Secure Gateway (virtual machine, software reservations)",
      type: "azureVirtualMachine",
      plans: [
        plan("8c3d4e5f-6a7b-4c8d-ae9f-1a2b3c4d5e61", "gateway-reserved-1y", "Gateway, 1-year reservation", {
          offerPricingType: "vmSoftwareReservations",
          softwareReservation: reservation(1, { "4Core": 120, "8Core": 230, "36Core": 990 }),
        }),
        plan("8c3d4e5f-6a7b-4c8d-ae9f-1a2b3c4d5e62", "gateway-reserved-3y", "Gateway, 3-year reservation", {
          offerPricingType: "vmSoftwareReservations",
          softwareReservation: reservation(3, { "4Core": 100, "8Core": 190, "36Core": 820 }),
        }),
      ],
    },
    {
      guid: "50bc7f4d-ae61-4182-ad9e-3f4a5b6c7d84",
      externalId: "contoso-data-platform",
      alias: "Contoso Managed Data Platform (Azure application)",
      type: "azureApplication",
      plans: [
        plan("9d4e5f6a-7b8c-4d9e-bfa0-2b3c4d5e6f71", "data-platform-managed", "Managed", {
          offerPricingType: "editExistingOfferPricingOnly",
          pricing: { recurrentPrice: flatRate(500, 5500), customMeters: meters({ nodeHours: { price: 0.25, included: 720 } }) },
        }),
      ],
    },
    {
      guid: "7ba807c8-386a-4efe-80f1-b97bf8a554f8",
      externalId: "documentation-sample-saas",
      alias: "Documentation sample (SaaS)",
      type: "softwareAsAService",
      plans: [
        plan("a7c1e0d2-1234-4f56-8a9b-000000123456", "123456", "Sample plan 123456", {
          offerPricingType: "editExistingOfferPricingOnly",
          pricing: {
            recurrentPrice: flatRate(10, 110),
            customMeters: meters({ meter1: { price: 1, included: 10 }, meter2: { price: 2, included: "infinite" } }),
          },
        }),
        plan("a7c1e0d2-1234-4f56-8a9b-000000987654", "987654", "Sample plan 987654", {
          offerPricingType: "editExistingOfferPricingOnly",
          pricing: { recurrentPrice: flatRate(20, 220), customMeters: meters({ meter1: { price: 1, included: 5 } }) },
        }),
      ],
    },
    {
      guid: "34771906-9711-4196-9f60-4af380fd5042",
      externalId: "documentation-sample-offer",
      alias: "Documentation sample (discounted offer)",
      type: "softwareAsAService",
      plans: [
        plan("b8d2f1e3-2345-4a67-9bac-000000123456", "123456", "Sample plan 123456", {
          offerPricingType: "editExistingOfferPricingOnly",
          pricing: { recurrentPrice: flatRate(30, 330) },
        }),
        plan("b8d2f1e3-2345-4a67-9bac-000000987654", "987654", "Sample plan 987654", {
          offerPricingType: "editExistingOfferPricingOnly",
          pricing: { recurrentPrice: flatRate(40, 440) },
        }),
      ],
    },
  ],
};

export function productDurableId(product: CatalogueProduct): string {
  return `product/${product.guid}`;
}

export function planDurableId(product: CatalogueProduct, plan: CataloguePlan): string {
  return `plan/${product.guid}/${plan.guid}`;
}

/** `product/<guid>`, a bare GUID, or an external id; case-insensitive. */
export function findProduct(reference: string): CatalogueProduct | undefined {
  const key = stripPrefix(reference.trim(), "product/").toLowerCase();
  return catalogue.products.find((p) => p.guid === key || p.externalId.toLowerCase() === key);
}

/**
 * A plan of `product` by `plan/<productGuid>/<planGuid>`, `plan/<planGuid>`, `plan/<externalId>`
 * (the short form the documentation samples use, our reading A-9) or a bare GUID or external id.
 */
export function findPlan(product: CatalogueProduct, reference: string): CataloguePlan | undefined {
  const parts = stripPrefix(reference.trim(), "plan/").toLowerCase().split("/");
  if (parts.length > 2) return undefined;
  if (parts.length === 2 && parts[0] !== product.guid) return undefined;
  const key = parts[parts.length - 1];
  return product.plans.find((p) => p.guid === key || p.externalId.toLowerCase() === key);
}

function stripPrefix(value: string, prefix: string): string {
  return value.toLowerCase().startsWith(prefix) ? value.slice(prefix.length) : value;
}
