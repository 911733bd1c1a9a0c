// What a PrivateOffer keeps in state: its inputs in the user's shape, with the values the API
// reports where it reports them (so drift shows as a diff of the inputs), plus the offer's status.
// Everything here is plain JSON: no undefined, no Date.
import { z } from "zod";
import { caseInsensitiveEnum, privateOfferSchema, privateOfferStates } from "../schema/api";
import type { ChannelPartnerOfferInputs, PricingItem, PrivateOfferInputs, PublisherOfferInputs } from "../schema/private-offer";
import type { JsonObject } from "./payload";

export type OfferState = (typeof privateOfferStates)[number];

/** What a configure job was doing, so an interrupted one can be resumed and its outcome known. */
export type JobAction = "create" | "publish" | "saveDraft" | "withdraw" | "delete" | "complete";

/** A configure job accepted by the service whose end the provider did not see. */
export interface PendingJob {
  jobId: string;
  action: JobAction;
}

/** The offer's status as the API reports it; read-only outputs. */
export interface OfferStatus {
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
}

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

const term = z.looseObject({ type: z.string(), value: z.number() });
const apiPricingItem = z.looseObject({
  product: z.string(),
  plan: z.string().nullish(),
  basePlan: z.string().nullish(),
  discountType: caseInsensitiveEnum(["percentage", "absolute"]).optional(),
  discountPercentage: z.number().nullish(),
  markupPercentage: z.number().nullish(),
  priceDetails: z.union([z.string(), z.looseObject({})]).nullish(),
  newPlanDetails: z.looseObject({ name: z.string().optional(), description: z.string().optional() }).nullish(),
});
const apiBeneficiary = z.looseObject({
  id: z.string(),
  description: z.string().nullish(),
  beneficiaryRecipients: z.array(z.looseObject({ id: z.string() })).nullish(),
});
const apiTermsDoc = z.looseObject({ sasUrl: z.string(), fileName: z.string(), customerFacingDocumentName: z.string() });
const readOffer = privateOfferSchema.extend({
  offerPricingType: caseInsensitiveEnum([
    "editExistingOfferPricingOnly",
    "saasNewCustomizedPlans",
    "vmSoftwareReservations",
    "newCustomizedPlans",
  ]).nullish(),
  variableStartDate: z.boolean().nullish(),
  start: z.string().nullish(),
  end: z.string().nullish(),
  acceptBy: z.string().nullish(),
  preparedBy: z.string().nullish(),
  notificationContacts: z.array(z.string()).nullish(),
  termsAndConditionsDocSasUrl: z.string().nullish(),
  termsAndConditionsDocs: z.array(apiTermsDoc).nullish(),
  beneficiaries: z.array(apiBeneficiary).nullish(),
  partners: z.array(z.looseObject({ id: z.string(), partnerName: z.string().nullish(), location: z.string().nullish() })).nullish(),
  pricing: z.array(apiPricingItem).nullish(),
  originatorPricing: z.array(apiPricingItem).nullish(),
  customerContractRenewal: z.boolean().nullish(),
  notes: z.string().nullish(),
  upgradedFrom: z.looseObject({ id: z.string(), name: z.string() }).nullish(),
  acceptanceLinks: z.array(z.looseObject({ beneficiaryId: z.string().nullish(), link: z.string() })).nullish(),
});
type ReadOffer = z.output<typeof readOffer>;
type ApiPricingItem = z.output<typeof apiPricingItem>;

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
  inputs: PrivateOfferInputs | PrivateOfferOutputs;
  lastJobId?: string;
}

/**
 * The outputs for an offer as `GET private-offer/{id}` returns it. Enums are read case-insensitively;
 * absolute prices come back as durable id strings, so the price documents the inputs gave are kept
 * for items that still reference one.
 */
export function normaliseOffer(apiOffer: unknown, context: NormaliseContext): PrivateOfferOutputs {
  const parsed = readOffer.safeParse(apiOffer);
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
  const previous = context.inputs;
  const options = plain({
    pollIntervalSeconds: previous.pollIntervalSeconds,
    jobTimeoutMinutes: previous.jobTimeoutMinutes,
    account: previous.account,
  });
  if (previous.privateOfferType === "multipartyPromotionChannelPartner") {
    return { ...channelPartnerView(offer, previous), ...options, ...status } as PrivateOfferOutputs;
  }
  const adopt = previous.adoptExistingId !== undefined ? { adoptExistingId: previous.adoptExistingId } : {};
  return { ...publisherView(offer, previous), ...options, ...adopt, ...status } as PrivateOfferOutputs;
}

function channelPartnerView(offer: ReadOffer, previous: { offerId?: string }): Omit<ChannelPartnerOfferInputs, "state"> {
  const markups = (offer.originatorPricing ?? [])
    .filter((item) => typeof item.markupPercentage === "number")
    .map((item) => plain({ product: item.product, plan: item.plan ?? item.basePlan ?? undefined, markupPercentage: item.markupPercentage as number }));
  return plain({
    privateOfferType: "multipartyPromotionChannelPartner" as const,
    offerId: offer.id ?? previous.offerId,
    preparedBy: offer.preparedBy ?? undefined,
    markups: markups.length > 0 ? markups : undefined,
    termsAndConditionsDocs: nonEmpty(offer.termsAndConditionsDocs?.map(termsDoc)),
    notificationContacts: nonEmpty(offer.notificationContacts ?? undefined),
    notes: offer.notes ?? undefined,
  });
}

function publisherView(offer: ReadOffer, previous: PrivateOfferInputs | PrivateOfferOutputs): Omit<PublisherOfferInputs, "state" | "name"> {
  const type = offer.privateOfferType ?? previous.privateOfferType;
  const previousPricing = "pricing" in previous && Array.isArray(previous.pricing) ? previous.pricing : [];
  const beneficiaries = offer.beneficiaries?.map((b) =>
    plain({ id: b.id, description: b.description ?? undefined, recipients: nonEmpty(b.beneficiaryRecipients?.map((r) => r.id)) }),
  );
  const partner = offer.partners?.[0];
  const fields = plain({
    privateOfferType: type,
    offerPricingType: offer.offerPricingType ?? (type === "cspPromotion" ? "editExistingOfferPricingOnly" : undefined),
    variableStartDate: offer.variableStartDate ?? offer.start == null,
    start: offer.start ?? undefined,
    end: offer.end ?? undefined,
    acceptBy: type === "cspPromotion" ? undefined : (offer.acceptBy ?? undefined),
    preparedBy: type === "multipartyPromotionOriginator" ? undefined : (offer.preparedBy ?? undefined),
    notificationContacts: nonEmpty(offer.notificationContacts ?? undefined),
    termsAndConditionsDocSasUrl: type === "customerPromotion" ? (offer.termsAndConditionsDocSasUrl ?? undefined) : undefined,
    termsAndConditionsDocs: type === "multipartyPromotionOriginator" ? nonEmpty(offer.termsAndConditionsDocs?.map(termsDoc)) : undefined,
    beneficiaries: nonEmpty(beneficiaries),
    partner: partner ? plain({ id: partner.id, name: partner.partnerName ?? "", location: partner.location ?? "United States" }) : undefined,
    pricing: nonEmpty(offer.pricing?.map((item) => pricingItemView(item, previousPricing))),
    customerContractRenewal: type === "cspPromotion" ? undefined : (offer.customerContractRenewal ?? undefined),
    notes: type === "cspPromotion" ? undefined : (offer.notes ?? undefined),
    upgradedFrom: offer.upgradedFrom ? { id: offer.upgradedFrom.id, name: offer.upgradedFrom.name } : undefined,
  });
  return fields as Omit<PublisherOfferInputs, "state" | "name">;
}

function pricingItemView(item: ApiPricingItem, previous: PricingItem[]): PricingItem {
  const plan = item.plan ?? undefined;
  const basePlan = item.basePlan ?? undefined;
  const absolute = item.discountType === "absolute" || (item.discountType === undefined && item.priceDetails != null);
  if (!absolute) {
    return plain({ product: item.product, plan, discountType: "percentage" as const, discountPercentage: item.discountPercentage ?? 0 });
  }
  const same = previous.find(
    (p) => p.discountType === "absolute" && p.product === item.product && (p.plan ?? p.basePlan) === (plan ?? basePlan),
  );
  const priceDetails =
    same && same.discountType === "absolute"
      ? same.priceDetails
      : plain({
          id: typeof item.priceDetails === "string" ? item.priceDetails : undefined,
          product: item.product,
          plan: plan ?? basePlan ?? "",
        });
  const newPlanDetails = item.newPlanDetails?.name && item.newPlanDetails.description
    ? { name: item.newPlanDetails.name, description: item.newPlanDetails.description }
    : undefined;
  return plain({ product: item.product, plan, basePlan, discountType: "absolute" as const, priceDetails, newPlanDetails }) as PricingItem;
}

function termsDoc(d: { sasUrl: string; fileName: string; customerFacingDocumentName: string }) {
  return { sasUrl: d.sasUrl, fileName: d.fileName, customerFacingDocumentName: d.customerFacingDocumentName };
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/** Drops undefined members so the value is plain JSON (the engine rejects undefined in outputs). */
export function plain<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Outputs before the first read: the inputs as applied, with what a configure job told us. */
export function outputsFromInputs(inputs: PrivateOfferInputs, status: Partial<OfferStatus> & { state: OfferState }): PrivateOfferOutputs {
  const { state: _desired, ...rest } = inputs;
  return plain({ ...rest, acceptanceLinks: [], offerId: "", ...status }) as unknown as PrivateOfferOutputs;
}

export type { JsonObject };
