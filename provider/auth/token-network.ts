// The token request's transport under msal-node: fetch with a timeout, retries of transient
// failures below msal-node (as Azure Identity's own HTTP pipeline does), and a note of the hold
// msal-node puts on token requests after a failed answer, so the token source can wait it out.
//
// msal-node sends no retry of its own for client credentials. After an answer of 429 or 5xx (or any
// failure carrying Retry-After) it remembers the request and refuses to send it again until
// Retry-After's seconds (else 60 s, at most an hour) have passed by its own clock (Date.now),
// throwing a ServerError without a status. Retrying here, before msal-node sees the answer, means
// a single 503 or dropped connection costs one short wait and never starts that hold.
import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from "@azure/msal-node";
import { isTlsFailure } from "../config/tls";
import type { Sleep } from "../support/timing";

/** One failed attempt of a token-endpoint request, as the retry policy reads it. */
export type TokenAttemptOutcome =
  | { kind: "status"; status: number; headers: Readonly<Record<string, string>> }
  | { kind: "network"; code: string; fatal: boolean };

/** The API layer's retry policy, handed down (auth/ cannot import api/). */
export interface TokenRequestRetry {
  readonly maxRetries: number;
  /** Milliseconds to wait before retry `retries` (0-based) after this outcome; undefined: give up, msal-node gets the outcome. */
  delay(outcome: TokenAttemptOutcome, retries: number): number | undefined;
}

/** msal-node's hold after a failed answer: Retry-After's whole seconds when positive, else 60 s; at most an hour. */
export const MSAL_DEFAULT_HOLD_MS = 60_000;
export const MSAL_MAX_HOLD_MS = 3_600_000;

export function msalHoldMs(retryAfter: string | undefined): number {
  const seconds = Number.parseInt(retryAfter ?? "", 10);
  return Math.min(seconds > 0 ? seconds * 1000 : MSAL_DEFAULT_HOLD_MS, MSAL_MAX_HOLD_MS);
}

/** The network error code of a failed exchange (ECONNRESET, ETIMEDOUT, ...), or undefined when the error is not a network failure. */
export function networkCodeOf(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const record = error as { code?: unknown; errorCode?: unknown; cause?: { code?: unknown } };
  if (typeof record.code === "string" && /^[A-Z][A-Z0-9_]+$/.test(record.code)) return record.code;
  if (typeof record.cause?.code === "string") return record.cause.code;
  if (record.errorCode === "network_error") return "ERR_NETWORK";
  return undefined;
}

/** An msal-node error for a request that got no answer; msal-node passes its own errors on unchanged, so the code survives. */
function noAnswer(code: string, detail: string): AuthError {
  return Object.assign(new AuthError("network_error", `Network request failed: ${code}${detail ? ` (${detail})` : ""}`), { code });
}

function codeOfFetchFailure(error: unknown): { code: string; detail: string } {
  const record = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (record.name === "TimeoutError" || record.name === "AbortError") return { code: "ETIMEDOUT", detail: "no answer in time" };
  const code = typeof record.cause?.code === "string" ? record.cause.code : "ERR_NETWORK";
  const detail = typeof record.cause?.message === "string" ? record.cause.message.slice(0, 200) : "";
  return { code, detail };
}

/** A body msal-node can read: the JSON the endpoint sent, or Entra's error shape saying what came instead. */
function tokenBody(text: string, status: number): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") return parsed;
  } catch {
    // not JSON: described below
  }
  return {
    error: "invalid_response",
    error_description: `the token endpoint answered HTTP ${status} with ${text ? "a body that is not JSON" : "no body"}`,
  };
}

/**
 * msal-node's transport on Node's fetch: every request bounded by `timeoutMs`, an answer that is not
 * JSON turned into an error msal-node can report (its own client throws a parsing error instead),
 * and a failed connection thrown as an msal-node error that keeps the network code.
 */
export function fetchNetwork(options: { timeoutMs: number }): INetworkModule {
  async function send<T>(method: "GET" | "POST", url: string, request?: NetworkRequestOptions, timeoutMs?: number): Promise<NetworkResponse<T>> {
    try {
      const response = await fetch(url, {
        method,
        headers: request?.headers ?? {},
        ...(method === "POST" ? { body: request?.body ?? "" } : {}),
        signal: AbortSignal.timeout(timeoutMs ?? options.timeoutMs),
      });
      const text = await response.text();
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key.toLowerCase()] = value;
      });
      return { status: response.status, headers, body: tokenBody(text, response.status) as T };
    } catch (error) {
      const { code, detail } = codeOfFetchFailure(error);
      throw noAnswer(code, detail);
    }
  }
  return {
    sendGetRequestAsync: (url, request, timeout) => send("GET", url, request, timeout),
    sendPostRequestAsync: (url, request) => send("POST", url, request),
  };
}

export interface TokenNetworkDeps {
  retry?: TokenRequestRetry | undefined;
  sleep: Sleep;
  /** msal-node's clock: it times its hold with Date.now, whatever clock the rest of the provider uses. */
  msalNow?: () => number;
  log?: ((line: string) => void) | undefined;
}

/**
 * Wraps msal-node's transport: retries what the policy calls transient, counts the requests that
 * left, and notes when msal-node will hold the token request back after the answer it is handed.
 */
export class TokenEndpointNetwork implements INetworkModule {
  #heldUntil = 0;
  #sent = 0;
  #lastFailure: string | undefined;
  #lastNetworkCode: string | undefined;

  constructor(
    private readonly inner: INetworkModule,
    private readonly deps: TokenNetworkDeps,
  ) {}

  /** Requests sent so far (each attempt counts): a token acquisition that sent none was refused by msal-node itself. */
  get sent(): number {
    return this.#sent;
  }

  /** How long msal-node still holds token requests back (0: it does not), by its own clock. */
  holdRemainingMs(): number {
    return Math.max(0, this.#heldUntil - this.#msalNow());
  }

  /** When msal-node's hold ends, by its clock (ms since the epoch; 0 when there is none). */
  get heldUntil(): number {
    return this.#heldUntil;
  }

  /**
   * The network code of the last request that got no answer (SELF_SIGNED_CERT_IN_CHAIN,
   * ECONNREFUSED), cleared by this read: msal-node drops it from some of its errors.
   */
  takeNetworkCode(): string | undefined {
    const code = this.#lastNetworkCode;
    this.#lastNetworkCode = undefined;
    return code;
  }

  /** What the answer that started the hold was, e.g. `HTTP 503`. */
  get lastFailure(): string | undefined {
    return this.#lastFailure;
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.#send("GET", url, () => this.inner.sendGetRequestAsync<T>(url, options, timeout));
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.#send("POST", url, () => this.inner.sendPostRequestAsync<T>(url, options));
  }

  async #send<T>(method: "GET" | "POST", url: string, attempt: () => Promise<NetworkResponse<T>>): Promise<NetworkResponse<T>> {
    const where = `${method} ${safePath(url)}`;
    for (let retries = 0; ; retries++) {
      this.#sent++;
      let response: NetworkResponse<T>;
      try {
        response = await attempt();
      } catch (error) {
        const code = networkCodeOf(error);
        this.#lastNetworkCode = code;
        const delay = code === undefined ? undefined : this.deps.retry?.delay({ kind: "network", code, fatal: isTlsFailure(code) }, retries);
        if (delay === undefined) throw error;
        this.deps.log?.(`${where} -> ${code}: retry ${retries + 1} of ${this.deps.retry?.maxRetries ?? 0} in ${delay} ms`);
        await this.deps.sleep(delay);
        continue;
      }
      const { status } = response;
      if (status >= 200 && status < 300) {
        if (method === "POST") this.#heldUntil = 0;
        return response;
      }
      const headers = response.headers ?? {};
      const delay = this.deps.retry?.delay({ kind: "status", status, headers }, retries);
      if (delay !== undefined) {
        this.deps.log?.(`${where} -> ${status}: retry ${retries + 1} of ${this.deps.retry?.maxRetries ?? 0} in ${delay} ms`);
        await this.deps.sleep(delay);
        continue;
      }
      if (method === "POST") this.#noteHold(status, headerNamed(headers, "retry-after"));
      return response;
    }
  }

  /** As msal-node's ThrottlingUtils.postProcess: a 429, a 5xx, or any failure with Retry-After starts a hold. */
  #noteHold(status: number, retryAfter: string | undefined): void {
    if (status !== 429 && (status < 500 || status > 599) && retryAfter === undefined) return;
    this.#heldUntil = this.#msalNow() + msalHoldMs(retryAfter);
    this.#lastFailure = `HTTP ${status}${retryAfter === undefined ? "" : ` with Retry-After: ${retryAfter.slice(0, 40)}`}`;
  }

  #msalNow(): number {
    return (this.deps.msalNow ?? Date.now)();
  }
}

function headerNamed(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** The URL's path, for log lines: the query of a token request can hold nothing secret, but is not needed. */
function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "(token endpoint)";
  }
}
