// What the domain stores, as zod schemas: the same definitions type the in-memory state and
// validate a snapshot handed to `restore` (which may come from a file someone edited).

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

const jobError = z.object({ code: z.string(), message: z.string(), resourceId: z.string() });
export type JobError = z.infer<typeof jobError>;

const jobOutcome = z.object({
  result: z.enum(["succeeded", "failed"]),
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

/** The live, indexed form of a snapshot. */
export interface DomainState {
  offers: Map<string, StoredOffer>;
  deletedOffers: Set<string>;
  pricing: Map<string, StoredPricing>;
  jobs: Map<string, JobRecord>;
  /** Jobs that will complete, in creation order; stuck and completed jobs are not here. */
  pending: JobRecord[];
  counters: Counters;
}

export function emptyState(): DomainState {
  return {
    offers: new Map(),
    deletedOffers: new Set(),
    pricing: new Map(),
    jobs: new Map(),
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

export function fromSnapshot(snapshot: Snapshot): DomainState {
  const jobs = new Map(snapshot.jobs.map((job) => [job.id, job]));
  return {
    offers: new Map(snapshot.offers.map((offer) => [offer.key, offer])),
    deletedOffers: new Set(snapshot.deletedOffers),
    pricing: new Map(snapshot.pricing.map((p) => [p.id, p])),
    jobs,
    pending: snapshot.jobs.filter((job) => job.outcome === undefined && job.override !== "stuck"),
    counters: { ...snapshot.counters },
  };
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
