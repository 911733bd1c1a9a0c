// Builders for the HttpResult values the domain answers with.

import type { ErrorDetail, ErrorEnvelope, HttpResult } from "../contracts";

export function ok(body: unknown, status = 200): HttpResult {
  return { status, body };
}

export function envelope(code: string, message: string, details: ErrorDetail[] = []): ErrorEnvelope {
  return { error: { code, message, details } };
}

export function failure(status: number, code: string, message: string, details: ErrorDetail[] = []): HttpResult {
  return { status, body: envelope(code, message, details) };
}

export function badRequest(message: string, target?: string): HttpResult {
  const details: ErrorDetail[] = target === undefined ? [] : [{ code: "invalidValue", message, target }];
  return failure(400, "badRequest", message, details);
}

export function notFound(what: string): HttpResult {
  return failure(404, "notFound", `${what} was not found.`);
}
