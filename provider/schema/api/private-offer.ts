import { z } from "zod";
import { caseInsensitiveEnum } from "./enum";

export const privateOfferStates = ["draft", "live", "withdrawn", "deleted"] as const;
export const privateOfferTypes = [
  "customerPromotion",
  "cspPromotion",
  "multipartyPromotionOriginator",
  "multipartyPromotionChannelPartner",
] as const;

/**
 * A private offer as the service returns it. Only the fields the provider relies on are checked;
 * the rest is kept as sent, so a newer schema version does not break reading.
 */
export const privateOfferSchema = z.looseObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^private-offer\/[^/]+$/, "must be a durable id `private-offer/<guid>`"),
  name: z.string(),
  state: caseInsensitiveEnum(privateOfferStates),
  subState: z.string().nullish(),
  privateOfferType: caseInsensitiveEnum(privateOfferTypes).optional(),
  eTag: z.string().nullish(),
  lastModified: z.string().nullish(),
});

export type PrivateOffer = z.infer<typeof privateOfferSchema>;

/** `GET /private-offer/{guid}`: a bare offer, or (older versions) wrapped as `{resources: [offer]}`. */
export const privateOfferResponseSchema = z.union([
  privateOfferSchema,
  z.looseObject({ resources: z.tuple([privateOfferSchema]) }).transform((wrapped) => wrapped.resources[0]),
]);

/** One page of `GET /private-offer/query`; the list key is `privateOffers` in practice, `value` elsewhere. */
export const privateOfferPageSchema = z
  .looseObject({
    privateOffers: z.array(privateOfferSchema).optional(),
    value: z.array(privateOfferSchema).optional(),
    "@nextLink": z.string().nullish(),
    "@odata.nextLink": z.string().nullish(),
    nextLink: z.string().nullish(),
  })
  .refine((page) => page.privateOffers !== undefined || page.value !== undefined, "expected `privateOffers` or `value`")
  .transform((page) => ({
    items: page.privateOffers ?? page.value ?? [],
    nextLink: page["@nextLink"] ?? page["@odata.nextLink"] ?? page.nextLink ?? undefined,
  }));
