// The seams between the emulator's parts. The HTTP layer (server, router, faults, request log,
// persistence) talks to the domain (offers, jobs, lifecycle) and to the authority (tokens) only
// through these types, so each part can be built and tested on its own.
//
// The emulator stands in for Microsoft: nothing here, or anywhere under emulator/, imports
// provider code.

import type { IncomingMessage, ServerResponse } from "node:http";

export type JsonObject = { [key: string]: unknown };

/** One item of an error envelope's `details`; `target` is the property path, e.g. `resources[0].pricing[2].discountPercentage`. */
export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** The body of every failed request: `{"error":{"code","message","details":[...]}}`. */
export interface ErrorEnvelope {
  error: {
    code: string;
    message: string;
    details: ErrorDetail[];
  };
}

/** Milliseconds since the epoch; injected so tests and job timing never depend on the wall clock. */
export interface Clock {
  now(): number;
}

/** The publisher account an access token was issued for. */
export interface Principal {
  tenantId: string;
  clientId: string;
  /** The publisher (seller) account id; the id that appears in `partners[].id` of a multiparty offer. */
  sellerId: string;
}

/** An application registered with the emulator, belonging to one publisher account. */
export interface PublisherAccount {
  sellerId: string;
  /** Shown in start-up output and in `partners[].partnerName` lookups. */
  displayName: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** What a domain operation answers; the HTTP layer writes it out as JSON. */
export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Query parameters of a request, decoded; repeated keys keep the first value. */
export type Query = Record<string, string>;

/**
 * Overrides the HTTP layer's fault injection applies to the jobs a configure POST creates.
 * `failed`: the job completes with `jobResult: failed` and an error item, changing nothing.
 * `stuck`: the job stays `running` for ever.
 */
export type JobOverride = { kind: "failed" } | { kind: "stuck" };

/**
 * Partner Center's product-ingestion API, without HTTP. Every method answers as the real service
 * would, including the error envelope for request-level failures. `baseUrl` is the absolute URL
 * of `/rp/product-ingestion` as the caller reached it, for `@nextLink` and `resourceUri`.
 */
export interface ProductIngestionDomain {
  configure(principal: Principal, body: unknown, query: Query, baseUrl: string, override?: JobOverride): HttpResult;
  jobStatus(principal: Principal, jobId: string, query: Query, baseUrl: string): HttpResult;
  /**
   * `POST configure/{jobId}/cancel`: the job completed with `jobResult: cancelled` (200), or 400
   * with the envelope when it cannot be cancelled any more, or 404.
   */
  cancelJob(principal: Principal, jobId: string, query: Query, baseUrl: string): HttpResult;
  jobDetail(principal: Principal, jobId: string, query: Query, baseUrl: string): HttpResult;
  getPrivateOffer(principal: Principal, offerGuid: string, query: Query, baseUrl: string): HttpResult;
  queryPrivateOffers(principal: Principal, query: Query, baseUrl: string): HttpResult;
  listProducts(principal: Principal, query: Query, baseUrl: string): HttpResult;
  listPlans(principal: Principal, query: Query, baseUrl: string): HttpResult;
  getPricingTemplate(principal: Principal, productId: string, query: Query, baseUrl: string): HttpResult;

  /** Test hook: the customer accepts the offer (it must be live and pending acceptance). */
  acceptOffer(offerGuid: string, body: unknown): HttpResult;
  /** Test hook: a JSON object merged into the stored offer, as if edited in Partner Center's UI; new eTag. */
  editOffer(offerGuid: string, patch: unknown): HttpResult;
  /** Forgets every offer and job; the catalogue of products and plans stays. */
  reset(): void;

  /** Plain JSON of everything stored, for `--data`; `restore` accepts what `snapshot` produced. */
  snapshot(): JsonObject;
  restore(snapshot: unknown): void;
  /**
   * Plain JSON of what changed since the last call (undefined when nothing did), for the journal
   * `--data` appends to; may hold live objects, so serialise it at once. `replay` applies what
   * `takeChanges` produced, in order, on top of a restored snapshot. Neither counts as a change.
   */
  takeChanges(): JsonObject | undefined;
  replay(changes: unknown): void;
  /** Called after every change to stored state (so the HTTP layer can persist it). */
  onChange(listener: () => void): void;
}

/** The outcome of checking an API call's `Authorization` header. */
export type AuthOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403; error: ErrorEnvelope; headers?: Record<string, string> };

/** The Entra-compatible authority: token endpoints, discovery documents, token checks. */
export interface Authority {
  /**
   * Serves the token and discovery routes (`/{tenant}/oauth2/v2.0/token`, `/{tenant}/oauth2/token`,
   * `/{tenant}/v2.0/.well-known/openid-configuration`, keys, instance discovery). Resolves `false`
   * without touching `res` when `url` is not one of its routes. `baseUrl` is the emulator's origin.
   */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, baseUrl: string): Promise<boolean>;
  /** Checks the `Authorization` header of a product-ingestion call. */
  authenticate(authorization: string | undefined): AuthOutcome;
  /** The registered applications, for start-up output. */
  accounts(): readonly PublisherAccount[];
}

/** The resource types a configure envelope may carry, with the schema versions the emulator accepts. */
export type ResourceType = "private-offer" | "price-and-availability-private-offer-plan";

/** One resource of a configure request that passed schema validation, exactly as sent. */
export interface ValidatedResource {
  type: ResourceType;
  /** The version part of its `$schema`, e.g. `2026-02-01`. */
  version: string;
  /** Its position in `resources`, for error targets such as `resources[1].name`. */
  index: number;
  resourceName?: string;
  body: JsonObject;
}

/**
 * Schema-level validation of a configure request body (already parsed from JSON). Failures are
 * request-level (HTTP 400, the envelope names every offending property); business rules that depend
 * on stored state (transitions, roles, eTags, unknown ids) belong to the domain, not here.
 */
export type ConfigureValidation =
  | { ok: true; envelopeVersion: string; resources: ValidatedResource[] }
  | { ok: false; error: ErrorEnvelope };
