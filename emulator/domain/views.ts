// How a stored offer looks to each account. The originator (or the only owner of a customer or
// CSP offer) sees the offer as sent plus server fields; the channel partner of a multiparty offer
// sees its own view: `multipartyPromotionChannelPartner`, the originator's pricing and terms as
// read-only `originator*` fields, its own publication state, and none of the originator's notes
// or contacts.

import type { JsonObject } from "../contracts";
import { offerDurableId } from "./formats";
import type { StoredOffer } from "./state";

export type Role = "owner" | "partner";

export const ORIGINATOR = "multipartyPromotionOriginator";
export const CHANNEL_PARTNER = "multipartyPromotionChannelPartner";

/** Fields a channel partner sets; everything else in its view is read-only. */
export const PARTNER_FIELDS = ["preparedBy", "termsAndConditionsDocs", "notificationContacts", "notes"] as const;

/**
 * The caller's role for `offer`, or undefined when the caller may not see it. A channel partner
 * sees a multiparty offer only while the originator has it published (live).
 */
export function roleOf(offer: StoredOffer, sellerId: string): Role | undefined {
  if (offer.ownerSellerId === sellerId) return "owner";
  if (offer.partner?.sellerId === sellerId && offer.state === "live") return "partner";
  return undefined;
}

export function isMultiparty(offer: StoredOffer): boolean {
  return offer.partner !== undefined;
}

/** Whether the customer can see (and accept) the offer. */
export function isWithCustomer(offer: StoredOffer): boolean {
  return offer.state === "live" && (offer.partner === undefined || offer.partner.state === "live");
}

export function subStateOf(offer: StoredOffer): string | undefined {
  if (offer.state !== "live") return undefined;
  if (offer.accepted) return "accepted";
  return isWithCustomer(offer) ? "pendingAcceptance" : "pendingPartnerAction";
}

function acceptanceLinks(offer: StoredOffer): JsonObject[] | undefined {
  const type = offer.body["privateOfferType"];
  if (type === "cspPromotion" || !isWithCustomer(offer)) return undefined;
  const beneficiaries = offer.body["beneficiaries"];
  const first: unknown = Array.isArray(beneficiaries) ? beneficiaries[0] : undefined;
  const beneficiaryId = first !== null && typeof first === "object" && "id" in first ? first.id : undefined;
  return [
    {
      beneficiaryId: typeof beneficiaryId === "string" ? beneficiaryId : "",
      link: `https://aka.ms/privateofferacceptance/${offer.key}`,
    },
  ];
}

/** A fresh copy of `offer` as `role` sees it; callers may change it freely. */
export function renderOffer(offer: StoredOffer, role: Role): JsonObject {
  return role === "owner" ? ownerView(offer) : partnerView(offer);
}

function serverFields(offer: StoredOffer, state: string, subState: string | undefined): JsonObject {
  const out: JsonObject = { state };
  if (subState !== undefined) out["subState"] = subState;
  const links = acceptanceLinks(offer);
  if (links !== undefined && (subState === "pendingAcceptance" || subState === "accepted")) out["acceptanceLinks"] = links;
  out["lastModified"] = offer.lastModified;
  out["eTag"] = offer.eTag;
  return out;
}

function ownerView(offer: StoredOffer): JsonObject {
  const { $schema, ...rest } = structuredClone(offer.body);
  return { $schema, id: offerDurableId(offer.key), ...rest, ...serverFields(offer, offer.state, subStateOf(offer)) };
}

const ORIGINATOR_ONLY = ["notes", "notificationContacts", "preparedBy", "termsAndConditionsDocs", "pricing", "privateOfferType"];

function partnerView(offer: StoredOffer): JsonObject {
  const partner = offer.partner;
  const body = structuredClone(offer.body);
  const { $schema, ...shared } = body;
  for (const key of ORIGINATOR_ONLY) delete shared[key];
  const pricing = Array.isArray(body["pricing"]) ? body["pricing"] : [];
  const originatorPricing = pricing.map((item: unknown, i) => {
    const markup = partner?.markups[i];
    return markup === undefined || typeof item !== "object" || item === null ? item : { ...item, markupPercentage: markup };
  });
  const view: JsonObject = {
    $schema,
    id: offerDurableId(offer.key),
    ...shared,
    privateOfferType: CHANNEL_PARTNER,
    originatorPricing,
  };
  if (body["termsAndConditionsDocs"] !== undefined) view["originatorTermsAndConditionsDocs"] = body["termsAndConditionsDocs"];
  Object.assign(view, structuredClone(partner?.fields ?? {}));
  const partnerState = partner?.state ?? "draft";
  const subState = partnerState === "live" ? subStateOf(offer) : undefined;
  return { ...view, ...serverFields(offer, partnerState, subState) };
}
