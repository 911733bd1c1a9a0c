// Business rules applied when a job completes (reference §5, our readings ).
// A job's resources are applied to a transaction over the stored state; the transaction is
// committed only when every resource succeeded, so a job changes all or nothing.

import type { JsonObject, Principal, PublisherAccount, ValidatedResource } from "../contracts";
import { findPlan, findProduct } from "./catalogue";
import { canonicalEnum, canonicalise } from "./enums";
import { ERROR_CODES, jobError } from "./errors";
import { calendarDate, offerDurableId, offerKeyFromDurableId, PRICING_PREFIX } from "./formats";
import { isJsonObject, sameJson, without } from "./json";
import { parseOfferFields, parsePricingResourceFields, type OfferFields, type PricingItemFields } from "./resource-fields";
import { issueETag, type DomainState, type JobError, type StoredOffer, type StoredPricing } from "./state";
import { applyUpgradeRules, type UpgradeScope } from "./upgrades";
import { CHANNEL_PARTNER, ORIGINATOR, PARTNER_FIELDS, renderOffer, roleOf } from "./views";

export { ERROR_CODES } from "./errors";

export interface JobContext {
  state: DomainState;
  principal: Principal;
  /** When the job completes; stamps `lastModified` and eTags. */
  at: number;
  accounts: readonly PublisherAccount[];
  newId: () => string;
}

export interface JobEffects {
  errors: JobError[];
  written: JsonObject[];
  deletesOnly: boolean;
  commit(): void;
}

/** Fields the server owns; whatever a client sends for them is not stored as content. */
const SERVER_FIELDS = ["id", "eTag", "lastModified", "state", "subState", "acceptanceLinks", "validations", "resourceName"];

type Outcome = { errors: JobError[] } | { offer: StoredOffer | null; written: JsonObject };

class Transaction {
  readonly offers = new Map<string, StoredOffer | null>();
  readonly pricing = new Map<string, StoredPricing>();
  readonly pricingByName = new Map<string, string>();

  constructor(private readonly ctx: JobContext) {}

  offer(key: string): StoredOffer | undefined {
    if (this.offers.has(key)) return this.offers.get(key) ?? undefined;
    return this.ctx.state.offers.get(key);
  }

  /** Every offer as this job has left it so far: stored ones, changed or deleted by the job, and new ones. */
  *currentOffers(): Iterable<StoredOffer> {
    for (const [key, offer] of this.ctx.state.offers) if (!this.offers.has(key)) yield offer;
    for (const offer of this.offers.values()) if (offer !== null) yield offer;
  }

  pricingResource(id: string): StoredPricing | undefined {
    return this.pricing.get(id) ?? this.ctx.state.pricing.get(id);
  }

  nextETag(): string {
    return issueETag(this.ctx.state.counters, this.ctx.at);
  }

  commit(): void {
    const { state } = this.ctx;
    for (const [id, pricing] of this.pricing) state.pricing.set(id, pricing);
    for (const [key, offer] of this.offers) {
      if (offer === null) {
        state.offers.delete(key);
        state.deletedOffers.add(key);
      } else {
        state.offers.set(key, offer);
      }
    }
  }
}

export function applyJob(resources: readonly ValidatedResource[], ctx: JobContext): JobEffects {
  const tx = new Transaction(ctx);
  const errors: JobError[] = [];
  const written: JsonObject[] = [];
  // Pricing resources first: offers in the same request refer to them by resourceName.
  const ordered = [
    ...resources.filter((r) => r.type === "price-and-availability-private-offer-plan"),
    ...resources.filter((r) => r.type === "private-offer"),
  ];
  let offerCount = 0;
  let deleteCount = 0;
  for (const resource of ordered) {
    if (resource.type === "price-and-availability-private-offer-plan") {
      const outcome = applyPricingResource(resource, tx, ctx);
      if ("errors" in outcome) errors.push(...outcome.errors);
      else written.push(outcome.written);
      continue;
    }
    offerCount += 1;
    const outcome = applyOfferResource(resource, tx, ctx);
    if ("errors" in outcome) {
      errors.push(...outcome.errors);
      continue;
    }
    if (outcome.offer === null) deleteCount += 1;
    written.push(outcome.written);
  }
  return {
    errors,
    written: errors.length === 0 ? written : [],
    deletesOnly: offerCount > 0 && deleteCount === offerCount,
    commit: () => {
      if (errors.length === 0) tx.commit();
    },
  };
}

function applyPricingResource(
  resource: ValidatedResource,
  tx: Transaction,
  ctx: JobContext,
): { errors: JobError[] } | { written: JsonObject } {
  const ref = resource.resourceName ?? `resources[${resource.index}]`;
  const parsed = parsePricingResourceFields(resource);
  if (!parsed.ok) return { errors: parsed.details.map((d) => jobError(ERROR_CODES.invalidResource, `${d.target}: ${d.message}`, ref)) };
  const product = findProduct(parsed.value.product);
  if (product === undefined) {
    return { errors: [jobError(ERROR_CODES.notFound, `Product ${parsed.value.product} does not exist.`, ref)] };
  }
  const plan = findPlan(product, parsed.value.plan);
  if (plan === undefined) {
    return { errors: [jobError(ERROR_CODES.notFound, `Plan ${parsed.value.plan} is not a plan of product/${product.guid}.`, ref)] };
  }
  ctx.state.counters.pricing += 1;
  const id = `${PRICING_PREFIX}${product.guid}/${ctx.state.counters.pricing}`;
  const { $schema, ...rest } = without(canonicalise(resource.body), SERVER_FIELDS);
  const body: JsonObject = { $schema, id, ...rest };
  tx.pricing.set(id, { id, ownerSellerId: ctx.principal.sellerId, body });
  if (resource.resourceName !== undefined) tx.pricingByName.set(resource.resourceName, id);
  return { written: structuredClone(body) };
}

function applyOfferResource(resource: ValidatedResource, tx: Transaction, ctx: JobContext): Outcome {
  const parsed = parseOfferFields(resource);
  const fallbackRef = resource.resourceName ?? `resources[${resource.index}]`;
  if (!parsed.ok) {
    return { errors: parsed.details.map((d) => jobError(ERROR_CODES.invalidResource, `${d.target}: ${d.message}`, fallbackRef)) };
  }
  const fields = parsed.value;
  const ref = fields.id ?? fallbackRef;
  const fail = (code: string, message: string): Outcome => ({ errors: [jobError(code, message, ref)] });
  const type = canonicalEnum("privateOfferType", fields.privateOfferType);
  const desired = canonicalEnum("state", fields.state);

  if (fields.id === undefined) {
    if (type === CHANNEL_PARTNER) {
      return fail(ERROR_CODES.forbidden, "A channel partner completes a multiparty offer the software company created: send the offer's id.");
    }
    if (desired !== "draft" && desired !== "live") {
      return fail(ERROR_CODES.invalidState, `state ${desired} needs the id of an existing offer.`);
    }
    return createOffer(resource, fields, desired, ref, tx, ctx);
  }

  const key = offerKeyFromDurableId(fields.id);
  const offer = key === undefined ? undefined : tx.offer(key);
  const role = offer === undefined ? undefined : roleOf(offer, ctx.principal.sellerId);
  if (offer === undefined || role === undefined) {
    const deleted = key !== undefined && ctx.state.deletedOffers.has(key);
    return fail(ERROR_CODES.notFound, `${fields.id} ${deleted ? "has been deleted" : "does not exist or is not visible to this account"}.`);
  }
  if (offer.accepted) {
    return fail(ERROR_CODES.conflict, "The customer has accepted this offer: an accepted offer is a binding agreement and cannot be changed, withdrawn or deleted.");
  }
  return role === "owner"
    ? changeAsOwner({ offer, resource, fields, type, desired, fail, tx, ctx })
    : changeAsPartner({ offer, resource, fields, type, desired, fail, tx, ctx });
}

type Fail = (code: string, message: string) => Outcome;

function stamp(offer: StoredOffer, tx: Transaction, ctx: JobContext): StoredOffer {
  return { ...offer, eTag: tx.nextETag(), lastModified: calendarDate(ctx.at) };
}

function put(offer: StoredOffer, tx: Transaction, ctx: JobContext): Outcome {
  tx.offers.set(offer.key, offer);
  return { offer, written: renderOffer(offer, roleOf(offer, ctx.principal.sellerId) ?? "owner") };
}

function upgradeScope(tx: Transaction, ctx: JobContext): UpgradeScope {
  return {
    sellerId: ctx.principal.sellerId,
    offer: (key) => tx.offer(key),
    offers: () => tx.currentOffers(),
    wasDeleted: (key) => ctx.state.deletedOffers.has(key) || tx.offers.get(key) === null,
  };
}

function createOffer(
  resource: ValidatedResource,
  fields: OfferFields,
  desired: "draft" | "live",
  ref: string,
  tx: Transaction,
  ctx: JobContext,
): Outcome {
  const content = ownerContent(resource, fields, ref, tx, ctx);
  if ("errors" in content) return content;
  const upgrade = applyUpgradeRules({ index: resource.index, ref, body: content.body, live: desired === "live" }, upgradeScope(tx, ctx));
  if ("errors" in upgrade) return upgrade;
  const type = canonicalEnum("privateOfferType", fields.privateOfferType);
  ctx.state.counters.offerPosition += 1;
  const offer: StoredOffer = {
    key: ctx.newId().toLowerCase(),
    position: ctx.state.counters.offerPosition,
    ownerSellerId: ctx.principal.sellerId,
    state: desired,
    accepted: false,
    eTag: tx.nextETag(),
    lastModified: calendarDate(ctx.at),
    body: upgrade.body,
  };
  if (type === ORIGINATOR) offer.partner = freshPartner(content.body);
  return put(offer, tx, ctx);
}

function partnerSellerId(body: JsonObject): string {
  const partners = body["partners"];
  const first: unknown = Array.isArray(partners) ? partners[0] : undefined;
  return isJsonObject(first) && typeof first["id"] === "string" ? first["id"] : "";
}

function freshPartner(body: JsonObject): StoredOffer["partner"] {
  return { sellerId: partnerSellerId(body), state: "draft", fields: {}, markups: [] };
}

/** One resource of a job asking to change a stored offer, as its owner or as its channel partner. */
interface OfferChange {
  offer: StoredOffer;
  resource: ValidatedResource;
  fields: OfferFields;
  type: string;
  desired: string;
  fail: Fail;
  tx: Transaction;
  ctx: JobContext;
}

function changeAsOwner(change: OfferChange): Outcome {
  const { offer, resource, fields, type, desired, fail, tx, ctx } = change;
  const storedType = offer.body["privateOfferType"];
  if (type !== storedType) {
    if (type === CHANNEL_PARTNER) return fail(ERROR_CODES.forbidden, "Only the channel partner named in partners can act as channel partner on this offer.");
    return fail(ERROR_CODES.invalidResource, `privateOfferType cannot change: this offer is ${String(storedType)}.`);
  }
  const withdraw = (): Outcome => {
    if (offer.state !== "live") {
      return fail(ERROR_CODES.invalidState, `Only a live offer can be withdrawn; this offer is ${offer.state}.`);
    }
    if (offer.partner?.state === "live") {
      return fail(ERROR_CODES.invalidState, "The channel partner has published this offer to the customer: the partner must withdraw it before the originator can.");
    }
    const partner = offer.partner === undefined ? undefined : { ...offer.partner, state: "draft" as const, markups: [] };
    return put({ ...stamp(offer, tx, ctx), state: "withdrawn", ...(partner === undefined ? {} : { partner }) }, tx, ctx);
  };
  switch (desired) {
    case "deleted":
      if (offer.state === "live") {
        return fail(ERROR_CODES.invalidState, "Only a draft or withdrawn offer can be deleted: withdraw the live offer first.");
      }
      tx.offers.set(offer.key, null);
      return {
        offer: null,
        written: { $schema: resource.body["$schema"], id: offerDurableId(offer.key), name: offer.body["name"], privateOfferType: storedType, state: "deleted" },
      };
    case "withdrawn":
      return withdraw();
    case "draft":
      // Draft with an id is how the service spells withdraw (our reading A-15).
      if (offer.state === "live") return withdraw();
      return fail(
        ERROR_CODES.invalidState,
        offer.state === "withdrawn"
          ? "A withdrawn offer cannot return to draft: POST it with state live and the full payload, or delete it."
          : "Draft with an id withdraws a live offer, and this offer is a draft: a draft cannot be edited in place; publish it with state live or delete it.",
      );
    case "live": {
      const content = ownerContent(resource, fields, fields.id ?? "", tx, ctx);
      if ("errors" in content) return content;
      const upgrade = applyUpgradeRules(
        { index: resource.index, ref: fields.id ?? "", body: content.body, self: offer, live: true },
        upgradeScope(tx, ctx),
      );
      if ("errors" in upgrade) return upgrade;
      if (offer.state === "live") {
        // An identical re-submission is a no-op success (our reading A-24); any change needs a withdraw first.
        if (sameJson(fingerprint(upgrade.body, tx), fingerprint(offer.body, tx))) {
          return { offer, written: renderOffer(offer, "owner") };
        }
        return fail(ERROR_CODES.invalidState, "A live offer cannot be edited: withdraw it first (state withdrawn), then POST it with state live and the changes.");
      }
      const next: StoredOffer = { ...stamp(offer, tx, ctx), state: "live", body: upgrade.body };
      if (offer.partner !== undefined) next.partner = freshPartner(upgrade.body);
      return put(next, tx, ctx);
    }
    default:
      return fail(ERROR_CODES.invalidState, `state ${desired} is not a state an offer can be put in.`);
  }
}

/** Keys a channel partner's request may carry without them counting as changes to read-only fields. */
const PARTNER_IGNORED = new Set([...SERVER_FIELDS, "$schema", "privateOfferType", "originatorPricing", ...PARTNER_FIELDS]);

function changeAsPartner(change: OfferChange): Outcome {
  const { offer, resource, fields, type, desired, fail, tx, ctx } = change;
  const partner = offer.partner;
  if (partner === undefined) return fail(ERROR_CODES.forbidden, "Only the offer's owner can change it.");
  if (type !== CHANNEL_PARTNER) {
    return fail(ERROR_CODES.forbidden, `As the channel partner of this offer, send privateOfferType ${CHANNEL_PARTNER}; only the originator can act as ${String(type)}.`);
  }
  switch (desired) {
    case "deleted":
      return fail(ERROR_CODES.forbidden, "The channel partner cannot delete a multiparty offer; only the originator can, while it is draft or withdrawn.");
    case "withdrawn":
    case "draft":
      if (partner.state !== "live") {
        return fail(ERROR_CODES.invalidState, "The channel partner can withdraw only an offer it has published to the customer.");
      }
      return put({ ...stamp(offer, tx, ctx), partner: { ...partner, state: "withdrawn" } }, tx, ctx);
    case "live": {
      const checked = partnerContent(offer, resource, fields);
      if ("errors" in checked) return { errors: checked.errors.map((message) => jobError(ERROR_CODES.invalidResource, message, fields.id ?? "")) };
      if (partner.state === "live") {
        if (sameJson(checked.fields, partner.fields) && sameJson(checked.markups, partner.markups)) {
          return { offer, written: renderOffer(offer, "partner") };
        }
        return fail(ERROR_CODES.invalidState, "A published offer cannot be edited: withdraw it first (state withdrawn), then POST it with state live and the changes.");
      }
      return put({ ...stamp(offer, tx, ctx), partner: { ...partner, state: "live", fields: checked.fields, markups: checked.markups } }, tx, ctx);
    }
    default:
      return fail(ERROR_CODES.invalidState, `state ${desired} is not a state an offer can be put in.`);
  }
}

/** The partner's own fields and markups from its request, or why they are refused. */
function partnerContent(
  offer: StoredOffer,
  resource: ValidatedResource,
  fields: OfferFields,
): { errors: string[] } | { fields: JsonObject; markups: number[] } {
  const errors: string[] = [];
  const body = canonicalise(resource.body);
  const view = renderOffer(offer, "partner");
  for (const key of Object.keys(body)) {
    if (PARTNER_IGNORED.has(key)) continue;
    if (!sameJson(body[key], view[key])) errors.push(`${key} is read-only for the channel partner; only ${PARTNER_FIELDS.join(", ")} and markupPercentage can be set.`);
  }
  if (fields.preparedBy === undefined || fields.preparedBy === "") errors.push("preparedBy is required from the channel partner.");
  const stored = Array.isArray(offer.body["pricing"]) ? offer.body["pricing"] : [];
  const viewItems = Array.isArray(view["originatorPricing"]) ? view["originatorPricing"] : [];
  const items = fields.originatorPricing ?? [];
  if (items.length !== stored.length) {
    errors.push(`originatorPricing must list each of the originator's ${stored.length} pricing items, each with a markupPercentage.`);
    return { errors };
  }
  const markups: number[] = [];
  items.forEach((item, i) => {
    const markup = item.markupPercentage;
    const original: unknown = stored[i];
    const viewItem: unknown = viewItems[i];
    for (const [k, v] of Object.entries(canonicalise(item))) {
      if (k === "markupPercentage" || !isJsonObject(viewItem)) continue;
      if (!sameJson(v, viewItem[k])) errors.push(`originatorPricing[${i}].${k} is read-only for the channel partner.`);
    }
    if (markup === undefined) {
      errors.push(`originatorPricing[${i}].markupPercentage is required from the channel partner.`);
      return;
    }
    if (markup < 0 || markup > 100) errors.push(`originatorPricing[${i}].markupPercentage must be from 0 to 100.`);
    const discount = isJsonObject(original) && original["discountType"] === "percentage" ? original["discountPercentage"] : undefined;
    if (typeof discount === "number" && markup > discount) {
      errors.push(`originatorPricing[${i}].markupPercentage ${markup} exceeds the originator's discount of ${discount}%.`);
    }
    markups.push(markup);
  });
  if (errors.length > 0) return { errors };
  const own: JsonObject = {};
  for (const key of PARTNER_FIELDS) if (body[key] !== undefined) own[key] = body[key];
  return { fields: own, markups };
}

/**
 * The stored content of an owner's resource: enums canonical, server fields dropped, pricing
 * items checked against the catalogue and named, `priceDetails` references resolved to ids.
 */
function ownerContent(
  resource: ValidatedResource,
  fields: OfferFields,
  ref: string,
  tx: Transaction,
  ctx: JobContext,
): { errors: JobError[] } | { body: JsonObject } {
  const body = without(canonicalise(resource.body), SERVER_FIELDS);
  const errors: JobError[] = [];
  const items: unknown[] = Array.isArray(body["pricing"]) ? body["pricing"] : [];
  items.forEach((item, i) => {
    const typed = fields.pricing?.[i];
    if (!isJsonObject(item) || typed === undefined) return;
    const problem = resolvePricingItem(item, typed, tx, ctx);
    if (problem !== undefined) errors.push(jobError(problem.code, `pricing[${i}]: ${problem.message}`, ref));
  });
  if (canonicalEnum("privateOfferType", fields.privateOfferType) === ORIGINATOR) {
    const partner = fields.partners?.[0];
    if (partner === undefined) {
      errors.push(jobError(ERROR_CODES.invalidResource, "A multiparty offer names its channel partner in partners[0].", ref));
    } else if (partner.partnerName === undefined) {
      const account = ctx.accounts.find((a) => a.sellerId === partner.id);
      const partners = body["partners"];
      const first: unknown = Array.isArray(partners) ? partners[0] : undefined;
      if (account !== undefined && isJsonObject(first)) first["partnerName"] = account.displayName;
    }
  }
  return errors.length > 0 ? { errors } : { body };
}

/** Checks one pricing item in place (adding product and plan names); answers the problem, if any. */
function resolvePricingItem(
  item: JsonObject,
  typed: PricingItemFields,
  tx: Transaction,
  ctx: JobContext,
): { code: string; message: string } | undefined {
  const product = typed.product === undefined ? undefined : findProduct(typed.product);
  if (product === undefined) return { code: ERROR_CODES.notFound, message: `product ${typed.product ?? "(missing)"} does not exist.` };
  item["productName"] = product.alias;
  const planRef = typed.plan ?? typed.basePlan;
  if (planRef !== undefined) {
    const plan = findPlan(product, planRef);
    if (plan === undefined) return { code: ERROR_CODES.notFound, message: `${planRef} is not a plan of product/${product.guid}.` };
    item["planName"] = plan.alias;
  }
  const details = typed.priceDetails;
  if (typeof details === "object") {
    const id = tx.pricingByName.get(details.resourceName);
    if (id === undefined) {
      return { code: ERROR_CODES.invalidResource, message: `priceDetails refers to ${details.resourceName}, which no price-and-availability resource of this request is named.` };
    }
    item["priceDetails"] = id;
  } else if (typeof details === "string") {
    const pricing = tx.pricingResource(details);
    if (pricing === undefined || pricing.ownerSellerId !== ctx.principal.sellerId) {
      return { code: ERROR_CODES.notFound, message: `priceDetails ${details} does not exist.` };
    }
  }
  return undefined;
}

/** Offer content for comparison: `$schema` ignored, priceDetails ids replaced by the prices they name. */
function fingerprint(body: JsonObject, tx: Transaction): JsonObject {
  const out = without(body, ["$schema"]);
  const items = out["pricing"];
  if (!Array.isArray(items)) return out;
  out["pricing"] = items.map((item: unknown) => {
    if (!isJsonObject(item) || typeof item["priceDetails"] !== "string") return item;
    const pricing = tx.pricingResource(item["priceDetails"]);
    return { ...item, priceDetails: pricing === undefined ? item["priceDetails"] : without(pricing.body, ["$schema", "id"]) };
  });
  return out;
}
