// What a PrivateOffer keeps in state: its inputs in the user's shape, with the values the API
// reports where it reports them (so drift shows as a diff of the inputs), plus the offer's status.
// Everything here is plain JSON: no undefined, no Date.
import type { JobDetail } from "../schema/api/job";
import { privateOfferDocumentSchema, privateOfferSchema, type PrivateOffer, type PrivateOfferDocument, type privateOfferStates } from "../schema/api/private-offer";
import { fieldNames, fieldsOf, nonEmpty, type ViewSource } from "../schema/offer-fields";
import type { PrivateOfferInputs } from "../schema/private-offer";
import type { JsonObject } from "./payload";

export type OfferState = (typeof privateOfferStates)[number];

/** What a configure job was doing, so an interrupted one can be resumed and its outcome known. */
export type JobAction = "create" | "publish" | "saveDraft" | "withdraw" | "delete" | "complete";

/** A configure job accepted by the service whose end the provider did not see. */
export interface PendingJob {
  jobId: string;
  action: JobAction;
}

/**
 * The offer's status as the API reports it; read-only outputs. A type, not an interface, so that
 * outputs are plain records (`Record<string, unknown>`) wherever they need to be.
 */
export type OfferStatus = {
  /** `private-offer/<guid>`; empty while the job that creates the offer has not finished. */
  offerId: string;
  state: OfferState;
  /** `pendingAcceptance`, `accepted`, `pendingPartnerAction`... */
  subState?: string;
  eTag?: string;
  acceptanceLinks: { beneficiaryId: string; link: string }[];
  lastModified?: string;
  /** The last configure job that finished. */
  lastJobId?: string;
  /** A configure job started but not seen to finish: the next operation waits for it first. */
  pendingJob?: PendingJob;
  /** The offer's name as the API reports it (for a channel partner, the software company's name). */
  name?: string;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The outputs of a PrivateOffer: its inputs (state replaced by the actual one) and its status. */
export type PrivateOfferOutputs = DistributiveOmit<PrivateOfferInputs, "state" | "name"> & OfferStatus;

/** Output keys that are status, not inputs: the diff never compares them against inputs. */
export const STATUS_KEYS: readonly string[] = [
  "offerId",
  "subState",
  "eTag",
  "acceptanceLinks",
  "lastModified",
  "lastJobId",
  "pendingJob",
];

/**
 * The outputs the engine hands back to diff, update, delete and read. The engine stores what this
 * provider returned as outputs (plain JSON of this shape, written by normaliseOffer and
 * outputsFromInputs) and returns it as it was: this is where the provider takes it back, unparsed.
 */
export function outputsFromState(props: Record<string, unknown>): PrivateOfferOutputs {
  return props as PrivateOfferOutputs;
}

/** The API answered with something that is not a private offer. */
export class UnexpectedOfferError extends Error {
  constructor(problems: string) {
    super(`Partner Center returned a private offer this provider cannot read (${problems}); nothing was changed`);
    this.name = "UnexpectedOfferError";
  }
}

/** Provider options and inputs the API does not store, carried over from the previous inputs. */
export interface NormaliseContext {
  /** The inputs (or previous outputs) this offer is managed with; decides the view (publisher or channel partner). */
  inputs: ViewSource;
  lastJobId?: string;
}

/**
 * The outputs for an offer as `GET private-offer/{id}` returns it. Enums are read case-insensitively;
 * absolute prices come back as durable id strings, so the price documents the inputs gave are kept
 * for items that still reference one.
 */
export function normaliseOffer(apiOffer: unknown, context: NormaliseContext): PrivateOfferOutputs {
  const parsed = privateOfferDocumentSchema.safeParse(apiOffer);
  if (!parsed.success) {
    throw new UnexpectedOfferError(parsed.error.issues.map((i) => `${i.path.join(".") || "(offer)"}: ${i.message}`).join("; "));
  }
  const offer = parsed.data;
  const status = plain({
    offerId: offer.id,
    state: offer.state,
    subState: offer.subState ?? undefined,
    eTag: offer.eTag ?? undefined,
    acceptanceLinks: (offer.acceptanceLinks ?? []).map((l) => ({ beneficiaryId: l.beneficiaryId ?? "", link: l.link })),
    lastModified: offer.lastModified ?? undefined,
    lastJobId: context.lastJobId,
    name: offer.name,
  });
  return { ...view(offer, context.inputs), ...status } as PrivateOfferOutputs;
}

/**
 * The inputs as the offer holds them, by its type's field table: each field read back from the
 * document, options kept from the inputs (the API does not store them), the state left to the status.
 * A channel partner sees its own side of a multiparty offer; a publisher the type the offer says.
 */
function view(offer: PrivateOfferDocument, previous: ViewSource): Record<string, unknown> {
  const partner = previous.privateOfferType === "multipartyPromotionChannelPartner";
  const type = partner || !offer.privateOfferType || offer.privateOfferType === "multipartyPromotionChannelPartner" ? previous.privateOfferType : offer.privateOfferType;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fieldsOf(type))) {
    if (field.lands === "state") continue;
    if (field.lands === "option") out[key] = previous[key];
    else if (field.read) out[key] = field.read(offer, previous);
    else out[key] = asRead(offer[field.api ?? key]);
  }
  return plain(out);
}

/** A document property as an output: null reads as absent, and so does an empty list. */
function asRead(value: unknown): unknown {
  if (value === null) return undefined;
  return Array.isArray(value) ? nonEmpty(value) : value;
}

/** The outputs with the provider options as the inputs give them now: the API stores none of them. */
export function withOptionsOf(outputs: PrivateOfferOutputs, inputs: ViewSource): PrivateOfferOutputs {
  const out: Record<string, unknown> = { ...outputs };
  for (const key of fieldNames(inputs.privateOfferType, (field) => field.lands === "option")) {
    const value = inputs[key];
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return plain(out) as PrivateOfferOutputs;
}

/**
 * The private offer a finished job wrote, from `GET configure/{jobId}`: its id, and the offer itself
 * when the detail carries it whole (the reference's A-12: it returns the full offer), with its eTag.
 */
export function offerInJobDetail(detail: JobDetail): { id: string; offer?: PrivateOffer } | undefined {
  const resource = detail.resources.find((r) => typeof r.id === "string" && r.id.startsWith("private-offer/"));
  if (!resource?.id) return undefined;
  const whole = privateOfferSchema.safeParse(resource);
  return whole.success && whole.data.eTag ? { id: resource.id, offer: whole.data } : { id: resource.id };
}

/** Drops undefined members so the value is plain JSON (the engine rejects undefined in outputs). */
export function plain<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Outputs before the first read: the inputs as applied, with what a configure job told us. */
export function outputsFromInputs(inputs: PrivateOfferInputs, status: Partial<OfferStatus> & { state: OfferState }): PrivateOfferOutputs {
  const { state: _desired, ...rest } = inputs;
  return plain({ ...rest, acceptanceLinks: [], offerId: "", ...status }) as PrivateOfferOutputs;
}

export type { JsonObject };
