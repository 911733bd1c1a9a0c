// Configure requests built from inputs: the full offer (with the price-and-availability documents of
// its absolute prices, referenced by `resourceName`), the minimal withdraw and delete requests, and
// the channel partner's completion of an offer it read from the API.
import { configureEnvelope, type ConfigureEnvelope, type ConfigureResource } from "../schema/api/configure";
import { PLAN_PRICING_SCHEMA, PRIVATE_OFFER_SCHEMA } from "../schema/api/versions";
import { markupKey } from "../schema/offer-rules";
import { fieldsOf, type OfferValues } from "../schema/offer-fields";
import {
  effectiveOfferPricingType,
  type ChannelPartnerOfferInputs,
  type PricingItem,
  type PrivateOfferInputs,
  type PrivateOfferType,
  type PublisherOfferInputs,
} from "../schema/private-offer";
import { containsUnknown } from "../schema/unknowns";

export type JsonObject = { [key: string]: unknown };

/** The states a configure request can ask for. */
export type WriteState = "live" | "draft" | "withdrawn" | "deleted";

/** The `resourceName` of the offer inside its own configure request, so job errors name it. */
export const OFFER_RESOURCE_NAME = "privateOffer";

/** The offer's identity, when it already exists. */
export interface ExistingOffer {
  id: string;
  /** From the last read; left out when a step before this one changed the offer. */
  eTag?: string;
}

// Fields the service writes; never sent back inside a price-and-availability document.
const READ_ONLY_PRICING_FIELDS = new Set(["id", "resourceName", "validations", "lifecycleState", "visibility", "planName"]);

function assertKnown(value: unknown): void {
  if (containsUnknown(value)) {
    throw new Error("inputs still contain values that are unknown until apply; they cannot be sent to Partner Center");
  }
}

function compact<T extends JsonObject>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The configure request that makes the offer look like `inputs` in `state`: creates it when
 * `existing` is absent, otherwise targets it by id (with its eTag when known).
 */
export function buildOfferEnvelope(inputs: PublisherOfferInputs, state: WriteState, existing?: ExistingOffer): ConfigureEnvelope {
  assertKnown(inputs);
  const pricingResources: ConfigureResource[] = [];
  const pricing = (inputs.pricing ?? []).map((item, index) => {
    if (item.discountType !== "absolute") return toApiPricingItem(item, undefined);
    const resourceName = `planPricing${index + 1}`;
    pricingResources.push(toPricingResource(item, resourceName, effectiveOfferPricingType(inputs)));
    return toApiPricingItem(item, resourceName);
  });
  const offer = compact({
    $schema: PRIVATE_OFFER_SCHEMA,
    resourceName: OFFER_RESOURCE_NAME,
    id: existing?.id,
    ...documentFields(inputs),
    state,
    pricing: inputs.pricing ? pricing : undefined,
    eTag: existing?.eTag,
  });
  return configureEnvelope([...pricingResources, offer]);
}

/**
 * The properties of the private-offer document, as the offer type's field table says each lands
 * there. Values left undefined still override what an echoed offer holds; `compact` drops them.
 */
function documentFields(inputs: PrivateOfferInputs): JsonObject {
  const out: JsonObject = {};
  for (const [key, field] of Object.entries(fieldsOf(inputs.privateOfferType))) {
    if (field.lands !== "document") continue;
    const value: unknown = (inputs as OfferValues)[key];
    out[field.api ?? key] = field.write ? field.write(value, inputs) : value;
  }
  return out;
}

function toApiPricingItem(item: PricingItem, resourceName: string | undefined): JsonObject {
  if (item.discountType === "percentage") {
    return compact({ product: item.product, plan: item.plan, discountType: "percentage", discountPercentage: item.discountPercentage });
  }
  return compact({
    product: item.product,
    plan: item.plan,
    basePlan: item.basePlan,
    discountType: "absolute",
    priceDetails: { resourceName },
    newPlanDetails: item.newPlanDetails,
  });
}

function toPricingResource(item: Extract<PricingItem, { discountType: "absolute" }>, resourceName: string, offerPricingType: string): ConfigureResource {
  const document = Object.fromEntries(Object.entries(item.priceDetails).filter(([key]) => !READ_ONLY_PRICING_FIELDS.has(key)));
  return compact({
    ...document,
    $schema: typeof document["$schema"] === "string" ? document["$schema"] : PLAN_PRICING_SCHEMA,
    resourceName,
    offerPricingType: typeof document["offerPricingType"] === "string" ? document["offerPricingType"] : offerPricingType,
  });
}

/** What a minimal state change names: the offer, its name and type (the API wants all three). */
export interface OfferIdentity {
  id: string;
  name: string;
  privateOfferType: PrivateOfferType;
  eTag?: string;
}

/** Withdraws a live offer that the customer has not accepted. */
export function buildWithdrawEnvelope(offer: OfferIdentity): ConfigureEnvelope {
  return minimalStateChange(offer, "withdrawn");
}

/** Deletes a draft or withdrawn offer. */
export function buildDeleteEnvelope(offer: OfferIdentity): ConfigureEnvelope {
  return minimalStateChange(offer, "deleted");
}

function minimalStateChange(offer: OfferIdentity, state: WriteState): ConfigureEnvelope {
  return configureEnvelope([
    compact({
      $schema: PRIVATE_OFFER_SCHEMA,
      id: offer.id,
      name: offer.name,
      privateOfferType: offer.privateOfferType,
      state,
      eTag: offer.eTag,
    }),
  ]);
}

// Fields of the channel partner's view that describe the offer's status rather than its content.
// `lastModified` and `eTag` stay: the documented completion echoes them as read.
const STATUS_FIELDS = new Set(["subState", "acceptanceLinks", "validations", "resourceName", "$schema"]);

export interface ChannelPartnerCompletion {
  envelope: ConfigureEnvelope;
  /** Reasons the completion cannot be sent (a pricing item without markup, a markup for no item). */
  problems: string[];
  /** Rules only Partner Center's UI states (markup above the software company's discount). */
  warnings: string[];
}

/**
 * The channel partner's completion: the offer exactly as it read it (read-only parts echoed, eTag
 * included), with its own preparedBy, documents, contacts and notes, and a markup on every
 * originator pricing item.
 */
export function buildChannelPartnerCompletion(
  offerAsRead: JsonObject,
  inputs: ChannelPartnerOfferInputs,
  state: WriteState = "live",
): ChannelPartnerCompletion {
  assertKnown(inputs);
  const problems: string[] = [];
  const warnings: string[] = [];
  const markups = new Map((inputs.markups ?? []).map((m) => [markupKey(m.product, m.plan), m]));
  const used = new Set<string>();
  const readPricing = Array.isArray(offerAsRead["originatorPricing"]) ? (offerAsRead["originatorPricing"] as unknown[]) : [];
  const originatorPricing = readPricing.map((raw, index) => {
    const item = (raw !== null && typeof raw === "object" ? raw : {}) as JsonObject;
    const product = typeof item["product"] === "string" ? item["product"] : "";
    const plan = typeof item["plan"] === "string" ? item["plan"] : typeof item["basePlan"] === "string" ? item["basePlan"] : undefined;
    const key = markupKey(product, plan);
    const markup = markups.get(key);
    if (!markup) {
      problems.push(`originatorPricing[${index}] (${product}${plan ? ` ${plan}` : ", whole product"}) needs a markup: add { product: "${product}"${plan ? `, plan: "${plan}"` : ""}, markupPercentage: <percent> } to markups`);
      return item;
    }
    used.add(key);
    const discount = item["discountPercentage"];
    if (item["discountType"] === "percentage" && typeof discount === "number" && markup.markupPercentage > discount) {
      warnings.push(`the markup on ${product}${plan ? ` ${plan}` : ""} (${markup.markupPercentage}%) exceeds the software company's discount (${discount}%); Partner Center does not allow that`);
    }
    return { ...item, markupPercentage: markup.markupPercentage };
  });
  for (const m of inputs.markups ?? []) {
    if (!used.has(markupKey(m.product, m.plan))) {
      problems.push(`the markup for ${m.product}${m.plan ? ` ${m.plan}` : ""} matches no pricing item of offer ${inputs.offerId}; its items are: ${describeItems(readPricing)}`);
    }
  }
  const ownDocs = inputs.termsAndConditionsDocs ?? [];
  const originatorDocs = Array.isArray(offerAsRead["originatorTermsAndConditionsDocs"]) ? offerAsRead["originatorTermsAndConditionsDocs"].length : 0;
  if (ownDocs.length + originatorDocs > 5) {
    problems.push(`termsAndConditionsDocs: with the software company's ${originatorDocs} document(s) the offer would have ${ownDocs.length + originatorDocs}; at most 5 are allowed`);
  }
  const kept = Object.fromEntries(Object.entries(offerAsRead).filter(([key]) => !STATUS_FIELDS.has(key) && key !== "pricing"));
  const offer = compact({
    $schema: PRIVATE_OFFER_SCHEMA,
    resourceName: OFFER_RESOURCE_NAME,
    ...kept,
    // Its own fields (the offer's id included), as the channel partner's field table says.
    ...documentFields(inputs),
    state,
    originatorPricing,
  });
  return { envelope: configureEnvelope([offer]), problems, warnings };
}

function describeItems(items: unknown[]): string {
  if (items.length === 0) return "none";
  return items
    .map((raw) => {
      const item = (raw ?? {}) as JsonObject;
      const plan = item["plan"] ?? item["basePlan"];
      return `${String(item["product"])}${typeof plan === "string" ? ` ${plan}` : " (whole product)"}`;
    })
    .join(", ");
}
