// The fields of configure resources the domain's rules read. Schema validation proper happens
// before the domain sees a request; these parsers keep the domain honest about the shapes it
// relies on, so a permissive validator can never make it crash.

import { z } from "zod";
import type { ErrorDetail, ValidatedResource } from "../contracts";

const pricingItem = z.looseObject({
  product: z.string().optional(),
  plan: z.string().optional(),
  basePlan: z.string().optional(),
  discountType: z.string().optional(),
  discountPercentage: z.number().optional(),
  priceDetails: z.union([z.string(), z.looseObject({ resourceName: z.string() })]).optional(),
  markupPercentage: z.number().optional(),
});
export type PricingItemFields = z.infer<typeof pricingItem>;

const offerFields = z.looseObject({
  id: z.string().optional(),
  eTag: z.string().optional(),
  name: z.string().optional(),
  state: z.string(),
  privateOfferType: z.string(),
  pricing: z.array(pricingItem).optional(),
  originatorPricing: z.array(pricingItem).optional(),
  partners: z.array(z.looseObject({ id: z.string(), partnerName: z.string().optional() })).optional(),
  preparedBy: z.string().optional(),
});
export type OfferFields = z.infer<typeof offerFields>;

const pricingResourceFields = z.looseObject({
  product: z.string(),
  plan: z.string(),
});
export type PricingResourceFields = z.infer<typeof pricingResourceFields>;

type Parsed<T> = { ok: true; value: T } | { ok: false; details: ErrorDetail[] };

function parseWith<T>(schema: z.ZodType<T>, resource: ValidatedResource): Parsed<T> {
  const result = schema.safeParse(resource.body);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    details: result.error.issues.map((issue) => ({
      code: "invalidValue",
      message: issue.message,
      target: [`resources[${resource.index}]`, ...issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))].join(""),
    })),
  };
}

export function parseOfferFields(resource: ValidatedResource): Parsed<OfferFields> {
  return parseWith(offerFields, resource);
}

export function parsePricingResourceFields(resource: ValidatedResource): Parsed<PricingResourceFields> {
  return parseWith(pricingResourceFields, resource);
}
