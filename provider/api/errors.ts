import { PartnerCenterError } from "../config/errors";
import { redact, redactDeep } from "../config/redact";
import type { ApiErrorDetail } from "../schema/api/error-envelope";
import type { Job } from "../schema/api/job";

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
    `endpoint ${context.endpoint}`,
  ].filter((fact): fact is string => fact !== undefined);
  return `${context.method} ${context.path} (${facts.join(", ")})`;
}

/** `code: message [at target] [resource id]`, nested details indented below. */
export function formatErrorDetails(details: readonly ApiErrorDetail[], indent = "  "): string {
  return details
    .map((detail) => {
      const where = [
        detail.target ? `at ${detail.target}` : undefined,
        detail.resourceId ? `resource ${detail.resourceId}` : undefined,
        detail.resourceName ? `resourceName ${detail.resourceName}` : undefined,
      ].filter(Boolean);
      const line = `${indent}- ${detail.code}: ${detail.message}${where.length ? ` (${where.join(", ")})` : ""}`;
      const nested = detail.details?.length ? `\n${formatErrorDetails(detail.details, `${indent}  `)}` : "";
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
    super(context, `${code}: ${apiMessage}${details.length ? `\n${formatErrorDetails(details)}` : ""}`);
    this.apiMessage = redact(apiMessage);
    this.details = redactDeep(details);
  }
}

/** The API answered with a body this client does not understand; names the field. */
export class ApiResponseShapeError extends ApiError {
  constructor(
    context: CallContext,
    readonly problems: readonly string[],
  ) {
    super(context, `unexpected response: ${problems.join("; ")}`);
  }
}

/** The connection failed (refused, reset, timed out) and retrying did not help. */
export class NetworkError extends ApiError {
  constructor(
    context: CallContext,
    readonly networkCode: string,
  ) {
    super(context, `network failure (${networkCode})`);
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
 * by name (a create) or by id (an update), then decide.
 */
export class ConfigureOutcomeUnknownError extends ApiError {
  constructor(
    context: CallContext,
    readonly reason: string,
  ) {
    super(
      context,
      `the outcome of the configure request is unknown (${reason}); it was not re-sent. ` +
        "Look the offer up (by name for a create, by id for an update) before trying again.",
    );
  }
}

/** A configure job finished without succeeding. */
export class JobFailedError extends PartnerCenterError {
  readonly job: Job;

  constructor(job: Job) {
    super(
      `configure job ${job.jobId} ${job.jobResult}` +
        (job.errors.length ? `:\n${formatErrorDetails(job.errors)}` : " without reporting errors"),
    );
    this.job = redactDeep(job);
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
