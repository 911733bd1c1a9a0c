// Partner Center's product-ingestion API without HTTP: offers, jobs and their lifecycle.
//
// Jobs are evaluated lazily: every call first completes the jobs that are due on the injected
// clock, in creation order, so there are no timers and tests control time completely.
//
// Concurrency (our reading A-10): a configure resource that carries an `eTag` must match the
// stored offer's current eTag when the POST arrives, or the whole request is refused with 412
// `preconditionFailed` and nothing is created. A resource without an `eTag` is not checked: the
// last writer wins.

import { randomUUID } from "node:crypto";
import { z } from "zod";
import type {
  Clock,
  ConfigureValidation,
  ErrorDetail,
  HttpResult,
  JobOverride,
  JsonObject,
  Principal,
  ProductIngestionDomain,
  PublisherAccount,
  Query,
} from "../contracts";
import { getPricingTemplate, listPlans, listProducts } from "./catalogue-api";
import { canonicalise } from "./enums";
import { calendarDate, offerKeyFromDurableId, PRIVATE_OFFER_PREFIX } from "./formats";
import { jobPhase, renderJobDetail, renderJobStatus } from "./jobs";
import { mergePatch, isJsonObject } from "./json";
import { isPageRequest, queryString, readPageRequest, takePage } from "./paging";
import { parseOfferFields, parsePricingResourceFields } from "./resource-fields";
import { badRequest, failure, notFound, ok } from "./results";
import {
  applyChanges,
  changesSchema,
  describeSnapshotError,
  emptyState,
  fromSnapshot,
  issueETag,
  snapshotSchema,
  takeChanges,
  toSnapshot,
  type DomainState,
  type JobRecord,
} from "./state";
import { applyJob, ERROR_CODES } from "./transitions";
import { isWithCustomer, renderOffer, roleOf, subStateOf } from "./views";

export { catalogue, findPlan, findProduct, planDurableId, productDurableId } from "./catalogue";
export type { CataloguePlan, CatalogueProduct, PlanTemplate, ProductType } from "./catalogue";
export { ERROR_CODES } from "./transitions";

export interface ProductIngestionDomainOptions {
  clock: Clock;
  /** `--job-latency-ms`: 0 means a job is complete at its first status read. */
  jobLatencyMs: number;
  /** Who may see what; `partners[].id` of a multiparty offer is a `sellerId`. */
  accounts: readonly PublisherAccount[];
  /** Schema validation of a configure body (400 on failure). */
  validate: (body: unknown, query: Query) => ConfigureValidation;
  /** GUIDs for jobs and offers; default `crypto.randomUUID`. */
  newId?: () => string;
}

/** Server-owned offer fields an out-of-band edit may not set. */
const EDIT_FORBIDDEN = ["id", "eTag", "lastModified", "state", "subState", "acceptanceLinks"];
/** The job detail's `$version` in the private-offer pages, for a caller that sends none. */
const DEFAULT_DETAIL_VERSION = "2023-07-15";

const editPatch = z.record(z.string(), z.unknown());
const acceptBody = z.union([z.undefined(), z.null(), z.record(z.string(), z.unknown())]);

/** eTags are compared without their embedded quotes, so `"abc"` and `abc` name the same version. */
function bareETag(value: string): string {
  return value.replace(/^"|"$/g, "");
}

/** The domain plus what only tests steer: finishing jobs a `stuck` fault holds. */
export interface EmulatorDomain extends ProductIngestionDomain {
  /**
   * Lets stuck jobs finish: the one named (404 when unknown, 409 when not stuck) or, without an id,
   * every stuck job. A released job completes as if it had just become due, in creation order with
   * the others; answers `{ released: [jobId, ...] }`.
   */
  releaseStuckJobs(jobId?: string): HttpResult;
}

export function createProductIngestionDomain(options: ProductIngestionDomainOptions): EmulatorDomain {
  const { clock, jobLatencyMs, accounts, validate } = options;
  const newId = options.newId ?? randomUUID;
  let state: DomainState = emptyState();
  const listeners: Array<() => void> = [];
  let changed = false;
  /** A reset happened since changes were last taken: the journal must say so. */
  let resetSinceTake = false;

  function completeJob(job: JobRecord): void {
    const at = job.dueAt;
    if (job.override === "failed") {
      const first = job.resources[0];
      state.jobs.touch(job.id);
      job.outcome = {
        result: "failed",
        completedAt: at,
        errors: [
          {
            code: ERROR_CODES.internalServerError,
            message: "The job failed because of an internal error; nothing was changed. Submit the request again.",
            resourceId: first?.resourceName ?? (typeof first?.body["id"] === "string" ? first.body["id"] : "resources[0]"),
          },
        ],
        written: [],
        deletesOnly: false,
      };
      return;
    }
    const effects = applyJob(job.resources, { state, principal: job.principal, at, accounts, newId });
    effects.commit();
    state.jobs.touch(job.id);
    job.outcome = {
      result: effects.errors.length === 0 ? "succeeded" : "failed",
      completedAt: at,
      errors: effects.errors,
      written: effects.written,
      deletesOnly: effects.deletesOnly,
    };
  }

  function advance(): void {
    const now = clock.now();
    let done = 0;
    while (done < state.pending.length && (state.pending[done]?.dueAt ?? Infinity) <= now) {
      const job = state.pending[done];
      if (job !== undefined) completeJob(job);
      done += 1;
    }
    if (done > 0) {
      state.pending.splice(0, done);
      changed = true;
    }
  }

  function notify(): void {
    if (!changed) return;
    changed = false;
    for (const listener of listeners) listener();
  }

  /** Every operation: due jobs first, then the operation, then listeners if anything changed. */
  function operation<T>(run: () => T): T {
    advance();
    try {
      return run();
    } finally {
      notify();
    }
  }

  function visibleJob(principal: Principal, jobId: string): JobRecord | undefined {
    const job = state.jobs.get(jobId);
    return job?.principal.sellerId === principal.sellerId ? job : undefined;
  }

  function configure(principal: Principal, body: unknown, query: Query, _baseUrl: string, override?: JobOverride): HttpResult {
    const validation = validate(body, query);
    if (!validation.ok) return { status: 400, body: validation.error };
    const version = query["$version"];
    if (version !== validation.envelopeVersion) {
      return badRequest(`$version ${version ?? "(missing)"} does not match the envelope's schema version ${validation.envelopeVersion}.`, "$version");
    }
    const schemaProblems: ErrorDetail[] = [];
    const stale: ErrorDetail[] = [];
    for (const resource of validation.resources) {
      if (resource.type !== "private-offer") {
        const parsed = parsePricingResourceFields(resource);
        if (!parsed.ok) schemaProblems.push(...parsed.details);
        continue;
      }
      const parsed = parseOfferFields(resource);
      if (!parsed.ok) {
        schemaProblems.push(...parsed.details);
        continue;
      }
      const { id, eTag } = parsed.value;
      const key = id === undefined ? undefined : offerKeyFromDurableId(id);
      const offer = key === undefined ? undefined : state.offers.get(key);
      if (eTag === undefined || offer === undefined || roleOf(offer, principal.sellerId) === undefined) continue;
      if (bareETag(eTag) !== bareETag(offer.eTag)) {
        stale.push({
          code: "preconditionFailed",
          message: `eTag ${eTag} is not the current eTag of ${PRIVATE_OFFER_PREFIX}${offer.key}; it changed since it was read. Read the offer again and reapply the change.`,
          target: `resources[${resource.index}].eTag`,
        });
      }
    }
    if (schemaProblems.length > 0) return failure(400, "badRequest", "The request does not match the schema.", schemaProblems);
    if (stale.length > 0) return failure(412, "preconditionFailed", "An offer in the request was changed since it was read; nothing was submitted.", stale);
    const now = clock.now();
    const job: JobRecord = {
      id: newId(),
      principal: { tenantId: principal.tenantId, clientId: principal.clientId, sellerId: principal.sellerId },
      createdAt: now,
      dueAt: now + jobLatencyMs,
      envelopeVersion: validation.envelopeVersion,
      resources: structuredClone(validation.resources),
    };
    if (override !== undefined) job.override = override.kind;
    state.jobs.set(job.id, job);
    if (job.override !== "stuck") state.pending.push(job);
    changed = true;
    return ok(renderJobStatus(job, "notStarted"), 202);
  }

  function offerFor(principal: Principal, offerGuid: string) {
    const key = offerKeyFromDurableId(offerGuid) ?? offerGuid.toLowerCase();
    const offer = state.offers.get(key);
    const role = offer === undefined ? undefined : roleOf(offer, principal.sellerId);
    return offer === undefined || role === undefined ? undefined : { offer, role };
  }

  function releaseStuckJobs(jobId: string | undefined): HttpResult {
    const isStuck = (job: JobRecord) => job.override === "stuck" && job.outcome === undefined;
    if (jobId !== undefined) {
      const job = state.jobs.get(jobId);
      if (job === undefined) return notFound(`configure/${jobId}`);
      if (!isStuck(job)) return failure(409, ERROR_CODES.conflict, `Job ${jobId} is not stuck; only a job held by a stuck fault can be released.`);
    }
    const released = [...state.jobs.values()].filter((job) => isStuck(job) && (jobId === undefined || job.id === jobId));
    const now = clock.now();
    for (const job of released) {
      delete job.override;
      job.dueAt = now;
      state.jobs.touch(job.id);
    }
    if (released.length > 0) {
      // Jobs complete in creation order; a released job takes its place among the pending ones.
      state.pending = [...state.pending, ...released].sort((a, b) => a.createdAt - b.createdAt);
      changed = true;
    }
    return ok({ released: released.map((job) => job.id) });
  }

  /**
   * `POST configure/{jobId}/cancel`. A job's resources are applied together when it completes, so
   * until then nothing of it has been processed and a cancel stops all of it; once it has completed
   * (succeeded, failed or cancelled) its work stands and the cancel is refused with 400.
   */
  function cancelJob(principal: Principal, jobId: string): HttpResult {
    const job = visibleJob(principal, jobId);
    if (job === undefined) return notFound(`configure/${jobId}`);
    if (job.outcome !== undefined) {
      // The documented refusal: 400, code badRequest, no details.
      return failure(
        400,
        "badRequest",
        `Cannot cancel job ${jobId}: it has already completed (jobResult ${job.outcome.result}), and what it did stays done. ` +
          `Read configure/${jobId} for the resources it wrote.`,
      );
    }
    const now = clock.now();
    delete job.override;
    job.outcome = { result: "cancelled", completedAt: now, errors: [], written: [], deletesOnly: false };
    state.jobs.touch(job.id);
    state.pending = state.pending.filter((pending) => pending !== job);
    changed = true;
    return ok(renderJobStatus(job, "completed"));
  }

  const domain: EmulatorDomain = {
    releaseStuckJobs: (jobId) => operation(() => releaseStuckJobs(jobId)),

    configure: (principal, body, query, baseUrl, override) =>
      operation(() => configure(principal, body, query, baseUrl, override)),

    cancelJob: (principal, jobId) => operation(() => cancelJob(principal, jobId)),

    jobStatus: (principal, jobId) =>
      operation(() => {
        const job = visibleJob(principal, jobId);
        if (job === undefined) return notFound(`configure/${jobId}`);
        return ok(renderJobStatus(job, jobPhase(job, clock.now())));
      }),

    jobDetail: (principal, jobId, query) =>
      operation(() => {
        const job = visibleJob(principal, jobId);
        if (job === undefined) return notFound(`configure/${jobId}`);
        if (job.outcome === undefined) {
          return badRequest(`Job ${jobId} is not complete yet; poll configure/${jobId}/status until jobStatus is completed.`);
        }
        return ok(renderJobDetail(job, query["$version"] ?? DEFAULT_DETAIL_VERSION));
      }),

    getPrivateOffer: (principal, offerGuid) =>
      operation(() => {
        const found = offerFor(principal, offerGuid);
        if (found === undefined) return notFound(`${PRIVATE_OFFER_PREFIX}${offerGuid}`);
        return ok(renderOffer(found.offer, found.role));
      }),

    queryPrivateOffers: (principal, query, baseUrl) =>
      operation(() => {
        const request = readPageRequest(query);
        if (!isPageRequest(request)) return request;
        const visible = (function* () {
          for (const offer of state.offers.values()) {
            const role = roleOf(offer, principal.sellerId);
            if (role !== undefined) yield { offer, role };
          }
        })();
        const { page, nextLink } = takePage(visible, (v) => v.offer.position, request, (token) =>
          `${baseUrl}/private-offer/query${queryString({ $version: query["$version"], $maxpagesize: query["$maxpagesize"], continuationToken: token })}`,
        );
        const privateOffers = page.map(({ offer, role }) => renderOffer(offer, role));
        return ok(nextLink === undefined ? { privateOffers } : { privateOffers, "@nextLink": nextLink });
      }),

    listProducts: (_principal, query, baseUrl) => operation(() => listProducts(query, baseUrl)),
    listPlans: (_principal, query, baseUrl) => operation(() => listPlans(query, baseUrl)),
    getPricingTemplate: (_principal, productId, query) => operation(() => getPricingTemplate(productId, query)),

    acceptOffer: (offerGuid, body) =>
      operation(() => {
        if (!acceptBody.safeParse(body).success) return badRequest("The acceptance body must be a JSON object or empty.");
        const offer = state.offers.get(offerGuid.toLowerCase());
        if (offer === undefined) return notFound(`${PRIVATE_OFFER_PREFIX}${offerGuid}`);
        if (offer.accepted || !isWithCustomer(offer)) {
          const where = offer.state === "live" ? `live (${subStateOf(offer) ?? ""})` : offer.state;
          return failure(409, ERROR_CODES.conflict, `Only a live offer pending acceptance can be accepted; this offer is ${where}.`);
        }
        const now = clock.now();
        const accepted = { ...offer, accepted: true, eTag: issueETag(state.counters, now), lastModified: calendarDate(now) };
        state.offers.set(accepted.key, accepted);
        changed = true;
        return ok(renderOffer(accepted, "owner"));
      }),

    editOffer: (offerGuid, patch) =>
      operation(() => {
        const parsed = editPatch.safeParse(patch);
        if (!parsed.success) return badRequest("An edit is a JSON object merged into the offer, e.g. {\"name\": \"New name\"}.");
        const forbidden = Object.keys(parsed.data).filter((k) => EDIT_FORBIDDEN.includes(k));
        if (forbidden.length > 0) {
          return badRequest(`${forbidden.join(", ")} belong to the service and cannot be edited; use configure or the accept hook.`, forbidden[0]);
        }
        const offer = state.offers.get(offerGuid.toLowerCase());
        if (offer === undefined) return notFound(`${PRIVATE_OFFER_PREFIX}${offerGuid}`);
        const merged = mergePatch(offer.body, canonicalise(parsed.data));
        const now = clock.now();
        const edited = {
          ...offer,
          body: isJsonObject(merged) ? merged : offer.body,
          eTag: issueETag(state.counters, now),
          lastModified: calendarDate(now),
        };
        state.offers.set(edited.key, edited);
        changed = true;
        return ok(renderOffer(edited, "owner"));
      }),

    reset: () => {
      const eTagCounter = state.counters.eTag;
      state = emptyState();
      // eTags keep counting so a value read before the reset never matches one issued after it.
      state.counters.eTag = eTagCounter;
      resetSinceTake = true;
      changed = true;
      notify();
    },

    snapshot: () => toSnapshot(state) as unknown as JsonObject,

    // Loading saved state is not a change: listeners are not called.
    restore: (snapshot: unknown) => {
      const parsed = snapshotSchema.safeParse(snapshot);
      if (!parsed.success) throw new Error(`Saved emulator state is not valid: ${describeSnapshotError(parsed.error)}`);
      state = fromSnapshot(parsed.data);
      resetSinceTake = false;
    },

    takeChanges: () => {
      const changes = takeChanges(state, resetSinceTake);
      resetSinceTake = false;
      return changes as JsonObject | undefined;
    },

    // Replaying the journal is loading too: not a change.
    replay: (changes: unknown) => {
      const parsed = changesSchema.safeParse(changes);
      if (!parsed.success) throw new Error(`Journaled emulator changes are not valid: ${describeSnapshotError(parsed.error)}`);
      state = applyChanges(state, parsed.data);
    },

    onChange: (listener) => {
      listeners.push(listener);
    },
  };
  return domain;
}
