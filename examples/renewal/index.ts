// A renewal: the customer accepted "Woodgrove FY27", which can no longer change. Its terms for the
// following year are a new offer that upgrades it (`upgradedFrom`): the same customer and plans,
// a fixed start the day after FY27 ends, new prices. The customer accepts it like any offer, and
// moves to it when FY27 ends.
//
// The first `pulumi up` publishes FY27 only. Once the customer has accepted it, set
// `pulumi config set renew true`: the preview says which accepted offer is upgraded, and `up`
// publishes the renewal. FY27 stays in the program as it was: an accepted offer is a binding
// agreement, never changed or deleted from here.
import * as pulumi from "@pulumi/pulumi";
import { PrivateOffer } from "pulumi-partnercenter-private-offers";

const config = new pulumi.Config();
const product = "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51";
const standard = "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41";
const customer = { id: "0c4d5e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f:0c4d5e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f_2021-02-01", description: "Woodgrove Bank" };

// Dates in the years after the current one, so that the example runs in any year; your own program
// writes its offers' dates.
const year = new Date().getUTCFullYear() + 1;

const fy27 = new PrivateOffer("woodgrove-fy27", {
  privateOfferType: "customerPromotion",
  name: "Woodgrove FY27",
  variableStartDate: true,
  end: `${year}-06-30`,
  acceptBy: `${year}-03-31`,
  preparedBy: "deals@contoso-software.example",
  beneficiaries: [customer],
  pricing: [{ product, plan: standard, discountType: "percentage", discountPercentage: 10 }],
});

// The renewal names the accepted offer by its resource: the provider sends its id and name, and the
// engine creates the renewal only after it. The offer's id alone (`"private-offer/<guid>"`, for an
// offer this stack does not manage) works too.
const fy28 = config.getBoolean("renew")
  ? new PrivateOffer("woodgrove-fy28", {
      privateOfferType: "customerPromotion",
      name: "Woodgrove FY28",
      upgradedFrom: fy27,
      variableStartDate: false,
      start: `${year}-07-01`,
      end: `${year + 1}-06-30`,
      acceptBy: `${year}-06-15`,
      preparedBy: "deals@contoso-software.example",
      customerContractRenewal: true,
      beneficiaries: [customer],
      pricing: [{ product, plan: standard, discountType: "percentage", discountPercentage: 15 }],
      notes: "FY28 renewal of Woodgrove FY27",
    })
  : undefined;

export const fy27Id = fy27.offerId;
export const fy28Id = fy28?.offerId;
