// One request, start to finish: request id, test routes, faults, token routes, API routes, the
// request log. Built from the emulator's parts so tests can assemble it around fakes.
//
// Nothing is answered before it is durable: every API and test-route answer first waits until the
// changes made so far (by this request or by any other whose effects it might show) are flushed to
// the data file, when there is one.

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { performance } from "node:perf_hooks";
import type { Authority, Clock, HttpResult } from "../contracts";
import type { FaultRegistry, RequestFault } from "../faults/registry";
import { entraUnavailableBody } from "../authority/errors";
import { answerApiCall, errorResult } from "./api-routes";
import { writeJson } from "./envelope";
import type { RequestLog } from "./request-log";
import { API_PREFIX, isApiPath, isTestPath, matchApiRoute, matchTestRoute, queryOf } from "./routes";
import { answerTestRoute, type TestableDomain } from "./test-routes";

export interface AppDependencies {
  domain: TestableDomain;
  authority: Authority;
  faults: FaultRegistry;
  log: RequestLog;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  maxBodyBytes: number;
  /** The origin to use when a request carries no Host header. */
  fallbackOrigin: () => string;
  newRequestId?: () => string;
  /** Resolves once every change made so far is flushed to the data file (at once without one). */
  durable?: () => Promise<void>;
  /** Where unexpected errors are reported (never with request headers, which carry tokens). */
  reportError?: (message: string) => void;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

interface RequestContext {
  requestId: string;
  sellerId?: string;
  fault?: string;
  /** Set when the connection was dropped on purpose, so the log shows no answer. */
  dropped?: boolean;
}

function originOf(req: IncomingMessage, fallback: () => string): string {
  const host = req.headers.host;
  if (!host) return fallback();
  const secure = (req.socket as Partial<TLSSocket>).encrypted === true;
  return `${secure ? "https" : "http"}://${host}`;
}

function describeFault(fault: RequestFault): string {
  switch (fault.kind) {
    case "status": return `status ${fault.status}`;
    case "delay": return `delay ${fault.delayMs}ms`;
    case "reset": return fault.after === "processing" ? "reset after processing" : "reset";
  }
}

function writeResult(res: ServerResponse, result: HttpResult): void {
  writeJson(res, result.status, result.body, result.headers);
}

/** Drops the connection without an answer, as a failing load balancer would. */
function drop(req: IncomingMessage, res: ServerResponse, context: RequestContext): void {
  context.dropped = true;
  res.destroy();
  req.socket.destroy();
}

export function createRequestHandler(deps: AppDependencies): RequestHandler {
  const newRequestId = deps.newRequestId ?? randomUUID;
  const reportError = deps.reportError ?? ((message: string) => console.error(`emulator: ${message}`));
  const durable = deps.durable ?? (() => Promise.resolve());

  /** `result` once what it may show is on disk; a 500 saying so when it cannot be written. */
  async function whenDurable(result: HttpResult, context: RequestContext): Promise<HttpResult> {
    try {
      await durable();
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      reportError(`request ${context.requestId}: ${reason}`);
      return errorResult(
        500,
        `the emulator could not save its state to its data file (${reason}); what this request changed is kept in memory ` +
          `but would be lost if the emulator stopped now; request id ${context.requestId}`,
      );
    }
  }

  async function handleFaultable(req: IncomingMessage, res: ServerResponse, url: URL, origin: string, context: RequestContext) {
    const method = req.method ?? "GET";
    const fault = deps.faults.takeRequestFault(method, url.pathname);
    if (fault) context.fault = describeFault(fault);
    if (fault?.kind === "status") {
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
      // The authority's routes fail in Entra's format, the API's in its own envelope.
      const result = isApiPath(url.pathname)
        ? errorResult(fault.status, `the service is unavailable right now (injected fault); request id ${context.requestId}`)
        : { status: fault.status, body: entraUnavailableBody(fault.status, { nowMs: deps.clock.now(), baseUrl: origin }) };
      writeResult(res, { ...result, headers });
      return;
    }
    if (fault?.kind === "reset" && fault.after === "receipt") {
      drop(req, res, context);
      return;
    }
    if (fault?.kind === "delay") await deps.sleep(fault.delayMs);
    const dropAfterProcessing = fault?.kind === "reset";

    if (!isApiPath(url.pathname)) {
      if (dropAfterProcessing) {
        // The authority writes its own answers; swallow the answer once it is complete.
        res.end = (() => {
          drop(req, res, context);
          return res;
        }) as typeof res.end;
      }
      if (await deps.authority.handle(req, res, url, origin)) return;
      if (dropAfterProcessing) {
        drop(req, res, context);
        return;
      }
      writeResult(res, errorResult(404, `no route for ${method} ${url.pathname}; the API lives under ${API_PREFIX}`));
      return;
    }

    const match = matchApiRoute(method, url.pathname);
    let result: HttpResult;
    if (match.kind === "notFound") {
      result = errorResult(404, `no route for ${method} ${url.pathname}`);
    } else if (match.kind === "methodNotAllowed") {
      result = errorResult(405, `${method} is not allowed on ${url.pathname}; use ${match.allowed.join(" or ")}`);
      result = { ...result, headers: { allow: match.allowed.join(", ") } };
    } else {
      const jobOverride =
        match.route.name === "configure" ? deps.faults.peekJobOverride(method, url.pathname) : undefined;
      const answer = await answerApiCall(
        {
          req,
          route: match.route,
          query: queryOf(url),
          baseUrl: `${origin}${API_PREFIX}`,
          ...(jobOverride ? { jobOverride } : {}),
        },
        { domain: deps.domain, authority: deps.authority, maxBodyBytes: deps.maxBodyBytes },
      );
      if (answer.principal) context.sellerId = answer.principal.sellerId;
      if (jobOverride && context.fault === undefined && answer.result.status === 202) {
        context.fault = `job ${jobOverride.override.kind}`;
      }
      result = answer.result;
    }
    if (dropAfterProcessing) {
      drop(req, res, context);
      return;
    }
    writeResult(res, await whenDurable(result, context));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, context: RequestContext, started: { time: number; perf: number }) {
    const origin = originOf(req, deps.fallbackOrigin);
    let url: URL;
    try {
      url = new URL(req.url ?? "/", origin);
    } catch {
      writeResult(res, errorResult(400, "the request URL cannot be parsed"));
      return;
    }
    const method = req.method ?? "GET";

    if (isTestPath(url.pathname)) {
      const match = matchTestRoute(method, url.pathname);
      if (match.kind === "matched") {
        writeResult(res, await whenDurable(await answerTestRoute(req, match.route, queryOf(url), deps), context));
      } else if (match.kind === "methodNotAllowed") {
        writeResult(res, {
          ...errorResult(405, `${method} is not allowed on ${url.pathname}; use ${match.allowed.join(" or ")}`),
          headers: { allow: match.allowed.join(", ") },
        });
      } else {
        writeResult(res, errorResult(404, `no test route ${method} ${url.pathname}`));
      }
      return;
    }

    res.on("close", () => {
      deps.log.record({
        requestId: context.requestId,
        method,
        path: url.pathname,
        query: queryOf(url),
        status: context.dropped || !res.headersSent ? 0 : res.statusCode,
        time: new Date(started.time).toISOString(),
        durationMs: Math.round((performance.now() - started.perf) * 1000) / 1000,
        ...(context.sellerId ? { sellerId: context.sellerId } : {}),
        ...(context.fault ? { fault: context.fault } : {}),
      });
    });
    await handleFaultable(req, res, url, origin, context);
  }

  return (req, res) => {
    const context: RequestContext = { requestId: newRequestId() };
    const started = { time: deps.clock.now(), perf: performance.now() };
    res.setHeader("x-ms-request-id", context.requestId);
    const clientRequestId = req.headers["client-request-id"];
    if (typeof clientRequestId === "string") res.setHeader("client-request-id", clientRequestId);
    handle(req, res, context, started).catch((error: unknown) => {
      reportError(`request ${context.requestId} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      writeResult(res, errorResult(500, `the emulator failed to answer; request id ${context.requestId}`));
    });
  };
}
