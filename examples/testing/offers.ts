// The stack's offers, as a function: `pulumi up` runs it through index.ts, and the test runs the
// same function against the emulator.
import * as pulumi from "@pulumi/pulumi";
import { PrivateOffer } from "pulumi-partnercenter-private-offers";

const analytics = "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51";
const standard = "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41";

/** One offer per customer of the `customers` config list (default: Contoso and Fabrikam). */
export function offers() {
  const config = new pulumi.Config();
  const customers = config.getObject<Array<{ name: string; billingAccount: string; discount: number }>>("customers") ?? [
    { name: "Contoso", billingAccount: "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31", discount: 10 },
    { name: "Fabrikam", billingAccount: "7fb129b0-eb0d-4f5e-9a1c-2d3e4f5a6b7c:7fb129b0-eb0d-4f5e-9a1c-2d3e4f5a6b7c_2022-07-01", discount: 12 },
  ];
  const year = new Date().getUTCFullYear() + 1;
  const declared = customers.map(
    (customer) =>
      new PrivateOffer(`${customer.name.toLowerCase()}-analytics`, {
        privateOfferType: "customerPromotion",
        name: `${customer.name} analytics ${year}`,
        variableStartDate: true,
        end: `${year}-12-31`,
        acceptBy: `${year}-06-30`,
        beneficiaries: [{ id: customer.billingAccount, description: customer.name }],
        pricing: [{ product: analytics, plan: standard, discountType: "percentage", discountPercentage: customer.discount }],
      }),
  );
  return { offerIds: declared.map((offer) => offer.offerId), states: declared.map((offer) => offer.state) };
}
