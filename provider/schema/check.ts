// `check` for both resources: parse the inputs, apply defaults, and return every problem with its
// property path in words a person can act on. Values unknown during preview are accepted; the
// result says so, so that nothing downstream sends them.
import type { z } from "zod";
import { planPricingInputs, type PlanPricingInputs } from "./plan-pricing";
import { planPricingFindings } from "./plan-pricing-rules";
import { pastDateFindings, privateOfferFindings, type Finding } from "./offer-rules";
import { aliasOf, fieldsOf, typesWith } from "./offer-fields";
import {
  PRIVATE_OFFER_TYPES,
  effectiveOfferPricingType,
  privateOfferInputs,
  type PrivateOfferInputs,
  type PublisherOfferInputs,
} from "./private-offer";
import { UNKNOWN, containsUnknown, formatPath, isUnknown, isUnknownAt, valueAt, type PropertyPath } from "./unknowns";

/** Pulumi's CheckFailure: the property path and the rule it breaks. */
export interface CheckFailure {
  property: string;
  reason: string;
}

export type CheckResult<T> =
  | {
      ok: true;
      /** The inputs with defaults applied; they may still hold unknowns when `containsUnknowns`. */
      inputs: T;
      failures: [];
      /** Rules Partner Center's UI applies but the API may not; worth showing, not blocking. */
      warnings: CheckFailure[];
      /** True during preview when some input is not known yet: never send these inputs anywhere. */
      containsUnknowns: boolean;
    }
  | {
      ok: false;
      /** The inputs as given (Pulumi still wants them back next to the failures). */
      inputs: Record<string, unknown>;
      failures: CheckFailure[];
      warnings: CheckFailure[];
      containsUnknowns: boolean;
    };

/** What check needs beyond the inputs. */
export interface CheckOptions {
  /** Where "today" (the UTC date) comes from, for dates already past; default the system clock. */
  clock?: { now(): number };
  /**
   * What the resource had before: check's `olds` (the old inputs) or the outputs in state. A date
   * already past that this change does not touch is a warning, not a failure: an offer whose
   * accept-by date has gone by must not block every later preview of its stack.
   */
  previous?: Readonly<Record<string, unknown>>;
  /**
   * Leaves dates already past alone: for inputs read from offers that exist (the export) or judged
   * again by the provider's check, which knows the resource's old inputs (a program's offers file).
   */
  allowPastDates?: true;
}

/** The UTC calendar date (`YYYY-MM-DD`) of a clock's now. */
function utcDate(clock: { now(): number } = { now: () => Date.now() }): string {
  return new Date(clock.now()).toISOString().slice(0, 10);
}

export function checkPrivateOffer(news: unknown, options: CheckOptions = {}): CheckResult<PrivateOfferInputs> {
  const today = utcDate(options.clock);
  const previous = options.previous ?? {};
  return checkWith(news, {
    schema: privateOfferInputs,
    describe: (raw) => describeOfferType(raw),
    withDefaults: (raw) => withOfferDefaults(raw as PrivateOfferInputs),
    complete: completeOfferInputs,
    findings: (inputs) => [...privateOfferFindings(inputs), ...(options.allowPastDates ? [] : pastDateFindings(inputs, today, previous))],
  });
}

export function checkPlanPricing(news: unknown): CheckResult<PlanPricingInputs> {
  return checkWith(news, {
    schema: planPricingInputs,
    describe: () => "PrivateOfferPlanPricing",
    withDefaults: (raw) => ({ offerPricingType: "editExistingOfferPricingOnly", ...raw }) as PlanPricingInputs,
    complete: (inputs) => inputs,
    findings: planPricingFindings,
  });
}

interface Checker<T> {
  schema: z.ZodType<T>;
  /** What the inputs are, for messages about properties that do not belong ("a cspPromotion offer"). */
  describe(raw: Record<string, unknown>): string;
  /** Defaults the schema would apply, for inputs that only failed to parse because of unknowns. */
  withDefaults(raw: Record<string, unknown>): T;
  /** Values inferred from other inputs. */
  complete(inputs: T): T;
  findings(inputs: T): Finding[];
}

function checkWith<T>(news: unknown, checker: Checker<T>): CheckResult<T> {
  const raw = withoutEngineKeys(news);
  const containsUnknowns = containsUnknown(raw);
  const parsed = checker.schema.safeParse(raw);
  if (parsed.success) return withRules(raw, checker.complete(parsed.data), checker, [], containsUnknowns);
  const schemaFailures = parsed.error.issues.flatMap((issue) => failuresOf(issue, raw, checker.describe(raw)));
  // The rules still run, so that every problem shows at once; on inputs of the wrong shape (a number
  // where a list belongs) completing them can fail, and then the rules see them as given.
  let inputs: T;
  try {
    inputs = checker.complete(checker.withDefaults(raw));
  } catch {
    inputs = raw as T;
  }
  return withRules(raw, inputs, checker, schemaFailures, containsUnknowns);
}

/**
 * Adds the business rules' findings. When the shape itself is wrong the rules still run, so the user
 * sees every problem at once; a rule that trips over a malformed value is skipped, and findings on
 * properties the schema already rejected are left out.
 */
function withRules<T>(
  raw: Record<string, unknown>,
  inputs: T,
  checker: Checker<T>,
  schemaFailures: CheckFailure[],
  containsUnknowns: boolean,
): CheckResult<T> {
  let found: Finding[] = [];
  try {
    found = checker.findings(inputs);
  } catch (error) {
    // A rule that trips over inputs the schema refused adds nothing; over inputs it accepted, it is
    // this package's fault, said as such rather than thrown at the engine.
    if (schemaFailures.length === 0) {
      const message = error instanceof Error ? error.message : String(error);
      found = [{ path: [], severity: "failure", reason: `could not be checked (${message.split("\n")[0]}): please report this with the inputs' shape` }];
    }
  }
  // A malformed object makes any rule about its other properties noise: judge it once it parses.
  const rejected = schemaFailures.flatMap((f) => {
    const parent = f.property.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
    return parent && parent !== f.property ? [f.property, parent] : [f.property];
  });
  const overlaps = (property: string) =>
    rejected.some((r) => property === r || property.startsWith(`${r}.`) || property.startsWith(`${r}[`) || r.startsWith(`${property}.`) || r.startsWith(`${property}[`));
  const ruleFailures = found
    .filter((f) => f.severity === "failure")
    .map(toCheckFailure)
    .filter((f) => !overlaps(f.property));
  const warnings = found.filter((f) => f.severity === "warning").map(toCheckFailure);
  const failures = [...schemaFailures, ...ruleFailures];
  if (failures.length > 0) return { ok: false, inputs: raw, failures, warnings, containsUnknowns };
  return { ok: true, inputs, failures: [], warnings, containsUnknowns };
}

function toCheckFailure(finding: Finding): CheckFailure {
  return { property: formatPath(finding.path), reason: finding.reason };
}

/** The engine adds `__provider` (and may add other `__` keys) to a dynamic resource's inputs; an undefined value means "not set". */
function withoutEngineKeys(news: unknown): Record<string, unknown> {
  if (news === null || typeof news !== "object" || Array.isArray(news)) return {};
  return Object.fromEntries(Object.entries(news).filter(([key, value]) => !key.startsWith("__") && value !== undefined));
}

function describeOfferType(raw: Record<string, unknown>): string {
  const type = raw["privateOfferType"];
  return typeof type === "string" && (PRIVATE_OFFER_TYPES as readonly string[]).includes(type) ? `a ${type} offer` : "a private offer";
}

/**
 * Where a property that does not belong here fits, from the field tables: the offer types that have
 * it (for a property of the inputs themselves), or the field whose API name it is.
 */
function whereItFits(key: string, topLevel: boolean): string {
  const types = topLevel ? typesWith(key) : [];
  const first = types[0];
  if (first) {
    const elsewhere = fieldsOf(first)[key]?.elsewhere;
    return `; it applies to ${listed(types)} offers` + (elsewhere ? ` (${elsewhere})` : "");
  }
  const alias = aliasOf(key);
  if (alias) return `; it is the API's name: ${alias.hint}` + (topLevel ? ` (${listed(alias.types)} offers)` : "");
  return "; check its spelling";
}

function listed(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : (items[0] ?? "");
}

function failuresOf(issue: z.core.$ZodIssue, raw: unknown, subject: string): CheckFailure[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys
      .filter((key) => !isUnknownAt(raw, [...issue.path, key]))
      .map((key) => {
        const topLevel = issue.path.length === 0;
        return {
          property: formatPath([...issue.path, key]),
          reason: `is not a property of ${topLevel ? subject : "this object"}${whereItFits(key, topLevel)}`,
        };
      });
  }
  if (isUnknownAt(raw, issue.path)) return [];
  if (issue.code === "invalid_union") {
    // A union of kinds (an id, or an object): the problems of the one branch of the value's kind.
    const ofItsKind = issue.errors.filter((branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0));
    const [branch] = ofItsKind;
    if (ofItsKind.length === 1 && branch && branch.length > 0) {
      return branch.flatMap((inner) => failuresOf({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, raw, subject));
    }
  }
  return [{ property: formatPath(issue.path) || "(inputs)", reason: reasonOf(issue, valueAt(raw, issue.path)) }];
}

const GENERIC_TYPE_MESSAGE = /^Invalid input: expected (\w+), received (\w+)$/;

function reasonOf(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === "invalid_type" && value === undefined) {
    return issue.message.startsWith("is required") ? issue.message : "is required";
  }
  const generic = GENERIC_TYPE_MESSAGE.exec(issue.message);
  if (generic) return `must be ${article(generic[1] ?? "value")} (it is ${describeValue(value)})`;
  if (issue.code === "invalid_union" && issue.path.length > 0) {
    // The discriminator's own message names the property already ("discountType must be ...").
    return issue.message.replace(/^\w+ must/, "must");
  }
  return issue.message;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + "..." : value)}`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** Schema defaults, applied by hand when unknowns kept the schema from producing its output. */
function withOfferDefaults(raw: PrivateOfferInputs): PrivateOfferInputs {
  const inputs = { ...raw, state: raw.state ?? "live" } as PrivateOfferInputs;
  if (inputs.privateOfferType === "multipartyPromotionOriginator" && inputs.partner && !isUnknown(inputs.partner)) {
    inputs.partner = { ...inputs.partner, location: inputs.partner.location ?? "United States" };
  }
  return inputs;
}

/** Fills in what the user may leave out because other inputs imply it. */
function completeOfferInputs(inputs: PrivateOfferInputs): PrivateOfferInputs {
  if (inputs.privateOfferType === "multipartyPromotionChannelPartner") return inputs;
  const completed: PublisherOfferInputs = { ...inputs };
  if (completed.variableStartDate === undefined) completed.variableStartDate = completed.start === undefined;
  if (completed.offerPricingType === undefined) {
    // Inferred from the pricing; while the pricing is known only after apply (preview), so is it:
    // left out, the engine would show it as removed.
    const inferred = pricingHasUnknowns(completed) ? UNKNOWN : effectiveOfferPricingType(completed);
    completed.offerPricingType = inferred as PublisherOfferInputs["offerPricingType"];
  }
  return completed;
}

function pricingHasUnknowns(inputs: PublisherOfferInputs): boolean {
  return containsUnknown(inputs.pricing);
}

export type { PropertyPath };
