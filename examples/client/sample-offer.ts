import type { ConfigureResource } from "../../provider/schema/api/configure";
import { PRIVATE_OFFER_SCHEMA } from "../../provider/schema/api/versions";

// Dates in the year after the current one (and the one after it), so that the sample is valid in any year.
const year = new Date().getUTCFullYear() + 1;

export interface SampleOfferInput {
  name: string;
  product: string;
  plan: string;
  discountPercentage: number;
  state: "draft" | "live" | "withdrawn" | "deleted";
  /** The durable id, once the offer exists. */
  id?: string;
}

/** A customer private offer with a percentage discount on one public plan. */
export function sampleCustomerOffer(input: SampleOfferInput): ConfigureResource {
  return {
    $schema: PRIVATE_OFFER_SCHEMA,
    ...(input.id ? { id: input.id } : {}),
    name: input.name,
    privateOfferType: "customerPromotion",
    offerPricingType: "editExistingOfferPricingOnly",
    state: input.state,
    variableStartDate: true,
    end: `${year + 1}-06-30`,
    acceptBy: `${year}-12-31`,
    preparedBy: "sales@contoso.example",
    notificationContacts: ["sales@contoso.example"],
    beneficiaries: [
      { id: "0b6e4a52-7f1c-4a1e-9a37-5c1c8e9f0d11:5d3f0c2e-9f6b-4e8a-b1a2-3c4d5e6f7a8b_2019-05-31", description: "Contoso" },
    ],
    pricing: [{ product: input.product, plan: input.plan, discountType: "percentage", discountPercentage: input.discountPercentage }],
  };
}

/** What withdraw and delete need: the id, name and type, and the new state. */
export function offerStateChange(offer: { id: string; name: string }, state: "withdrawn" | "deleted"): ConfigureResource {
  return {
    $schema: PRIVATE_OFFER_SCHEMA,
    id: offer.id,
    name: offer.name,
    privateOfferType: "customerPromotion",
    offerPricingType: "editExistingOfferPricingOnly",
    state,
  };
}
