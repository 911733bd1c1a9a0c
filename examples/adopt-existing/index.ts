// Takes over an offer made in Partner Center's UI: the first `pulumi up` reads it by id instead of
// creating one; if these inputs differ from what exists, the same `up` converges it to them (the
// preview says what changes). `npx pulumi-partnercenter-private-offers export` writes this kind of
// program for every offer you have.
//   pulumi config set existingOfferId private-offer/<guid>
import * as pulumi from "@pulumi/pulumi";
import { PrivateOffer } from "pulumi-partnercenter-private-offers";

// Dates in the year after the current one, so that the example runs in any year; your own program
// writes its offer's dates.
const year = new Date().getUTCFullYear() + 1;

const config = new pulumi.Config();

export const adopted = new PrivateOffer("contoso-legacy", {
  privateOfferType: "customerPromotion",
  adoptExistingId: config.require("existingOfferId"),
  name: "Contoso legacy discount",
  variableStartDate: true,
  end: `${year}-06-30`,
  acceptBy: `${year}-01-31`,
  beneficiaries: [{ id: "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31", description: "Contoso Ltd" }],
  pricing: [
    {
      product: "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51",
      plan: "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41",
      discountType: "percentage",
      discountPercentage: 7,
    },
  ],
});

export const state = adopted.state;
