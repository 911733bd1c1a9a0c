// Which inputs differ between what is in state and what the program now declares. Both sides are
// put in one canonical form first, so that an empty list, an absent list and a default value do not
// count as changes, and the actual state is compared with the desired one by what the customer sees.
import { containsUnknown } from "../schema/unknowns";
import { STATUS_KEYS, type OfferState } from "./outputs";

/** Inputs that steer the provider only: changing them never touches the offer. */
export const PROVIDER_OPTION_KEYS: readonly string[] = ["pollIntervalSeconds", "jobTimeoutMinutes", "adoptExistingId"];

/**
 * Provider options whose change needs a new offer. An offer belongs to the publisher account that
 * created it, and another account's credentials can neither see nor change it: moving an offer to
 * another credential profile means deleting it under the old one and creating it under the new one.
 */
export const REPLACING_OPTION_KEYS: readonly string[] = ["account"];

const IGNORED = new Set([...STATUS_KEYS, "__provider"]);

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
  /** Input keys (other than `state` and provider options) whose value differs, in a stable order. */
  fields: string[];
  /** Provider options that differ and only steer the provider. */
  options: string[];
  /** Provider options that differ and need a new offer (`account`). */
  replacing: string[];
  /** True when the actual state is not the desired one. */
  state: boolean;
  /** Keys whose new value is not known yet (preview). */
  unknown: string[];
}

export function compareInputs(olds: Record<string, unknown>, news: Record<string, unknown>): InputComparison {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)].filter((k) => !IGNORED.has(k) && k !== "state" && k !== "name"));
  // The name is an input for the publisher's offers only; a channel partner's output `name` is the software company's.
  if ("name" in news) keys.add("name");
  const fields: string[] = [];
  const options: string[] = [];
  const replacing: string[] = [];
  const unknown: string[] = [];
  for (const key of [...keys].sort()) {
    if (containsUnknown(news[key])) unknown.push(key);
    if (sameValue(olds[key], news[key]) && !containsUnknown(news[key])) continue;
    (REPLACING_OPTION_KEYS.includes(key) ? replacing : PROVIDER_OPTION_KEYS.includes(key) ? options : fields).push(key);
  }
  return {
    fields,
    options,
    replacing,
    state: !stateSatisfies(olds["state"] as OfferState | undefined, news["state"]) || containsUnknown(news["state"]),
    unknown,
  };
}
