// The policy pack's rules as pure functions (policy/rules.ts): what each one flags, what it lets
// pass, and that every message names the offer, the limit and the value.
import { strict as assert } from "node:assert";
import {
  acceptByWindow,
  daysBetween,
  maxDiscount,
  maxTerm,
  nameConvention,
  offerProps,
  planPricingProps,
  preparedBy,
  priceFloor,
  ruleConfig,
  termMonths,
  UNKNOWN,
  withdrawalGuard,
  withdrawingChanges,
  type RecordedOffer,
} from "../../policy/rules";
import { recordedOffers, urnName, urnStack } from "../../policy/state";

const PRODUCT = "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51";
const PLAN = "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41";
const TODAY = "2027-01-15";

function offer(props: Record<string, unknown>) {
  return {
    resource: "contoso",
    props: offerProps.parse({
      privateOfferType: "customerPromotion",
      name: "Contoso FY27",
      variableStartDate: true,
      end: "2027-12-31",
      acceptBy: "2027-02-28",
      preparedBy: "deals@contoso.com",
      pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 10 }],
      ...props,
    }),
  };
}

describe("policy pack rules", () => {
  describe("reading inputs", () => {
    it("leaves out values unknown during preview or of another shape instead of failing", () => {
      const props = offerProps.parse({ name: UNKNOWN, end: UNKNOWN, acceptBy: 20270101, pricing: [UNKNOWN, { discountType: "percentage", discountPercentage: UNKNOWN }] });
      assert.equal(props.end, undefined);
      assert.equal(props.acceptBy, undefined);
      assert.equal(props.pricing[1]?.discountPercentage, undefined);
      assert.deepEqual(maxDiscount({ resource: "x", props }, ruleConfig("offer-max-discount", {})), []);
    });

    it("applies each rule's defaults and names a bad setting", () => {
      assert.equal(ruleConfig("offer-max-discount", undefined).maxPercent, 30);
      assert.equal(ruleConfig("offer-max-term", { enforcementLevel: "advisory" }).maxMonths, 36);
      assert.throws(() => ruleConfig("offer-accept-by-window", { maxDays: -1 }), /offer-accept-by-window: maxDays/);
      assert.throws(() => ruleConfig("offer-max-discount", { maxPercnt: 3 }), /policy config of offer-max-discount: maxPercnt: Unrecognized key/);
    });

    it("counts days and calendar months", () => {
      assert.equal(daysBetween("2027-01-15", "2027-02-14"), 30);
      assert.equal(termMonths("2027-01-01", "2027-12-31"), 12);
      assert.equal(termMonths("2027-01-15", "2029-12-31"), 36);
    });
  });

  describe("offer-max-discount", () => {
    const config = ruleConfig("offer-max-discount", { maxPercent: 25, products: { [PRODUCT]: 20 }, plans: { [PLAN]: 15 } });

    it("uses the plan's limit first, then the product's, then the default", () => {
      assert.deepEqual(maxDiscount(offer({}), config), []);
      const [onPlan] = maxDiscount(offer({ pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 16 }] }), config);
      assert.equal(onPlan, `offer "Contoso FY27" (resource contoso): 16% off ${PRODUCT} ${PLAN} is more than the largest discount allowed for ${PLAN}, 15%`);
      const [onProduct] = maxDiscount(offer({ pricing: [{ product: PRODUCT, discountType: "percentage", discountPercentage: 21 }] }), config);
      assert.match(onProduct ?? "", /21% off .* \(every plan\) is more than the largest discount allowed for product\/2d8f.*, 20%$/);
      const other = "product/11111111-2222-3333-4444-555555555555";
      const [anywhere] = maxDiscount(offer({ pricing: [{ product: other, discountType: "percentage", discountPercentage: 26 }] }), config);
      assert.match(anywhere ?? "", /26% off .* on any product or plan, 25%$/);
    });

    it("leaves absolute prices to plan-price-floor", () => {
      assert.deepEqual(maxDiscount(offer({ pricing: [{ product: PRODUCT, basePlan: PLAN, discountType: "absolute" }] }), config), []);
    });
  });

  describe("offer-max-term", () => {
    const config = ruleConfig("offer-max-term", { maxMonths: 24 });

    it("measures a fixed start to the end, and a variable start from this month", () => {
      assert.deepEqual(maxTerm(offer({ variableStartDate: false, start: "2027-02-01", end: "2029-01-31" }), config, TODAY), []);
      const [fixed] = maxTerm(offer({ variableStartDate: false, start: "2027-02-01", end: "2029-02-28" }), config, TODAY);
      assert.equal(fixed, `offer "Contoso FY27" (resource contoso): runs 25 months, from 2027-02-01 to 2029-02-28, longer than the longest term allowed, 24 months`);
      const [variable] = maxTerm(offer({ end: "2029-01-31" }), config, TODAY);
      assert.match(variable ?? "", /runs 25 months, from acceptance \(at the earliest this month, 2027-01\) to 2029-01-31/);
    });

    it("does not apply to a channel partner's completion, which has no dates of its own", () => {
      assert.deepEqual(maxTerm(offer({ privateOfferType: "multipartyPromotionChannelPartner", end: "2035-12-31" }), config, TODAY), []);
    });
  });

  describe("offer-accept-by-window", () => {
    const config = ruleConfig("offer-accept-by-window", { maxDays: 60 });

    it("flags a live offer whose accept-by is more than N days away, not a draft", () => {
      assert.deepEqual(acceptByWindow(offer({ acceptBy: "2027-03-16" }), config, TODAY), []);
      const [late] = acceptByWindow(offer({ acceptBy: "2027-03-17" }), config, TODAY);
      assert.equal(late, `offer "Contoso FY27" (resource contoso): accept-by 2027-03-17 is 61 days after publishing (2027-01-15), later than the 60 days allowed`);
      assert.deepEqual(acceptByWindow(offer({ acceptBy: "2027-09-30", state: "draft" }), config, TODAY), []);
    });
  });

  describe("offer-prepared-by", () => {
    const config = ruleConfig("offer-prepared-by", { domains: ["contoso.com", "@fabrikam.com"] });

    it("requires preparedBy at one of the domains, case aside", () => {
      assert.deepEqual(preparedBy(offer({ preparedBy: "Deals@Fabrikam.COM" }), config), []);
      assert.deepEqual(preparedBy(offer({ preparedBy: "someone@gmail.com" }), config), [
        `offer "Contoso FY27" (resource contoso): preparedBy someone@gmail.com is not an address at contoso.com or fabrikam.com`,
      ]);
      assert.match(preparedBy(offer({ preparedBy: undefined }), config)[0] ?? "", /preparedBy is missing/);
    });

    it("does not apply to a multiparty originator, which has no preparedBy", () => {
      assert.deepEqual(preparedBy(offer({ privateOfferType: "multipartyPromotionOriginator", preparedBy: undefined }), config), []);
    });
  });

  describe("offer-name-convention", () => {
    it("checks the name against the pattern and shows the example", () => {
      const config = ruleConfig("offer-name-convention", { pattern: "^[A-Z][A-Za-z0-9 ]+ FY\\d{2}$", example: "Contoso FY27" });
      assert.deepEqual(nameConvention(offer({}), config), []);
      assert.deepEqual(nameConvention(offer({ name: "contoso deal" }), config), [
        `offer "contoso deal" (resource contoso): the name "contoso deal" does not follow the naming convention /^[A-Z][A-Za-z0-9 ]+ FY\\d{2}$/, e.g. "Contoso FY27"`,
      ]);
    });

    it("by default only refuses names that start or end with white space", () => {
      const config = ruleConfig("offer-name-convention", {});
      assert.deepEqual(nameConvention(offer({ name: "anything goes" }), config), []);
      assert.equal(nameConvention(offer({ name: "trailing " }), config).length, 1);
    });
  });

  describe("plan-price-floor", () => {
    const pricing = (price: number, paymentOption?: unknown) => ({
      resource: "seats",
      props: planPricingProps.parse({
        product: PRODUCT,
        plan: PLAN,
        pricing: { recurrentPrice: { recurrentPriceMode: "perUser", prices: [{ billingTerm: { type: "year", value: 1 }, ...(paymentOption ? { paymentOption } : {}), pricePerPaymentInUsd: price }] } },
      }),
    });

    it("compares each price per month with the floor", () => {
      const config = ruleConfig("plan-price-floor", { minimumMonthlyUsd: 5 });
      assert.deepEqual(priceFloor(pricing(60), config), []);
      assert.deepEqual(priceFloor(pricing(5, { type: "month", value: 1 }), config), []);
      assert.deepEqual(priceFloor(pricing(4.5, { type: "month", value: 1 }), config), [
        `plan pricing resource seats (${PLAN}): $4.50 per user every 1 month(s) of the 1-year term is $4.50 per user a month, under the floor of $5 a month`,
      ]);
      assert.match(priceFloor(pricing(48), config)[0] ?? "", /\$48 per user every 12 month\(s\) of the 1-year term is \$4 per user a month/);
    });

    it("uses a plan's own floor first, and checks VM reservations per VM", () => {
      const config = ruleConfig("plan-price-floor", { minimumMonthlyUsd: 1, plans: { [PLAN]: 100 } });
      assert.equal(priceFloor(pricing(1200), config).length, 0);
      assert.equal(priceFloor(pricing(1188), config).length, 1);
      const vm = {
        resource: "vm",
        props: planPricingProps.parse({ plan: "plan/vm", softwareReservation: { paymentSchedule: { type: "year", value: 1 }, vmPrices: { "36Core": { quantity: 2, unitPricePerPaymentPeriodInUsd: 600 } } } }),
      };
      assert.deepEqual(priceFloor(vm, ruleConfig("plan-price-floor", { minimumMonthlyUsd: 60 })), [
        `plan pricing resource vm (plan/vm): 36Core at $600 per VM every 12 month(s) is $50 a month, under the floor of $60 a month`,
      ]);
    });

    it("is off with the default floor of 0", () => {
      assert.deepEqual(priceFloor(pricing(0), ruleConfig("plan-price-floor", {})), []);
    });
  });

  describe("offer-withdrawal-guard", () => {
    const URN = "urn:pulumi:prod::offers::pulumi-nodejs:dynamic/partnercenter:PrivateOffer::contoso";
    const inputs = {
      __provider: "exports.handler = ...",
      privateOfferType: "customerPromotion",
      name: "Contoso FY27",
      state: "live",
      end: "2027-12-31",
      acceptBy: "2027-02-28",
      pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 10 }],
    };
    const live: RecordedOffer = { urn: URN, resource: "contoso", inputs, outputs: { ...inputs, offerId: "private-offer/1", state: "live", subState: "pendingAcceptance" } };
    const config = ruleConfig("offer-withdrawal-guard", {});

    it("lets an unchanged offer pass, whether the engine shows its inputs or its recorded outputs", () => {
      assert.deepEqual(withdrawalGuard([live], [{ urn: URN, resource: "contoso", props: { ...inputs } }], config, TODAY), []);
      assert.deepEqual(withdrawalGuard([live], [{ urn: URN, resource: "contoso", props: { ...live.outputs } }], config, TODAY), []);
    });

    it("flags a change, a withdrawal and a removal of an offer awaiting acceptance", () => {
      const changed = withdrawalGuard([live], [{ urn: URN, resource: "contoso", props: { ...inputs, pricing: [{ ...inputs.pricing[0], discountPercentage: 12 }] } }], config, TODAY);
      assert.deepEqual(changed, [
        `offer "Contoso FY27" (resource contoso) is live and awaiting the customer's acceptance (accept-by 2027-02-28); changing pricing withdraws it and publishes it again, so the customer's acceptance link stops working until then; add "contoso" to allow of offer-withdrawal-guard in the policy config to do it anyway`,
      ]);
      const withdrawn = withdrawalGuard([live], [{ urn: URN, resource: "contoso", props: { ...inputs, state: "withdrawn" } }], config, TODAY);
      assert.match(withdrawn[0] ?? "", /setting state to withdrawn withdraws it/);
      const removed = withdrawalGuard([live], [], config, TODAY);
      assert.match(removed[0] ?? "", /removing it from the program withdraws it/);
    });

    it("treats a value unknown until apply as a change", () => {
      assert.deepEqual(withdrawingChanges(inputs, { ...inputs, end: UNKNOWN }), ["end (not known until apply)"]);
    });

    it("lets through an offer the config allows, by resource or offer name", () => {
      assert.deepEqual(withdrawalGuard([live], [], ruleConfig("offer-withdrawal-guard", { allow: ["contoso"] }), TODAY), []);
      assert.deepEqual(withdrawalGuard([live], [], ruleConfig("offer-withdrawal-guard", { allow: ["Contoso FY27"] }), TODAY), []);
    });

    it("does not guard drafts, accepted offers, CSP margins, offers past accept-by, or ones outside the window", () => {
      const cases: RecordedOffer[] = [
        { ...live, outputs: { ...live.outputs, state: "draft", subState: undefined } },
        { ...live, outputs: { ...live.outputs, subState: "accepted" } },
        { ...live, inputs: { ...inputs, privateOfferType: "cspPromotion" } },
        { ...live, inputs: { ...inputs, acceptBy: "2027-01-14" } },
      ];
      for (const old of cases) assert.deepEqual(withdrawalGuard([old], [], config, TODAY), [], JSON.stringify(old.outputs));
      assert.deepEqual(withdrawalGuard([live], [], ruleConfig("offer-withdrawal-guard", { acceptByWithinDays: 30 }), TODAY), []);
      assert.equal(withdrawalGuard([live], [], ruleConfig("offer-withdrawal-guard", { acceptByWithinDays: 44 }), TODAY).length, 1);
    });

    it("reads the offers of a stack export", () => {
      const exported = {
        version: 3,
        deployment: {
          resources: [
            { urn: "urn:pulumi:prod::offers::pulumi:pulumi:Stack::offers-prod", type: "pulumi:pulumi:Stack" },
            { urn: URN, type: "pulumi-nodejs:dynamic/partnercenter:PrivateOffer", inputs, outputs: live.outputs },
            { urn: `${URN}-old`, type: "pulumi-nodejs:dynamic/partnercenter:PrivateOffer", delete: true },
          ],
        },
      };
      assert.deepEqual(recordedOffers(exported), [live]);
      assert.deepEqual(recordedOffers({ version: 3, deployment: {} }), []);
      assert.throws(() => recordedOffers({ deployment: { resources: [{ urn: 1 }] } }), /no checkpoint this policy can read/);
      assert.equal(urnName(URN), "contoso");
      assert.equal(urnStack(URN), "prod");
    });
  });
});
