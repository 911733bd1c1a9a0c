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
import { decideRetry, effectOfFailedWrite, retryAfterOf, type AttemptOutcome, type BackoffPolicy, type RetryDecision } from "./retry-policy";
import type { HttpResponse, Transport } from "./transport";

export interface Call {
  method: "GET" | "POST";
  /** Path below the endpoint, e.g. `/configure`; or an absolute URL on the endpoint's origin (a next link). */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /**
   * `idempotent`: sent again after a transient failure (retry-policy.ts `decideRetry`). `unsafe`: a
   * write whose repetition could duplicate its effect; sent again only when its failure proves the
   * service did not process it (`effectOfFailedWrite`), else `ConfigureOutcomeUnknownError`.
   * `none`: one attempt, transient failures are the caller's business.
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

      if (!exchange.ok) {
        const { failure } = exchange;
        this.#log(`${call.method} ${path} -> ${failure.code} (attempt ${attempt})`);
        if (failure.oversized) {
          if (call.retry === "unsafe" && failure.oversized.direction === "response") {
            throw new ConfigureOutcomeUnknownError(context, `its answer was larger than ${describeBytes(failure.oversized.limitBytes)} and was dropped unread`);
          }
          throw new BodyTooLargeError(context, failure.oversized.direction, failure.oversized.limitBytes);
        }
        if (call.retry === "unsafe" && effectOfFailedWrite({ kind: "network", beforeSend: failure.beforeSend }) === "unknown") {
          throw new ConfigureOutcomeUnknownError(context, `connection failed after the request was sent: ${failure.code}`);
        }
        const decision = this.#decide(call, attempt, { kind: "network", code: failure.code, fatal: failure.fatal });
        if (!decision.retry) throw new NetworkError(context, failure.code);
        await this.#wait(call, path, decision.delayMs, attempt);
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
      if (call.retry === "unsafe") {
        // A write is sent again only when the answer proves the service did not process it.
        const effect = effectOfFailedWrite({ kind: "status", status: response.status, serviceEnvelope: envelope.success });
        if (effect === "unknown") {
          throw new ConfigureOutcomeUnknownError(
            answered,
            response.status === 429 ? "HTTP 429 without the service's error envelope" : `HTTP ${response.status}`,
          );
        }
      }
      const retryAfterMs = retryAfterOf(response.headers, timing.clock.now());
      if (retryAfterMs !== undefined) answered.retryAfterMs = retryAfterMs;
      const decision = this.#decide(call, attempt, { kind: "status", status: response.status, headers: response.headers });
      if (decision.retry) {
        await this.#wait(call, path, decision.delayMs, attempt);
        continue;
      }
      if (envelope.success) {
        const { code, message, details } = envelope.data.error;
        throw new ApiRequestError(answered, code, message, details);
      }
      const text = typeof response.body === "string" ? response.body.slice(0, 300) : "";
      throw new ApiRequestError(answered, `http${response.status}`, text || "no error details in the response", []);
    }
  }

  /** Whether attempt number `attempt` (1-based) of this call is followed by another, and when. */
  #decide(call: Call, attempt: number, outcome: AttemptOutcome): RetryDecision {
    if (call.retry === "none") return { retry: false, why: "final" };
    const { timing, maxRetries, backoff } = this.deps;
    return decideRetry({ outcome, retries: attempt - 1, maxRetries, nowMs: timing.clock.now(), random: timing.random, policy: backoff });
  }

  async #wait(call: Call, path: string, delayMs: number, attempt: number): Promise<void> {
    this.#log(`${call.method} ${path}: retry ${attempt} of ${this.deps.maxRetries} in ${delayMs} ms`);
    await this.deps.timing.sleep(delayMs);
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
