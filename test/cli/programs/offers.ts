// Programs the real-CLI suites run as Automation API inline programs. Each reads its shape from
// stack config (namespace `offers:`), so a suite changes a stack the way a user does: by changing
// config and running `pulumi preview` / `pulumi up` again.
import * as pulumi from "@pulumi/pulumi";
import { PrivateOffer } from "../../../provider";

// The emulator's seeded catalogue (emulator/domain/catalogue.ts): Contoso Analytics, a SaaS offer.
export const ANALYTICS = "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51";
export const ANALYTICS_STANDARD = "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41";

/**
 * `offers:count` customer offers (default 1) named `<offers:name> <i>` (or just the name for one),
 * each with `offers:discount` percent off (default 10) in state `offers:state` (default live). With
 * `offers:termsSasUrl` (a secret) each carries a terms document read through that SAS URL; with
 * `offers:lastAccount` the last offer belongs to that profile of `partnercenter:accounts`.
 * Outputs: `offerIds` and `states`, in order.
 */
export function customerOffers(): Record<string, unknown> {
  const config = new pulumi.Config("offers");
  const count = config.getNumber("count") ?? 1;
  const name = config.get("name") ?? "Contoso analytics";
  const discount = config.getNumber("discount") ?? 10;
  const state = (config.get("state") ?? "live") as "live" | "draft" | "withdrawn";
  const sasUrl = config.getSecret("termsSasUrl");
  const lastAccount = config.get("lastAccount");
  const year = new Date().getUTCFullYear() + 1;
  const offers: PrivateOffer[] = [];
  for (let i = 1; i <= count; i++) {
    offers.push(
      new PrivateOffer(count === 1 ? "offer" : `offer-${i}`, {
        privateOfferType: "customerPromotion",
        state,
        name: count === 1 ? name : `${name} ${i}`,
        variableStartDate: true,
        end: `${year}-12-31`,
        acceptBy: `${year}-06-30`,
        beneficiaries: [{ id: "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31", description: "Contoso Ltd" }],
        pricing: [{ product: ANALYTICS, plan: ANALYTICS_STANDARD, discountType: "percentage", discountPercentage: discount }],
        ...(lastAccount && i === count ? { account: lastAccount } : {}),
        ...(sasUrl ? { termsAndConditionsDocSasUrl: sasUrl } : {}),
      }),
    );
  }
  return { offerIds: offers.map((o) => o.offerId), states: offers.map((o) => o.state) };
}
