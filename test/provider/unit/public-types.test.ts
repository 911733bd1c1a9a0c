// The arguments the package publishes (provider/resources/args.ts, plain TypeScript) are the input
// types of the schemas the provider checks with (the field tables). The comparison is made by the
// compiler: `npm run lint` (the first step of `npm test`) fails when a field is added to, removed
// from or changed in one and not the other.
import assert from "node:assert/strict";
import type { z } from "zod";
import type { CspOfferArgs, ChannelPartnerOfferArgs, CustomerOfferArgs, OriginatorOfferArgs, PlanPricingValues } from "../../../provider/resources/args";
import type { PlanPricingDocument } from "../../../provider/resources/args";
import type { channelPartnerOfferInputs, cspOfferInputs, customerOfferInputs, originatorOfferInputs } from "../../../provider/schema/private-offer";
import type { planPricingDocument, planPricingInputs } from "../../../provider/schema/plan-pricing";

/** True only when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const same: {
  customer: Same<CustomerOfferArgs, z.input<typeof customerOfferInputs>>;
  csp: Same<CspOfferArgs, z.input<typeof cspOfferInputs>>;
  originator: Same<OriginatorOfferArgs, z.input<typeof originatorOfferInputs>>;
  channelPartner: Same<ChannelPartnerOfferArgs, z.input<typeof channelPartnerOfferInputs>>;
  planPricing: Same<PlanPricingValues, z.input<typeof planPricingInputs>>;
  priceDocument: Same<PlanPricingDocument, z.input<typeof planPricingDocument>>;
} = { customer: true, csp: true, originator: true, channelPartner: true, planPricing: true, priceDocument: true };

describe("the published argument types", () => {
  it("are the input types of the schemas the provider checks with (compared by the compiler)", () => {
    assert.deepEqual(Object.values(same), [true, true, true, true, true, true]);
  });
});
