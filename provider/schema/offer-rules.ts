// The business rules of a private offer (reference §6.4), per offer type and desired state, written
// as plain checks over inputs that already have the right shape. Values still unknown during a
// preview are skipped: the rule runs again when they are known.
import { isUnknown, type PropertyPath } from "./unknowns";
import {
  effectiveOfferPricingType,
  type ChannelPartnerOfferInputs,
  type PricingItem,
  type PrivateOfferInputs,
  type PublisherOfferInputs,
} from "./private-offer";

/** A rule broken at a property. Warnings are rules the reference only knows from the Partner Center UI. */
export interface Finding {
  path: PropertyPath;
  reason: string;
  severity: "failure" | "warning";
}

export const LIMITS = {
  nameLength: 128,
  notesLength: 60,
  pricingItems: 10,
  notificationContacts: 5,
  termsDocuments: 5,
  cspBeneficiaries: 150,
  cspRecipients: 25,
} as const;

const FORBIDDEN_NAME_CHARACTERS = /[!<>^[\]@#%/]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const NON_ASCII_OR_TILDE = /[~\u0080-\uffff]/;

/** A value that is present and known (not the preview sentinel). */
function known<T>(value: T | undefined): value is T {
  return value !== undefined && value !== null && !isUnknown(value);
}

function knownArray<T>(value: T[] | undefined): value is T[] {
  return Array.isArray(value);
}

export function privateOfferFindings(inputs: PrivateOfferInputs): Finding[] {
  if (inputs.privateOfferType === "multipartyPromotionChannelPartner") return channelPartnerFindings(inputs);
  return publisherOfferFindings(inputs);
}

function publisherOfferFindings(inputs: PublisherOfferInputs): Finding[] {
  const out: Finding[] = [];
  const fail = (path: PropertyPath, reason: string) => out.push({ path, reason, severity: "failure" });
  const warn = (path: PropertyPath, reason: string) => out.push({ path, reason, severity: "warning" });
  const type = inputs.privateOfferType;
  const live = inputs.state === "live";
  const liveRequirement = (what: string) => `is required for a live offer: ${what}, or set state to "draft" until it is known`;

  checkName(inputs.name, type === "customerPromotion" || type === "cspPromotion", fail);
  checkStartDates(inputs, fail, warn);
  checkListLength(inputs.notificationContacts, ["notificationContacts"], LIMITS.notificationContacts, "notification contacts", fail);
  checkListLength(inputs.pricing, ["pricing"], LIMITS.pricingItems, "products or plans", fail);

  if (live) {
    if (!known(inputs.end) && !isUnknown(inputs.end)) fail(["end"], liveRequirement("the last day of the private price (YYYY-MM-DD)"));
    if (type === "customerPromotion" && inputs.acceptBy === undefined) {
      fail(["acceptBy"], liveRequirement("the last day the customer can accept (YYYY-MM-DD)"));
    }
    if (inputs.beneficiaries === undefined || (knownArray(inputs.beneficiaries) && inputs.beneficiaries.length === 0)) {
      fail(["beneficiaries"], liveRequirement(type === "cspPromotion" ? "at least one CSP partner" : "the customer's billing account"));
    }
    if (inputs.pricing === undefined || (knownArray(inputs.pricing) && inputs.pricing.length === 0)) {
      fail(["pricing"], liveRequirement("at least one product or plan with its discount or price"));
    }
    if (type === "multipartyPromotionOriginator" && inputs.partner === undefined) {
      fail(["partner"], liveRequirement("the channel partner who completes the offer"));
    }
  }

  if (knownArray(inputs.beneficiaries)) {
    if (type === "cspPromotion") {
      checkListLength(inputs.beneficiaries, ["beneficiaries"], LIMITS.cspBeneficiaries, "CSP partners", fail);
      inputs.beneficiaries.forEach((b, i) => {
        if (knownArray(b.recipients) && b.recipients.length > LIMITS.cspRecipients) {
          warn(["beneficiaries", i, "recipients"], `Partner Center allows at most ${LIMITS.cspRecipients} customers per CSP partner; this lists ${b.recipients.length}`);
        }
      });
    } else if (inputs.beneficiaries.length > 1) {
      fail(["beneficiaries"], `must name exactly one customer billing account; this lists ${inputs.beneficiaries.length} (create one offer per customer)`);
    }
  }

  if (type !== "cspPromotion" && known(inputs.notes) && inputs.notes.length > LIMITS.notesLength) {
    fail(["notes"], `must be at most ${LIMITS.notesLength} characters; it has ${inputs.notes.length}`);
  }
  if (type === "multipartyPromotionOriginator") {
    checkListLength(inputs.termsAndConditionsDocs, ["termsAndConditionsDocs"], LIMITS.termsDocuments, "terms-and-conditions documents", fail);
  }
  if (type === "cspPromotion" && known(inputs.offerPricingType) && inputs.offerPricingType !== "editExistingOfferPricingOnly") {
    fail(["offerPricingType"], 'a CSP margin customises existing plans only: leave it out or use "editExistingOfferPricingOnly"');
  }
  if (knownArray(inputs.pricing)) out.push(...pricingFindings(inputs, inputs.pricing));
  return out;
}

function checkName(name: string, asciiOnly: boolean, fail: (path: PropertyPath, reason: string) => void): void {
  if (!known(name)) return;
  if (name.length > LIMITS.nameLength) fail(["name"], `must be at most ${LIMITS.nameLength} characters; it has ${name.length}`);
  if (FORBIDDEN_NAME_CHARACTERS.test(name)) fail(["name"], "must not contain any of ! < > ^ [ ] @ # % /");
  if (CONTROL_CHARACTERS.test(name)) fail(["name"], "must not contain control characters such as tabs or line breaks");
  else if (asciiOnly && NON_ASCII_OR_TILDE.test(name)) fail(["name"], "must contain only ASCII characters other than ~ for this offer type");
}

function checkStartDates(
  inputs: PublisherOfferInputs,
  fail: (path: PropertyPath, reason: string) => void,
  warn: (path: PropertyPath, reason: string) => void,
): void {
  const { variableStartDate, start, end } = inputs;
  if (variableStartDate === true && start !== undefined) {
    fail(["start"], "must be left out when variableStartDate is true (the offer starts when the customer accepts it)");
  }
  if (variableStartDate === false && start === undefined) {
    fail(["start"], "is required when variableStartDate is false: the first day of the private price (YYYY-MM-DD)");
  }
  if (known(start) && known(end) && start > end) fail(["end"], `must not be before start (${start})`);
  if (known(start) && !start.endsWith("-01")) {
    warn(["start"], "Partner Center starts offers on the first day of a month; the service may reject or move this date");
  }
  if (known(end) && !isLastDayOfMonth(end)) {
    warn(["end"], "Partner Center ends offers on the last day of a month; the service may reject or move this date");
  }
  const acceptBy = "acceptBy" in inputs ? inputs.acceptBy : undefined;
  if (known(acceptBy) && known(end) && acceptBy > end) {
    warn(["acceptBy"], `is after end (${end}): the customer could accept an offer whose price has already ended`);
  }
}

function isLastDayOfMonth(date: string): boolean {
  const [year, month, day] = date.split("-").map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day === last;
}

function checkListLength(
  list: unknown[] | undefined,
  path: PropertyPath,
  max: number,
  what: string,
  fail: (path: PropertyPath, reason: string) => void,
): void {
  if (knownArray(list) && list.length > max) fail(path, `must list at most ${max} ${what}; it lists ${list.length}`);
}

const NEW_PLAN_TYPES = new Set(["saasNewCustomizedPlans", "newCustomizedPlans"]);

function pricingFindings(inputs: PublisherOfferInputs, pricing: PricingItem[]): Finding[] {
  const out: Finding[] = [];
  const fail = (path: PropertyPath, reason: string) => out.push({ path, reason, severity: "failure" });
  const pricingType = known(inputs.offerPricingType) || !containsUnknownPricing(pricing) ? effectiveOfferPricingType(inputs) : undefined;
  const seen = new Map<string, number>();

  pricing.forEach((item, i) => {
    if (isUnknown(item)) return;
    const at = (...rest: PropertyKey[]): PropertyPath => ["pricing", i, ...rest];
    const target = item.discountType === "absolute" ? (item.basePlan ?? item.plan) : item.plan;
    if (known(item.product) && (target === undefined || known(target))) {
      const key = `${item.product} ${target ?? "(whole product)"}`;
      const first = seen.get(key);
      if (first !== undefined) fail(at(), `customises the same product and plan as pricing[${first}]; list each product or plan once`);
      else seen.set(key, i);
    }

    if (item.discountType === "percentage") {
      const pct = item.discountPercentage;
      if (known(pct) && (pct < 0.01 || pct > 100)) fail(at("discountPercentage"), `must be between 0.01 and 100 percent; it is ${pct}`);
      if (pricingType !== undefined && pricingType !== "editExistingOfferPricingOnly") {
        fail(at("discountType"), `a percentage discount applies to existing plans, but this offer's offerPricingType is ${pricingType}; an offer has one offerPricingType, so put discounts on existing plans in a separate offer`);
      }
      return;
    }

    // Absolute price.
    if (pricingType === "editExistingOfferPricingOnly") {
      if (item.basePlan !== undefined) fail(at("basePlan"), 'is for new private plans; to set absolute prices on an existing public plan use "plan" (or set offerPricingType to saasNewCustomizedPlans)');
      if (item.plan === undefined && item.basePlan === undefined) fail(at("plan"), "is required: an absolute price applies to one plan, never to the whole product");
      if (item.newPlanDetails !== undefined) fail(at("newPlanDetails"), "is only for new private plans (offerPricingType saasNewCustomizedPlans or newCustomizedPlans)");
    } else if (pricingType !== undefined) {
      if (item.plan !== undefined) fail(at("plan"), `with offerPricingType ${pricingType} name the public plan used as template in "basePlan" instead`);
      else if (item.basePlan === undefined) fail(at("basePlan"), `is required with offerPricingType ${pricingType}: the public plan used as template`);
      if (NEW_PLAN_TYPES.has(pricingType) && item.newPlanDetails === undefined) {
        fail(at("newPlanDetails"), `is required with offerPricingType ${pricingType}: the name and description of the new private plan`);
      }
      if (pricingType === "vmSoftwareReservations" && item.newPlanDetails !== undefined) {
        fail(at("newPlanDetails"), "must be left out for VM software reservations: the service generates the plan's name and description");
      }
    }

    const document = item.priceDetails;
    if (!known(document) || typeof document !== "object") return;
    if (known(document.product) && known(item.product) && document.product !== item.product) {
      fail(at("priceDetails", "product"), `is ${document.product} but the pricing item is for ${item.product}: use the PrivateOfferPlanPricing of this product`);
    }
    if (known(document.plan) && known(target) && target !== undefined && document.plan !== target) {
      fail(at("priceDetails", "plan"), `is ${document.plan} but the pricing item is for ${target}: use the PrivateOfferPlanPricing of this plan`);
    }
    const documentType = document.offerPricingType;
    if (pricingType !== undefined && known(documentType) && documentType !== pricingType) {
      fail(at("priceDetails", "offerPricingType"), `is ${documentType} but the offer uses ${pricingType}; give both the same offerPricingType`);
    }
  });
  return out;
}

function containsUnknownPricing(pricing: PricingItem[]): boolean {
  return pricing.some((item) => isUnknown(item) || (item.discountType === "absolute" && isUnknown(item.priceDetails)));
}

function channelPartnerFindings(inputs: ChannelPartnerOfferInputs): Finding[] {
  const out: Finding[] = [];
  const fail = (path: PropertyPath, reason: string) => out.push({ path, reason, severity: "failure" });
  if (inputs.state === "live" && inputs.preparedBy === undefined) {
    fail(["preparedBy"], "is required from the channel partner: the email of the person who prepared the offer, shown to the customer");
  }
  checkListLength(inputs.notificationContacts, ["notificationContacts"], LIMITS.notificationContacts, "notification contacts", fail);
  checkListLength(inputs.termsAndConditionsDocs, ["termsAndConditionsDocs"], LIMITS.termsDocuments, "terms-and-conditions documents", fail);
  if (known(inputs.notes) && inputs.notes.length > LIMITS.notesLength) {
    fail(["notes"], `must be at most ${LIMITS.notesLength} characters; it has ${inputs.notes.length}`);
  }
  const seen = new Map<string, number>();
  (knownArray(inputs.markups) ? inputs.markups : []).forEach((m, i) => {
    if (isUnknown(m)) return;
    const pct = m.markupPercentage;
    if (known(pct)) {
      if (pct < 0 || pct > 100) fail(["markups", i, "markupPercentage"], `must be between 0 and 100 percent; it is ${pct}`);
      else if (!hasAtMostDecimals(pct, 8)) fail(["markups", i, "markupPercentage"], "must have at most 8 decimal places");
    }
    if (known(m.product) && (m.plan === undefined || known(m.plan))) {
      const key = markupKey(m.product, m.plan);
      const first = seen.get(key);
      if (first !== undefined) fail(["markups", i], `repeats the product and plan of markups[${first}]; give one markup per pricing item`);
      else seen.set(key, i);
    }
  });
  return out;
}

/** The key a channel partner's markup is matched to the originator's pricing item by. */
export function markupKey(product: string, plan: string | undefined): string {
  return `${product.toLowerCase()} ${(plan ?? "").toLowerCase()}`;
}

function hasAtMostDecimals(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** The dates of an offer that must not be past when set: the price's last day and the last day to accept. */
const DATES_NOT_PAST = {
  end: "the last day of the private price must be today or later",
  acceptBy: "the customer could no longer accept the offer; give today or a later date",
} as const;

/**
 * `end` and `acceptBy` already past by `today` (the UTC date, `YYYY-MM-DD`, at check time). A date
 * this change sets is refused; one the resource already had (`previous`: its old inputs or the
 * outputs in state) is left alone, so that an offer whose date has gone by (an accepted one, most
 * often) never blocks the previews of its stack.
 */
export function pastDateFindings(inputs: PrivateOfferInputs, today: string, previous: Readonly<Record<string, unknown>>): Finding[] {
  if (inputs.privateOfferType === "multipartyPromotionChannelPartner") return [];
  const out: Finding[] = [];
  for (const [key, why] of Object.entries(DATES_NOT_PAST) as Array<[keyof typeof DATES_NOT_PAST, string]>) {
    const value: unknown = (inputs as Readonly<Record<string, unknown>>)[key];
    if (typeof value !== "string" || isUnknown(value) || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value >= today) continue;
    // Unchanged: the date went by after it was set (the offer may well be accepted); nothing to do.
    if (previous[key] === value) continue;
    out.push({ path: [key], severity: "failure", reason: `is ${value}, a date already past (today is ${today} UTC): ${why}` });
  }
  return out;
}
