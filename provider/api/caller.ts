import type { z } from "zod";
import type { AccessTokenSource } from "../auth/token-cache";
import type { Timing } from "../support/timing";
import { redact } from "../support/redact";
import { errorEnvelopeSchema } from "../schema/api/error-envelope";
import {
  ApiRequestError,
  ApiResponseShapeError,
  AuthenticationError,
  BodyTooLargeError,
  ConfigureOutcomeUnknownError,
  NetworkError,
  MAX_LISTED_PROBLEMS,
  describeBytes,
  type CallContext,
} from "./errors";
import type { Limiter } from "./limiter";
import { RETRYABLE_STATUSES, parseRetryAfter, retryDelay, type BackoffPolicy } from "./retry-policy";
import type { HttpResponse, Transport } from "./transport";

export interface Call {
  method: "GET" | "POST";
  /** Path below the endpoint, e.g. `/configure`; or an absolute URL on the endpoint's origin (a next link). */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /**
   * `unsafe`: a write whose repetition could duplicate its effect; re-sent only when it certainly did
   * not take effect. `none`: one attempt, transient failures are the caller's business.
   */
  retry: "idempotent" | "unsafe" | "none";
}

export interface CallerDeps {
  endpoint: string;
  transport: Transport;
  tokens: AccessTokenSource;
  limiter: Limiter;
  timing: Timing;
  maxRetries: number;
  backoff: BackoffPolicy;
  log?: (line: string) => void;
}

const REQUEST_ID_HEADERS = ["request-id", "x-ms-request-id", "client-request-id", "x-ms-correlation-request-id"];

export function requestIdOf(headers: Record<string, string>): string | undefined {
  for (const name of REQUEST_ID_HEADERS) if (headers[name]) return headers[name];
  return undefined;
}

/** A successful HTTP exchange, still unparsed. */
export interface Answer {
  response: HttpResponse;
  context: CallContext;
}

/**
 * Sends API calls: bearer token, limiter, retries with backoff and `Retry-After`, one token refresh
 * on 401, and the mapping of every failure to this package's errors.
 */
export class ApiCaller {
  readonly #origin: string;

  constructor(private readonly deps: CallerDeps) {
    this.#origin = new URL(deps.endpoint).origin;
  }

  /** Builds the request URL; `$version` and friends stay literal as the service documents them. */
  url(path: string, query: Record<string, string | undefined> = {}): { url: string; path: string } {
    const absolute = /^https?:\/\//i.test(path);
    const url = new URL(absolute ? path : `${this.deps.endpoint}${path}`);
    if (url.origin !== this.#origin) {
      throw new ApiResponseShapeError(
        { method: "GET", path: url.pathname, endpoint: this.deps.endpoint },
        [`refusing to follow a link to another origin (${url.origin})`],
      );
    }
    const parts = url.search ? [url.search.slice(1)] : [];
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && !new RegExp(`(^|&)${key.replace("$", "\\$")}=`).test(url.search.slice(1))) {
        parts.push(`${key}=${encodeURIComponent(value)}`);
      }
    }
    const base = `${url.origin}${url.pathname}`;
    const endpointPath = new URL(this.deps.endpoint).pathname;
    const shownPath = url.pathname.startsWith(endpointPath) ? url.pathname.slice(endpointPath.length) || "/" : url.pathname;
    return { url: parts.length ? `${base}?${parts.join("&")}` : base, path: shownPath };
  }

  async send(call: Call): Promise<Answer> {
    const { url, path } = this.url(call.path, call.query);
    const { timing, tokens } = this.deps;
    let attempt = 0;
    let refreshedAfter401 = false;
    let rejected: string | undefined;
    for (;;) {
      attempt++;
      const context: CallContext = { method: call.method, path, endpoint: this.deps.endpoint, attempts: attempt };
      const token = await tokens.getToken(rejected === undefined ? {} : { rejected });
      const started = timing.clock.now();
      const exchange = await this.deps.limiter.run(() =>
        this.deps.transport.send({
          method: call.method,
          url,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: "application/json",
            ...(call.body === undefined ? {} : { "Content-Type": "application/json" }),
          },
          body: call.body,
        }),
      );
      const canRetry = call.retry !== "none" && attempt <= this.deps.maxRetries;

      if (!exchange.ok) {
        const { failure } = exchange;
        this.#log(`${call.method} ${path} -> ${failure.code} (attempt ${attempt})`);
        if (failure.oversized) {
          if (call.retry === "unsafe" && failure.oversized.direction === "response") {
            throw new ConfigureOutcomeUnknownError(context, `its answer was larger than ${describeBytes(failure.oversized.limitBytes)} and was dropped unread`);
          }
          throw new BodyTooLargeError(context, failure.oversized.direction, failure.oversized.limitBytes);
        }
        if (call.retry === "unsafe" && !failure.beforeSend) {
          throw new ConfigureOutcomeUnknownError(context, `connection failed after the request was sent: ${failure.code}`);
        }
        if (failure.fatal || !canRetry) throw new NetworkError(context, failure.code);
        await timing.sleep(retryDelay(attempt - 1, undefined, timing.random, this.deps.backoff));
        continue;
      }

      const { response } = exchange;
      const requestId = requestIdOf(response.headers);
      const answered: CallContext = { ...context, httpStatus: response.status, ...(requestId ? { requestId } : {}) };
      this.#log(`${call.method} ${path} -> ${response.status} in ${timing.clock.now() - started} ms (attempt ${attempt})`);

      if (response.status >= 200 && response.status < 300) return { response, context: answered };

      if (response.status === 401) {
        if (!refreshedAfter401) {
          refreshedAfter401 = true;
          rejected = token;
          attempt--; // a refused token is not a failed attempt of the call itself
          continue;
        }
        throw new AuthenticationError(answered, tokens.description, tokens.identity);
      }

      const envelope = errorEnvelopeSchema.safeParse(response.body);
      if (call.retry === "unsafe" && response.status >= 500) {
        throw new ConfigureOutcomeUnknownError(answered, `HTTP ${response.status}`);
      }
      // A 429 that carries the service's own error envelope was refused by the service itself, so it
      // did not take effect; anything else in the retryable set is only safe for reads.
      const throttledByService = response.status === 429 && envelope.success;
      const retryable =
        RETRYABLE_STATUSES.has(response.status) && (call.retry === "idempotent" || throttledByService);
      const retryAfter = parseRetryAfter(response.headers["retry-after"], timing.clock.now(), this.deps.backoff);
      if (retryAfter !== undefined) answered.retryAfterMs = retryAfter;
      if (retryable && canRetry) {
        await timing.sleep(retryDelay(attempt - 1, retryAfter, timing.random, this.deps.backoff));
        continue;
      }
      if (call.retry === "unsafe" && response.status === 429) {
        throw new ConfigureOutcomeUnknownError(answered, "HTTP 429 without the service's error envelope");
      }
      if (envelope.success) {
        const { code, message, details } = envelope.data.error;
        throw new ApiRequestError(answered, code, message, details);
      }
      const text = typeof response.body === "string" ? response.body.slice(0, 300) : "";
      throw new ApiRequestError(answered, `http${response.status}`, text || "no error details in the response", []);
    }
  }

  /** Parses an answer's body; a mismatch names the field and the call, never dumps the body. */
  parse<S extends z.ZodType>(schema: S, answer: Answer): z.output<S> {
    const result = schema.safeParse(answer.response.body);
    if (result.success) return result.data;
    const { issues } = result.error;
    const problems = issues.slice(0, MAX_LISTED_PROBLEMS).map((issue) => {
      const where = issue.path.length
        ? issue.path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i ? "." : ""}${String(key)}`)).join("")
        : "body";
      return `${where}: ${issue.message}`;
    });
    throw new ApiResponseShapeError(answer.context, problems, issues.length);
  }

  #log(line: string): void {
    this.deps.log?.(redact(line));
  }
}
