// The record of one create in flight, without its storage: which offer it is about (its key), what
// is known about its configure request (sent, answered with a job, job done with an offer), and what
// a create with the same key does next. Partner Center lists an offer only once its create job has
// finished, so after a crash only this record tells the next run that a request is already on its
// way. Storage (write, flush, rename) is in provider/dynamic/create-records.ts.
//
// A record holds no secret: the endpoint (never with credentials: settings refuse them), the
// credential profile's name, the offer's type, name and customer or partner ids, job and offer ids.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { JobAction } from "./outputs";

/** The offer kinds the publisher creates with a configure POST (a channel partner completes one instead). */
export type CreatedOfferType = "customerPromotion" | "cspPromotion" | "multipartyPromotionOriginator";

/** What makes two creates the same: the same account, kind, name and customers or partner. */
export interface CreateKey {
  /** The product-ingestion endpoint: records made against the emulator never apply to Partner Center. */
  endpoint: string;
  /** The credential profile (`account` input), or `(default)`. */
  account: string;
  privateOfferType: CreatedOfferType;
  name: string;
  /** Sorted: `beneficiary:<id>` for each beneficiary (customer billing account or CSP partner), `partner:<seller id>` for a multiparty partner. */
  targets: string[];
}

/** Where the create stands. `jobId` once the POST was answered; `offerId` once that job succeeded. */
export interface CreateRecord {
  format: typeof RECORD_FORMAT;
  key: CreateKey;
  action: CreateAction;
  /** When the configure request was (about to be) sent: ISO 8601. */
  postedAt: string;
  updatedAt: string;
  jobId?: string;
  offerId?: string;
}

export type CreateAction = Extract<JobAction, "create" | "saveDraft">;

export const RECORD_FORMAT = "pulumi-partnercenter-private-offers/create-record/1";

/** The parts of an offer's inputs or outputs the key is made of. */
export interface KeySource {
  privateOfferType: string;
  name?: string | undefined;
  beneficiaries?: readonly { id: string }[] | undefined;
  partner?: { id: string } | undefined;
  account?: string | undefined;
}

/** The key of a publisher's offer; undefined for a channel partner's completion, which creates nothing. */
export function createKeyOf(offer: KeySource, scope: { endpoint: string; account: string }): CreateKey | undefined {
  const type = offer.privateOfferType;
  if (type !== "customerPromotion" && type !== "cspPromotion" && type !== "multipartyPromotionOriginator") return undefined;
  if (typeof offer.name !== "string") return undefined;
  const targets = [
    ...(offer.beneficiaries ?? []).map((b) => `beneficiary:${b.id.toLowerCase()}`),
    ...(offer.partner ? [`partner:${offer.partner.id.toLowerCase()}`] : []),
  ].sort();
  return { endpoint: scope.endpoint, account: scope.account, privateOfferType: type, name: offer.name, targets: [...new Set(targets)] };
}

/** The file a key's record lives in: readable (the name's first characters) and unique (a hash of the whole key). */
export function recordFileName(key: CreateKey): string {
  const hash = createHash("sha256")
    .update(JSON.stringify([key.endpoint, key.account, key.privateOfferType, key.name, key.targets]))
    .digest("hex")
    .slice(0, 24);
  const slug = key.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "offer";
  return `${slug}-${hash}.json`;
}

export function sameKey(a: CreateKey, b: CreateKey): boolean {
  const fields = (k: CreateKey) => JSON.stringify([k.endpoint, k.account, k.privateOfferType, k.name, k.targets]);
  return fields(a) === fields(b);
}

const isoTime = z.iso.datetime({ offset: true, error: "must be an ISO 8601 time" });
const keySchema = z.strictObject({
  endpoint: z.string().min(1),
  account: z.string().min(1),
  privateOfferType: z.enum(["customerPromotion", "cspPromotion", "multipartyPromotionOriginator"]),
  name: z.string(),
  targets: z.array(z.string()),
});
export const createRecordSchema = z.strictObject({
  format: z.literal(RECORD_FORMAT, { error: `must be "${RECORD_FORMAT}"` }),
  key: keySchema,
  action: z.enum(["create", "saveDraft"]),
  postedAt: isoTime,
  updatedAt: isoTime,
  jobId: z.string().min(1).optional(),
  offerId: z.string().regex(/^private-offer\/[^/]+$/, "must be a durable id `private-offer/<guid>`").optional(),
});

/** A record file that cannot be read as one: the message names the file and says what to do. */
export class CreateRecordError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `the create record ${file} cannot be used: ${reason}. It tells this provider whether an earlier, interrupted run ` +
        "already sent this create. If no other `pulumi up` is running, check Partner Center for an offer with this name " +
        "(adopt it with adoptExistingId if there is one), then remove the file and run `pulumi up` again.",
    );
    this.name = "CreateRecordError";
  }
}

/** Parses a record file's text; anything else than a record of the expected key is a CreateRecordError. */
export function parseCreateRecord(text: string, file: string, expected: CreateKey): CreateRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CreateRecordError(file, "it is not valid JSON (it may have been cut short)");
  }
  const parsed = createRecordSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(record)"} ${issue.message}`);
    throw new CreateRecordError(file, `it is not a create record (${problems.join("; ")})`);
  }
  const record = parsed.data as CreateRecord;
  if (!sameKey(record.key, expected)) throw new CreateRecordError(file, `it records another offer ("${record.key.name}")`);
  return record;
}

/** The record written just before the configure POST. */
export function postingRecord(key: CreateKey, action: CreateAction, now: number): CreateRecord {
  const at = new Date(now).toISOString();
  return { format: RECORD_FORMAT, key, action, postedAt: at, updatedAt: at };
}

/** The POST was answered: its job is the one to wait for. */
export function withJob(record: CreateRecord, jobId: string, now: number): CreateRecord {
  const { offerId: _none, ...rest } = record;
  return { ...rest, jobId, updatedAt: new Date(now).toISOString() };
}

/** The job succeeded (or the offer was found): the offer this stack created. */
export function withOffer(record: CreateRecord, offerId: string, now: number): CreateRecord {
  return { ...record, offerId, updatedAt: new Date(now).toISOString() };
}

/** What a create does about an earlier create of the same key. */
export type CreateResumption =
  /** No earlier create: check the name, then send the request. */
  | { kind: "post" }
  /** The earlier request was answered with a job: wait for that job instead of sending again. */
  | { kind: "awaitJob"; jobId: string; action: CreateAction; postedAt: number }
  /** The earlier job created this offer: take it over if it still exists. */
  | { kind: "adopt"; offerId: string }
  /** The earlier request was sent, its answer never recorded: look the name up before sending again. */
  | { kind: "lookUp"; postedAt: number };

export function resumptionOf(record: CreateRecord | undefined): CreateResumption {
  if (!record) return { kind: "post" };
  if (record.offerId) return { kind: "adopt", offerId: record.offerId };
  const postedAt = Date.parse(record.postedAt);
  if (record.jobId) return { kind: "awaitJob", jobId: record.jobId, action: record.action, postedAt };
  return { kind: "lookUp", postedAt };
}

/** Most name look-ups for a request whose answer was lost; the first is immediate. */
export const MAX_LOOKUPS = 4;

/**
 * When to look the name up (milliseconds to wait before each look-up, the first 0) for a create
 * request sent at `postedAt` whose answer was lost: until such a job would have finished, i.e. the
 * job timeout after it was sent, at most `MAX_LOOKUPS` times, spread evenly and at least a poll
 * interval apart where the time left allows (with less than one interval left: now and at the end).
 * A request sent longer ago than the timeout gets one look-up: its job is over either way.
 */
export function lookUpDelays(options: { postedAt: number; now: number; jobTimeoutMs: number; pollIntervalMs: number }): number[] {
  const { postedAt, now, jobTimeoutMs, pollIntervalMs } = options;
  const sentAt = Number.isFinite(postedAt) ? Math.min(postedAt, now) : now - jobTimeoutMs;
  const remaining = Math.max(0, Math.min(jobTimeoutMs, sentAt + jobTimeoutMs - now));
  if (remaining === 0) return [0];
  const intervals = Math.max(1, Math.min(MAX_LOOKUPS - 1, Math.floor(remaining / Math.max(1, pollIntervalMs))));
  const delays = [0];
  for (let i = 1; i <= intervals; i++) delays.push(Math.round((remaining * i) / intervals) - Math.round((remaining * (i - 1)) / intervals));
  return delays;
}

/** An offer as the name query lists it: enough to tell whether it is the one a key stands for. */
export interface ListedOffer {
  id: string;
  name: string;
  state: string;
  privateOfferType?: string | undefined;
  beneficiaries?: unknown;
  partners?: unknown;
}

/**
 * Whether a listed offer is the one a key stands for: same name, and where the listing says so, the
 * same type and customers or partner. Deleted offers never are.
 */
export function matchesKey(offer: ListedOffer, key: CreateKey): boolean {
  if (offer.name !== key.name || offer.state === "deleted") return false;
  if (offer.privateOfferType !== undefined && offer.privateOfferType !== key.privateOfferType) return false;
  const ids = (list: unknown, prefix: string): string[] | undefined =>
    Array.isArray(list)
      ? list.flatMap((item) => (item && typeof item === "object" && typeof (item as { id?: unknown }).id === "string" ? [`${prefix}:${(item as { id: string }).id.toLowerCase()}`] : []))
      : undefined;
  const customers = ids(offer.beneficiaries, "beneficiary");
  const partners = ids(offer.partners, "partner");
  if (customers === undefined && partners === undefined) return true;
  const listed = [...new Set([...(customers ?? []), ...(partners ?? [])])].sort();
  const wanted = key.targets.filter((t) => (customers !== undefined || !t.startsWith("beneficiary:")) && (partners !== undefined || !t.startsWith("partner:")));
  return JSON.stringify(listed) === JSON.stringify(wanted);
}
