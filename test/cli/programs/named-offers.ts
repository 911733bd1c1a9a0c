// The program of the preview-mistakes suite: one customer offer per name of `offers:names` (a JSON
// list; default one offer), each under the profile `offers:account` of partnercenter:accounts when
// it is set, for the customer `offers:beneficiary` (default a real-looking billing account). Two
// equal names make the duplicate the suite expects preview to refuse.
import * as pulumi from "@pulumi/pulumi";
import { PrivateOffer } from "../../../provider";
import { ANALYTICS, ANALYTICS_STANDARD } from "./offers";

export function namedOffers(): Record<string, unknown> {
  const config = new pulumi.Config("offers");
  const names = config.getObject<string[]>("names") ?? ["Contoso preview checks"];
  const account = config.get("account");
  const beneficiary = config.get("beneficiary") ?? "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31";
  const year = new Date().getUTCFullYear() + 1;
  const offers = names.map(
    (name, i) =>
      new PrivateOffer(`offer-${i + 1}`, {
        privateOfferType: "customerPromotion",
        name,
        variableStartDate: true,
        end: `${year}-12-31`,
        acceptBy: `${year}-06-30`,
        beneficiaries: [{ id: beneficiary, description: "Contoso Ltd" }],
        pricing: [{ product: ANALYTICS, plan: ANALYTICS_STANDARD, discountType: "percentage", discountPercentage: 10 + i }],
        ...(account ? { account } : {}),
      }),
  );
  return { offerIds: offers.map((o) => o.offerId) };
}
