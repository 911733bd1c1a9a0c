// The values a `PrivateOffer`'s fields hold: names, pricing items, customers, documents, partners
// and markups, as zod schemas whose messages reach the user verbatim as check failures. The shape
// follows the API's field names wherever they are clear; where the API is awkward (a one-element
// `partners` array, recipient objects whose type follows from the offer type) the user writes the
// simpler form and the field table (offer-fields.ts) says how it is sent and read back.
import { z } from "zod";
import { planPricingDocument } from "./plan-pricing";
import { noPlaceholder } from "./placeholders";
import { dateString, email, httpsUrl, planId, privateOfferId, productId } from "./primitives";

/** Text that must say something: not empty, and not only spaces, tabs or line breaks. */
function nonBlank(schema: z.ZodString, what: string): z.ZodString {
  return schema.min(1, { error: "must not be empty" }).refine((value) => /\S/.test(value), { error: `must not be only whitespace: ${what}` });
}

export const offerName = nonBlank(
  z.string({ error: "is required: the offer's name as customers and Partner Center show it" }),
  "the offer's name as customers and Partner Center show it",
);

/** An id the user copies from Partner Center or from the customer: never a placeholder of an example. */
function copiedId(emptyMessage: string, replaceWith: string): z.ZodString {
  return z.string().min(1, { error: emptyMessage }).check(noPlaceholder(replaceWith));
}

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
  name: nonBlank(z.string(), "the new plan's name, shown to the customer"),
  /** Description of the new private plan, shown to the customer. */
  description: nonBlank(z.string(), "the new plan's description, shown to the customer"),
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

const recipients = z.array(copiedId("must not be empty", "the billing group id or the end customer's tenant id"));

export const customerBeneficiary = z.strictObject({
  /** The customer's billing account id (for a Microsoft Customer Agreement: `<guid>:<guid>_YYYY-MM-DD`). */
  id: copiedId(
    "must not be empty: the customer's billing account id",
    "the customer's billing account id (for a Microsoft Customer Agreement: <guid>:<guid>_YYYY-MM-DD, from the customer's Azure portal, Cost Management + Billing > Properties)",
  ),
  /** A description of the customer, for your own reference. */
  description: z.string().optional(),
  /** Billing groups of the billing account the offer is restricted to. */
  recipients: recipients.optional(),
});

export const cspBeneficiary = z.strictObject({
  /** The tenant id of the CSP partner (reseller) who receives the margin. */
  id: copiedId("must not be empty: the CSP partner's tenant id", "the CSP partner's Microsoft Entra tenant id (a GUID)"),
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
  fileName: nonBlank(z.string(), "the file name, e.g. Terms.pdf"),
  /** The document's name as the customer sees it. */
  customerFacingDocumentName: nonBlank(z.string(), "the document's name as the customer sees it"),
});
export type TermsDocument = z.output<typeof termsDocument>;

export const upgradedFromReference = z.strictObject({
  /** The accepted offer this one upgrades (renews): `private-offer/<guid>`. */
  id: privateOfferId,
  /** The name of that offer. */
  name: nonBlank(z.string(), "the name of the offer it upgrades"),
});
export type UpgradedFromReference = z.output<typeof upgradedFromReference>;

/**
 * The accepted offer an offer upgrades: `{ id, name }` as the API takes it, or its id alone
 * (`private-offer/<guid>`), whose name the provider reads from Partner Center when it creates the
 * offer. A program may also give the `PrivateOffer` resource (the class turns it into `{ id, name }`).
 */
export const upgradedFrom = z.union([privateOfferId, upgradedFromReference], {
  error: (issue) =>
    typeof issue.input === "string" || (issue.input !== null && typeof issue.input === "object")
      ? undefined
      : "must be the accepted offer's id (private-offer/<guid>), { id, name }, or the PrivateOffer resource",
});

export const channelPartner = z.strictObject({
  /** The channel partner's seller (publisher account) id, e.g. `12345678`. */
  id: copiedId("must not be empty: the channel partner's seller id", "the channel partner's seller id (its Partner Center publisher account id, e.g. 12345678)"),
  /** The channel partner's name. */
  name: nonBlank(z.string(), "the channel partner's name"),
  /** The channel partner's location; multiparty offers are United States only. */
  location: z.string().default("United States"),
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

/** The offer pricing type an offer uses: the explicit one, or the one its pricing implies. */
export function effectiveOfferPricingType(inputs: { offerPricingType?: string | undefined; pricing?: readonly PricingItem[] | undefined }): string {
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
