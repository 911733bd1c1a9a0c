// Value-level building blocks shared by the resource schemas. Every schema carries its own message,
// so zod's generic wording never reaches a client.

import { z } from "zod";

/** `is required` when the property is missing, `must be <what>` when it has the wrong JSON type. */
export function typeError(what: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? "is required" : `must be ${what}`);
}

export const text = () => z.string({ error: typeError("a string") });
export const nonEmptyText = () => text().min(1, "must not be empty");
export const bool = () => z.boolean({ error: typeError("true or false") });
export const num = () => z.number({ error: typeError("a number") });

/** A strict object: properties not in `shape` are reported one by one with `unknownMessage`. */
export function strictObject<S extends z.ZodRawShape>(shape: S, unknownMessage: string) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? unknownMessage : typeError("an object")(issue)),
  });
}

export function array<T extends z.ZodType>(item: T) {
  return z.array(item, { error: typeError("an array") });
}

export function record<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value, { error: typeError("an object") });
}

/** A property this schema version or resource does not have; the message says why. */
export function absent(message: string) {
  return z.never({ error: message }).optional();
}

/** Enum values compare case-insensitively: older responses and docs mix `Live`/`live` and `multiPartyPromotion...`. */
export function caseInsensitiveEnum<const V extends string>(values: readonly V[]) {
  const known = new Set(values.map((v) => v.toLowerCase()));
  return text().refine((v) => known.has(v.toLowerCase()), `must be one of ${values.join(", ")}`);
}

/** The canonical spelling of an enum value sent in any case, or undefined when it is not one of them. */
export function canonical<const V extends string>(values: readonly V[], raw: unknown): V | undefined {
  if (typeof raw !== "string") return undefined;
  const lower = raw.toLowerCase();
  return values.find((v) => v.toLowerCase() === lower);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` naming a day that exists (no 2027-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const calendarDate = () =>
  text().refine(isCalendarDate, "must be a date in YYYY-MM-DD form that exists, e.g. 2027-06-30");

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const email = () => text().regex(EMAIL, "must be an email address");

export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}
export const httpsUrl = () => text().refine(isHttpsUrl, "must be an https:// URL");

/** Digits after the decimal point of a JSON number, including exponent forms such as 1e-9. */
export function decimalPlaces(value: number): number {
  const [mantissa = "", exponent] = value.toString().toLowerCase().split("e");
  const fraction = mantissa.split(".")[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

/** A durable id of the given resource type: `product/<id>`, `plan/<id>`, `private-offer/<guid>`. */
export function durableId(type: string) {
  const pattern = new RegExp(`^${type}/\\S+$`);
  return text().regex(pattern, `must be a durable id of the form ${type}/<id>`);
}

export const resourceName = () =>
  text().min(1, "must be 1 to 50 characters").max(50, "must be 1 to 50 characters");

/** `{ "type": "month" | "year", "value": n }`: billing terms, payment options, durations. */
export const term = () =>
  strictObject(
    {
      type: caseInsensitiveEnum(["month", "year"] as const),
      value: num().int("must be a whole number").min(1, "must be at least 1"),
    },
    "is not a property of a term (a term has only type and value)",
  );

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Present means sent with a value; JSON null counts as absent, as the service treats it. */
export function present(object: Record<string, unknown>, key: string): boolean {
  return object[key] !== undefined && object[key] !== null;
}
