// `PrivateOffer` inputs: one schema per `privateOfferType`, built from that type's field table
// (offer-fields.ts), joined as a discriminated union.
import { z } from "zod";
import { OFFER_FIELDS, shapeOf } from "./offer-fields";

export { PRIVATE_OFFER_TYPES, type PrivateOfferType } from "./offer-fields";
export {
  effectiveOfferPricingType,
  markup,
  pricingItem,
  termsDocument,
  type Markup,
  type PricingItem,
  type TermsDocument,
} from "./offer-values";

/** An offer from the publisher directly to one customer. */
export const customerOfferInputs = z.strictObject(shapeOf(OFFER_FIELDS.customerPromotion));
/** A margin for CSP partners (resellers), optionally restricted to named end customers. */
export const cspOfferInputs = z.strictObject(shapeOf(OFFER_FIELDS.cspPromotion));
/** A multiparty offer created by the software company, to be completed by one channel partner. */
export const originatorOfferInputs = z.strictObject(shapeOf(OFFER_FIELDS.multipartyPromotionOriginator));
/** The channel partner's completion of a multiparty offer the software company created. */
export const channelPartnerOfferInputs = z.strictObject(shapeOf(OFFER_FIELDS.multipartyPromotionChannelPartner));

/** Inputs of a `PrivateOffer` resource, by `privateOfferType`. */
export const privateOfferInputs = z.discriminatedUnion(
  "privateOfferType",
  [customerOfferInputs, cspOfferInputs, originatorOfferInputs, channelPartnerOfferInputs],
  {
    error:
      'privateOfferType must be "customerPromotion", "cspPromotion", "multipartyPromotionOriginator" or "multipartyPromotionChannelPartner"',
  },
);

/** Inputs after check: defaults applied. */
export type PrivateOfferInputs = z.output<typeof privateOfferInputs>;
/** What a program writes. */
export type PrivateOfferArgs = z.input<typeof privateOfferInputs>;
export type CustomerOfferInputs = z.output<typeof customerOfferInputs>;
export type CspOfferInputs = z.output<typeof cspOfferInputs>;
export type OriginatorOfferInputs = z.output<typeof originatorOfferInputs>;
export type ChannelPartnerOfferInputs = z.output<typeof channelPartnerOfferInputs>;
/** The three kinds the publisher creates itself (everything but the channel partner's completion). */
export type PublisherOfferInputs = CustomerOfferInputs | CspOfferInputs | OriginatorOfferInputs;

export function isChannelPartnerOffer(inputs: PrivateOfferInputs): inputs is ChannelPartnerOfferInputs {
  return inputs.privateOfferType === "multipartyPromotionChannelPartner";
}
