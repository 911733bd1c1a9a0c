// What a field of an offer type's table (offer-fields.ts) says about it, and the codecs of the
// fields whose form in the API differs from the one a program writes.
import { z } from "zod";
import type { ApiPricingItem, PrivateOfferDocument, privateOfferTypes } from "./api/private-offer";
import { effectiveOfferPricingType, type PricingItem } from "./offer-values";
import { offerPricingType } from "./primitives";

/** Where a field's value goes. */
export type Landing =
  /** A property of the private-offer document sent to `configure` (`api` names it there), read back into the outputs. */
  | "document"
  /** The pricing items, and beside the offer the price documents of its absolute prices (lifecycle/payload.ts). */
  | "pricing"
  /** The channel partner's markups, set on the originator's pricing items it read (lifecycle/payload.ts). */
  | "markups"
  /** The state each step of the plan asks for; the outputs hold the offer's actual state. */
  | "state"
  /** Steers the provider and is never sent; the outputs keep what the inputs said. */
  | "option";

/** What a field's codec may read of the checked inputs beside its own value. */
export interface OfferValues {
  readonly start?: string | undefined;
  readonly pricing?: readonly PricingItem[] | undefined;
  readonly [key: string]: unknown;
}

/** What the outputs are read against: the inputs, or the outputs in state, the offer is managed with. */
export interface ViewSource {
  readonly privateOfferType: (typeof privateOfferTypes)[number];
  readonly [key: string]: unknown;
}

export interface Field<S extends z.ZodType = z.ZodType> {
  /** The input's schema, with the documentation a program's author reads. */
  schema: S;
  lands: Landing;
  /** The document's property, where it is not named as the input. */
  api?: string;
  /** The value sent; default: the input's value. */
  write?(value: z.output<S> | undefined, inputs: OfferValues): unknown;
  /** The output value from the offer as read; default: the document's property, with null and empty lists as absent. */
  read?(offer: PrivateOfferDocument, previous: ViewSource): unknown;
  /** A SAS URL or a list holding them: a secret output, never written into code. */
  secret?: true;
  /** A change needs a new offer (the engine replaces the resource). */
  replaces?: true;
  /** Whether an input written in a shorter form (an id for `{ id, name }`) stands for the value in state. */
  equivalent?(input: unknown, output: unknown): boolean;
  /** Said when the property is written on another offer type, after naming the types that have it. */
  elsewhere?: string;
  /** Names the API uses for this field or inside its value, with what to write instead. */
  aliases?: Readonly<Record<string, string>>;
}

export type Spec<S extends z.ZodType> = Omit<Field<S>, "schema" | "lands">;

export function field<S extends z.ZodType>(lands: Landing, schema: S, spec: Spec<S> = {}): Field<S> {
  return { schema, lands, ...spec };
}
export const sent = <S extends z.ZodType>(schema: S, spec?: Spec<S>) => field("document", schema, spec);

/** The provider options as fields: never sent; `replacing` name those whose change needs a new offer. */
export function options<T extends Record<string, z.ZodType>>(schemas: T, replacing: readonly (keyof T)[]): { [K in keyof T]: Field<T[K]> } {
  const out: Record<string, Field> = {};
  for (const [key, schema] of Object.entries(schemas)) out[key] = field("option", schema, replacing.includes(key) ? { replaces: true } : {});
  return out as { [K in keyof T]: Field<T[K]> };
}

export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function nonEmpty<T>(list: readonly T[] | null | undefined): T[] | undefined {
  return list && list.length > 0 ? [...list] : undefined;
}

// Codecs of the fields whose API form differs from the input's.

/** A CSP margin only ever edits existing pricing; the CSP samples leave the field out. */
export function pricingType(csp: boolean) {
  return sent(offerPricingType.optional(), {
    write: (value, inputs) => {
      const type = effectiveOfferPricingType({ offerPricingType: value, pricing: inputs.pricing });
      return csp && type === "editExistingOfferPricingOnly" ? undefined : type;
    },
    read: (offer) => offer.offerPricingType ?? (csp ? "editExistingOfferPricingOnly" : undefined),
  });
}

/** Recipients are objects whose type follows from the offer type; the user writes their ids. */
export function beneficiaries<S extends z.ZodType<{ id: string; description?: string | undefined; recipients?: string[] | undefined }[] | undefined>>(
  schema: S,
  recipientType: "billingGroup" | "cspCustomer",
) {
  return sent(schema, {
    write: (list) =>
      list?.map((b) => defined({ id: b.id, description: b.description, beneficiaryRecipients: b.recipients?.map((id) => ({ id, recipientType })) })),
    read: (offer) =>
      nonEmpty(
        offer.beneficiaries?.map((b) =>
          defined({ id: b.id, description: b.description ?? undefined, recipients: nonEmpty(b.beneficiaryRecipients?.map((r) => r.id)) }),
        ),
      ),
    aliases: { beneficiaryRecipients: "write `recipients: [<id>, ...]` on the beneficiary" },
  });
}

export const termsDocumentsRead = (offer: PrivateOfferDocument) =>
  nonEmpty(offer.termsAndConditionsDocs?.map((d) => ({ sasUrl: d.sasUrl, fileName: d.fileName, customerFacingDocumentName: d.customerFacingDocumentName })));


/**
 * An absolute price comes back as the durable id of its price document: the document the inputs
 * gave for the same product and plan is kept; otherwise a stub naming that id.
 */
export function pricingItemView(item: ApiPricingItem, previous: unknown): PricingItem {
  const plan = item.plan ?? undefined;
  const basePlan = item.basePlan ?? undefined;
  const absolute = item.discountType === "absolute" || (item.discountType === undefined && item.priceDetails != null);
  if (!absolute) {
    return defined({ product: item.product, plan, discountType: "percentage" as const, discountPercentage: item.discountPercentage ?? 0 });
  }
  const same = (Array.isArray(previous) ? (previous as PricingItem[]) : []).find(
    (p) => p.discountType === "absolute" && p.product === item.product && (p.plan ?? p.basePlan) === (plan ?? basePlan),
  );
  const priceDetails =
    same && same.discountType === "absolute"
      ? same.priceDetails
      : defined({ id: typeof item.priceDetails === "string" ? item.priceDetails : undefined, product: item.product, plan: plan ?? basePlan ?? "" });
  const newPlanDetails = item.newPlanDetails?.name && item.newPlanDetails.description
    ? { name: item.newPlanDetails.name, description: item.newPlanDetails.description }
    : undefined;
  return defined({ product: item.product, plan, basePlan, discountType: "absolute" as const, priceDetails, newPlanDetails }) as PricingItem;
}
