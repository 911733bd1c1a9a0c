// Offers a benchmark or fault run declares: valid customer offers on the emulator's seeded
// catalogue, each with its own name (the provider refuses a second offer of the same name), and a
// changed variant for updates.

import type { PropertyMap } from "../../test/support/provider-host";
import type { DeclaredResource } from "./engine";
import { future } from "../../test/support/dates";

export const CATALOGUE_PRODUCT = "product/7ba807c8-386a-4efe-80f1-b97bf8a554f8";
export const CATALOGUE_PLAN = "plan/7ba807c8-386a-4efe-80f1-b97bf8a554f8/a7c1e0d2-1234-4f56-8a9b-000000123456";

/** A live customer offer; `revision` changes its discount, which a live offer applies by withdraw-then-live. */
export function offerInputs(index: number, revision = 0, extra: PropertyMap = {}): PropertyMap {
  return {
    privateOfferType: "customerPromotion",
    name: `Bench offer ${String(index).padStart(4, "0")}`,
    state: "live",
    variableStartDate: true,
    end: future("06-30", 1),
    acceptBy: future("12-31"),
    beneficiaries: [{ id: `0f3a9e2c-5b7d-4c1e-8a6f-${String(100000000000 + index)}:0f3a9e2c-5b7d-4c1e-8a6f-2d4b6c8e0a1f_2024-01-31`, description: `Customer ${index}` }],
    pricing: [{ product: CATALOGUE_PRODUCT, plan: CATALOGUE_PLAN, discountType: "percentage", discountPercentage: 5 + revision }],
    ...extra,
  };
}

export function declaredOffers(count: number, revision = 0, extra: PropertyMap = {}): DeclaredResource[] {
  return Array.from({ length: count }, (_, i) => ({ name: `offer-${i}`, inputs: offerInputs(i, revision, extra) }));
}
