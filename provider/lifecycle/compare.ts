// Which inputs differ between what is in state and what the program now declares. Both sides are
// put in one canonical form first, so that an empty list, an absent list and a default value do not
// count as changes, and the actual state is compared with the desired one by what the customer sees.
import { containsUnknown } from "../schema/unknowns";
import { fieldsOf, type Field } from "../schema/offer-fields";
import type { OfferState } from "./outputs";

/** Removes what carries no meaning: undefined, null, empty lists and objects, `false` renewals. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([key]) => key !== "customerContractRenewal" || (value as Record<string, unknown>)[key] !== false)
      .map(([key, v]) => [key, canonical(v)] as const)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return value === null || value === "" ? undefined : value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Whether the actual state already is what the user asked for. Draft and withdrawn both mean "not published". */
export function stateSatisfies(actual: unknown, desired: unknown): boolean {
  if (typeof actual !== "string" || typeof desired !== "string") return actual === desired;
  const a = actual.toLowerCase();
  if (desired === "live") return a === "live";
  return a === "draft" || a === "withdrawn";
}

export interface InputComparison {
  /** Fields sent to the API (not `state`) whose value differs and that can change in place, in a stable order. */
  fields: string[];
  /** Provider options that differ and only steer the provider. */
  options: string[];
  /** Fields that differ and need a new offer (`privateOfferType`, `account`, a channel partner's `offerId`). */
  replacing: string[];
  /** True when the actual state is not the desired one. */
  state: boolean;
  /** Keys whose new value is not known yet (preview). */
  unknown: string[];
}

/**
 * Compares the fields the offer types' tables give both sides (the old outputs' type and the new
 * inputs'), classed by the table: fields that need a new offer, options, and the rest.
 */
export function compareInputs(olds: Record<string, unknown>, news: Record<string, unknown>): InputComparison {
  const table: Record<string, Field> = { ...fieldsOf(olds["privateOfferType"]), ...fieldsOf(news["privateOfferType"]) };
  const fields: string[] = [];
  const options: string[] = [];
  const replacing: string[] = [];
  const unknown: string[] = [];
  for (const key of Object.keys(table).sort()) {
    const field = table[key];
    if (!field || field.lands === "state") continue;
    if (containsUnknown(news[key])) unknown.push(key);
    const same = sameValue(olds[key], news[key]) || field.equivalent?.(news[key], olds[key]) === true;
    if (same && !containsUnknown(news[key])) continue;
    (field.replaces ? replacing : field.lands === "option" ? options : fields).push(key);
  }
  return {
    fields,
    options,
    replacing,
    state: !stateSatisfies(olds["state"] as OfferState | undefined, news["state"]) || containsUnknown(news["state"]),
    unknown,
  };
}
