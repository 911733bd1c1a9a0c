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

/** A pricing item as the API writes it: an offer's own, or, as a channel partner reads it, the originator's. */
export const apiPricingItemSchema = z.looseObject({
  product: z.string(),
  plan: z.string().nullish(),
  basePlan: z.string().nullish(),
  discountType: caseInsensitiveEnum(["percentage", "absolute"]).optional(),
  discountPercentage: z.number().nullish(),
  markupPercentage: z.number().nullish(),
  priceDetails: z.union([z.string(), z.looseObject({})]).nullish(),
  newPlanDetails: z.looseObject({ name: z.string().optional(), description: z.string().optional() }).nullish(),
});
const apiBeneficiary = z.looseObject({
  id: z.string(),
  description: z.string().nullish(),
  beneficiaryRecipients: z.array(z.looseObject({ id: z.string() })).nullish(),
});
const apiTermsDoc = z.looseObject({ sasUrl: z.string(), fileName: z.string(), customerFacingDocumentName: z.string() });
/**
 * A private offer in full, as `GET private-offer/{id}` returns it: every field the provider reads back
 * into a resource's outputs, read leniently (absent or null alike, enums in any case); the rest is kept
 * as sent.
 */
export const privateOfferDocumentSchema = privateOfferSchema.extend({
  offerPricingType: caseInsensitiveEnum([
    "editExistingOfferPricingOnly",
    "saasNewCustomizedPlans",
    "vmSoftwareReservations",
    "newCustomizedPlans",
  ]).nullish(),
  variableStartDate: z.boolean().nullish(),
  start: z.string().nullish(),
  end: z.string().nullish(),
  acceptBy: z.string().nullish(),
  preparedBy: z.string().nullish(),
  notificationContacts: z.array(z.string()).nullish(),
  termsAndConditionsDocSasUrl: z.string().nullish(),
  termsAndConditionsDocs: z.array(apiTermsDoc).nullish(),
  beneficiaries: z.array(apiBeneficiary).nullish(),
  partners: z.array(z.looseObject({ id: z.string(), partnerName: z.string().nullish(), location: z.string().nullish() })).nullish(),
  pricing: z.array(apiPricingItemSchema).nullish(),
  originatorPricing: z.array(apiPricingItemSchema).nullish(),
  customerContractRenewal: z.boolean().nullish(),
  notes: z.string().nullish(),
  upgradedFrom: z.looseObject({ id: z.string(), name: z.string() }).nullish(),
  acceptanceLinks: z.array(z.looseObject({ beneficiaryId: z.string().nullish(), link: z.string() })).nullish(),
});
export type PrivateOfferDocument = z.output<typeof privateOfferDocumentSchema>;
export type ApiPricingItem = z.output<typeof apiPricingItemSchema>;

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
