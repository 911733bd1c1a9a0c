import http from "node:http";
import https from "node:https";
import axios, { type AxiosInstance } from "axios";
import { isTlsFailure } from "../config/tls";

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body is not JSON, or undefined when empty. */
  body: unknown;
}

/**
 * A failed exchange, reduced to facts that hold no secret. `beforeSend` is true only when the
 * connection was never established, so the server cannot have seen the request.
 */
export interface NetworkFailure {
  code: string;
  beforeSend: boolean;
  /** The certificate or TLS setup is wrong: retrying cannot help. */
  fatal: boolean;
  /**
   * A body went over the size limit: the request's (refused before sending) or the answer's (the
   * server saw the request; the answer was dropped unread).
   */
  oversized?: { direction: "request" | "response"; limitBytes: number };
}

export type Exchange = { ok: true; response: HttpResponse } | { ok: false; failure: NetworkFailure };

export interface Transport {
  send(request: HttpRequest): Promise<Exchange>;
}

/**
 * The largest body sent or accepted. The API pages its lists, so a real answer is far smaller; a
 * bigger one is not an answer this client can use, and reading it whole would hold the process's
 * memory (and any message built from it) hostage.
 */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

const CONNECT_FAILURES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function classify(error: unknown, limitBytes: number): NetworkFailure {
  const record = (error ?? {}) as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const message = typeof record.message === "string" ? record.message : "";
  // axios reports both limits only through its message text.
  if (/maxContentLength size of \d+ exceeded/.test(message)) {
    return { code: "ERR_RESPONSE_TOO_LARGE", beforeSend: false, fatal: false, oversized: { direction: "response", limitBytes } };
  }
  if (/larger than maxBodyLength/.test(message)) {
    return { code: "ERR_REQUEST_TOO_LARGE", beforeSend: true, fatal: true, oversized: { direction: "request", limitBytes } };
  }
  const raw = typeof record.code === "string" ? record.code : typeof record.cause?.code === "string" ? record.cause.code : "ERR_NETWORK";
  const fatal = isTlsFailure(raw);
  return { code: raw, beforeSend: CONNECT_FAILURES.has(raw) || fatal, fatal };
}

function flattenHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === "object") {
    for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
      if (typeof value === "string") out[key.toLowerCase()] = value;
      else if (typeof value === "number") out[key.toLowerCase()] = String(value);
      else if (Array.isArray(value)) out[key.toLowerCase()] = value.join(", ");
    }
  }
  return out;
}

function parseBody(text: unknown): unknown {
  if (typeof text !== "string" || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * axios with one keep-alive agent per protocol. It never throws an AxiosError: statuses come back
 * as responses, and network errors as `NetworkFailure`, because AxiosError carries the request's
 * headers (the bearer token) wherever it is printed.
 */
export function createAxiosTransport(options: { timeoutMs: number; maxSockets: number; ca?: string; maxBodyBytes?: number }): Transport {
  const limitBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const instance: AxiosInstance = axios.create({
    timeout: options.timeoutMs,
    maxContentLength: limitBytes,
    maxBodyLength: limitBytes,
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: options.maxSockets }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: options.maxSockets, ...(options.ca ? { ca: options.ca } : {}) }),
    validateStatus: () => true,
    maxRedirects: 0,
    responseType: "text",
    transformResponse: [(data: unknown) => data],
  });
  return {
    async send(request) {
      try {
        const response = await instance.request({
          method: request.method,
          url: request.url,
          headers: request.headers,
          data: request.body === undefined ? undefined : JSON.stringify(request.body),
        });
        return {
          ok: true,
          response: { status: response.status, headers: flattenHeaders(response.headers), body: parseBody(response.data) },
        };
      } catch (error) {
        return { ok: false, failure: classify(error, limitBytes) };
      }
    },
  };
}
