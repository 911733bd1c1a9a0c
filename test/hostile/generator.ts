// Generates invalid `PrivateOffer` and `PrivateOfferPlanPricing` inputs from a seed. Each case is a
// valid input with exactly one thing broken, so it knows the property check must name. Families:
// wrong types, out-of-range numbers and dates, bad enums (per offer type), properties that belong to
// another offer type, oversized names and lists, forbidden characters, malformed ids, and required
// fields missing for the state asked for.

import { seededRandom, type Random } from "./random";
import {
  OFFER_KINDS,
  OTHER_PLAN,
  PLAN,
  PRODUCT,
  percentageItem,
  validOffer,
  validPlanPricing,
  validVmReservation,
  type Inputs,
  type OfferKind,
} from "./valid-inputs";
import { future } from "../support/dates";

export type ResourceKind = "PrivateOffer" | "PrivateOfferPlanPricing";

export type Family =
  | "wrong type"
  | "out of range"
  | "bad date"
  | "bad enum"
  | "foreign property"
  | "oversized"
  | "forbidden characters"
  | "malformed id"
  | "missing required";

export interface HostileCase {
  /** Stable within a seed: `<family>#<n>`. */
  id: string;
  resource: ResourceKind;
  family: Family;
  /** What was broken, in words (shown when the case is not rejected). */
  description: string;
  inputs: Inputs;
  /** The property check must name: a failure's property equals it or lies below it. */
  expectProperty: string;
}

type Path = readonly (string | number)[];
const REMOVE = Symbol("remove");

interface Breakage {
  resource: ResourceKind;
  base: () => Inputs;
  path: Path;
  value: unknown;
  description: string;
  /** Defaults to the formatted `path`. */
  expectProperty?: string;
  /** Keep the base's live state: the rule only holds for live offers. */
  keepState?: boolean;
}

type Generator = (random: Random) => Breakage;

export function formatPath(path: Path): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${key}` : key), "");
}

function applied(base: Inputs, path: Path, value: unknown): Inputs {
  const copy = structuredClone(base);
  let target: Record<string | number, unknown> = copy;
  path.slice(0, -1).forEach((key) => {
    const next = target[key];
    if (next === null || typeof next !== "object") throw new Error(`no object at ${formatPath(path)} in the valid input`);
    target = next as Record<string | number, unknown>;
  });
  const last = path[path.length - 1]!;
  if (value === REMOVE) delete target[last];
  else target[last] = value;
  return copy;
}

type JsonType = "string" | "number" | "integer" | "boolean" | "array" | "object";

const WRONG_VALUES: Record<JsonType, readonly unknown[]> = {
  string: [42, 0, -1.5, true, false, null, {}, [], ["text"], { value: "text" }],
  number: ["5", "five", "", true, null, {}, [], [5], { value: 5 }],
  integer: ["5", 2.5, 0.1, -3.75, true, null, {}, [1]],
  boolean: ["true", "false", "yes", 1, 0, null, {}, []],
  array: ["a@b.example", 1, true, null, {}, { 0: "x" }],
  object: ["text", 7, true, null, [], [{}]],
};

const offerFields: Record<OfferKind, Array<[Path, JsonType]>> = {
  customerPromotion: [
    [["name"], "string"],
    [["state"], "string"],
    [["variableStartDate"], "boolean"],
    [["end"], "string"],
    [["acceptBy"], "string"],
    [["preparedBy"], "string"],
    [["notificationContacts"], "array"],
    [["notificationContacts", 0], "string"],
    [["beneficiaries"], "array"],
    [["beneficiaries", 0], "object"],
    [["beneficiaries", 0, "id"], "string"],
    [["beneficiaries", 0, "description"], "string"],
    [["pricing"], "array"],
    [["pricing", 0], "object"],
    [["pricing", 0, "product"], "string"],
    [["pricing", 0, "plan"], "string"],
    [["pricing", 0, "discountPercentage"], "number"],
    [["notes"], "string"],
    [["customerContractRenewal"], "boolean"],
    [["pollIntervalSeconds"], "number"],
    [["jobTimeoutMinutes"], "number"],
  ],
  cspPromotion: [
    [["name"], "string"],
    [["state"], "string"],
    [["start"], "string"],
    [["end"], "string"],
    [["beneficiaries"], "array"],
    [["beneficiaries", 0, "id"], "string"],
    [["beneficiaries", 0, "recipients"], "array"],
    [["beneficiaries", 0, "recipients", 0], "string"],
    [["pricing", 0, "discountPercentage"], "number"],
    [["pricing", 0, "product"], "string"],
    [["variableStartDate"], "boolean"],
    [["pollIntervalSeconds"], "number"],
  ],
  multipartyPromotionOriginator: [
    [["name"], "string"],
    [["end"], "string"],
    [["acceptBy"], "string"],
    [["partner"], "object"],
    [["partner", "id"], "string"],
    [["partner", "name"], "string"],
    [["termsAndConditionsDocs"], "array"],
    [["termsAndConditionsDocs", 0, "fileName"], "string"],
    [["termsAndConditionsDocs", 0, "sasUrl"], "string"],
    [["pricing", 0, "basePlan"], "string"],
    [["pricing", 0, "priceDetails"], "object"],
    [["pricing", 0, "newPlanDetails"], "object"],
    [["pricing", 0, "newPlanDetails", "name"], "string"],
    [["beneficiaries", 0, "id"], "string"],
    [["customerContractRenewal"], "boolean"],
  ],
  multipartyPromotionChannelPartner: [
    [["offerId"], "string"],
    [["state"], "string"],
    [["preparedBy"], "string"],
    [["markups"], "array"],
    [["markups", 0], "object"],
    [["markups", 0, "product"], "string"],
    [["markups", 0, "markupPercentage"], "number"],
    [["notificationContacts"], "array"],
    [["notes"], "string"],
  ],
};

const planPricingFields: Array<[Path, JsonType]> = [
  [["product"], "string"],
  [["plan"], "string"],
  [["offerPricingType"], "string"],
  [["pricing"], "object"],
  [["pricing", "recurrentPrice"], "object"],
  [["pricing", "recurrentPrice", "userLimits"], "object"],
  [["pricing", "recurrentPrice", "userLimits", "min"], "integer"],
  [["pricing", "recurrentPrice", "userLimits", "max"], "integer"],
  [["pricing", "recurrentPrice", "prices"], "array"],
  [["pricing", "recurrentPrice", "prices", 0, "billingTerm"], "object"],
  [["pricing", "recurrentPrice", "prices", 0, "billingTerm", "value"], "integer"],
  [["pricing", "recurrentPrice", "prices", 0, "pricePerPaymentInUsd"], "number"],
  [["pricing", "customMeters"], "object"],
  [["pricing", "customMeters", "api-calls", "pricePerPaymentInUsd"], "number"],
  [["pricing", "customMeters", "api-calls", "includedQuantities"], "array"],
  [["pricing", "customMeters", "api-calls", "includedQuantities", 0, "quantity"], "number"],
  [["pollIntervalSeconds"], "number"],
  [["jobTimeoutMinutes"], "number"],
];

const publisherKinds: readonly OfferKind[] = ["customerPromotion", "cspPromotion", "multipartyPromotionOriginator"];
const offer = (kind: OfferKind) => () => validOffer(kind);

const wrongType: Generator = (random) => {
  if (random.chance(0.2)) {
    const [path, type] = random.pick(planPricingFields);
    const value = random.pick(WRONG_VALUES[type]);
    return { resource: "PrivateOfferPlanPricing", base: validPlanPricing, path, value, description: `${formatPath(path)} set to ${JSON.stringify(value)} (expects ${type})` };
  }
  const kind = random.pick(OFFER_KINDS);
  const [path, type] = random.pick(offerFields[kind]);
  const value = random.pick(WRONG_VALUES[type]);
  return { resource: "PrivateOffer", base: offer(kind), path, value, description: `${kind}: ${formatPath(path)} set to ${JSON.stringify(value)} (expects ${type})` };
};

const outOfRange: Generator = (random) => {
  const options: Breakage[] = [
    ...[0, -5, 0.001, 0.009, 100.01, 150, 1e9, -0.5].map((value): Breakage => {
      const kind = random.pick(["customerPromotion", "cspPromotion"] as const);
      return { resource: "PrivateOffer", base: offer(kind), path: ["pricing", 0, "discountPercentage"], value, description: `${kind}: discount of ${value} %` };
    }),
    ...[-1, -0.0001, 100.5, 1000, 1.123456789, 99.000000001].map(
      (value): Breakage => ({ resource: "PrivateOffer", base: offer("multipartyPromotionChannelPartner"), path: ["markups", 0, "markupPercentage"], value, description: `markup of ${value} %` }),
    ),
    ...[0, -1, -60].map((value): Breakage => {
      const kind = random.pick(OFFER_KINDS);
      const key = random.pick(["pollIntervalSeconds", "jobTimeoutMinutes"]);
      return { resource: "PrivateOffer", base: offer(kind), path: [key], value, description: `${kind}: ${key} ${value}` };
    }),
    ...[0, -3].map((value): Breakage => ({ resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["pricing", "recurrentPrice", "userLimits", "min"], value, description: `user minimum ${value}` })),
    { resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["pricing", "recurrentPrice", "userLimits", "min"], value: 500, description: "user minimum above maximum" },
    ...[-0.01, -100].map((value): Breakage => ({ resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["pricing", "recurrentPrice", "prices", 0, "pricePerPaymentInUsd"], value, description: `negative price ${value}` })),
    ...[0, -1].map((value): Breakage => ({ resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["pricing", "recurrentPrice", "prices", 0, "billingTerm", "value"], value, description: `billing term of ${value}` })),
    ...[0, -2].map((value): Breakage => ({ resource: "PrivateOfferPlanPricing", base: validVmReservation, path: ["softwareReservation", "vmPrices", "8Core", "quantity"], value, description: `VM quantity ${value}` })),
    ...[2, 5].map((value): Breakage => ({ resource: "PrivateOfferPlanPricing", base: validVmReservation, path: ["softwareReservation", "reservationDuration", "value"], value, description: `${value}-year reservation`, expectProperty: "softwareReservation.reservationDuration" })),
    { resource: "PrivateOfferPlanPricing", base: validVmReservation, path: ["softwareReservation", "paymentSchedule"], value: { type: "month", value: 3 }, description: "quarterly payment schedule" },
    { resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["pricing", "customMeters", "api-calls", "includedQuantities", 0, "quantity"], value: -10, description: "negative included quantity" },
  ];
  return random.pick(options);
};

// Not dates at all, in any year.
const BAD_DATES = ["2027-02-30", "2027-13-31", "2027-00-10", "2027-6-30", "30/06/2027", "2027/06/30", "2027-06-30T00:00:00Z", "", "tomorrow", "20270630", "2027-06-31", "0000-00-00"];

const badDate: Generator = (random) => {
  const value = random.pick(BAD_DATES);
  const choice = random.int(0, 5);
  if (choice === 0) return { resource: "PrivateOffer", base: offer("customerPromotion"), path: ["acceptBy"], value, description: `acceptBy ${JSON.stringify(value)}` };
  if (choice === 1) return { resource: "PrivateOffer", base: offer("cspPromotion"), path: ["start"], value, description: `start ${JSON.stringify(value)}` };
  if (choice === 2) {
    return {
      resource: "PrivateOffer",
      base: offer("cspPromotion"),
      path: ["start"],
      value: random.pick([future("01-01", 2), future("03-01", 3), future("12-31", 1)]).replace(future("12-31", 1), future("02-01", 2)),
      description: "start after end",
      expectProperty: "end",
    };
  }
  if (choice === 3) {
    return { resource: "PrivateOffer", base: offer("customerPromotion"), path: ["start"], value: future("01-01", 1), description: "start with variableStartDate true", expectProperty: "start" };
  }
  if (choice === 4) {
    return {
      resource: "PrivateOffer",
      base: () => ({ ...validOffer("customerPromotion"), variableStartDate: false }),
      path: ["start"],
      value: REMOVE,
      description: "variableStartDate false and no start",
    };
  }
  const kind = random.pick(publisherKinds);
  return { resource: "PrivateOffer", base: offer(kind), path: ["end"], value, description: `${kind}: end ${JSON.stringify(value)}` };
};

const badEnum: Generator = (random) => {
  const kind = random.pick(OFFER_KINDS);
  const choice = random.int(0, 6);
  if (choice === 0) {
    const value = random.pick(["customer", "CustomerPromotion", "csp", "multiparty", "", "privateOffer", "multipartyPromotion"]);
    return { resource: "PrivateOffer", base: offer(kind), path: ["privateOfferType"], value, description: `privateOfferType ${JSON.stringify(value)}` };
  }
  if (choice === 1) {
    const value = random.pick(["published", "Live", "LIVE", "deleted", "accepted", "", "pending", "active"]);
    return { resource: "PrivateOffer", base: offer(kind), path: ["state"], value, description: `${kind}: state ${JSON.stringify(value)}` };
  }
  if (choice === 2 && kind !== "multipartyPromotionChannelPartner") {
    const value = kind === "cspPromotion" ? random.pick(["saasNewCustomizedPlans", "vmSoftwareReservations", "newCustomizedPlans"]) : random.pick(["editExisting", "SaaS", "", "custom"]);
    return { resource: "PrivateOffer", base: offer(kind), path: ["offerPricingType"], value, description: `${kind}: offerPricingType ${JSON.stringify(value)}` };
  }
  if (choice === 3) {
    const value = random.pick(["fixed", "Percentage", "amount", "", "relative"]);
    return { resource: "PrivateOffer", base: offer(random.pick(["customerPromotion", "cspPromotion"] as const)), path: ["pricing", 0, "discountType"], value, description: `discountType ${JSON.stringify(value)}`, expectProperty: "pricing[0]" };
  }
  if (choice === 4) {
    const value = random.pick(["perSeat", "flat", "PerUser", ""]);
    return { resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["pricing", "recurrentPrice", "recurrentPriceMode"], value, description: `recurrentPriceMode ${JSON.stringify(value)}` };
  }
  if (choice === 5) {
    const value = random.pick(["week", "day", "Month", "quarter"]);
    return { resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["pricing", "recurrentPrice", "prices", 1, "paymentOption", "type"], value, description: `payment option unit ${JSON.stringify(value)}` };
  }
  if (random.chance(0.5)) {
    return { resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["softwareReservation"], value: validVmReservation()["softwareReservation"], description: "VM reservation on a SaaS plan pricing" };
  }
  return { resource: "PrivateOfferPlanPricing", base: () => ({ ...validVmReservation(), pricing: { recurrentPrice: { prices: [] } } }), path: ["offerPricingType"], value: "vmSoftwareReservations", description: "recurrent price on a VM reservation", expectProperty: "pricing.recurrentPrice" };
};

const FOREIGN: Record<OfferKind, Array<[string, unknown]>> = {
  customerPromotion: [["markups", []], ["partner", { id: "1", name: "x" }], ["offerId", "private-offer/abc"], ["termsAndConditionsDocs", []], ["originatorPricing", {}]],
  cspPromotion: [["acceptBy", future("12-31")], ["notes", "n"], ["partner", { id: "1", name: "x" }], ["termsAndConditionsDocSasUrl", "https://x.example/t.pdf"], ["customerContractRenewal", true]],
  multipartyPromotionOriginator: [["upgradedFrom", { id: "private-offer/abc", name: "old" }], ["preparedBy", "a@b.example"], ["markups", []], ["termsAndConditionsDocSasUrl", "https://x.example/t.pdf"], ["partners", []]],
  multipartyPromotionChannelPartner: [["name", "renamed"], ["pricing", []], ["beneficiaries", []], ["acceptBy", future("12-31")], ["end", future("06-30", 1)]],
};
const TYPOS = ["nmae", "Name", "end_date", "acceptby", "benificiaries", "discount", "endDate", "constructor", "toString", "é"];

const foreignProperty: Generator = (random) => {
  const kind = random.pick(OFFER_KINDS);
  if (random.chance(0.3)) {
    const key = random.pick(TYPOS);
    return { resource: "PrivateOffer", base: offer(kind), path: [key], value: "x", description: `${kind}: unknown property ${key}` };
  }
  if (random.chance(0.15)) {
    const key = random.pick(["discount", "planId", "Plan"]);
    return { resource: "PrivateOffer", base: offer(random.pick(["customerPromotion", "cspPromotion"] as const)), path: ["pricing", 0, key], value: 5, description: `unknown pricing property ${key}` };
  }
  if (random.chance(0.15)) {
    const key = random.pick(["price", "currency", "recurrentPrices"]);
    return { resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["pricing", key], value: 1, description: `unknown plan pricing property ${key}` };
  }
  const [key, value] = random.pick(FOREIGN[kind]);
  return { resource: "PrivateOffer", base: offer(kind), path: [key], value, description: `${key} on a ${kind} offer` };
};

const repeat = (random: Random, length: number): string => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[random.int(0, alphabet.length - 1)];
  return out.replace(/^ /, "x");
};

const oversized: Generator = (random) => {
  const choice = random.int(0, 6);
  if (choice === 0) {
    const kind = random.pick(publisherKinds);
    const length = random.pick([129, 130, 200, 1000, random.int(131, 20_000)]);
    return { resource: "PrivateOffer", base: offer(kind), path: ["name"], value: repeat(random, length), description: `${kind}: name of ${length} characters` };
  }
  if (choice === 1) {
    const kind = random.pick(["customerPromotion", "multipartyPromotionOriginator", "multipartyPromotionChannelPartner"] as const);
    const length = random.int(61, 5000);
    return { resource: "PrivateOffer", base: offer(kind), path: ["notes"], value: repeat(random, length), description: `${kind}: notes of ${length} characters` };
  }
  if (choice === 2) {
    const kind = random.pick(OFFER_KINDS);
    const count = random.int(6, 60);
    const value = Array.from({ length: count }, (_, i) => `contact${i}@publisher.example`);
    return { resource: "PrivateOffer", base: offer(kind), path: ["notificationContacts"], value, description: `${kind}: ${count} notification contacts` };
  }
  if (choice === 3) {
    const kind = random.pick(["customerPromotion", "cspPromotion"] as const);
    const count = random.int(11, 40);
    const value = Array.from({ length: count }, (_, i) => percentageItem(`${PLAN.slice(0, PLAN.lastIndexOf("/"))}/plan-${i}`, 5));
    return { resource: "PrivateOffer", base: offer(kind), path: ["pricing"], value, description: `${kind}: ${count} pricing items` };
  }
  if (choice === 4) {
    const kind = random.pick(["multipartyPromotionOriginator", "multipartyPromotionChannelPartner"] as const);
    const count = random.int(6, 20);
    const value = Array.from({ length: count }, (_, i) => ({ sasUrl: `https://terms.blob.example/t${i}.pdf`, fileName: `T${i}.pdf`, customerFacingDocumentName: `Terms ${i}` }));
    return { resource: "PrivateOffer", base: offer(kind), path: ["termsAndConditionsDocs"], value, description: `${kind}: ${count} terms documents` };
  }
  if (choice === 5) {
    const count = random.int(151, 400);
    const value = Array.from({ length: count }, (_, i) => ({ id: `tenant-${i}` }));
    return { resource: "PrivateOffer", base: offer("cspPromotion"), path: ["beneficiaries"], value, description: `${count} CSP partners` };
  }
  const kind = random.pick(["customerPromotion", "multipartyPromotionOriginator"] as const);
  const count = random.int(2, 30);
  const value = Array.from({ length: count }, (_, i) => ({ id: `billing-account-${i}` }));
  return { resource: "PrivateOffer", base: offer(kind), path: ["beneficiaries"], value, description: `${kind}: ${count} customers` };
};

const FORBIDDEN = ["!", "<", ">", "^", "[", "]", "@", "#", "%", "/"];
const CONTROL = ["\t", "\n", "\r", "\u0000", "\u001b", "\u007f"];
const NON_ASCII = ["é", "日本", "~", "😀", "ß", "\u00a0"];

const forbiddenCharacters: Generator = (random) => {
  const kind = random.pick(publisherKinds);
  const base = validOffer(kind)["name"] as string;
  const asciiOnly = kind !== "multipartyPromotionOriginator";
  const pool = asciiOnly && random.chance(0.3) ? NON_ASCII : random.chance(0.3) ? CONTROL : FORBIDDEN;
  const character = random.pick(pool);
  const at = random.int(0, base.length);
  const value = base.slice(0, at) + character + base.slice(at);
  return { resource: "PrivateOffer", base: offer(kind), path: ["name"], value, description: `${kind}: name with ${JSON.stringify(character)}` };
};

const malformedId: Generator = (random) => {
  const choice = random.int(0, 6);
  const kind = random.pick(["customerPromotion", "cspPromotion"] as const);
  if (choice === 0) {
    const value = random.pick(["34771906-9711-4196-9f60-4af380fd5042", "product/", "product/abc def", "product/../x", "product/<script>", "offer/34771906", "PRODUCT/x y"]);
    return { resource: "PrivateOffer", base: offer(kind), path: ["pricing", 0, "product"], value, description: `product id ${JSON.stringify(value)}` };
  }
  if (choice === 1) {
    const value = random.pick(["plan/", "plan/a b", "plan/x/y/z", "123456", "plan/../../etc", "plan/%2F"]);
    if (random.chance(0.5)) return { resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["plan"], value, description: `plan pricing plan id ${JSON.stringify(value)}` };
    return { resource: "PrivateOffer", base: offer("customerPromotion"), path: ["pricing", 0, "plan"], value, description: `pricing plan id ${JSON.stringify(value)}` };
  }
  if (choice === 2) {
    const value = random.pick(["private-offer/", "6c1e3a5b-7d9f-4b2d-8e0a-3c5e7a9b1d4f", "private-offer/../x", "private-offer/a b", "offer/6c1e"]);
    return { resource: "PrivateOffer", base: offer("multipartyPromotionChannelPartner"), path: ["offerId"], value, description: `offerId ${JSON.stringify(value)}` };
  }
  if (choice === 3) {
    const value = random.pick(["not an email", "dana@@publisher.example", "dana", "@publisher.example", "dana@", "dana@publisher..example", "<dana@publisher.example>"]);
    const target = random.pick([
      [offer("customerPromotion"), ["preparedBy"]],
      [offer("customerPromotion"), ["notificationContacts", 0]],
      [offer("multipartyPromotionChannelPartner"), ["preparedBy"]],
    ] as const);
    return { resource: "PrivateOffer", base: target[0], path: target[1], value, description: `email ${JSON.stringify(value)}` };
  }
  if (choice === 4) {
    const value = random.pick(["http://terms.blob.example/t.pdf", "javascript:alert(1)", "ftp://terms.example/t.pdf", "terms.pdf", "file:///etc/passwd", ""]);
    return { resource: "PrivateOffer", base: offer("multipartyPromotionOriginator"), path: ["termsAndConditionsDocs", 0, "sasUrl"], value, description: `SAS URL ${JSON.stringify(value)}` };
  }
  if (choice === 5) {
    const value = random.pick(["", "product/x", "plan/x"]);
    return { resource: "PrivateOfferPlanPricing", base: validPlanPricing, path: ["product"], value: value === "product/x" ? "product/x y" : value, description: `plan pricing product ${JSON.stringify(value)}` };
  }
  return {
    resource: "PrivateOffer",
    base: offer("customerPromotion"),
    path: ["pricing", 1],
    value: percentageItem(PLAN, 5),
    description: "the same plan customised twice",
    expectProperty: "pricing[1]",
  };
};

const LIVE_REQUIRED: Record<OfferKind, string[]> = {
  customerPromotion: ["end", "acceptBy", "beneficiaries", "pricing"],
  cspPromotion: ["end", "beneficiaries", "pricing"],
  multipartyPromotionOriginator: ["end", "beneficiaries", "pricing", "partner"],
  multipartyPromotionChannelPartner: ["preparedBy"],
};
const ALWAYS_REQUIRED: Record<OfferKind, string[]> = {
  customerPromotion: ["name", "privateOfferType"],
  cspPromotion: ["name", "privateOfferType"],
  multipartyPromotionOriginator: ["name", "privateOfferType"],
  multipartyPromotionChannelPartner: ["offerId", "privateOfferType"],
};
const NESTED_REQUIRED: Array<[ResourceKind, () => Inputs, Path]> = [
  ["PrivateOffer", offer("customerPromotion"), ["pricing", 0, "product"]],
  ["PrivateOffer", offer("customerPromotion"), ["pricing", 0, "discountType"]],
  ["PrivateOffer", offer("customerPromotion"), ["pricing", 0, "discountPercentage"]],
  ["PrivateOffer", offer("customerPromotion"), ["beneficiaries", 0, "id"]],
  ["PrivateOffer", offer("multipartyPromotionOriginator"), ["partner", "id"]],
  ["PrivateOffer", offer("multipartyPromotionOriginator"), ["partner", "name"]],
  ["PrivateOffer", offer("multipartyPromotionOriginator"), ["termsAndConditionsDocs", 0, "fileName"]],
  ["PrivateOffer", offer("multipartyPromotionOriginator"), ["pricing", 0, "newPlanDetails"]],
  ["PrivateOffer", offer("multipartyPromotionOriginator"), ["pricing", 0, "priceDetails"]],
  ["PrivateOffer", offer("multipartyPromotionChannelPartner"), ["markups", 0, "markupPercentage"]],
  ["PrivateOfferPlanPricing", validPlanPricing, ["product"]],
  ["PrivateOfferPlanPricing", validPlanPricing, ["plan"]],
  ["PrivateOfferPlanPricing", validPlanPricing, ["pricing", "recurrentPrice", "prices", 0, "billingTerm"]],
  ["PrivateOfferPlanPricing", validPlanPricing, ["pricing", "recurrentPrice", "prices", 0, "pricePerPaymentInUsd"]],
  ["PrivateOfferPlanPricing", validPlanPricing, ["pricing", "customMeters", "api-calls", "includedQuantities", 0, "quantity"]],
  ["PrivateOfferPlanPricing", validVmReservation, ["softwareReservation", "paymentSchedule"]],
  ["PrivateOfferPlanPricing", validVmReservation, ["softwareReservation", "vmPrices", "8Core", "quantity"]],
];

const missingRequired: Generator = (random) => {
  const kind = random.pick(OFFER_KINDS);
  const choice = random.int(0, 3);
  if (choice === 0) {
    const key = random.pick(LIVE_REQUIRED[kind]);
    const empty = (key === "beneficiaries" || key === "pricing") && random.chance(0.3);
    return {
      resource: "PrivateOffer",
      base: offer(kind),
      path: [key],
      value: empty ? [] : REMOVE,
      description: `live ${kind} ${empty ? "with an empty" : "without"} ${key}`,
      keepState: true,
    };
  }
  if (choice === 1) {
    const key = random.pick(ALWAYS_REQUIRED[kind]);
    return { resource: "PrivateOffer", base: offer(kind), path: [key], value: REMOVE, description: `${kind} without ${key}` };
  }
  const [resource, base, path] = random.pick(NESTED_REQUIRED);
  return { resource, base, path, value: REMOVE, description: `without ${formatPath(path)}` };
};

const GENERATORS: Array<[Family, Generator]> = [
  ["wrong type", wrongType],
  ["out of range", outOfRange],
  ["bad date", badDate],
  ["bad enum", badEnum],
  ["foreign property", foreignProperty],
  ["oversized", oversized],
  ["forbidden characters", forbiddenCharacters],
  ["malformed id", malformedId],
  ["missing required", missingRequired],
];

/**
 * `count` distinct invalid inputs, the families taking turns. Offers other than those testing a
 * live-only rule get a random desired state, so rules are shown to hold in draft and withdrawn too.
 */
export function generateHostileCases(seed: number, count = 600): HostileCase[] {
  const random = seededRandom(seed);
  const cases: HostileCase[] = [];
  const seen = new Set<string>();
  const perFamily = new Map<Family, number>();
  for (let attempt = 0; cases.length < count && attempt < count * 50; attempt++) {
    const [family, generate] = GENERATORS[attempt % GENERATORS.length]!;
    const breakage = generate(random);
    let base = breakage.base();
    const touchesState = breakage.path[0] === "state";
    if (breakage.resource === "PrivateOffer" && !breakage.keepState && !touchesState && random.chance(0.35)) {
      base = { ...base, state: random.pick(["draft", "withdrawn"]) };
    }
    const inputs = applied(base, breakage.path, breakage.value);
    const key = `${breakage.resource} ${JSON.stringify(inputs)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = (perFamily.get(family) ?? 0) + 1;
    perFamily.set(family, n);
    cases.push({
      id: `${family}#${n}`,
      resource: breakage.resource,
      family,
      description: breakage.description + (inputs["state"] && inputs["state"] !== "live" && !touchesState ? ` (state ${String(inputs["state"])})` : ""),
      inputs,
      expectProperty: breakage.expectProperty ?? formatPath(breakage.path),
    });
  }
  return cases;
}

export { OTHER_PLAN, PRODUCT };

/** The seed of the suites (HOSTILE_SEED in the environment replays another). */
export const HOSTILE_SEED = Number(process.env["HOSTILE_SEED"] ?? 20260611);
export const HOSTILE_CASES = generateHostileCases(HOSTILE_SEED, 600);

/** A failure names the broken property when it is that property or lies below it. */
export function namesProperty(failures: readonly { property: string }[], expected: string): boolean {
  return failures.some((f) => f.property === expected || f.property.startsWith(`${expected}.`) || f.property.startsWith(`${expected}[`));
}
