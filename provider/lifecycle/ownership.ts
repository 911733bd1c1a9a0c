// Which of an offer's fields changed between two readings, counting only the fields the reading
// side owns. `normaliseOffer` already gives each side its own view (reference §5.3): a channel
// partner's outputs hold its markups, preparedBy, its terms documents, contacts and notes; an
// originator's hold everything else. So an eTag that moved because the other side of a multiparty
// offer acted shows no change here.
import { fieldNames } from "../schema/offer-fields";
import { sameValue } from "./compare";
import type { PrivateOfferOutputs } from "./outputs";

/** True for the two kinds of offer that two sellers share. */
export function isMultiparty(outputs: Pick<PrivateOfferOutputs, "privateOfferType">): boolean {
  return outputs.privateOfferType === "multipartyPromotionOriginator" || outputs.privateOfferType === "multipartyPromotionChannelPartner";
}

/**
 * The fields (and `state`) this side owns whose value differs between the outputs in state and the
 * offer as read now, both normalised with the same view; empty when nothing of this side's changed.
 */
export function changedOwnedFields(previous: PrivateOfferOutputs, current: PrivateOfferOutputs): string[] {
  const before: Record<string, unknown> = previous;
  const now: Record<string, unknown> = current;
  // What this side sends (options and state aside); a channel partner's table has no `name`: the
  // software company names the offer.
  const owned = fieldNames(previous.privateOfferType, (field) => field.lands !== "option" && field.lands !== "state");
  const changed = owned.filter((key) => !sameValue(before[key], now[key])).sort();
  return before["state"] === now["state"] ? changed : ["state", ...changed];
}
