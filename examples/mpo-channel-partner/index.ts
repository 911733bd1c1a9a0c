// The channel partner's side of a multiparty offer the software company shared: a markup on each
// of its pricing items, the partner's contact, then publication to the customer. Runs under the
// channel partner's own Entra application (its own partnercenter:* settings or AZURE_* variables).
//   pulumi config set offerId private-offer/<guid from the software company>
import * as pulumi from "@pulumi/pulumi";
import { PrivateOffer } from "pulumi-partnercenter-private-offers";

const config = new pulumi.Config();

export const completion = new PrivateOffer("fabrikam-markup", {
  privateOfferType: "multipartyPromotionChannelPartner",
  offerId: config.require("offerId"),
  preparedBy: "sales@fabrikam-channel.example",
  notificationContacts: ["sales@fabrikam-channel.example"],
  markups: [
    {
      product: "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51",
      plan: "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c42",
      markupPercentage: 4.5,
    },
  ],
});

export const state = completion.state;
export const acceptanceLinks = completion.acceptanceLinks;
