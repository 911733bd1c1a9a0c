// Small stand-ins for the domain and the authority, so the HTTP layer's own behaviour (routing,
// envelopes, faults, log, persistence) is tested without depending on theirs.

import type { IncomingMessage, ServerResponse } from "node:http";
import type {
  Authority,
  AuthOutcome,
  HttpResult,
  JobOverride,
  JsonObject,
  Principal,
  ProductIngestionDomain,
  PublisherAccount,
  Query,
} from "../../../emulator/contracts";

export const fakeAccount: PublisherAccount = {
  sellerId: "seller-1",
  displayName: "Fake Software Co",
  tenantId: "tenant-1",
  clientId: "client-1",
  clientSecret: "secret-1",
};

export const GOOD_TOKEN = "good-token";

export function createFakeAuthority(): Authority & { tokenRequests: number } {
  const fake = {
    tokenRequests: 0,
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      if (!/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) return false;
      fake.tokenRequests++;
      for await (const chunk of req) void chunk;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ token_type: "Bearer", expires_in: 3600, access_token: GOOD_TOKEN }));
      return true;
    },
    authenticate(authorization: string | undefined): AuthOutcome {
      if (authorization === `Bearer ${GOOD_TOKEN}`) {
        return { ok: true, principal: { tenantId: fakeAccount.tenantId, clientId: fakeAccount.clientId, sellerId: fakeAccount.sellerId } };
      }
      return {
        ok: false,
        status: 401,
        error: { error: { code: "unauthorized", message: "missing or invalid token", details: [] } },
        headers: { "www-authenticate": "Bearer" },
      };
    },
    accounts: () => [fakeAccount],
  };
  return fake;
}

export interface FakeDomain extends ProductIngestionDomain {
  /** Records the call; releases the named stuck job (or all), answering `{ released }`. */
  releaseStuckJobs(jobId?: string): HttpResult;
  calls: { method: string; principal?: Principal; query?: Query; body?: unknown; override?: JobOverride; baseUrl?: string }[];
  jobs: Map<string, { override?: JobOverride; body: unknown }>;
}

/** Configure answers 202 with a new job unless the body has `"reject": true` (then 400). */
export function createFakeDomain(): FakeDomain {
  const listeners: (() => void)[] = [];
  let jobs = new Map<string, { override?: JobOverride; body: unknown }>();
  let counter = 0;
  /** Changed since the journal last took changes: the fake journals its whole snapshot. */
  let dirty = false;
  const changed = () => {
    dirty = true;
    listeners.forEach((listener) => listener());
  };
  const ok = (body: unknown): HttpResult => ({ status: 200, body });
  const domain: FakeDomain = {
    calls: [],
    get jobs() {
      return jobs;
    },
    configure(principal, body, query, baseUrl, override) {
      domain.calls.push({ method: "configure", principal, query, body, baseUrl, ...(override ? { override } : {}) });
      if (typeof body === "object" && body !== null && "reject" in body) {
        return { status: 400, body: { error: { code: "badRequest", message: "rejected", details: [] } } };
      }
      const jobId = `job-${++counter}`;
      jobs.set(jobId, { body, ...(override ? { override } : {}) });
      changed();
      return { status: 202, body: { jobId, jobStatus: "notStarted", jobResult: "pending", errors: [] } };
    },
    jobStatus(principal, jobId, query) {
      domain.calls.push({ method: "jobStatus", principal, query });
      const job = jobs.get(jobId);
      if (!job) return { status: 404, body: { error: { code: "notFound", message: "no such job", details: [] } } };
      return ok({ jobId, jobStatus: job.override?.kind === "stuck" ? "running" : "completed", jobResult: job.override?.kind === "failed" ? "failed" : "succeeded" });
    },
    cancelJob(principal, jobId, query) {
      domain.calls.push({ method: "cancelJob", principal, query, body: jobId });
      if (!jobs.has(jobId)) return { status: 404, body: { error: { code: "notFound", message: "no such job", details: [] } } };
      jobs.delete(jobId);
      changed();
      return ok({ jobId, jobStatus: "completed", jobResult: "cancelled" });
    },
    jobDetail(principal, jobId, query) {
      domain.calls.push({ method: "jobDetail", principal, query });
      return ok({ resources: [{ id: `private-offer/${jobId}` }] });
    },
    getPrivateOffer(principal, offerGuid, query) {
      domain.calls.push({ method: "getPrivateOffer", principal, query });
      return ok({ id: `private-offer/${offerGuid}` });
    },
    queryPrivateOffers(principal, query) {
      domain.calls.push({ method: "queryPrivateOffers", principal, query });
      return ok({ privateOffers: [] });
    },
    listProducts(principal, query) {
      domain.calls.push({ method: "listProducts", principal, query });
      return ok({ value: [] });
    },
    listPlans(principal, query) {
      domain.calls.push({ method: "listPlans", principal, query });
      return ok({ value: [], product: query["product"] });
    },
    getPricingTemplate(principal, productId, query) {
      domain.calls.push({ method: "getPricingTemplate", principal, query });
      return ok({ product: `product/${productId}` });
    },
    acceptOffer(offerGuid, body) {
      domain.calls.push({ method: "acceptOffer", body });
      changed();
      return ok({ id: `private-offer/${offerGuid}`, subState: "accepted" });
    },
    editOffer(offerGuid, patch) {
      domain.calls.push({ method: "editOffer", body: patch });
      changed();
      return ok({ id: `private-offer/${offerGuid}`, patch });
    },
    releaseStuckJobs(jobId) {
      domain.calls.push({ method: "releaseStuckJobs", ...(jobId === undefined ? {} : { body: jobId }) });
      const released = [...jobs].filter(([id, job]) => job.override?.kind === "stuck" && (jobId === undefined || id === jobId));
      for (const [, job] of released) delete job.override;
      return ok({ released: released.map(([id]) => id) });
    },
    reset() {
      jobs = new Map();
      changed();
    },
    snapshot(): JsonObject {
      return { jobs: Object.fromEntries([...jobs].map(([id, job]) => [id, job.body])), counter };
    },
    restore(snapshot: unknown) {
      const data = snapshot as { jobs: Record<string, unknown>; counter: number };
      jobs = new Map(Object.entries(data.jobs).map(([id, body]) => [id, { body }]));
      counter = data.counter;
    },
    takeChanges() {
      if (!dirty) return undefined;
      dirty = false;
      return { whole: domain.snapshot() };
    },
    replay(changes: unknown) {
      domain.restore((changes as { whole: unknown }).whole);
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
  return domain;
}
