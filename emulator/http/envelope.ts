// Writing answers: every failure the HTTP layer produces itself uses the same envelope as the
// domain's, so a client has one shape to read whatever went wrong.

import type { ServerResponse } from "node:http";
import type { ErrorDetail, ErrorEnvelope } from "../contracts";

export function errorEnvelope(code: string, message: string, details: ErrorDetail[] = []): ErrorEnvelope {
  return { error: { code, message, details } };
}

/** Writes a JSON answer unless the connection is already gone (a client may give up mid-request). */
export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** The envelope code Graph-style services use for each status the HTTP layer can answer itself. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400: return "badRequest";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "notFound";
    case 405: return "methodNotAllowed";
    case 413: return "requestEntityTooLarge";
    case 415: return "unsupportedMediaType";
    case 429: return "tooManyRequests";
    case 500: return "internalServerError";
    case 502: return "badGateway";
    case 503: return "serviceUnavailable";
    case 504: return "gatewayTimeout";
    default: return status >= 500 ? "internalServerError" : "badRequest";
  }
}
