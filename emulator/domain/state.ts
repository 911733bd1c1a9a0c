// What the domain stores, as zod schemas: the same definitions type the in-memory state and
// validate a snapshot handed to `restore` (which may come from a file someone edited) and the
// changes handed to `replay` (from the journal `--data` keeps beside its file).

import { z } from "zod";
import { formatETag } from "./formats";

const jsonObject = z.record(z.string(), z.unknown());

export const OFFER_STATES = ["draft", "live", "withdrawn"] as const;
const offerState = z.enum(OFFER_STATES);
export type OfferState = z.infer<typeof offerState>;

/** The channel partner's part of a multiparty offer: only the fields the partner may set. */
const partnerPart = z.object({
  sellerId: z.string(),
  /** The partner's own publication state: `draft` until it publishes to the customer. */
  state: offerState,
  /** `preparedBy`, `termsAndConditionsDocs`, `notificationContacts`, `notes` as the partner sent them. */
  fields: jsonObject,
  /** `markupPercentage` per originator pricing item, by position; empty until the partner publishes. */
  markups: z.array(z.number()),
});
export type PartnerPart = z.infer<typeof partnerPart>;

const storedOffer = z.object({
  /** The part of the durable id after `private-offer/`, lower-cased. */
  key: z.string().min(1),
  /** Creation order; paging positions. */
  position: z.number().int().nonnegative(),
  ownerSellerId: z.string(),
  state: offerState,
  accepted: z.boolean(),
  eTag: z.string(),
  lastModified: z.string(),
  /** The resource as the originator sent it, enums canonical, server fields removed, priceDetails resolved. */
  body: jsonObject,
  partner: partnerPart.optional(),
});
export type StoredOffer = z.infer<typeof storedOffer>;

const storedPricing = z.object({
  id: z.string(),
  ownerSellerId: z.string(),
  /** The resource as sent, enums canonical, with its `id` and without `resourceName`. */
  body: jsonObject,
});
export type StoredPricing = z.infer<typeof storedPricing>;

const principal = z.object({ tenantId: z.string(), clientId: z.string(), sellerId: z.string() });

const validatedResource = z.object({
  type: z.enum(["private-offer", "price-and-availability-private-offer-plan"]),
  version: z.string(),
  index: z.number().int().nonnegative(),
  resourceName: z.string().optional(),
  body: jsonObject,
});

/** `target`: the request property a business rule is about, e.g. `resources[0].upgradedFrom.id`. */
const jobError = z.object({ code: z.string(), message: z.string(), resourceId: z.string(), target: z.string().optional() });
export type JobError = z.infer<typeof jobError>;

const jobOutcome = z.object({
  /** `cancelled`: stopped by `POST configure/{jobId}/cancel` before it did anything. */
  result: z.enum(["succeeded", "failed", "cancelled"]),
  completedAt: z.number(),
  errors: z.array(jobError),
  /** The resources the job wrote, as its creator saw them at completion (configure detail). */
  written: z.array(jsonObject),
  /** Delete jobs answer no `resourceUri`. */
  deletesOnly: z.boolean(),
});
export type JobOutcome = z.infer<typeof jobOutcome>;

const jobRecord = z.object({
  id: z.string(),
  principal,
  createdAt: z.number(),
  dueAt: z.number(),
  envelopeVersion: z.string(),
  resources: z.array(validatedResource),
  override: z.enum(["failed", "stuck"]).optional(),
  outcome: jobOutcome.optional(),
});
export type JobRecord = z.infer<typeof jobRecord>;

const counters = z.object({
  eTag: z.number().int().nonnegative(),
  offerPosition: z.number().int().nonnegative(),
  pricing: z.number().int().nonnegative(),
});
export type Counters = z.infer<typeof counters>;

export const SNAPSHOT_FORMAT = 1;

export const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  offers: z.array(storedOffer),
  /** Keys of deleted offers, so a later reference says "deleted" rather than "never existed". */
  deletedOffers: z.array(z.string()),
  pricing: z.array(storedPricing),
  /** In creation order. */
  jobs: z.array(jobRecord),
  counters,
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/**
 * A map that remembers which keys were set or deleted since `takeTouched`, so the changes an
 * operation made can be journaled without comparing whole states. Values changed in place (jobs)
 * are marked with `touch`. Build one with `of`, not with constructor entries (Map's constructor
 * would call `set` before the marks exist).
 */
export class TrackedMap<V> extends Map<string, V> {
  #touched = new Set<string>();

  static of<V>(entries: Iterable<readonly [string, V]>): TrackedMap<V> {
    const map = new TrackedMap<V>();
    for (const [key, value] of entries) map.set(key, value);
    map.#touched.clear();
    return map;
  }

  override set(key: string, value: V): this {
    this.#touched.add(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    this.#touched.add(key);
    return super.delete(key);
  }

  touch(key: string): void {
    this.#touched.add(key);
  }

  /** The keys set, deleted or touched since the last call, in the order they were first marked. */
  takeTouched(): string[] {
    const keys = [...this.#touched];
    this.#touched.clear();
    return keys;
  }
}

/** A set that remembers what was added since `takeAdded` (the domain only ever adds to it). */
export class TrackedSet extends Set<string> {
  #added = new Set<string>();

  static of(values: Iterable<string>): TrackedSet {
    const set = new TrackedSet();
    for (const value of values) set.add(value);
    set.#added.clear();
    return set;
  }

  override add(value: string): this {
    this.#added.add(value);
    return super.add(value);
  }

  takeAdded(): string[] {
    const values = [...this.#added];
    this.#added.clear();
    return values;
  }
}

/** The live, indexed form of a snapshot. */
export interface DomainState {
  offers: TrackedMap<StoredOffer>;
  deletedOffers: TrackedSet;
  pricing: TrackedMap<StoredPricing>;
  jobs: TrackedMap<JobRecord>;
  /** Jobs that will complete, in creation order; stuck and completed jobs are not here. */
  pending: JobRecord[];
  counters: Counters;
}

export function emptyState(): DomainState {
  return {
    offers: new TrackedMap(),
    deletedOffers: new TrackedSet(),
    pricing: new TrackedMap(),
    jobs: new TrackedMap(),
    pending: [],
    counters: { eTag: 0, offerPosition: 0, pricing: 0 },
  };
}

export function toSnapshot(state: DomainState): Snapshot {
  return structuredClone({
    format: SNAPSHOT_FORMAT,
    offers: [...state.offers.values()],
    deletedOffers: [...state.deletedOffers],
    pricing: [...state.pricing.values()],
    jobs: [...state.jobs.values()],
    counters: state.counters,
  });
}

/** Jobs still to complete: not completed, not held by a stuck fault, in creation order. */
function pendingJobs(jobs: Iterable<JobRecord>): JobRecord[] {
  return [...jobs].filter((job) => job.outcome === undefined && job.override !== "stuck");
}

export function fromSnapshot(snapshot: Snapshot): DomainState {
  return {
    offers: TrackedMap.of(snapshot.offers.map((offer) => [offer.key, offer] as const)),
    deletedOffers: TrackedSet.of(snapshot.deletedOffers),
    pricing: TrackedMap.of(snapshot.pricing.map((p) => [p.id, p] as const)),
    jobs: TrackedMap.of(snapshot.jobs.map((job) => [job.id, job] as const)),
    pending: pendingJobs(snapshot.jobs),
    counters: { ...snapshot.counters },
  };
}

/**
 * What changed since the previous `Changes` was taken: each changed record in full (last writer
 * wins), so replaying a journal of them in order rebuilds the state. After `reset`, everything
 * before it is gone.
 */
export const changesSchema = z.object({
  reset: z.literal(true).optional(),
  offers: z.array(storedOffer),
  /** Keys no longer in `offers` (deleted offers; their keys are in `deletedOffers`). */
  removedOffers: z.array(z.string()),
  deletedOffers: z.array(z.string()),
  pricing: z.array(storedPricing),
  removedPricing: z.array(z.string()),
  /** New jobs in creation order, and jobs that progressed. */
  jobs: z.array(jobRecord),
  removedJobs: z.array(z.string()),
  counters,
});
export type Changes = z.infer<typeof changesSchema>;

/**
 * The changes marked in `state` since the last call (undefined when none), clearing the marks. The
 * records are the live objects: serialise them before anything else runs.
 */
export function takeChanges(state: DomainState, reset: boolean): Changes | undefined {
  const offerKeys = state.offers.takeTouched();
  const pricingIds = state.pricing.takeTouched();
  const jobIds = state.jobs.takeTouched();
  const deletedOffers = state.deletedOffers.takeAdded();
  if (!reset && offerKeys.length + pricingIds.length + jobIds.length + deletedOffers.length === 0) return undefined;
  const split = <V>(map: Map<string, V>, keys: string[]) => ({
    present: keys.flatMap((key) => {
      const value = map.get(key);
      return value === undefined ? [] : [value];
    }),
    removed: keys.filter((key) => !map.has(key)),
  });
  const offers = split(state.offers, offerKeys);
  const pricing = split(state.pricing, pricingIds);
  const jobs = split(state.jobs, jobIds);
  return {
    ...(reset ? { reset: true as const } : {}),
    offers: offers.present,
    removedOffers: offers.removed,
    deletedOffers,
    pricing: pricing.present,
    removedPricing: pricing.removed,
    jobs: jobs.present,
    removedJobs: jobs.removed,
    counters: state.counters,
  };
}

/** Applies journaled changes to `state` without marking them (they are on disk already). */
export function applyChanges(state: DomainState, changes: Changes): DomainState {
  const next = changes.reset ? emptyState() : state;
  const apply = <V>(map: TrackedMap<V>, values: V[], keyOf: (value: V) => string, removed: string[]) => {
    for (const value of values) map.set(keyOf(value), value);
    for (const key of removed) map.delete(key);
    map.takeTouched();
  };
  apply(next.offers, changes.offers, (offer) => offer.key, changes.removedOffers);
  apply(next.pricing, changes.pricing, (pricing) => pricing.id, changes.removedPricing);
  apply(next.jobs, changes.jobs, (job) => job.id, changes.removedJobs);
  for (const key of changes.deletedOffers) next.deletedOffers.add(key);
  next.deletedOffers.takeAdded();
  next.counters = { ...changes.counters };
  next.pending = pendingJobs(next.jobs.values());
  return next;
}

/** A readable account of why a snapshot was refused: each problem with its property path. */
export function describeSnapshotError(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length === 0 ? "(root)" : issue.path.join(".")}: ${issue.message}`)
    .join("; ");
}

/** A new eTag; never repeats within one store, across resets and restores included. */
export function issueETag(counters: Counters, at: number): string {
  counters.eTag += 1;
  return formatETag(counters.eTag, at);
}
