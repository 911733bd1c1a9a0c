// The software company's side of a multiparty offer: the customer, the channel partner who will
// sell it, the discount, and the company's terms. The terms document's SAS URL grants read access,
// so it comes from stack config as a secret:
//   pulumi config set --secret termsSasUrl 'https://<account>.blob.core.windows.net/terms/terms.pdf?<sas>'
import * as pulumi from "@pulumi/pulumi";
import { PrivateOffer } from "pulumi-partnercenter-private-offers";

// Dates in the year after the current one, so that the example runs in any year; your own program
// writes its offer's dates.
const year = new Date().getUTCFullYear() + 1;

const config = new pulumi.Config();

export const multiparty = new PrivateOffer("fabrikam-via-channel", {
  privateOfferType: "multipartyPromotionOriginator",
  name: "Fabrikam premium via channel",
  variableStartDate: true,
  end: `${year}-12-31`,
  acceptBy: `${year}-03-31`,
  beneficiaries: [{ id: "7fb129b0-eb0d-4f5e-9a1c-2d3e4f5a6b7c:7fb129b0-eb0d-4f5e-9a1c-2d3e4f5a6b7c_2022-07-01", description: "Fabrikam Inc" }],
  partner: { id: config.get("channelPartnerSellerId") ?? "2000002", name: "Fabrikam Channel" },
  termsAndConditionsDocs: config
    .requireSecret("termsSasUrl")
    .apply((sasUrl) => [{ sasUrl, fileName: "Contoso-terms.pdf", customerFacingDocumentName: "Contoso terms of use" }]),
  pricing: [
    {
      product: "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51",
      plan: "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c42",
      discountType: "percentage",
      discountPercentage: 20,
    },
  ],
});

/** Share this id with the channel partner: their program completes the offer (examples/mpo-channel-partner). */
export const offerId = multiparty.offerId;
