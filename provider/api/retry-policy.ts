import type { Random } from "../support/timing";

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** Longest `Retry-After` honoured; a longer one is shortened to this. */
  maxRetryAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1000, capMs: 30_000, maxRetryAfterMs: 5 * 60_000 };

/** Statuses that say "not now": the request did not take effect and may be sent again. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Exponential backoff with full jitter: a random wait between 0 and base * 2^attempt, capped. */
export function backoffDelay(attempt: number, random: Random, policy: BackoffPolicy = defaultBackoff): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as delta-seconds or an HTTP date, in milliseconds from `nowMs`; undefined if absent or unreadable. */
export function parseRetryAfter(header: string | undefined, nowMs: number, policy: BackoffPolicy = defaultBackoff): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const value = header.trim();
  let delay: number;
  if (/^\d+(\.\d+)?$/.test(value)) delay = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    delay = at - nowMs;
  }
  return Math.min(Math.max(0, delay), policy.maxRetryAfterMs);
}

/** The wait before retry number `attempt` (0-based): the server's `Retry-After` if given, else backoff. */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, random: Random, policy: BackoffPolicy = defaultBackoff): number {
  return retryAfterMs ?? backoffDelay(attempt, random, policy);
}
