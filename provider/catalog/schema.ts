// The offers file (YAML): `defaults` merged under every entry of `offers`, keyed by resource name.
// An entry is a `PrivateOffer`'s inputs for the three kinds a publisher creates, with percentage
// discounts only (absolute prices need a PrivateOfferPlanPricing, declared in code) and no SAS URL
// (a secret has no place in a committed file). Every field is optional here, since `defaults` may
// supply it; each merged offer is then checked by the provider's own check.
import { writeFileSync } from "node:fs";
import { z } from "zod";
import { cspOfferInputs, customerOfferInputs, originatorOfferInputs } from "../schema/private-offer";
import { planId, productId } from "../schema/primitives";

/** A percentage discount on a product (every plan) or one plan. */
export const catalogPricingItem = z.strictObject({
  /** The product (offer): `product/<guid>`. */
  product: productId,
  /** The public plan discounted; leave out to discount every plan of the product. */
  plan: planId.optional(),
  /** Only `percentage` in a file; the default. */
  discountType: z.literal("percentage", { error: 'must be "percentage": absolute prices are declared in code with a PrivateOfferPlanPricing' }).optional(),
  /** Percent off the public price, 0.01 to 100. */
  discountPercentage: z.number({ error: "must be a number of percent" }),
});

const { name, state, offerPricingType, variableStartDate, start, end, notificationContacts, adoptExistingId, account } = customerOfferInputs.shape;
const { acceptBy, preparedBy, beneficiaries, customerContractRenewal, notes, upgradedFrom } = customerOfferInputs.shape;
const { partner } = originatorOfferInputs.shape;

/** The kinds of offer a file declares. */
export const CATALOG_OFFER_TYPES = [customerOfferInputs, cspOfferInputs, originatorOfferInputs].map((s) => s.shape.privateOfferType.value);

/** Every field optional, and `null` to drop a value inherited from `defaults`. */
function unsettable<T extends Record<string, z.ZodType>>(shape: T): { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> } {
  const entries = Object.entries(shape).map(([key, schema]: [string, z.ZodType]) => [key, schema.nullable().optional()]);
  return Object.fromEntries(entries) as { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> };
}

/** One offer of the file, or the file's defaults. */
export const catalogOffer = z.strictObject(
  unsettable({
    /** `customerPromotion` (one customer), `cspPromotion` (a CSP margin) or `multipartyPromotionOriginator`. */
    privateOfferType: z.enum(CATALOG_OFFER_TYPES, { error: 'must be "customerPromotion", "cspPromotion" or "multipartyPromotionOriginator"' }),
    name,
    state,
    offerPricingType,
    variableStartDate,
    start,
    end,
    acceptBy,
    preparedBy,
    notificationContacts,
    beneficiaries,
    partner,
    customerContractRenewal,
    notes,
    upgradedFrom,
    adoptExistingId,
    account,
    /** Percentage discounts (at most 10). */
    pricing: z.array(catalogPricingItem),
  }),
);
export type CatalogOffer = z.input<typeof catalogOffer>;

/** Resource names: what `new PrivateOffer(<name>, ...)` takes, kept to letters, digits, `-` and `_`. */
const resourceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: "must be a resource name: letters, digits, '-' or '_'" });

/** The whole offers file. */
export const offersFile = z.strictObject({
  /** Fields every offer gets unless it sets them itself (lists are replaced, not merged). */
  defaults: catalogOffer.optional(),
  /** The offers, keyed by resource name (the Pulumi name of each `PrivateOffer`; keep it once the offer exists). */
  offers: z.record(resourceName, catalogOffer.nullable(), { error: "must be a mapping of resource name to offer" }),
});
export type OffersFile = z.input<typeof offersFile>;

/** The JSON Schema of the offers file, as published in docs/offers-file.schema.json. */
export function offersFileJsonSchema(): Record<string, unknown> {
  // A registry of this call's own (not zod's global one, which refuses an id twice in one process).
  const metadata = z.registry<{ id?: string; description: string }>();
  metadata.add(catalogOffer, { id: "offer", description: "The inputs of one PrivateOffer (percentage discounts only, no SAS URLs); see docs/offers-files.md." });
  metadata.add(catalogPricingItem, { id: "percentageDiscount", description: "A percentage discount on a product (every plan) or one plan." });
  metadata.add(offersFile.shape.defaults, { description: "Fields every offer gets unless it sets them itself (lists are replaced, not merged)." });
  metadata.add(offersFile.shape.offers, { description: "The offers, keyed by resource name: the Pulumi name of each PrivateOffer (keep it once the offer exists)." });
  const generated = z.toJSONSchema(offersFile, { io: "input", target: "draft-2020-12", reused: "inline", metadata });
  return {
    $schema: generated["$schema"],
    $id: "https://github.com/pulumi-partnercenter/pulumi-partnercenter-private-offers/blob/main/docs/offers-file.schema.json",
    title: "Private offers file of pulumi-partnercenter-private-offers",
    description: "Private offers loaded by offersFromFile(): defaults merged under every offer, offers keyed by resource name. See docs/offers-files.md.",
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== "$schema")),
  };
}

/** The published file, as written: `npm run schema:offers` (the catalog suite keeps it equal). */
export function offersFileJsonSchemaText(): string {
  return `${JSON.stringify(offersFileJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const out = process.argv[2];
  if (out) writeFileSync(out, offersFileJsonSchemaText());
  else process.stdout.write(offersFileJsonSchemaText());
}
