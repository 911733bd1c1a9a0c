// The private-offer rules that depend on more than one property: what an offer type may carry,
// what a live offer must carry, date order, and how pricing items must look for the offer's
// pricing type. Works on the raw resource (whatever its shape), so every rule is checked even when
// some property also has the wrong type; a property with a bad value is left to the shape check.

import { canonical, isCalendarDate, isObject, present } from "./primitives";
import {
  DEFAULT_PRICING_TYPE,
  DISCOUNT_TYPES,
  NEW_PLAN_PRICING_TYPES,
  PRIVATE_OFFER_TYPES,
  STATES,
  pricingTypesFor,
  type OfferPricingType,
  type PrivateOfferType,
} from "./private-offer-enums";
import type { ProblemSink } from "./problems";

/** What a request asks for, which decides what it must carry. */
export type Intent = "draft" | "live" | "withdraw" | "delete";

/** `draft` with an `id` is a withdraw (§5.2); an unknown state is held to the draft minimum. */
export function intentOf(raw: Record<string, unknown>): Intent {
  switch (canonical(STATES, raw.state)) {
    case "live":
      return "live";
    case "withdrawn":
      return "withdraw";
    case "deleted":
      return "delete";
    default:
      return present(raw, "id") ? "withdraw" : "draft";
  }
}

/** Properties an offer type never carries, with the reason given to the client. */
const NOT_FOR_TYPE: Record<PrivateOfferType, Record<string, string>> = {
  customerPromotion: {
    partners: "is only for multiparty offers",
    termsAndConditionsDocs: "is only for multiparty offers; customer offers use termsAndConditionsDocSasUrl",
    originatorTermsAndConditionsDocs: "is only for multiparty offers",
    originatorPricing: "is only for multiparty channel partners; customer offers use pricing",
  },
  cspPromotion: {
    acceptBy: "is not allowed on cspPromotion offers: CSP offers have no acceptance deadline",
    termsAndConditionsDocSasUrl: "is not allowed on cspPromotion offers",
    termsAndConditionsDocs: "is only for multiparty offers",
    originatorTermsAndConditionsDocs: "is only for multiparty offers",
    partners: "is only for multiparty offers",
    originatorPricing: "is only for multiparty channel partners; CSP offers use pricing",
    customerContractRenewal: "is not allowed on cspPromotion offers",
    notes: "is not allowed on cspPromotion offers",
  },
  multipartyPromotionOriginator: {
    termsAndConditionsDocSasUrl: "is not allowed on multiparty offers; attach documents with termsAndConditionsDocs",
    originatorTermsAndConditionsDocs: "is what a channel partner sees of the originator's termsAndConditionsDocs; the originator sends termsAndConditionsDocs",
    originatorPricing: "is what a channel partner sees of the originator's pricing; the originator sends pricing",
    upgradedFrom: "is not allowed on multiparty offers",
  },
  multipartyPromotionChannelPartner: {
    pricing: "is not sent by a channel partner: set markupPercentage on each originatorPricing item instead",
    termsAndConditionsDocSasUrl: "is not allowed on multiparty offers; attach documents with termsAndConditionsDocs",
    upgradedFrom: "is not allowed on multiparty offers",
  },
};

/** Properties a live offer of each type must carry (besides name, state and privateOfferType). */
const REQUIRED_WHEN_LIVE: Record<PrivateOfferType, readonly string[]> = {
  customerPromotion: ["end", "acceptBy", "beneficiaries", "pricing"],
  cspPromotion: ["end", "beneficiaries", "pricing"],
  multipartyPromotionOriginator: ["end", "acceptBy", "beneficiaries", "partners", "pricing"],
  multipartyPromotionChannelPartner: ["preparedBy", "originatorPricing"],
};

/** Types that own their dates; a channel partner only echoes the originator's. */
const OWNS_DATES: ReadonlySet<PrivateOfferType> = new Set([
  "customerPromotion",
  "cspPromotion",
  "multipartyPromotionOriginator",
]);

/** Customer and C/S names are also limited to printable ASCII without `~` (§4.3). */
const ASCII_NAME_TYPES: ReadonlySet<PrivateOfferType> = new Set(["customerPromotion", "cspPromotion"]);
const ASCII_NAME = /^[\x20-\x7d]*$/;

export function checkPrivateOfferRules(raw: Record<string, unknown>, version: string, sink: ProblemSink): void {
  const type = canonical(PRIVATE_OFFER_TYPES, raw.privateOfferType);
  const intent = intentOf(raw);

  if ((intent === "withdraw" || intent === "delete") && !present(raw, "id")) {
    const verb = intent === "withdraw" ? "withdraw" : "delete";
    sink.add(["id"], `is required to ${verb} an offer: it names the existing offer (private-offer/<guid>)`);
  }
  if (type === undefined) return;

  for (const [key, reason] of Object.entries(NOT_FOR_TYPE[type])) {
    if (present(raw, key)) sink.add([key], reason);
  }
  if (type === "multipartyPromotionChannelPartner" && intent === "delete") {
    sink.add(["state"], "cannot be deleted by a channel partner: only the originator deletes a multiparty offer, while it is draft");
  }
  if (ASCII_NAME_TYPES.has(type) && typeof raw.name === "string" && !ASCII_NAME.test(raw.name)) {
    sink.add(["name"], `must not contain ~ or non-ASCII characters in ${type} offers`);
  }

  const pricingType = pricingTypeOf(raw, version);
  if (type === "cspPromotion" && pricingType !== undefined && pricingType !== DEFAULT_PRICING_TYPE) {
    sink.add(["offerPricingType"], `must be ${DEFAULT_PRICING_TYPE} for cspPromotion offers: CSP margins apply to existing plans`);
  }

  checkBeneficiaries(raw, type, sink);
  checkDates(raw, type, intent, sink);
  checkTermsDocCount(raw, sink);

  if (intent === "live") {
    for (const key of REQUIRED_WHEN_LIVE[type]) {
      if (!present(raw, key)) sink.add([key], `is required when a ${type} offer is live`);
      else if (Array.isArray(raw[key]) && raw[key].length === 0) {
        sink.add([key], `must have at least one item when a ${type} offer is live`);
      }
    }
  }
  // A withdraw or delete names the offer and nothing more may be demanded of it.
  if (intent === "live" || intent === "draft") {
    const items = type === "multipartyPromotionChannelPartner" ? "originatorPricing" : "pricing";
    const list = raw[items];
    if (Array.isArray(list)) {
      list.forEach((item, index) => {
        if (isObject(item)) {
          checkPricingItem(item, {
            pricingType,
            markup: items === "originatorPricing" ? (intent === "live" ? "required" : "allowed") : "forbidden",
          }, sink.at(items, index));
        }
      });
    }
  }
}

/** The offer's pricing type: the default when absent, undefined when it is not a known value. */
export function pricingTypeOf(raw: Record<string, unknown>, version: string): OfferPricingType | undefined {
  if (!present(raw, "offerPricingType")) return DEFAULT_PRICING_TYPE;
  return canonical(pricingTypesFor(version), raw.offerPricingType);
}

function checkBeneficiaries(raw: Record<string, unknown>, type: PrivateOfferType, sink: ProblemSink): void {
  const list = raw.beneficiaries;
  if (!Array.isArray(list)) return;
  const csp = type === "cspPromotion";
  if (!csp && list.length > 1) {
    sink.add(["beneficiaries"], `must have exactly one beneficiary (the customer's billing account) for ${type} offers`);
  }
  const expected = csp ? "cspCustomer" : "billingGroup";
  list.forEach((beneficiary, i) => {
    if (!isObject(beneficiary) || !Array.isArray(beneficiary.beneficiaryRecipients)) return;
    beneficiary.beneficiaryRecipients.forEach((recipient, j) => {
      if (!isObject(recipient)) return;
      const kind = canonical(["cspCustomer", "billingGroup"] as const, recipient.recipientType);
      if (kind !== undefined && kind !== expected) {
        sink.add(["beneficiaries", i, "beneficiaryRecipients", j, "recipientType"], `must be ${expected} in ${type} offers`);
      }
    });
  });
}

/**
 * Dates: `start` only without a variable start; `start` <= `end`. `acceptBy` is not held to `end`:
 * no Microsoft document states such a rule, the FAQ defines the two dates independently (the
 * offer's expiry and the end of the private price), and every documented create sample, in the
 * 2023-07-15 and the 2026-02-01 pages alike, has `acceptBy` a month after `end` (see the README,
 * "Decisions"). `acceptBy` may fall before or after a fixed `start`: customers do accept ahead of
 * a future start. Month boundaries are not enforced.
 */
function checkDates(raw: Record<string, unknown>, type: PrivateOfferType, intent: Intent, sink: ProblemSink): void {
  const variable = raw.variableStartDate === true;
  if (variable && present(raw, "start")) {
    sink.add(["start"], "must not be sent when variableStartDate is true: the offer starts when the customer accepts it");
  }
  if (intent === "live" && OWNS_DATES.has(type) && !variable && !present(raw, "start")) {
    sink.add(["start"], `is required when a ${type} offer is live and variableStartDate is not true`);
  }
  const { start, end } = raw;
  if (isCalendarDate(end) && !variable && isCalendarDate(start) && start > end) {
    sink.add(["end"], `must be on or after start (${start})`);
  }
}

function checkTermsDocCount(raw: Record<string, unknown>, sink: ProblemSink): void {
  const own = raw.termsAndConditionsDocs;
  const originator = raw.originatorTermsAndConditionsDocs;
  if (Array.isArray(own) && Array.isArray(originator) && own.length + originator.length > 5) {
    sink.add(["termsAndConditionsDocs"], "together with originatorTermsAndConditionsDocs must hold at most 5 documents");
  }
}

interface ItemContext {
  /** Undefined when the offer's pricing type is itself invalid: plan rules cannot be judged. */
  pricingType: OfferPricingType | undefined;
  markup: "required" | "allowed" | "forbidden";
}

function checkPricingItem(item: Record<string, unknown>, context: ItemContext, sink: ProblemSink): void {
  const discount = canonical(DISCOUNT_TYPES, item.discountType);
  if (discount === "percentage") {
    if (!present(item, "discountPercentage")) sink.add(["discountPercentage"], "is required when discountType is percentage");
    if (present(item, "priceDetails")) sink.add(["priceDetails"], "must not be sent when discountType is percentage");
  } else if (discount === "absolute") {
    if (!present(item, "priceDetails")) {
      sink.add(["priceDetails"], 'is required when discountType is absolute: {"resourceName": "<pricing resource in this request>"}');
    }
    if (present(item, "discountPercentage")) sink.add(["discountPercentage"], "must not be sent when discountType is absolute");
  }

  if (context.markup === "forbidden" && present(item, "markupPercentage")) {
    sink.add(["markupPercentage"], "is only set by the channel partner, on originatorPricing items");
  } else if (context.markup === "required" && !present(item, "markupPercentage")) {
    sink.add(["markupPercentage"], "is required on every originatorPricing item: the channel partner sets its markup");
  }

  const pricingType = context.pricingType;
  if (pricingType === undefined) return;
  if (!NEW_PLAN_PRICING_TYPES.includes(pricingType)) {
    for (const key of ["basePlan", "newPlanDetails"]) {
      if (present(item, key)) {
        sink.add([key], `is only for new private plans (${NEW_PLAN_PRICING_TYPES.join(", ")}); ${pricingType} uses plan`);
      }
    }
    if (discount === "absolute" && !present(item, "plan")) {
      sink.add(["plan"], "is required for absolute pricing: absolute prices are set per plan");
    }
    return;
  }
  if (present(item, "plan")) sink.add(["plan"], `must not be sent with ${pricingType}; name the public plan to start from in basePlan`);
  if (!present(item, "basePlan")) sink.add(["basePlan"], `is required with ${pricingType}: the public plan the new plan starts from`);
  if (discount === "percentage") {
    sink.add(["discountType"], `must be absolute with ${pricingType}: the new plan is priced by its price-and-availability resource`);
  }
  if (pricingType === "vmSoftwareReservations") {
    if (present(item, "newPlanDetails")) {
      sink.add(["newPlanDetails"], "must not be sent with vmSoftwareReservations: the new plan's name and description are generated");
    }
    return;
  }
  const details = item.newPlanDetails;
  if (!present(item, "newPlanDetails")) {
    sink.add(["newPlanDetails"], `is required with ${pricingType}: the name and description customers see for the new plan`);
  } else if (isObject(details)) {
    for (const key of ["name", "description"]) {
      if (!present(details, key)) sink.add(["newPlanDetails", key], `is required with ${pricingType}`);
    }
  }
}
