// Product-ingestion calls: authenticate, settle `$version` (versions.ts), read the body of a
// configure POST, and hand over to the domain. Everything the domain answers is written out unchanged.

import type { IncomingMessage } from "node:http";
import type { Authority, HttpResult, JobOverride, Principal, ProductIngestionDomain, Query } from "../contracts";
import { codeForStatus, errorEnvelope } from "./envelope";
import { parseStrictJson, readBody } from "./json-body";
import type { ApiRoute } from "./routes";
import { settleVersion } from "./versions";

export interface ApiCall {
  req: IncomingMessage;
  route: ApiRoute;
  query: Query;
  /** Absolute URL of `/rp/product-ingestion` as the caller reached it. */
  baseUrl: string;
  /** The job override a fault asks for; `commit` consumes the fault once a job was created. */
  jobOverride?: { override: JobOverride; commit(): void };
}

export interface ApiDependencies {
  domain: ProductIngestionDomain;
  authority: Authority;
  maxBodyBytes: number;
}

export interface ApiAnswer {
  result: HttpResult;
  principal?: Principal;
}

/** An error answer with the envelope; `target` names the offending part of the request. */
export function errorResult(status: number, message: string, target?: string, detailCode?: string): HttpResult {
  const details = target ? [{ code: detailCode ?? codeForStatus(status), message, target }] : [];
  return { status, body: errorEnvelope(codeForStatus(status), message, details) };
}

/** Reads and parses a JSON request body; the failure is an answer ready to send. */
export async function readJsonBody(
  req: IncomingMessage,
  maxBodyBytes: number,
  options: { emptyAs?: unknown } = {},
): Promise<{ ok: true; value: unknown } | { ok: false; result: HttpResult }> {
  const read = await readBody(req, maxBodyBytes);
  if (!read.ok) {
    const result = errorResult(413, `the request body is larger than the limit of ${read.limit} bytes`);
    return { ok: false, result: { ...result, headers: { connection: "close" } } };
  }
  if (read.text.trim() === "") {
    if (options.emptyAs !== undefined) return { ok: true, value: options.emptyAs };
    return { ok: false, result: errorResult(400, "the request body is empty; send a JSON document", "body", "invalidJson") };
  }
  const parsed = parseStrictJson(read.text);
  if (!parsed.ok) {
    const message =
      `the request body is not valid JSON: ${parsed.problem} at position ${parsed.position} ` +
      `(line ${parsed.line}, column ${parsed.column})`;
    return { ok: false, result: errorResult(400, message, "body", "invalidJson") };
  }
  return { ok: true, value: parsed.value };
}

export async function answerApiCall(call: ApiCall, deps: ApiDependencies): Promise<ApiAnswer> {
  const { domain, authority } = deps;
  const auth = authority.authenticate(call.req.headers.authorization);
  if (!auth.ok) {
    return { result: { status: auth.status, body: auth.error, ...(auth.headers ? { headers: auth.headers } : {}) } };
  }
  const principal = auth.principal;
  const { baseUrl, route } = call;
  const settled = settleVersion(route.name, call.query);
  if (!settled.ok) return { principal, result: settled.result };
  const query = settled.query;
  switch (route.name) {
    case "configure": {
      const body = await readJsonBody(call.req, deps.maxBodyBytes);
      if (!body.ok) return { principal, result: body.result };
      const result = domain.configure(principal, body.value, query, baseUrl, call.jobOverride?.override);
      if (call.jobOverride && result.status >= 200 && result.status < 300) call.jobOverride.commit();
      return { principal, result };
    }
    case "jobStatus":
      return { principal, result: domain.jobStatus(principal, route.jobId, query, baseUrl) };
    case "cancelJob":
      return { principal, result: domain.cancelJob(principal, route.jobId, query, baseUrl) };
    case "jobDetail":
      return { principal, result: domain.jobDetail(principal, route.jobId, query, baseUrl) };
    case "getPrivateOffer":
      return { principal, result: domain.getPrivateOffer(principal, route.offerGuid, query, baseUrl) };
    case "queryPrivateOffers":
      return { principal, result: domain.queryPrivateOffers(principal, query, baseUrl) };
    case "listProducts":
      return { principal, result: domain.listProducts(principal, query, baseUrl) };
    case "listPlans":
      return { principal, result: domain.listPlans(principal, query, baseUrl) };
    case "getPricingTemplate":
      return { principal, result: domain.getPricingTemplate(principal, route.productId, query, baseUrl) };
  }
}

