// Which of an offer's fields changed between two readings, counting only the fields the reading
// side owns. `normaliseOffer` already gives each side its own view (reference §5.3): a channel
// partner's outputs hold its markups, preparedBy, its terms documents, contacts and notes; an
// originator's hold everything else. So an eTag that moved because the other side of a multiparty
// offer acted shows no change here.
import { PROVIDER_OPTION_KEYS, REPLACING_OPTION_KEYS, sameValue } from "./compare";
import { STATUS_KEYS, type PrivateOfferOutputs } from "./outputs";

const NOT_OWNED = new Set([...STATUS_KEYS, ...PROVIDER_OPTION_KEYS, ...REPLACING_OPTION_KEYS, "__provider"]);

/** True for the two kinds of offer that two sellers share. */
export function isMultiparty(outputs: Pick<PrivateOfferOutputs, "privateOfferType">): boolean {
  return outputs.privateOfferType === "multipartyPromotionOriginator" || outputs.privateOfferType === "multipartyPromotionChannelPartner";
}

/**
 * The fields (and `state`) this side owns whose value differs between the outputs in state and the
 * offer as read now, both normalised with the same view; empty when nothing of this side's changed.
 */
export function changedOwnedFields(previous: PrivateOfferOutputs, current: PrivateOfferOutputs): string[] {
  const before = previous as unknown as Record<string, unknown>;
  const now = current as unknown as Record<string, unknown>;
  // A channel partner's `name` is the software company's; the originator names the offer.
  const partner = previous.privateOfferType === "multipartyPromotionChannelPartner";
  const keys = new Set([...Object.keys(before), ...Object.keys(now)].filter((key) => !NOT_OWNED.has(key) && !(partner && key === "name")));
  const changed = [...keys].filter((key) => key !== "state" && !sameValue(before[key], now[key])).sort();
  return before["state"] === now["state"] ? changed : ["state", ...changed];
}
