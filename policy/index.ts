// The policy pack: each rule of rules.ts as a Pulumi policy, configured by the policy config file
// (`--policy-pack-config`): an `enforcementLevel` (mandatory, advisory or disabled) and the rule's
// own settings, checked against the JSON Schema generated from the rule's zod schema.
import { PolicyPack, type PolicyConfigSchema, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import {
  acceptByWindow,
  maxDiscount,
  maxTerm,
  nameConvention,
  offerProps,
  planPricingProps,
  PLAN_PRICING_TYPE,
  preparedBy,
  priceFloor,
  PRIVATE_OFFER_TYPE,
  ruleConfig,
  ruleConfigs,
  UNKNOWN,
  withdrawalGuard,
  type OfferProps,
  type PlanPricingProps,
  type RuleConfig,
  type RuleName,
  type Subject,
} from "./rules";
import { readRecordedOffers, urnStack } from "./state";

/** The Pulumi program's folder: the launcher (./analyzer) moves to this folder and says where it came from. */
const PROGRAM_DIR = process.env["PARTNERCENTER_POLICY_PROGRAM_DIR"] ?? process.cwd();

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A plain copy of a resource's inputs. During preview a value that depends on another resource's
 * output is unknown, and the policy framework throws when it is read: it becomes UNKNOWN here.
 */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(read(value, i));
    return out;
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) if (key !== "__provider") out[key] = read(value, key);
    return out;
  }
  return value;
}

function read(container: object, key: string | number): unknown {
  try {
    return plain((container as Record<string | number, unknown>)[key]);
  } catch {
    return UNKNOWN;
  }
}

function configSchema(rule: RuleName): PolicyConfigSchema {
  const schema = z.toJSONSchema(ruleConfigs[rule], { io: "input" }) as { properties?: PolicyConfigSchema["properties"] };
  return { properties: schema.properties ?? {} };
}

function offerPolicy<R extends RuleName>(
  name: R,
  description: string,
  enforcementLevel: "mandatory" | "advisory",
  check: (subject: Subject<OfferProps>, config: RuleConfig<R>, today: string) => string[],
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel,
    configSchema: configSchema(name),
    validateResource: (args, report) => {
      if (args.type !== PRIVATE_OFFER_TYPE) return;
      const config = ruleConfig(name, args.getConfig<object>());
      const subject = { resource: args.name, props: offerProps.parse(plain(args.props)) };
      for (const message of check(subject, config, today())) report(message);
    },
  };
}

function planPricingPolicy<R extends RuleName>(
  name: R,
  description: string,
  check: (subject: Subject<PlanPricingProps>, config: RuleConfig<R>) => string[],
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: "mandatory",
    configSchema: configSchema(name),
    validateResource: (args, report) => {
      if (args.type !== PLAN_PRICING_TYPE) return;
      const config = ruleConfig(name, args.getConfig<object>());
      for (const message of check({ resource: args.name, props: planPricingProps.parse(plain(args.props)) }, config)) report(message);
    },
  };
}

const withdrawalGuardPolicy: StackValidationPolicy = {
  name: "offer-withdrawal-guard",
  description:
    "No withdrawal of an offer the customer is about to accept (a change to it, state withdrawn or draft, or its removal) unless the policy config allows that offer.",
  enforcementLevel: "mandatory",
  configSchema: configSchema("offer-withdrawal-guard"),
  validateStack: async (args, report) => {
    const config = ruleConfig("offer-withdrawal-guard", args.getConfig<object>());
    const stack = args.resources.map((r) => urnStack(r.urn)).find((s) => s !== undefined);
    if (!stack) return;
    const declared = args.resources
      .filter((r) => r.type === PRIVATE_OFFER_TYPE)
      .map((r) => ({ urn: r.urn, resource: r.name, props: plain(r.props) as Record<string, unknown> }));
    let recorded;
    try {
      recorded = await readRecordedOffers(stack, PROGRAM_DIR);
    } catch (error) {
      report(`the withdrawal guard cannot check this change: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const message of withdrawalGuard(recorded, declared, config, today())) report(message);
  },
};

new PolicyPack("partnercenter-private-offers", {
  policies: [
    offerPolicy("offer-max-discount", "A percentage discount is at most the largest allowed for its plan, its product, or any product.", "mandatory", maxDiscount),
    offerPolicy("offer-max-term", "An offer runs at most the longest term allowed, in calendar months from its start to its end.", "mandatory", maxTerm),
    offerPolicy("offer-accept-by-window", "A live offer's accept-by date is at most N days after publishing.", "mandatory", acceptByWindow),
    offerPolicy("offer-prepared-by", "preparedBy is set, and is an address at one of the deal desk's domains.", "mandatory", preparedBy),
    planPricingPolicy("plan-price-floor", "No absolute price of a plan is under the floor (compared per month).", priceFloor),
    withdrawalGuardPolicy,
    offerPolicy("offer-name-convention", "Offer names follow the naming convention (a regular expression).", "advisory", nameConvention),
  ],
});
