import { z } from "zod";

const identity = z.looseObject({ externalId: z.string().optional() }).optional();

export const productSchema = z.looseObject({
  id: z.string().regex(/^product\/[^/]+$/, "must be a durable id `product/<guid>`"),
  identity,
  type: z.string().optional(),
  alias: z.string().optional(),
});

export const planSchema = z.looseObject({
  id: z.string().regex(/^plan\/.+$/, "must be a durable id `plan/...`"),
  product: z.string().optional(),
  identity,
  alias: z.string().optional(),
});

export type Product = z.infer<typeof productSchema>;
export type Plan = z.infer<typeof planSchema>;

/** A `{value, @nextLink}` page, the list shape of products and plans. */
export function listPageSchema<T extends z.ZodType>(item: T) {
  return z
    .looseObject({
      value: z.array(item),
      "@nextLink": z.string().nullish(),
      "@odata.nextLink": z.string().nullish(),
      nextLink: z.string().nullish(),
    })
    .transform((page) => ({
      items: page.value as Array<z.output<T>>,
      nextLink: page["@nextLink"] ?? page["@odata.nextLink"] ?? page.nextLink ?? undefined,
    }));
}

/**
 * A `price-and-availability-private-offer-plan` template, prefilled from a public plan, to be edited
 * and sent back in a configure request. Its pricing is kept as sent.
 */
export const priceAndAvailabilitySchema = z.looseObject({
  $schema: z.string().optional(),
  id: z.string().optional(),
  resourceName: z.string().optional(),
  product: z.string().optional(),
  plan: z.string().optional(),
  offerPricingType: z.string().optional(),
  pricing: z.record(z.string(), z.unknown()).optional(),
  softwareReservation: z.record(z.string(), z.unknown()).optional(),
});

export type PriceAndAvailability = z.infer<typeof priceAndAvailabilitySchema>;
