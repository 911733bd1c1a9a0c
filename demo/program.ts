// The demo stack: one offer of each kind a publisher manages, priced against the emulator's seeded
// catalogue (emulator/domain/catalogue.ts). `demo:round` 2 lowers the per-user price, which
// withdraws the live SaaS offer and publishes it again with the new price. A program function, so
// it runs as an Automation API inline program (`npm run demo`) and as the module of Pulumi.yaml.
import * as pulumi from "@pulumi/pulumi";
import { PrivateOffer, PrivateOfferPlanPricing } from "../provider";

export function demoProgram() {
  const config = new pulumi.Config("demo");
  const round = config.getNumber("round") ?? 1;
  const channelPartnerSellerId = config.get("channelPartnerSellerId") ?? "2000002";

  // Contoso Analytics (SaaS, flat rate) and Contoso Collaborate (SaaS, per user).
  const analytics = "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51";
  const analyticsStandard = "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41";
  const analyticsPremium = "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c42";
  const collaborate = "product/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62";
  const collaborateTeam = "plan/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62/7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d51";

  // Offers run to the end of next year; customers may accept until mid-year.
  const year = new Date().getUTCFullYear() + 1;
  const end = `${year}-12-31`;
  const acceptBy = `${year}-06-30`;
  const monthly = { type: "month" as const, value: 1 };
  // Every offer names its desired state, so its `state` output is there to print.
  const live = "live" as const;

  // 1. A customer offer with a percentage discount on one plan.
  const contosoDiscount = new PrivateOffer("contoso-analytics-discount", {
    privateOfferType: "customerPromotion",
    state: live,
    name: "Contoso analytics FY discount",
    variableStartDate: true,
    end,
    acceptBy,
    preparedBy: "deals@contoso-software.example",
    beneficiaries: [{ id: "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31", description: "Contoso Ltd" }],
    pricing: [{ product: analytics, plan: analyticsStandard, discountType: "percentage", discountPercentage: 15 }],
  });

  // 2. A customer offer with an absolute per-user price on a new private SaaS plan.
  const seats = new PrivateOfferPlanPricing("woodgrove-seats-pricing", {
    product: collaborate,
    plan: collaborateTeam,
    offerPricingType: "saasNewCustomizedPlans",
    pricing: {
      recurrentPrice: {
        recurrentPriceMode: "perUser",
        userLimits: { min: 20, max: 200 },
        prices: [{ billingTerm: monthly, paymentOption: monthly, pricePerPaymentInUsd: round >= 2 ? 9 : 10 }],
      },
    },
  });
  const woodgroveSeats = new PrivateOffer("woodgrove-seats", {
    privateOfferType: "customerPromotion",
    state: live,
    name: "Woodgrove collaboration seats",
    variableStartDate: true,
    end,
    acceptBy,
    beneficiaries: [{ id: "0c4d5e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f:0c4d5e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f_2021-02-01", description: "Woodgrove Bank" }],
    pricing: seats.document.apply((document) => [
      {
        product: collaborate,
        basePlan: collaborateTeam,
        discountType: "absolute" as const,
        priceDetails: { ...document },
        newPlanDetails: { name: "Woodgrove seats", description: "Collaborate Team for Woodgrove, 20 to 200 users" },
      },
    ]),
  });

  // 3. A margin for one CSP partner, restricted to two named end customers.
  const cspMargin = new PrivateOffer("reseller-margin", {
    privateOfferType: "cspPromotion",
    state: live,
    name: "Northwind reseller margin",
    start: `${year}-01-01`,
    end,
    beneficiaries: [
      {
        id: "6ea018a9-0a32-4b44-b904-39dd964dd790",
        description: "Northwind Traders (CSP)",
        recipients: ["a0c2b2e5-48b4-4f80-8a33-3cd9c6091234", "b1d3c3f6-59c5-4a91-9b44-4dea7d1a2345"],
      },
    ],
    pricing: [{ product: analytics, discountType: "percentage", discountPercentage: 8 }],
  });

  // 4. A multiparty offer: the software company prices it, the channel partner adds a markup and
  //    publishes it to the customer under its own credentials (profile "channelPartner").
  const multiparty = new PrivateOffer("fabrikam-multiparty", {
    privateOfferType: "multipartyPromotionOriginator",
    state: live,
    name: "Fabrikam premium via channel",
    variableStartDate: true,
    end,
    acceptBy,
    beneficiaries: [{ id: "7fb129b0-eb0d-4f5e-9a1c-2d3e4f5a6b7c:7fb129b0-eb0d-4f5e-9a1c-2d3e4f5a6b7c_2022-07-01", description: "Fabrikam Inc" }],
    partner: { id: channelPartnerSellerId, name: "Fabrikam Channel" },
    pricing: [{ product: analytics, plan: analyticsPremium, discountType: "percentage", discountPercentage: 20 }],
  });
  const multipartyCompletion = new PrivateOffer("fabrikam-multiparty-partner", {
    privateOfferType: "multipartyPromotionChannelPartner",
    state: live,
    account: "channelPartner",
    offerId: multiparty.offerId,
    preparedBy: "sales@fabrikam-channel.example",
    markups: [{ product: analytics, plan: analyticsPremium, markupPercentage: 4 }],
  });

  function summary(offer: PrivateOffer) {
    return { offerId: offer.offerId, state: offer.state, subState: offer.subState };
  }

  const offers = {
    "contoso-analytics-discount": summary(contosoDiscount),
    "woodgrove-seats": summary(woodgroveSeats),
    "reseller-margin": summary(cspMargin),
    "fabrikam-multiparty": summary(multiparty),
    "fabrikam-multiparty-partner": summary(multipartyCompletion),
  };
  const perUserPrice = seats.document.apply((d) => d.pricing?.recurrentPrice?.prices?.[0]?.pricePerPaymentInUsd);
  return { offers, perUserPrice };
}
