import { PartnerCenterError } from "../support/errors";
import { redact, redactDeep } from "../support/redact";
import type { ApiErrorDetail } from "../schema/api/error-envelope";
import type { Job } from "../schema/api/job";
import { describeTlsFailure } from "../config/tls";

/** Which call failed: shown in every API error so a person can tell what was being attempted. */
export interface CallContext {
  method: "GET" | "POST";
  /** Path below the API base, without the query, e.g. `/configure/<jobId>/status`. */
  path: string;
  /** The API base URL. */
  endpoint: string;
  httpStatus?: number;
  requestId?: string;
  attempts?: number;
  /** The server's `Retry-After`, when it sent one. */
  retryAfterMs?: number;
}

function describeCall(context: CallContext): string {
  const facts = [
    context.httpStatus !== undefined ? `HTTP ${context.httpStatus}` : undefined,
    context.requestId ? `request id ${context.requestId}` : undefined,
    context.attempts !== undefined && context.attempts > 1 ? `${context.attempts} attempts` : undefined,
    context.retryAfterMs !== undefined ? `the server asked to wait ${Math.ceil(context.retryAfterMs / 1000)} s` : undefined,
    `endpoint ${context.endpoint}`,
  ].filter((fact): fact is string => fact !== undefined);
  return `${context.method} ${context.path} (${facts.join(", ")})`;
}

/** The longest single text (a message, a target) an error quotes from an answer. */
const MAX_QUOTED_CHARS = 500;

function quote(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

function countDetails(details: readonly ApiErrorDetail[]): number {
  return details.reduce((sum, detail) => sum + 1 + countDetails(detail.details ?? []), 0);
}

/**
 * At most `budget` error details (nested ones included, depth first) with every text cut to a
 * readable length: what an error keeps and prints of an answer's details, whatever their size.
 */
export function boundDetails(details: readonly ApiErrorDetail[], budget = MAX_LISTED_DETAILS): ApiErrorDetail[] {
  let left = budget;
  const take = (items: readonly ApiErrorDetail[]): ApiErrorDetail[] => {
    const kept: ApiErrorDetail[] = [];
    for (const item of items) {
      if (left <= 0) break;
      left--;
      const copy: ApiErrorDetail = { code: quote(item.code), message: quote(item.message) };
      if (item.target !== undefined) copy.target = quote(item.target);
      if (item.resourceId !== undefined) copy.resourceId = quote(item.resourceId);
      if (item.resourceName !== undefined) copy.resourceName = quote(item.resourceName);
      const nested = item.details?.length ? take(item.details) : [];
      if (nested.length) copy.details = nested;
      kept.push(copy);
    }
    return kept;
  };
  return take(details);
}

/** `code: message [at target] [resource id]`, nested details indented below; at most MAX_LISTED_DETAILS lines. */
export function formatErrorDetails(details: readonly ApiErrorDetail[], indent = "  "): string {
  const kept = boundDetails(details);
  const more = countDetails(details) - countDetails(kept);
  const lines = formatKept(kept, indent);
  return more > 0 ? `${lines}\n${indent}- and ${more} more` : lines;
}

function formatKept(details: readonly ApiErrorDetail[], indent: string): string {
  return details
    .map((detail) => {
      const where = [
        detail.target ? `at ${detail.target}` : undefined,
        detail.resourceId ? `resource ${detail.resourceId}` : undefined,
        detail.resourceName ? `resourceName ${detail.resourceName}` : undefined,
      ].filter(Boolean);
      const line = `${indent}- ${detail.code}: ${detail.message}${where.length ? ` (${where.join(", ")})` : ""}`;
      const nested = detail.details?.length ? `\n${formatKept(detail.details, `${indent}  `)}` : "";
      return line + nested;
    })
    .join("\n");
}

/** An error about one HTTP call to the product-ingestion API. */
export class ApiError extends PartnerCenterError {
  readonly method: CallContext["method"];
  readonly path: string;
  readonly endpoint: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly retryAfterMs?: number;

  constructor(context: CallContext, summary: string) {
    super(`${describeCall(context)}: ${summary}`);
    this.method = context.method;
    this.path = context.path;
    this.endpoint = context.endpoint;
    if (context.httpStatus !== undefined) this.httpStatus = context.httpStatus;
    if (context.requestId !== undefined) this.requestId = context.requestId;
    if (context.retryAfterMs !== undefined) this.retryAfterMs = context.retryAfterMs;
  }
}

/** The API answered with an error status; `code` and `details` come from its error envelope. */
export class ApiRequestError extends ApiError {
  readonly apiMessage: string;
  readonly details: readonly ApiErrorDetail[];

  constructor(
    context: CallContext,
    readonly code: string,
    apiMessage: string,
    details: readonly ApiErrorDetail[],
  ) {
    super(context, `${quote(code)}: ${quote(apiMessage)}${details.length ? `\n${formatErrorDetails(details)}` : ""}`);
    this.apiMessage = redact(quote(apiMessage));
    this.details = redactDeep(boundDetails(details));
  }
}

/** How many problems of an unexpected answer a message lists; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 5;
/** How many error details of the API a message lists (nested ones included); the rest are counted. */
export const MAX_LISTED_DETAILS = 20;

export function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/**
 * The API answered with a body this client does not understand; names the fields. `problems` keeps
 * only the first few of them (with their total), so an answer of a million bad items cannot turn
 * into a message of a million lines.
 */
export class ApiResponseShapeError extends ApiError {
  readonly problems: readonly string[];
  readonly problemCount: number;

  /** `total`: how many problems there were, when the caller passes only the first ones. */
  constructor(context: CallContext, problems: readonly string[], total = problems.length) {
    const shown = problems.slice(0, MAX_LISTED_PROBLEMS).map(quote);
    const more = total - shown.length;
    super(
      context,
      `unexpected response: ${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}. ` +
        "This is not an answer the API documents: check that partnercenter:endpoint points at the product-ingestion API, then run the command again.",
    );
    this.problems = shown;
    this.problemCount = total;
  }
}

/**
 * A request or answer body over the client's size limit. An answer that large is dropped unread:
 * the API pages its lists, so it is not an answer this client can use.
 */
export class BodyTooLargeError extends ApiError {
  constructor(
    context: CallContext,
    readonly direction: "request" | "response",
    readonly limitBytes: number,
  ) {
    super(
      context,
      direction === "response"
        ? `the answer was larger than ${describeBytes(limitBytes)}, the most this client reads, and was dropped unread. ` +
            "The API pages its lists, so this is not an answer it documents: check that partnercenter:endpoint points at the product-ingestion API, then retry."
        : `the request body is larger than ${describeBytes(limitBytes)}, the most this client sends; it was not sent. ` +
            "Split the change across fewer resources per request.",
    );
  }
}

/** The connection failed (refused, reset, timed out) and retrying did not help. */
export class NetworkError extends ApiError {
  constructor(
    context: CallContext,
    readonly networkCode: string,
  ) {
    // A certificate problem names the host and the fix (NODE_EXTRA_CA_CERTS); retrying cannot help it.
    super(context, describeTlsFailure(networkCode, context.endpoint, "endpoint") ?? `network failure (${networkCode})`);
  }
}

/** The API refused the token even after a fresh one was acquired. */
export class AuthenticationError extends ApiError {
  constructor(
    context: CallContext,
    credentialDescription: string,
    readonly identity?: { tenantId: string; clientId: string },
  ) {
    super(
      context,
      `the API rejected the access token of the ${credentialDescription} (401), also after acquiring a new one. ` +
        (identity
          ? `Add application ${identity.clientId} of tenant ${identity.tenantId} to the Partner Center account ` +
            "(Account settings > User management > Microsoft Entra applications) with the Manager role."
          : "Check that the token is for https://graph.microsoft.com and that its application has the Manager role in Partner Center."),
    );
  }
}

/**
 * A configure POST may or may not have taken effect (timeout, connection lost after sending, 5xx).
 * It is never re-sent: re-sending could create a second offer. Reconcile first: look the offer up
 * by name (a create) or by id (an update), then decide; `afterLookUp` says what the look-up found.
 */
export class ConfigureOutcomeUnknownError extends ApiError {
  readonly context: CallContext;

  constructor(
    context: CallContext,
    readonly reason: string,
    /** What is known and what to do; by default, to look the offer up before trying again. */
    followUp = "Look the offer up (by name for a create, by id for an update) before trying again.",
  ) {
    super(context, `the outcome of the configure request is unknown (${reason}); it was not re-sent. ${followUp}`);
    this.context = { ...context };
  }

  /** The same request, after a look-up that settled nothing: `finding` says what was looked at and what may have happened. */
  afterLookUp(finding: string): ConfigureOutcomeUnknownError {
    return new ConfigureOutcomeUnknownError(this.context, this.reason, finding);
  }
}

/** A configure job finished without succeeding. */
export class JobFailedError extends PartnerCenterError {
  readonly job: Job;

  constructor(job: Job) {
    super(
      `configure job ${quote(job.jobId)} ${job.jobResult}` +
        (job.errors.length ? `:\n${formatErrorDetails(job.errors)}` : " without reporting errors"),
    );
    // Only the documented fields: an answer's extra properties could be of any size.
    const { jobId, jobStatus, jobResult, jobStart, jobEnd, resourceUri } = job;
    this.job = redactDeep({
      jobId,
      jobStatus,
      jobResult,
      ...(jobStart === undefined ? {} : { jobStart }),
      ...(jobEnd === undefined ? {} : { jobEnd }),
      ...(resourceUri === undefined ? {} : { resourceUri }),
      errors: boundDetails(job.errors),
    });
  }
  get jobId(): string {
    return this.job.jobId;
  }
  get errors(): Job["errors"] {
    return this.job.errors;
  }
}

/** A configure job did not finish in the allowed time; it may still finish later. */
export class JobTimeoutError extends PartnerCenterError {
  constructor(
    readonly jobId: string,
    readonly lastStatus: string,
    readonly elapsedMs: number,
  ) {
    super(
      `configure job ${jobId} was still ${lastStatus} after ${Math.round(elapsedMs / 1000)} s; ` +
        "it may still complete: wait for the same job again (or raise partnercenter:jobTimeoutMinutes) rather than sending the change again",
    );
  }
}
