// `PrivateOffer` inputs: one schema per `privateOfferType`, joined as a discriminated union. The
// shape follows the API's field names wherever they are clear, so converting to the API document
// is lossless; where the API is awkward (a one-element `partners` array, recipient objects whose
// type follows from the offer type) the user writes the simpler form and the payload builder
// expands it.
import { z } from "zod";
import { planPricingDocument } from "./plan-pricing";
import {
  dateString,
  desiredState,
  email,
  httpsUrl,
  offerPricingType,
  planId,
  privateOfferId,
  productId,
  providerOptions,
} from "./primitives";

export const PRIVATE_OFFER_TYPES = [
  "customerPromotion",
  "cspPromotion",
  "multipartyPromotionOriginator",
  "multipartyPromotionChannelPartner",
] as const;
export type PrivateOfferType = (typeof PRIVATE_OFFER_TYPES)[number];

const name = z
  .string({ error: "is required: the offer's name as customers and Partner Center show it" })
  .min(1, { error: "must not be empty" });

const percentage = z.number({ error: "must be a number of percent" });

const percentageDiscount = z.strictObject({
  /** The product (offer) the discount applies to: `product/<guid>`. */
  product: productId,
  /** The public plan discounted; leave out to discount the whole product (all current and future plans). */
  plan: planId.optional(),
  /** A percentage off the public price. */
  discountType: z.literal("percentage"),
  /** Percent off the public price, 0.01 to 100. */
  discountPercentage: percentage,
});

const newPlanDetails = z.strictObject({
  /** Name of the new private plan, shown to the customer. */
  name: z.string().min(1, { error: "must not be empty" }),
  /** Description of the new private plan, shown to the customer. */
  description: z.string().min(1, { error: "must not be empty" }),
});

const absolutePrice = z.strictObject({
  /** The product (offer): `product/<guid>`. */
  product: productId,
  /** With `editExistingOfferPricingOnly`: the public plan whose prices are replaced. */
  plan: planId.optional(),
  /** With `saasNewCustomizedPlans`, `vmSoftwareReservations` or `newCustomizedPlans`: the public plan used as template. */
  basePlan: planId.optional(),
  /** Absolute prices, set by the `priceDetails` document. */
  discountType: z.literal("absolute"),
  /**
   * The complete price-and-availability document: the `document` output of a
   * `PrivateOfferPlanPricing` resource. Sent in the same configure request as the offer.
   */
  priceDetails: planPricingDocument,
  /** With `saasNewCustomizedPlans`/`newCustomizedPlans`: name and description of the new private plan (not for VM software reservations, whose details the system generates). */
  newPlanDetails: newPlanDetails.optional(),
});

/** One product or plan whose price the offer customises (at most 10 per offer). */
export const pricingItem = z.discriminatedUnion("discountType", [percentageDiscount, absolutePrice], {
  error: 'discountType must be "percentage" or "absolute"',
});
export type PricingItem = z.output<typeof pricingItem>;

const recipients = z.array(z.string().min(1, { error: "must not be empty" }));

const customerBeneficiary = z.strictObject({
  /** The customer's billing account id (for a Microsoft Customer Agreement: `<guid>:<guid>_YYYY-MM-DD`). */
  id: z.string().min(1, { error: "must not be empty: the customer's billing account id" }),
  /** A description of the customer, for your own reference. */
  description: z.string().optional(),
  /** Billing groups of the billing account the offer is restricted to. */
  recipients: recipients.optional(),
});

const cspBeneficiary = z.strictObject({
  /** The tenant id of the CSP partner (reseller) who receives the margin. */
  id: z.string().min(1, { error: "must not be empty: the CSP partner's tenant id" }),
  /** A description of the CSP partner, for your own reference. */
  description: z.string().optional(),
  /** Tenant ids of the end customers the margin is restricted to (at most 25); leave out for all customers. */
  recipients: recipients.optional(),
});

/** A terms-and-conditions PDF of a multiparty offer. The SAS URL is a secret. */
export const termsDocument = z.strictObject({
  /** A SAS URL of the PDF, readable by the marketplace service. Secret: it grants read access. */
  sasUrl: httpsUrl,
  /** The file name, e.g. `Terms.pdf`. */
  fileName: z.string().min(1, { error: "must not be empty" }),
  /** The document's name as the customer sees it. */
  customerFacingDocumentName: z.string().min(1, { error: "must not be empty" }),
});
export type TermsDocument = z.output<typeof termsDocument>;

const upgradedFrom = z.strictObject({
  /** The accepted offer this one upgrades (renews): `private-offer/<guid>`. */
  id: privateOfferId,
  /** The name of that offer. */
  name: z.string().min(1, { error: "must not be empty" }),
});

/** Fields every offer created by its publisher shares (customer, CSP and multiparty originator). */
const publisherOfferFields = {
  /** The offer's name (at most 128 characters; none of `! < > ^ [ ] @ # % /`). */
  name,
  /**
   * The state to converge to: `live` (default: published to the customer or partner), `draft`
   * (saved, not published) or `withdrawn` (taken back from the customer before acceptance).
   */
  state: desiredState.default("live"),
  /**
   * How prices are customised. Inferred when left out: `editExistingOfferPricingOnly` when the
   * pricing uses `plan`, otherwise the `offerPricingType` of the absolute price documents.
   */
  offerPricingType: offerPricingType.optional(),
  /** True: the offer starts when the customer accepts it (then leave out `start`). Inferred from `start` when left out. */
  variableStartDate: z.boolean({ error: "must be true or false" }).optional(),
  /** First day of the private price (`YYYY-MM-DD`, the first of a month), when `variableStartDate` is false. */
  start: dateString.optional(),
  /** Last day of the private price (`YYYY-MM-DD`, the last day of a month). Required for a live offer. */
  end: dateString.optional(),
  /** Email addresses told about the offer's progress (at most 5). */
  notificationContacts: z.array(email).optional(),
  /** The products and plans whose prices are customised (at most 10). Required for a live offer. */
  pricing: z.array(pricingItem).optional(),
  /** Takes over an existing offer (`private-offer/<guid>`) instead of creating one; the next update converges it to these inputs. */
  adoptExistingId: privateOfferId.optional(),
  ...providerOptions,
};

/** An offer from the publisher directly to one customer. */
export const customerOfferInputs = z.strictObject({
  /** A private offer from the publisher to one customer. */
  privateOfferType: z.literal("customerPromotion"),
  ...publisherOfferFields,
  /** Last day the customer can accept the offer (`YYYY-MM-DD`). Required for a live offer. */
  acceptBy: dateString.optional(),
  /** Email of the person who prepared the offer, shown to the customer. */
  preparedBy: email.optional(),
  /** A SAS URL of your own terms-and-conditions PDF. Secret: it grants read access. */
  termsAndConditionsDocSasUrl: httpsUrl.optional(),
  /** The customer (exactly one billing account). Required for a live offer. */
  beneficiaries: z.array(customerBeneficiary).optional(),
  /** True when the offer renews an existing customer contract (a discounted agency fee applies). */
  customerContractRenewal: z.boolean({ error: "must be true or false" }).optional(),
  /** A private note (at most 60 characters), never shown to the customer; appears in reports. */
  notes: z.string().optional(),
  /** The accepted offer this one upgrades (renews); it takes effect when that one ends. */
  upgradedFrom: upgradedFrom.optional(),
});

/** A margin for CSP partners (resellers), optionally restricted to named end customers. */
export const cspOfferInputs = z.strictObject({
  /** A margin offered to CSP partners (resellers). */
  privateOfferType: z.literal("cspPromotion"),
  ...publisherOfferFields,
  /** Email of the person who prepared the offer. */
  preparedBy: email.optional(),
  /** The CSP partners who receive the margin (at most 150). Required for a live offer. */
  beneficiaries: z.array(cspBeneficiary).optional(),
  /** The accepted offer this one upgrades (renews). */
  upgradedFrom: upgradedFrom.optional(),
});

const channelPartner = z.strictObject({
  /** The channel partner's seller (publisher account) id, e.g. `12345678`. */
  id: z.string().min(1, { error: "must not be empty: the channel partner's seller id" }),
  /** The channel partner's name. */
  name: z.string().min(1, { error: "must not be empty" }),
  /** The channel partner's location; multiparty offers are United States only. */
  location: z.string().default("United States"),
});

/** A multiparty offer created by the software company, to be completed by one channel partner. */
export const originatorOfferInputs = z.strictObject({
  /** A multiparty offer created by the software company (originator). */
  privateOfferType: z.literal("multipartyPromotionOriginator"),
  ...publisherOfferFields,
  /** Last day the customer can accept the offer (`YYYY-MM-DD`). */
  acceptBy: dateString.optional(),
  /** The customer (exactly one billing account). Required for a live offer. */
  beneficiaries: z.array(customerBeneficiary).optional(),
  /** The channel partner who completes the offer and sells it to the customer. Required for a live offer. */
  partner: channelPartner.optional(),
  /** Your terms-and-conditions PDFs (with the partner's, at most 5). */
  termsAndConditionsDocs: z.array(termsDocument).optional(),
  /** True when the offer renews an existing customer contract (a discounted agency fee applies). */
  customerContractRenewal: z.boolean({ error: "must be true or false" }).optional(),
  /** A private note (at most 60 characters), never shown to the partner or customer. */
  notes: z.string().optional(),
});

/** The channel partner's markup on one of the originator's pricing items. */
export const markup = z.strictObject({
  /** The product of the originator's pricing item: `product/<guid>`. */
  product: productId,
  /** The plan (or base plan) of the originator's pricing item; leave out for an item that covers the whole product. */
  plan: planId.optional(),
  /** Percent added to the software company's price for the customer (0 to 100, at most 8 decimals). */
  markupPercentage: percentage,
});
export type Markup = z.output<typeof markup>;

/** The channel partner's completion of a multiparty offer the software company created. */
export const channelPartnerOfferInputs = z.strictObject({
  /** The channel partner's side of a multiparty offer. */
  privateOfferType: z.literal("multipartyPromotionChannelPartner"),
  /** The multiparty offer the software company shared with you: `private-offer/<guid>`. */
  offerId: privateOfferId,
  /**
   * `live` (default) publishes the completed offer to the customer; `draft` leaves it with you
   * unpublished; `withdrawn` takes it back from the customer before acceptance.
   */
  state: desiredState.default("live"),
  /** Email of the person who prepared the offer, shown to the customer. Required. */
  preparedBy: email.optional(),
  /** Your markup on each of the software company's pricing items (keyed by product and plan). */
  markups: z.array(markup).optional(),
  /** Your own terms-and-conditions PDFs (with the software company's, at most 5). */
  termsAndConditionsDocs: z.array(termsDocument).optional(),
  /** Your email addresses told about the offer's progress (at most 5). */
  notificationContacts: z.array(email).optional(),
  /** A private note (at most 60 characters), never shown to the customer. */
  notes: z.string().optional(),
  ...providerOptions,
});

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

/** The offer pricing type an offer uses: the explicit one, or the one its pricing implies. */
export function effectiveOfferPricingType(inputs: PublisherOfferInputs): string {
  if (inputs.offerPricingType) return inputs.offerPricingType;
  for (const item of inputs.pricing ?? []) {
    if (item.discountType === "absolute" && item.basePlan) {
      // The rules also run on inputs that failed to parse, so the document may be missing here.
      const fromDocument = (item.priceDetails as Partial<typeof item.priceDetails> | undefined)?.offerPricingType;
      if (typeof fromDocument === "string") return fromDocument;
      return item.newPlanDetails ? "saasNewCustomizedPlans" : "vmSoftwareReservations";
    }
  }
  return "editExistingOfferPricingOnly";
}
