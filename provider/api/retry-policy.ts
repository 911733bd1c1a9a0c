// When a failed request is sent again, and after how long: the Azure SDK's rules (core-rest-pipeline's
// exponential and throttling strategies), with full jitter. Pure: the clock and the random source are
// arguments, so every delay can be checked on a fake clock.
//
// - Idempotent requests (GET, the token request) are retried after 408, 429, 500, 502, 503 and 504 and
//   after a dropped or refused connection; 501, 505 and every other status are final.
// - The wait is the server's (`retry-after-ms`, then `x-ms-retry-after-ms`, then `Retry-After` in
//   seconds or as an HTTP date), else exponential backoff with full jitter: a random wait in
//   [0, min(cap, base * 2^retry)).
// - A configure POST is not idempotent: it is sent again only when its failure proves that the
//   service did not process it (`effectOfFailedWrite`).
import type { TokenRequestRetry } from "../auth/token-network";
import type { Random, Timing } from "../support/timing";

export interface BackoffPolicy {
  /** The ceiling of the first retry's random wait; it doubles with each retry. */
  baseMs: number;
  /** The highest ceiling of a random wait. */
  capMs: number;
  /**
   * The longest wait a server may ask for. A longer `Retry-After` is not shortened (retrying earlier
   * than asked would be refused again): the request fails, saying how long the server asked to wait.
   */
  maxRetryAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1000, capMs: 30_000, maxRetryAfterMs: 5 * 60_000 };

/** Statuses that say "not now" and are retried for idempotent requests (the Azure SDK's, without the rest of 5xx). */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

/** The headers a server names its wait in, first match wins: two in milliseconds, then the standard one. */
export const RETRY_AFTER_HEADERS = ["retry-after-ms", "x-ms-retry-after-ms", "retry-after"] as const;

/** Headers as the transports give them: lower-case names. */
export type Headers = Readonly<Record<string, string | undefined>>;

function headerNamed(headers: Headers, name: string): string | undefined {
  const value = headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * The wait a response asks for, in milliseconds from `nowMs` (0 for a date already past); undefined
 * when it names none readable. `retry-after-ms` and `x-ms-retry-after-ms` hold milliseconds and win
 * over `Retry-After`, which holds seconds or an HTTP date. Not capped: see `maxRetryAfterMs`.
 */
export function retryAfterOf(headers: Headers, nowMs: number): number | undefined {
  for (const name of RETRY_AFTER_HEADERS) {
    const value = headerNamed(headers, name);
    if (value === undefined) continue;
    if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * (name === "retry-after" ? 1000 : 1));
    if (name !== "retry-after") continue;
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  return undefined;
}

/** `Retry-After` alone (seconds or an HTTP date) in milliseconds from `nowMs`, capped at the policy's longest wait. */
export function parseRetryAfter(header: string | undefined, nowMs: number, policy: BackoffPolicy = defaultBackoff): number | undefined {
  const delay = header === undefined ? undefined : retryAfterOf({ "retry-after": header }, nowMs);
  return delay === undefined ? undefined : Math.min(delay, policy.maxRetryAfterMs);
}

/** The ceiling of the random wait before retry `retry` (0-based): base * 2^retry, capped. */
export function backoffCeiling(retry: number, policy: BackoffPolicy = defaultBackoff): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry));
}

/** Exponential backoff with full jitter: a random wait in [0, ceiling). */
export function backoffDelay(retry: number, random: Random, policy: BackoffPolicy = defaultBackoff): number {
  return Math.floor(random() * backoffCeiling(retry, policy));
}

/** The wait before retry `retry` (0-based): the server's if it named one, else backoff. */
export function retryDelay(retry: number, retryAfterMs: number | undefined, random: Random, policy: BackoffPolicy = defaultBackoff): number {
  return retryAfterMs ?? backoffDelay(retry, random, policy);
}

/** What went wrong with one attempt, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: "status"; status: number; headers: Headers }
  /** No answer: the connection was refused, dropped or timed out. `fatal`: TLS trust, which retrying cannot fix. */
  | { kind: "network"; code: string; fatal?: boolean };

export type RetryDecision =
  | { retry: true; delayMs: number; basis: "retryAfter" | "backoff" }
  | {
      retry: false;
      why: "final" | "exhausted" | "waitTooLong";
      /** The wait the server asked for, when it named one. */
      retryAfterMs?: number;
    };

export interface RetryInput {
  outcome: AttemptOutcome;
  /** Retries already made (0 after the first attempt). */
  retries: number;
  maxRetries: number;
  nowMs: number;
  random: Random;
  policy?: BackoffPolicy;
}

/** Whether, and after how long, an idempotent request is sent again. */
export function decideRetry(input: RetryInput): RetryDecision {
  const { outcome, retries, maxRetries, nowMs, random } = input;
  const policy = input.policy ?? defaultBackoff;
  const retryAfterMs = outcome.kind === "status" ? retryAfterOf(outcome.headers, nowMs) : undefined;
  const named = retryAfterMs === undefined ? {} : { retryAfterMs };
  const transient = outcome.kind === "network" ? !outcome.fatal : isTransientStatus(outcome.status);
  if (!transient) return { retry: false, why: "final", ...named };
  if (retries >= maxRetries) return { retry: false, why: "exhausted", ...named };
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return { retry: false, why: "waitTooLong", retryAfterMs };
    return { retry: true, delayMs: retryAfterMs, basis: "retryAfter" };
  }
  return { retry: true, delayMs: backoffDelay(retries, random, policy), basis: "backoff" };
}

/**
 * What a failed configure POST proves about its effect:
 * - `notProcessed`: the service cannot have acted on it: the connection was never established, or
 *   the service itself throttled it (429 carrying its own error envelope). Safe to send again.
 * - `unknown`: it may have taken effect: the connection dropped after sending, no readable answer,
 *   a 408, a 5xx (from the service or a gateway in front of it), or a 429 without the service's
 *   envelope (a proxy's). Never sent again; the offer is looked up instead.
 * - `refused`: any other answer, e.g. a 400 naming a property: the service refused it, nothing
 *   happened.
 */
export type WriteEffect = "notProcessed" | "unknown" | "refused";

export type FailedWrite =
  | { kind: "network"; beforeSend: boolean }
  | { kind: "status"; status: number; serviceEnvelope: boolean };

export function effectOfFailedWrite(failure: FailedWrite): WriteEffect {
  if (failure.kind === "network") return failure.beforeSend ? "notProcessed" : "unknown";
  const { status, serviceEnvelope } = failure;
  if (status === 429) return serviceEnvelope ? "notProcessed" : "unknown";
  if (status === 408 || status >= 500) return "unknown";
  return "refused";
}

/** The same policy for the token request, which auth/ runs below msal-node (auth/token-network.ts). */
export function tokenRequestRetry(maxRetries: number, timing: Pick<Timing, "clock" | "random">, policy: BackoffPolicy = defaultBackoff): TokenRequestRetry {
  return {
    maxRetries,
    delay(outcome, retries) {
      const decision = decideRetry({ outcome, retries, maxRetries, nowMs: timing.clock.now(), random: timing.random, policy });
      return decision.retry ? decision.delayMs : undefined;
    },
  };
}
