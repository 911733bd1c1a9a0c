// `resourceName` references inside one configure request: names are unique, every
// `priceDetails.resourceName` names a price-and-availability resource of the same request (for the
// same product, plan and pricing type), and every such resource is used by some pricing item.
// A pricing resource nobody references would be written for no offer: we reject it as a mistake.

import type { ResourceType } from "../contracts";
import { canonical, isObject, present } from "./primitives";
import { NEW_PLAN_PRICING_TYPES, PRIVATE_OFFER_TYPES } from "./private-offer-enums";
import { pricingTypeOf } from "./private-offer-rules";
import type { ProblemSink } from "./problems";

export interface TypedResource {
  index: number;
  type: ResourceType;
  version: string;
  raw: Record<string, unknown>;
}

const PRICING: ResourceType = "price-and-availability-private-offer-plan";

export function checkReferences(resources: readonly TypedResource[], sink: ProblemSink): void {
  const byName = new Map<string, TypedResource>();
  for (const resource of resources) {
    const name = resource.raw.resourceName;
    if (typeof name !== "string") continue;
    const first = byName.get(name);
    if (first) {
      sink.add(["resources", resource.index, "resourceName"], `must be unique within the request; resources[${first.index}] already uses "${name}"`, "invalidReference");
    } else {
      byName.set(name, resource);
    }
  }

  const referenced = new Set<TypedResource>();
  for (const offer of resources) {
    if (offer.type !== "private-offer") continue;
    const items = canonical(PRIVATE_OFFER_TYPES, offer.raw.privateOfferType) === "multipartyPromotionChannelPartner" ? "originatorPricing" : "pricing";
    const list = offer.raw[items];
    if (!Array.isArray(list)) continue;
    list.forEach((item, k) => {
      if (!isObject(item) || !isObject(item.priceDetails)) return;
      const name = item.priceDetails.resourceName;
      if (typeof name !== "string") return;
      const at = sink.at("resources", offer.index, items, k, "priceDetails", "resourceName");
      const target = byName.get(name);
      if (target === undefined) {
        at.add([], `names no resource in this request: add a ${PRICING} resource with resourceName "${name}"`, "invalidReference");
        return;
      }
      if (target.type !== PRICING) {
        at.add([], `must name a ${PRICING} resource; "${name}" is resources[${target.index}], a ${target.type}`, "invalidReference");
        return;
      }
      referenced.add(target);
      checkSamePlan(item, offer, target, at);
    });
  }

  for (const resource of resources) {
    if (resource.type === PRICING && !referenced.has(resource)) {
      const name = resource.raw.resourceName;
      const label = typeof name === "string" ? `"${name}"` : "this resource";
      sink.add(["resources", resource.index, "resourceName"], `is not referenced: no pricing item's priceDetails names ${label} in this request`, "invalidReference");
    }
  }
}

/** The prices must be for the item's own product and plan, under the offer's pricing type. */
function checkSamePlan(item: Record<string, unknown>, offer: TypedResource, target: TypedResource, at: ProblemSink): void {
  const name = String(target.raw.resourceName);
  const pricingType = pricingTypeOf(offer.raw, offer.version);
  const planKey = pricingType !== undefined && NEW_PLAN_PRICING_TYPES.includes(pricingType) ? "basePlan" : "plan";
  for (const [itemKey, targetKey] of [["product", "product"], [planKey, "plan"]] as const) {
    const mine = item[itemKey];
    const theirs = target.raw[targetKey];
    if (typeof mine === "string" && typeof theirs === "string" && mine.toLowerCase() !== theirs.toLowerCase()) {
      at.add([], `names "${name}", whose ${targetKey} is ${theirs}, but this item's ${itemKey} is ${mine}`, "invalidReference");
    }
  }
  const theirType = present(target.raw, "offerPricingType")
    ? canonical(NEW_PLAN_PRICING_TYPES.concat("editExistingOfferPricingOnly"), target.raw.offerPricingType)
    : "editExistingOfferPricingOnly";
  if (pricingType !== undefined && theirType !== undefined && theirType !== pricingType) {
    at.add([], `names "${name}", priced for ${theirType}, but the offer's offerPricingType is ${pricingType}`, "invalidReference");
  }
}
