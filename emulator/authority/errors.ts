// Error bodies in the two dialects the authority speaks: Entra's token-endpoint errors
// (`{error, error_description, error_codes, ...}` with AADSTS codes) and the product-ingestion
// envelope for rejected API tokens. Messages never carry a secret, an assertion or a token.

import { randomUUID } from "node:crypto";
import type { ErrorEnvelope } from "../contracts";

/** Entra's OAuth error kinds and the AADSTS numbers this emulator answers with. */
export const aadsts = {
  tenantNotFound: { code: 90002, error: "invalid_tenant", status: 400 },
  missingParameter: { code: 900144, error: "invalid_request", status: 400 },
  malformedRequest: { code: 9002313, error: "invalid_request", status: 400 },
  postOnly: { code: 900561, error: "invalid_request", status: 400 },
  unsupportedGrantType: { code: 70003, error: "unsupported_grant_type", status: 400 },
  applicationNotFound: { code: 700016, error: "unauthorized_client", status: 400 },
  resourceOnV2: { code: 901002, error: "invalid_request", status: 400 },
  invalidScope: { code: 1002012, error: "invalid_scope", status: 400 },
  resourceNotFound: { code: 500011, error: "invalid_resource", status: 400 },
  missingCredential: { code: 7000218, error: "invalid_client", status: 401 },
  invalidSecret: { code: 7000215, error: "invalid_client", status: 401 },
  invalidAssertionType: { code: 700023, error: "invalid_client", status: 401 },
  malformedAssertion: { code: 50027, error: "invalid_client", status: 401 },
  assertionClientMismatch: { code: 700021, error: "invalid_client", status: 401 },
  assertionAudience: { code: 700020, error: "invalid_client", status: 401 },
  assertionTimeRange: { code: 700024, error: "invalid_client", status: 401 },
  assertionSignature: { code: 700027, error: "invalid_client", status: 401 },
  federatedNoMatch: { code: 70021, error: "invalid_client", status: 401 },
  federatedIssuer: { code: 700211, error: "invalid_client", status: 401 },
  federatedAudience: { code: 700212, error: "invalid_client", status: 401 },
  federatedSubject: { code: 700213, error: "invalid_client", status: 401 },
} as const;

export type AadstsKind = keyof typeof aadsts;

/** A token-endpoint failure before it is dressed as Entra's JSON. */
export interface TokenError {
  kind: AadstsKind;
  message: string;
}

export function tokenError(kind: AadstsKind, message: string): TokenError {
  return { kind, message };
}

export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/** Entra writes timestamps as `2024-05-01 12:34:56Z`. */
export function entraTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

export function entraErrorBody(
  failure: TokenError,
  context: { nowMs: number; correlationId?: string; baseUrl: string },
): { status: number; body: EntraErrorBody } {
  const spec = aadsts[failure.kind];
  const traceId = randomUUID();
  const correlationId = context.correlationId ?? randomUUID();
  const timestamp = entraTimestamp(context.nowMs);
  return {
    status: spec.status,
    body: {
      error: spec.error,
      error_description:
        `AADSTS${spec.code}: ${failure.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [spec.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${context.baseUrl}/error?code=${spec.code}`,
    },
  };
}

/**
 * What Entra's token endpoint answers when it is unavailable or throttling (an injected status
 * fault on a token route): its own error format, not the product-ingestion envelope, so a client
 * meets the same body it would meet in production.
 */
export function entraUnavailableBody(status: number, context: { nowMs: number; baseUrl: string }): EntraErrorBody {
  const code = status === 429 ? 50196 : 90033;
  const message = status === 429
    ? "The server terminated an operation because it encountered a client request loop. Please contact your app vendor."
    : "A transient error has occurred. Please try again.";
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = entraTimestamp(context.nowMs);
  return {
    error: "temporarily_unavailable",
    error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${context.baseUrl}/error?code=${code}`,
  };
}

/** Codes of the product-ingestion envelope for a refused `Authorization` header. */
export type ApiAuthCode = "unauthorized" | "invalidToken" | "tokenExpired";

export function apiAuthFailure(code: ApiAuthCode, message: string): {
  ok: false;
  status: 401;
  error: ErrorEnvelope;
  headers: Record<string, string>;
} {
  // RFC 6750 §3: no error attribute when credentials were absent, `invalid_token` otherwise.
  const challenge =
    code === "unauthorized"
      ? `Bearer realm="graph.microsoft.com"`
      : `Bearer realm="graph.microsoft.com", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`;
  return {
    ok: false,
    status: 401,
    error: { error: { code, message, details: [] } },
    headers: { "WWW-Authenticate": challenge },
  };
}
