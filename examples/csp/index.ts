// A 12% margin on the whole product for one CSP partner (reseller), usable only for two named end
// customers (their tenant ids). CSP offers have a fixed start and no accept-by date.
import { PrivateOffer } from "pulumi-partnercenter-private-offers";

// Dates in the year after the current one, so that the example runs in any year; your own program
// writes its offer's dates.
const year = new Date().getUTCFullYear() + 1;

export const margin = new PrivateOffer("northwind-margin", {
  privateOfferType: "cspPromotion",
  name: "Northwind reseller margin 2027",
  start: `${year}-01-01`,
  end: `${year}-12-31`,
  beneficiaries: [
    {
      id: "6ea018a9-0a32-4b44-b904-39dd964dd790",
      description: "Northwind Traders (CSP partner tenant)",
      recipients: ["a0c2b2e5-48b4-4f80-8a33-3cd9c6091234", "b1d3c3f6-59c5-4a91-9b44-4dea7d1a2345"],
    },
  ],
  pricing: [{ product: "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51", discountType: "percentage", discountPercentage: 12 }],
});

export const offerId = margin.offerId;
