// Upgrades (renewals) of accepted offers: a customer or CSP offer created with
// `upgradedFrom: { id, name }` renews the accepted offer it names. The rules and the evidence for
// each are in the README ("Decisions", "Upgrades of accepted offers"); in short:
//
// - the original exists, belongs to the caller's account, is a customer or CSP offer of the same
//   type, and the customer accepted it; `upgradedFrom.name` is its current name;
// - the upgrade is for the same customer (the same beneficiary ids) and the same offerPricingType;
// - it starts on a fixed date after the original's end (no variable start, no overlap);
// - its pricing items change prices of the original's products and plans and add none; the
//   original's items the request leaves out are carried over;
// - an original has at most one live upgrade at a time;
// - `upgradedFrom` is set when the offer is created and stays what it was.
//
// Every refusal is a job error naming the request property it is about (`target`).

import { z } from "zod";
import type { JsonObject } from "../contracts";
import { findPlan, findProduct } from "./catalogue";
import { ERROR_CODES, jobError } from "./errors";
import { calendarDate, offerKeyFromDurableId } from "./formats";
import { isJsonObject } from "./json";
import type { JobError, StoredOffer } from "./state";
import { roleOf, subStateOf } from "./views";

/** The offer types that can be upgraded, and that an upgrade can be (reference §4.3, `upgradedFrom`: C, S). */
const UPGRADABLE_TYPES: ReadonlySet<string> = new Set(["customerPromotion", "cspPromotion"]);
const DEFAULT_PRICING_TYPE = "editExistingOfferPricingOnly";
const DAY_MS = 86_400_000;

const reference = z.looseObject({ id: z.string(), name: z.string().optional() });

/** What the rules read of an offer's content (the request's, or the stored original's). */
const upgradeFields = z.looseObject({
  name: z.string().optional(),
  privateOfferType: z.string().optional(),
  offerPricingType: z.string().optional(),
  variableStartDate: z.boolean().optional(),
  start: z.string().nullable().optional(),
  end: z.string().optional(),
  beneficiaries: z.array(z.looseObject({ id: z.string() })).optional(),
  pricing: z.array(z.record(z.string(), z.unknown())).optional(),
  upgradedFrom: reference.optional(),
});
type UpgradeFields = z.infer<typeof upgradeFields>;

/** The offers a job sees: the stored ones as this job has changed them so far. */
export interface UpgradeScope {
  sellerId: string;
  offer(key: string): StoredOffer | undefined;
  offers(): Iterable<StoredOffer>;
  wasDeleted(key: string): boolean;
}

/** One offer resource of a job whose content is about to be stored. */
export interface UpgradeSubject {
  /** Its position in `resources`, for targets such as `resources[0].upgradedFrom.id`. */
  index: number;
  /** The `resourceId` of its error items. */
  ref: string;
  /** The content to store: canonical enums, server fields dropped, pricing items resolved. */
  body: JsonObject;
  /** The stored offer, when the request changes an existing one. */
  self?: StoredOffer;
  /** The offer goes (or stays) live: the one-live-upgrade rule applies. */
  live: boolean;
}

export type UpgradeOutcome = { errors: JobError[] } | { body: JsonObject };

/** The key of the offer `body` upgrades, if it is an upgrade. */
export function upgradedKeyOf(body: JsonObject): string | undefined {
  const parsed = reference.safeParse(body["upgradedFrom"]);
  return parsed.success ? offerKeyFromDurableId(parsed.data.id) : undefined;
}

/**
 * Checks `subject` against the upgrade rules when it is (or was) an upgrade, and answers the content
 * to store: the request's, with the original's pricing items it leaves out carried over.
 */
export function applyUpgradeRules(subject: UpgradeSubject, scope: UpgradeScope): UpgradeOutcome {
  const at = (property: string) => `resources[${subject.index}].${property}`;
  const error = (code: string, message: string, property: string) => jobError(code, message, subject.ref, at(property));

  const invalid = (issues: readonly z.core.$ZodIssue[], prefix: string[] = []): UpgradeOutcome => ({
    errors: issues.map((issue) => {
      const path = [...prefix, ...issue.path].map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
      return error(ERROR_CODES.invalidResource, `${path}: ${issue.message}`, path);
    }),
  });

  const sent = subject.body["upgradedFrom"];
  const named = sent === undefined ? undefined : reference.safeParse(sent);
  if (named !== undefined && !named.success) return invalid(named.error.issues, ["upgradedFrom"]);
  const requested = named?.data;
  const fixed = referenceUnchanged(subject.self, requested);
  if (fixed !== undefined) return { errors: [error(ERROR_CODES.invalidResource, fixed, "upgradedFrom")] };
  if (requested === undefined) return { body: subject.body };

  const parsed = upgradeFields.safeParse(subject.body);
  if (!parsed.success) return invalid(parsed.error.issues);
  const request = parsed.data;

  const key = offerKeyFromDurableId(requested.id);
  const original = key === undefined ? undefined : scope.offer(key);
  if (key === undefined || original === undefined || roleOf(original, scope.sellerId) === undefined) {
    const why = key !== undefined && scope.wasDeleted(key) ? "has been deleted" : "does not exist or is not visible to this account";
    return {
      errors: [error(ERROR_CODES.notFound, `${requested.id} ${why}: upgradedFrom.id names the accepted offer this one renews.`, "upgradedFrom.id")],
    };
  }
  const source = upgradeFields.safeParse(original.body);
  const before: UpgradeFields = source.success ? source.data : {};
  const label = requested.id;
  const errors: JobError[] = [];

  const type = request.privateOfferType ?? "";
  const originalType = before.privateOfferType ?? "";
  if (!UPGRADABLE_TYPES.has(originalType)) {
    errors.push(error(ERROR_CODES.invalidResource, `${label} is a ${originalType} offer: only customer and CSP offers can be upgraded.`, "upgradedFrom.id"));
  } else if (type !== originalType) {
    errors.push(
      error(
        ERROR_CODES.invalidResource,
        `privateOfferType must be ${originalType}, the type of ${label}: an upgrade renews the same kind of offer.`,
        "privateOfferType",
      ),
    );
  }

  if (!original.accepted) {
    const where = original.state === "live" ? `live and ${subStateOf(original) ?? "not accepted"}` : original.state;
    errors.push(
      error(
        ERROR_CODES.invalidState,
        `${label} is ${where}: only an offer the customer has accepted can be upgraded. ` +
          "An offer not yet accepted is changed instead: withdraw it, then publish it again with the changes.",
        "upgradedFrom.id",
      ),
    );
  }

  if (requested.name !== undefined && requested.name !== before.name) {
    errors.push(
      error(
        ERROR_CODES.invalidResource,
        `upgradedFrom.name is "${requested.name}", but ${label} is named "${before.name ?? ""}": send the name of the offer being upgraded (the new offer's own name goes in name).`,
        "upgradedFrom.name",
      ),
    );
  }

  const pricingType = request.offerPricingType ?? DEFAULT_PRICING_TYPE;
  const originalPricingType = before.offerPricingType ?? DEFAULT_PRICING_TYPE;
  if (pricingType !== originalPricingType) {
    errors.push(
      error(
        ERROR_CODES.invalidResource,
        `offerPricingType must be ${originalPricingType}, as in ${label}: an upgrade changes the prices of the original's plans; other plans need a new private offer.`,
        "offerPricingType",
      ),
    );
  }

  errors.push(...sameCustomer(request, before, label, error));
  const pricing = carriedPricing(request, before, label, error);
  errors.push(...pricing.errors);
  errors.push(...datesAfter(request, before, label, error));
  if (subject.live && original.accepted) {
    const rival = liveUpgradeOf(original.key, subject.self?.key, scope);
    if (rival !== undefined) errors.push(error(ERROR_CODES.conflict, oneAtATime(label, rival), "upgradedFrom.id"));
  }

  if (errors.length > 0) return { errors };
  return { body: { ...subject.body, pricing: pricing.items } };
}

/** Why the request may not set, drop or change `upgradedFrom` of an existing offer, if it does. */
function referenceUnchanged(self: StoredOffer | undefined, requested: z.infer<typeof reference> | undefined): string | undefined {
  if (self === undefined) return undefined;
  const storedKey = upgradedKeyOf(self.body);
  const requestedKey = requested === undefined ? undefined : offerKeyFromDurableId(requested.id);
  if (storedKey === requestedKey) return undefined;
  const stored = `private-offer/${storedKey ?? ""}`;
  if (storedKey === undefined) {
    return "cannot be added to an existing offer: an upgrade is a new offer; create one (no id) with upgradedFrom naming the accepted offer.";
  }
  if (requestedKey === undefined) {
    return `is required: this offer upgrades ${stored}, and upgradedFrom is set when an offer is created; send it as it was.`;
  }
  return `cannot change: this offer upgrades ${stored}; upgradedFrom is set when an offer is created.`;
}

type ErrorAt = (code: string, message: string, property: string) => JobError;

function normalisedId(value: string): string {
  return value.trim().toLowerCase();
}

/** The same beneficiary ids (the customer's billing account; a CSP offer's partner tenants), in any order. */
function sameCustomer(request: UpgradeFields, before: UpgradeFields, label: string, error: ErrorAt): JobError[] {
  const mine = request.beneficiaries;
  if (mine === undefined) return [];
  const theirs = (before.beneficiaries ?? []).map((b) => b.id);
  const wanted = new Set(theirs.map(normalisedId));
  const given = new Set(mine.map((b) => normalisedId(b.id)));
  if (wanted.size === given.size && [...given].every((id) => wanted.has(id))) return [];
  if (before.privateOfferType === "cspPromotion") {
    return [
      error(
        ERROR_CODES.invalidResource,
        `beneficiaries must be the CSP partners of ${label} (${theirs.join(", ")}): an upgrade renews the same agreement; for other partners, create an offer without upgradedFrom.`,
        "beneficiaries",
      ),
    ];
  }
  const index = mine.findIndex((b) => !wanted.has(normalisedId(b.id)));
  return [
    error(
      ERROR_CODES.invalidResource,
      `beneficiaries must name the customer of ${label} (billing account ${theirs.join(", ")}): an upgrade renews the same customer's agreement; for another customer, create an offer without upgradedFrom.`,
      index < 0 ? "beneficiaries" : `beneficiaries[${index}].id`,
    ),
  ];
}

/** A pricing item's product and plan (or base plan and new plan name), resolved through the catalogue when known. */
function pricingKey(item: JsonObject): string {
  const text = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : "");
  const productRef = typeof item["product"] === "string" ? item["product"] : "";
  const planRef = typeof item["plan"] === "string" ? item["plan"] : typeof item["basePlan"] === "string" ? item["basePlan"] : "";
  const product = findProduct(productRef);
  const plan = product === undefined || planRef === "" ? undefined : findPlan(product, planRef);
  const details = item["newPlanDetails"];
  const newPlan = isJsonObject(details) ? text(details["name"]) : "";
  return [product?.guid ?? text(productRef), plan?.guid ?? text(planRef), newPlan].join("|");
}

function describeItem(item: JsonObject): string {
  const plan = item["plan"] ?? item["basePlan"];
  return typeof plan === "string" ? `${String(item["product"])} ${plan}` : `${String(item["product"])} (the whole product)`;
}

/**
 * The upgrade's pricing: the original's items in their order, each replaced by the request's item
 * for the same product and plan when there is one. A request item for anything the original does
 * not price is refused: an upgrade cannot add a product or plan.
 */
function carriedPricing(request: UpgradeFields, before: UpgradeFields, label: string, error: ErrorAt): { errors: JobError[]; items: JsonObject[] } {
  const originalItems = before.pricing ?? [];
  const originalKeys = originalItems.map(pricingKey);
  const replacements = new Map<string, JsonObject>();
  const errors: JobError[] = [];
  const seen = new Map<string, number>();
  (request.pricing ?? []).forEach((item, k) => {
    const key = pricingKey(item);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push(error(ERROR_CODES.invalidResource, `pricing[${k}] prices ${describeItem(item)} again, as pricing[${earlier}] does: one item per product and plan.`, `pricing[${k}]`));
      return;
    }
    seen.set(key, k);
    if (!originalKeys.includes(key)) {
      errors.push(
        error(
          ERROR_CODES.invalidResource,
          `pricing[${k}]: ${describeItem(item)} is not priced in ${label}. An upgrade changes the prices of the original's products and plans and cannot add one; ` +
            "for another product or plan, create a new private offer.",
          `pricing[${k}]`,
        ),
      );
      return;
    }
    replacements.set(key, item);
  });
  const items = originalItems.map((item, i) => structuredClone(replacements.get(originalKeys[i] ?? "") ?? item));
  return { errors, items };
}

function dayAfter(date: string): string {
  return calendarDate(Date.parse(`${date}T00:00:00Z`) + DAY_MS);
}

/** A fixed start after the original's end: the upgrade takes effect only when the original ends. */
function datesAfter(request: UpgradeFields, before: UpgradeFields, label: string, error: ErrorAt): JobError[] {
  const end = before.end;
  const ends = end === undefined ? "" : ` on ${end}`;
  const earliest = end === undefined ? "" : ` (${dayAfter(end)} or later)`;
  if (request.variableStartDate === true) {
    return [
      error(
        ERROR_CODES.invalidResource,
        `variableStartDate must not be true on an upgrade: a variable start begins the offer when the customer accepts it, which can be before ${label} ends${ends}, ` +
          `and an upgrade takes effect only after the original ends. Send variableStartDate false and a start after the original's end${earliest}.`,
        "variableStartDate",
      ),
    ];
  }
  const start = request.start;
  if (typeof start !== "string" || end === undefined || start > end) return [];
  return [
    error(
      ERROR_CODES.conflict,
      `start ${start} is not after ${end}, the end of ${label}: an upgrade takes effect only when the offer it upgrades ends, and the two may not overlap. ` +
        `Start it on ${dayAfter(end)} or later.`,
      "start",
    ),
  ];
}

/** Another live upgrade of the original (pending acceptance or accepted), if there is one. */
function liveUpgradeOf(originalKey: string, selfKey: string | undefined, scope: UpgradeScope): StoredOffer | undefined {
  for (const offer of scope.offers()) {
    if (offer.key === selfKey || offer.ownerSellerId !== scope.sellerId || offer.state !== "live") continue;
    if (upgradedKeyOf(offer.body) === originalKey) return offer;
  }
  return undefined;
}

function oneAtATime(label: string, rival: StoredOffer): string {
  const other = `private-offer/${rival.key}`;
  const next = rival.accepted
    ? `The customer accepted ${other}: the next renewal upgrades ${other}.`
    : `Withdraw ${other} first, or wait until the customer accepts it and upgrade ${other} then.`;
  return `${label} already has a live upgrade, ${other} (${subStateOf(rival) ?? "live"}): an offer is upgraded by one offer at a time. ${next}`;
}
