// One table of fields per offer type: which fields a `PrivateOffer` of that type has (each with its
// zod schema and documentation, from which its input type derives), which are secrets, which need a
// new offer when they change, and where each lands: in the private-offer document of a configure
// request (and, read back, in the outputs), in the pricing items with their price documents, in the
// channel partner's markups, in the state each step asks for, or only in the provider (options).
// The schemas (private-offer.ts), check's word on a property of another offer type (check.ts), the
// payload (lifecycle/payload.ts), the outputs (lifecycle/outputs.ts) and the comparison of state
// with the program (lifecycle/compare.ts) all derive from it: a new field is one entry here.
import { z } from "zod";
import { privateOfferTypes } from "./api/private-offer";
import {
  beneficiaries,
  defined,
  field,
  nonEmpty,
  options,
  pricingItemView,
  pricingType,
  sent,
  termsDocumentsRead,
  type Field,
} from "./fields";
import { channelPartner, cspBeneficiary, customerBeneficiary, markup, offerName, pricingItem, termsDocument, upgradedFrom, type UpgradedFromReference } from "./offer-values";
import { dateString, desiredState, email, httpsUrl, privateOfferId, providerOptions } from "./primitives";

export { nonEmpty, type Field, type Landing, type OfferValues, type ViewSource } from "./fields";
export const PRIVATE_OFFER_TYPES = privateOfferTypes;
export type PrivateOfferType = (typeof PRIVATE_OFFER_TYPES)[number];

/** Fields every offer its publisher creates has (customer, CSP and multiparty originator). */
function publisherFields<T extends Exclude<PrivateOfferType, "multipartyPromotionChannelPartner">>(type: T) {
  return {
    /** The kind of private offer. */
    privateOfferType: sent(z.literal(type), { replaces: true, read: (offer, previous) => offer.privateOfferType ?? previous.privateOfferType }),
    /** The offer's name (at most 128 characters; none of `! < > ^ [ ] @ # % /`). */
    name: sent(offerName),
    /**
     * The state to converge to: `live` (default: published to the customer or partner), `draft`
     * (saved, not published) or `withdrawn` (taken back from the customer before acceptance).
     */
    state: field("state", desiredState.default("live")),
    /**
     * How prices are customised. Inferred when left out: `editExistingOfferPricingOnly` when the
     * pricing uses `plan`, otherwise the `offerPricingType` of the absolute price documents.
     */
    offerPricingType: pricingType(type === "cspPromotion"),
    /** True: the offer starts when the customer accepts it (then leave out `start`). Inferred from `start` when left out. */
    variableStartDate: sent(z.boolean({ error: "must be true or false" }).optional(), {
      write: (value, inputs) => value ?? inputs.start === undefined,
      read: (offer) => offer.variableStartDate ?? offer.start == null,
    }),
    /** First day of the private price (`YYYY-MM-DD`, the first of a month), when `variableStartDate` is false. */
    start: sent(dateString.optional()),
    /** Last day of the private price (`YYYY-MM-DD`, the last day of a month). Required for a live offer. */
    end: sent(dateString.optional()),
    /** Email addresses told about the offer's progress (at most 5). */
    notificationContacts: sent(z.array(email).optional()),
    /** The products and plans whose prices are customised (at most 10). Required for a live offer. */
    pricing: field("pricing", z.array(pricingItem).optional(), {
      read: (offer, previous) => nonEmpty(offer.pricing?.map((item) => pricingItemView(item, previous["pricing"]))),
    }),
    /** Takes over an existing offer (`private-offer/<guid>`) instead of creating one; the next update converges it to these inputs. */
    adoptExistingId: field("option", privateOfferId.optional()),
    ...options(providerOptions, ["account"]),
  };
}

/** An offer from the publisher directly to one customer. */
const customerPromotion = {
  ...publisherFields("customerPromotion"),
  /** Last day the customer can accept the offer (`YYYY-MM-DD`). Required for a live offer. */
  acceptBy: sent(dateString.optional()),
  /** Email of the person who prepared the offer, shown to the customer. */
  preparedBy: sent(email.optional()),
  /** A SAS URL of your own terms-and-conditions PDF. Secret: it grants read access. */
  termsAndConditionsDocSasUrl: sent(httpsUrl.optional(), { secret: true, elsewhere: "multiparty offers use termsAndConditionsDocs" }),
  /** The customer (exactly one billing account). Required for a live offer. */
  beneficiaries: beneficiaries(z.array(customerBeneficiary).optional(), "billingGroup"),
  /** True when the offer renews an existing customer contract (a discounted agency fee applies). */
  customerContractRenewal: sent(z.boolean({ error: "must be true or false" }).optional()),
  /** A private note (at most 60 characters), never shown to the customer; appears in reports. */
  notes: sent(z.string().optional()),
  /**
   * The accepted offer this one upgrades (renews); it takes effect when that one ends. `{ id, name }`,
   * or the id alone (the provider reads the name when it creates the offer). Set at creation: a
   * change needs a new offer.
   */
  upgradedFrom: sent(upgradedFrom.optional(), {
    replaces: true,
    write: (value) => {
      // The provider turns an id into `{ id, name }` before anything is sent (dynamic/upgrade.ts).
      if (typeof value === "string") throw new Error(`upgradedFrom ${value} was not resolved to { id, name } before sending`);
      return value;
    },
    read: (offer) => (offer.upgradedFrom ? { id: offer.upgradedFrom.id, name: offer.upgradedFrom.name } : undefined),
    equivalent: (input, output) => typeof input === "string" && isUpgradeReference(output) && output.id.toLowerCase() === input.toLowerCase(),
  }),
};

/** A margin for CSP partners (resellers), optionally restricted to named end customers. */
const cspPromotion = {
  ...publisherFields("cspPromotion"),
  /** Email of the person who prepared the offer. */
  preparedBy: sent(email.optional()),
  /** The CSP partners who receive the margin (at most 150). Required for a live offer. */
  beneficiaries: beneficiaries(z.array(cspBeneficiary).optional(), "cspCustomer"),
  /** The accepted offer this one upgrades (renews). */
  upgradedFrom: customerPromotion.upgradedFrom,
};

/** A multiparty offer created by the software company, to be completed by one channel partner. */
const multipartyPromotionOriginator = {
  ...publisherFields("multipartyPromotionOriginator"),
  /** Last day the customer can accept the offer (`YYYY-MM-DD`). */
  acceptBy: sent(dateString.optional()),
  /** The customer (exactly one billing account). Required for a live offer. */
  beneficiaries: beneficiaries(z.array(customerBeneficiary).optional(), "billingGroup"),
  /** The channel partner who completes the offer and sells it to the customer. Required for a live offer. */
  partner: sent(channelPartner.optional(), {
    api: "partners",
    write: (partner) => (partner ? [{ id: partner.id, partnerName: partner.name, location: partner.location }] : undefined),
    read: (offer) => {
      const partner = offer.partners?.[0];
      return partner ? { id: partner.id, name: partner.partnerName ?? "", location: partner.location ?? "United States" } : undefined;
    },
    aliases: { partners: "write `partner: { id, name }`" },
  }),
  /** Your terms-and-conditions PDFs (with the partner's, at most 5). */
  termsAndConditionsDocs: sent(z.array(termsDocument).optional(), {
    secret: true,
    read: termsDocumentsRead,
    elsewhere: "customer offers use termsAndConditionsDocSasUrl",
  }),
  /** True when the offer renews an existing customer contract (a discounted agency fee applies). */
  customerContractRenewal: sent(z.boolean({ error: "must be true or false" }).optional()),
  /** A private note (at most 60 characters), never shown to the partner or customer. */
  notes: sent(z.string().optional()),
};

/** The channel partner's completion of a multiparty offer the software company created. */
const multipartyPromotionChannelPartner = {
  /** The channel partner's side of a multiparty offer. */
  privateOfferType: sent(z.literal("multipartyPromotionChannelPartner"), { replaces: true, read: () => "multipartyPromotionChannelPartner" }),
  /** The multiparty offer the software company shared with you: `private-offer/<guid>`. */
  offerId: sent(privateOfferId, {
    api: "id",
    replaces: true,
    read: (offer, previous) => offer.id ?? previous["offerId"],
    elsewhere: "the offer the software company shared",
  }),
  /**
   * `live` (default) publishes the completed offer to the customer; `draft` leaves it with you
   * unpublished; `withdrawn` takes it back from the customer before acceptance.
   */
  state: field("state", desiredState.default("live")),
  /** Email of the person who prepared the offer, shown to the customer. Required. */
  preparedBy: sent(email.optional()),
  /** Your markup on each of the software company's pricing items (keyed by product and plan). */
  markups: field("markups", z.array(markup).optional(), {
    read: (offer) =>
      nonEmpty(
        (offer.originatorPricing ?? [])
          .filter((item) => typeof item.markupPercentage === "number")
          .map((item) => defined({ product: item.product, plan: item.plan ?? item.basePlan ?? undefined, markupPercentage: item.markupPercentage as number })),
      ),
    aliases: { originatorPricing: "set `markups` instead", markupPercentage: "a channel partner sets it in `markups`" },
  }),
  /** Your own terms-and-conditions PDFs (with the software company's, at most 5). */
  termsAndConditionsDocs: sent(z.array(termsDocument).optional(), {
    secret: true,
    write: (docs) => docs ?? [],
    read: termsDocumentsRead,
    elsewhere: multipartyPromotionOriginator.termsAndConditionsDocs.elsewhere,
  }),
  /** Your email addresses told about the offer's progress (at most 5). */
  notificationContacts: sent(z.array(email).optional(), { write: (contacts) => contacts ?? [] }),
  /** A private note (at most 60 characters), never shown to the customer. */
  notes: sent(z.string().optional()),
  ...options(providerOptions, ["account"]),
};

/** The field table of every offer type. */
export const OFFER_FIELDS = { customerPromotion, cspPromotion, multipartyPromotionOriginator, multipartyPromotionChannelPartner };

/** The zod shape of a table: each field's schema, documentation included. */
export function shapeOf<T extends Record<string, Field>>(table: T): { [K in keyof T]: T[K]["schema"] } {
  return Object.fromEntries(Object.entries(table).map(([key, f]) => [key, f.schema])) as { [K in keyof T]: T[K]["schema"] };
}

/** The fields of an offer type (none for a type that does not exist). */
export function fieldsOf(type: unknown): Readonly<Record<string, Field>> {
  return typeof type === "string" && type in OFFER_FIELDS ? OFFER_FIELDS[type as PrivateOfferType] : {};
}

/** The names of an offer type's fields that satisfy `which`, in the table's order. */
export function fieldNames(type: unknown, which: (f: Field) => boolean = () => true): string[] {
  return Object.entries(fieldsOf(type)).filter(([, f]) => which(f)).map(([key]) => key);
}

/** Outputs that hold SAS URLs, of any offer type: stored as secrets. */
export const SECRET_FIELDS: readonly string[] = [...new Set(PRIVATE_OFFER_TYPES.flatMap((type) => fieldNames(type, (f) => f.secret === true)))];

/** The offer types that have a field. */
export function typesWith(key: string): PrivateOfferType[] {
  return PRIVATE_OFFER_TYPES.filter((type) => key in OFFER_FIELDS[type]);
}

/** The field an API name (or a name inside a field's value) stands for: the field, and what to write instead. */
export function aliasOf(name: string): { field: string; types: PrivateOfferType[]; hint: string } | undefined {
  for (const type of PRIVATE_OFFER_TYPES) {
    for (const [key, f] of Object.entries(OFFER_FIELDS[type] as Record<string, Field>)) {
      const hint = f.aliases?.[name];
      if (hint) return { field: key, types: typesWith(key), hint };
    }
  }
  return undefined;
}

/** A value of `upgradedFrom` in the API's form, `{ id, name }`. */
export function isUpgradeReference(value: unknown): value is UpgradedFromReference {
  return value !== null && typeof value === "object" && typeof (value as { id?: unknown }).id === "string" && typeof (value as { name?: unknown }).name === "string";
}
