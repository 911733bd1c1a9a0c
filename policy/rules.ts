// The deal desk's rules as pure functions: each takes what a policy sees of one resource (its
// inputs, as plain JSON) or of the stack, the rule's config and today's date, and returns the
// violations as sentences that name the offer, the rule's limit and the offending value. No Pulumi
// import here, so the rules are unit-tested without an engine; index.ts wires them into the policy
// pack.
import { z } from "zod";

/** Resource types of pulumi-partnercenter-private-offers, as the engine names them. */
export const PRIVATE_OFFER_TYPE = "pulumi-nodejs:dynamic/partnercenter:PrivateOffer";
export const PLAN_PRICING_TYPE = "pulumi-nodejs:dynamic/partnercenter:PrivateOfferPlanPricing";

/** What a value unknown during preview becomes in the plain copy of a resource's inputs. */
export const UNKNOWN = "\u0000unknown during preview";

// Inputs are read leniently: a field that is missing, unknown during preview or of another shape
// is left out (the provider's own check rejects malformed inputs with a better message).
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const day = lenient(z.string().regex(/^\d{4}-\d{2}-\d{2}$/));
const term = z.object({ type: z.enum(["month", "year"]), value: z.number().int().positive() });

const pricingItem = z.object({
  product: lenient(z.string()),
  plan: lenient(z.string()),
  basePlan: lenient(z.string()),
  discountType: lenient(z.string()),
  discountPercentage: lenient(z.number()),
});

/** The inputs of a `PrivateOffer` the rules read. */
export const offerProps = z.object({
  privateOfferType: lenient(z.string()),
  name: lenient(z.string()),
  state: lenient(z.enum(["live", "draft", "withdrawn"])),
  variableStartDate: lenient(z.boolean()),
  start: day,
  end: day,
  acceptBy: day,
  preparedBy: lenient(z.string()),
  offerId: lenient(z.string()),
  pricing: lenient(z.array(pricingItem.catch({}))).transform((items) => items ?? []),
});
export type OfferProps = z.output<typeof offerProps>;

/** The inputs of a `PrivateOfferPlanPricing` the rules read. */
export const planPricingProps = z.object({
  product: lenient(z.string()),
  plan: lenient(z.string()),
  pricing: lenient(
    z.object({
      recurrentPrice: lenient(
        z.object({
          recurrentPriceMode: lenient(z.string()),
          prices: lenient(z.array(z.object({ billingTerm: term, paymentOption: lenient(term), pricePerPaymentInUsd: z.number() }).catch({ billingTerm: { type: "month", value: 1 }, pricePerPaymentInUsd: Number.NaN }))),
        }),
      ),
    }),
  ),
  softwareReservation: lenient(
    z.object({
      paymentSchedule: lenient(term),
      vmPrices: lenient(z.record(z.string(), z.object({ unitPricePerPaymentPeriodInUsd: z.number() }).catch({ unitPricePerPaymentPeriodInUsd: Number.NaN }))),
    }),
  ),
});
export type PlanPricingProps = z.output<typeof planPricingProps>;

/** One resource as a rule sees it: its Pulumi name and its inputs. */
export interface Subject<P> {
  /** The resource's name in the program (the `name` argument of its constructor). */
  resource: string;
  props: P;
}

// ---------------------------------------------------------------------------------------------
// Configuration: the policy config of each rule (beside `enforcementLevel`), with its defaults.

export const ruleConfigs = {
  "offer-max-discount": z.strictObject({
    /** The largest percentage discount on any product or plan not named below. */
    maxPercent: z.number().min(0).max(100).default(30),
    /** The largest discount per product: `{ "product/<guid>": 20 }`. */
    products: z.record(z.string(), z.number().min(0).max(100)).default({}),
    /** The largest discount per plan, as the pricing item names it: `{ "plan/<guid>/<guid>": 10 }`. Wins over `products`. */
    plans: z.record(z.string(), z.number().min(0).max(100)).default({}),
  }),
  "offer-max-term": z.strictObject({
    /** The most calendar months from the start (or, with a variable start, this month) through the end, inclusive. */
    maxMonths: z.number().int().min(1).default(36),
  }),
  "offer-accept-by-window": z.strictObject({
    /** The most days between publishing (today) and the accept-by date. */
    maxDays: z.number().int().min(0).default(90),
  }),
  "offer-prepared-by": z.strictObject({
    /** Domains `preparedBy` must be an address of; empty: any address, but one is required. */
    domains: z.array(z.string().min(1)).default([]),
  }),
  "plan-price-floor": z.strictObject({
    /** The lowest price per month (per user for per-user plans, per VM for reservations) in US dollars. */
    minimumMonthlyUsd: z.number().min(0).default(0),
    /** The lowest monthly price per plan: `{ "plan/<guid>/<guid>": 25 }`. Wins over `minimumMonthlyUsd`. */
    plans: z.record(z.string(), z.number().min(0)).default({}),
  }),
  "offer-withdrawal-guard": z.strictObject({
    /** Offers that may be withdrawn in this change, by resource name or offer name: the explicit flag. */
    allow: z.array(z.string().min(1)).default([]),
    /** Guard only offers whose accept-by date is at most this many days away; leave out to guard every offer still open for acceptance. */
    acceptByWithinDays: z.number().int().min(0).optional(),
  }),
  "offer-name-convention": z.strictObject({
    /** A regular expression every offer name must match (JavaScript syntax, whole name). */
    pattern: z.string().min(1).default("^\\S(.*\\S)?$"),
    /** Said in the message: what a good name looks like. */
    example: z.string().optional(),
  }),
} as const;
export type RuleName = keyof typeof ruleConfigs;
export type RuleConfig<R extends RuleName> = z.output<(typeof ruleConfigs)[R]>;

/**
 * A rule's config with its defaults. The engine has already checked types and ranges against the
 * JSON Schema; a setting this rule does not have (a misspelt name) is refused here.
 */
export function ruleConfig<R extends RuleName>(rule: R, given: unknown): RuleConfig<R> {
  const settings = given !== null && typeof given === "object" ? { ...(given as Record<string, unknown>) } : {};
  delete settings["enforcementLevel"];
  const parsed = ruleConfigs[rule].safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.code === "unrecognized_keys" ? issue.keys.join(", ") : issue?.path.join(".") || "(top)";
    throw new Error(`policy config of ${rule}: ${where}: ${issue?.message ?? "is invalid"}`);
  }
  return parsed.data as RuleConfig<R>;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** How a message names an offer: its name and its resource name. */
export function offerLabel(subject: Subject<OfferProps>): string {
  return subject.props.name ? `offer "${subject.props.name}" (resource ${subject.resource})` : `offer resource ${subject.resource}`;
}

function desiredState(props: OfferProps): "live" | "draft" | "withdrawn" {
  return props.state ?? "live";
}

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** Days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Calendar months from the month of `start` through the month of `end`, both counted. */
export function termMonths(start: string, end: string): number {
  const [sy, sm] = start.split("-").map(Number) as [number, number];
  const [ey, em] = end.split("-").map(Number) as [number, number];
  return ey * 12 + em - (sy * 12 + sm) + 1;
}

function monthsOf(t: { type: "month" | "year"; value: number }): number {
  return t.type === "year" ? t.value * 12 : t.value;
}

function usd(amount: number): string {
  return `$${Number.isInteger(amount) ? amount : amount.toFixed(2)}`;
}

const PUBLISHER_TYPES = new Set(["customerPromotion", "cspPromotion", "multipartyPromotionOriginator"]);

// ---------------------------------------------------------------------------------------------
// Rules on one offer

export function maxDiscount(subject: Subject<OfferProps>, config: RuleConfig<"offer-max-discount">): string[] {
  const out: string[] = [];
  for (const item of subject.props.pricing) {
    if (item.discountType !== "percentage" || item.discountPercentage === undefined) continue;
    const plan = item.plan;
    const [limit, scope] =
      plan !== undefined && config.plans[plan] !== undefined
        ? [config.plans[plan], `for ${plan}`]
        : item.product !== undefined && config.products[item.product] !== undefined
          ? [config.products[item.product], `for ${item.product}`]
          : [config.maxPercent, "on any product or plan"];
    if (limit !== undefined && item.discountPercentage > limit) {
      const what = plan ? `${item.product ?? "the product"} ${plan}` : `${item.product ?? "the product"} (every plan)`;
      out.push(`${offerLabel(subject)}: ${item.discountPercentage}% off ${what} is more than the largest discount allowed ${scope}, ${limit}%`);
    }
  }
  return out;
}

export function maxTerm(subject: Subject<OfferProps>, config: RuleConfig<"offer-max-term">, today: string): string[] {
  const { props } = subject;
  if (!PUBLISHER_TYPES.has(props.privateOfferType ?? "") || !props.end) return [];
  const variable = props.variableStartDate ?? props.start === undefined;
  const start = variable ? today : props.start;
  if (!start) return [];
  const months = termMonths(start, props.end);
  if (months <= config.maxMonths) return [];
  const from = variable ? `acceptance (at the earliest this month, ${today.slice(0, 7)})` : start;
  return [`${offerLabel(subject)}: runs ${months} months, from ${from} to ${props.end}, longer than the longest term allowed, ${config.maxMonths} months`];
}

export function acceptByWindow(subject: Subject<OfferProps>, config: RuleConfig<"offer-accept-by-window">, today: string): string[] {
  const { props } = subject;
  if (desiredState(props) !== "live" || !props.acceptBy) return [];
  const days = daysBetween(today, props.acceptBy);
  if (days <= config.maxDays) return [];
  return [`${offerLabel(subject)}: accept-by ${props.acceptBy} is ${days} days after publishing (${today}), later than the ${config.maxDays} days allowed`];
}

export function preparedBy(subject: Subject<OfferProps>, config: RuleConfig<"offer-prepared-by">): string[] {
  const { props } = subject;
  const type = props.privateOfferType ?? "";
  if (!["customerPromotion", "cspPromotion", "multipartyPromotionChannelPartner"].includes(type)) return [];
  const domains = config.domains.map((d) => d.toLowerCase().replace(/^@/, ""));
  const wanted = domains.length ? ` at ${domains.join(" or ")}` : "";
  if (!props.preparedBy) return [`${offerLabel(subject)}: preparedBy is missing; the deal desk requires the address of the person who prepared the offer${wanted}`];
  const domain = props.preparedBy.split("@").pop()?.toLowerCase() ?? "";
  if (domains.length && !domains.includes(domain)) {
    return [`${offerLabel(subject)}: preparedBy ${props.preparedBy} is not an address${wanted}`];
  }
  return [];
}

export function nameConvention(subject: Subject<OfferProps>, config: RuleConfig<"offer-name-convention">): string[] {
  const { props } = subject;
  if (props.name === undefined) return [];
  const pattern = new RegExp(config.pattern, "u");
  if (pattern.test(props.name)) return [];
  const example = config.example ? `, e.g. "${config.example}"` : "";
  return [`${offerLabel(subject)}: the name "${props.name}" does not follow the naming convention /${config.pattern}/${example}`];
}

// ---------------------------------------------------------------------------------------------
// Rules on one plan's absolute prices

export function priceFloor(subject: Subject<PlanPricingProps>, config: RuleConfig<"plan-price-floor">): string[] {
  const { props } = subject;
  const plan = props.plan;
  const floor = plan !== undefined && config.plans[plan] !== undefined ? config.plans[plan] : config.minimumMonthlyUsd;
  if (floor === undefined || floor <= 0) return [];
  const label = `plan pricing resource ${subject.resource} (${plan ?? "plan unknown"})`;
  const out: string[] = [];
  const perUser = props.pricing?.recurrentPrice?.recurrentPriceMode === "perUser" ? " per user" : "";
  for (const price of props.pricing?.recurrentPrice?.prices ?? []) {
    if (!Number.isFinite(price.pricePerPaymentInUsd)) continue;
    const every = monthsOf(price.paymentOption ?? price.billingTerm);
    const monthly = price.pricePerPaymentInUsd / every;
    if (monthly < floor) {
      out.push(
        `${label}: ${usd(price.pricePerPaymentInUsd)}${perUser} every ${every} month(s) of the ${price.billingTerm.value}-${price.billingTerm.type} term ` +
          `is ${usd(monthly)}${perUser} a month, under the floor of ${usd(floor)} a month`,
      );
    }
  }
  const reservation = props.softwareReservation;
  for (const [size, vm] of Object.entries(reservation?.vmPrices ?? {})) {
    if (!Number.isFinite(vm.unitPricePerPaymentPeriodInUsd)) continue;
    const every = reservation?.paymentSchedule ? monthsOf(reservation.paymentSchedule) : 1;
    const monthly = vm.unitPricePerPaymentPeriodInUsd / every;
    if (monthly < floor) {
      out.push(`${label}: ${size} at ${usd(vm.unitPricePerPaymentPeriodInUsd)} per VM every ${every} month(s) is ${usd(monthly)} a month, under the floor of ${usd(floor)} a month`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The withdrawal guard: needs the offers as the last deployment left them.

/** A `PrivateOffer` as the stack's last checkpoint records it. */
export interface RecordedOffer {
  urn: string;
  resource: string;
  /** The inputs of the last deployment. */
  inputs: Record<string, unknown>;
  /** What Partner Center reported: `state`, `subState`, `name`... */
  outputs: Record<string, unknown>;
}

/** A `PrivateOffer` of the program being previewed: its URN and its inputs as plain JSON. */
export interface DeclaredOffer {
  urn: string;
  resource: string;
  props: Record<string, unknown>;
}

/** Inputs whose change makes the provider withdraw a live offer and publish it again (or replace it). */
export const WITHDRAWING_INPUTS = [
  "privateOfferType",
  "name",
  "state",
  "offerPricingType",
  "variableStartDate",
  "start",
  "end",
  "acceptBy",
  "preparedBy",
  "notificationContacts",
  "pricing",
  "beneficiaries",
  "customerContractRenewal",
  "notes",
  "upgradedFrom",
  "partner",
  "markups",
  "account",
] as const;
/** The customer accepts these; a CSP margin has no customer acceptance. */
const ACCEPTED_BY_CUSTOMER = new Set(["customerPromotion", "multipartyPromotionOriginator", "multipartyPromotionChannelPartner"]);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** The inputs that differ between the last deployment and the program (unknown counts as changed). */
export function withdrawingChanges(recorded: Record<string, unknown>, declared: Record<string, unknown>): string[] {
  const changed: string[] = [];
  for (const key of WITHDRAWING_INPUTS) {
    const before = recorded[key];
    const after = declared[key];
    if (containsUnknown(after)) changed.push(`${key} (not known until apply)`);
    else if (key === "state" && (before ?? "live") === (after ?? "live")) continue;
    else if (canonical(before) !== canonical(after)) changed.push(key);
  }
  return changed;
}

export function withdrawalGuard(
  recorded: readonly RecordedOffer[],
  declared: readonly DeclaredOffer[],
  config: RuleConfig<"offer-withdrawal-guard">,
  today: string,
): string[] {
  const byUrn = new Map(declared.map((d) => [d.urn, d]));
  const allowed = new Set(config.allow);
  const out: string[] = [];
  for (const old of recorded) {
    const type = String(old.inputs["privateOfferType"] ?? "");
    if (!ACCEPTED_BY_CUSTOMER.has(type)) continue;
    if (old.outputs["state"] !== "live" || old.outputs["subState"] !== "pendingAcceptance") continue;
    const acceptBy = typeof old.inputs["acceptBy"] === "string" ? old.inputs["acceptBy"] : undefined;
    if (acceptBy !== undefined) {
      const days = daysBetween(today, acceptBy);
      if (days < 0) continue;
      if (config.acceptByWithinDays !== undefined && days > config.acceptByWithinDays) continue;
    }
    const name = typeof old.outputs["name"] === "string" ? old.outputs["name"] : typeof old.inputs["name"] === "string" ? old.inputs["name"] : undefined;
    if (allowed.has(old.resource) || (name !== undefined && allowed.has(name))) continue;
    const label = name ? `offer "${name}" (resource ${old.resource})` : `offer resource ${old.resource}`;
    const awaiting = `is live and awaiting the customer's acceptance${acceptBy ? ` (accept-by ${acceptBy})` : ""}`;
    const flag = `add "${old.resource}" to allow of offer-withdrawal-guard in the policy config to do it anyway`;
    const now = byUrn.get(old.urn);
    if (!now) {
      out.push(`${label} ${awaiting}, and removing it from the program withdraws it: the customer can no longer accept it; ${flag}`);
      continue;
    }
    const changes = withdrawingChanges(old.inputs, now.props);
    if (changes.length === 0) continue;
    const declaredState = now.props["state"];
    const what =
      declaredState === "withdrawn" || declaredState === "draft"
        ? `setting state to ${String(declaredState)} withdraws it`
        : `changing ${changes.join(", ")} withdraws it and publishes it again, so the customer's acceptance link stops working until then`;
    out.push(`${label} ${awaiting}; ${what}; ${flag}`);
  }
  return out;
}
