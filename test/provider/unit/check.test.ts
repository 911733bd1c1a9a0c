import assert from "node:assert/strict";
import { checkPlanPricing, checkPrivateOffer, type CheckFailure } from "../../../provider/schema/check";
import { mergePlanPricing } from "../../../provider/lifecycle/plan-pricing";
import { planPricingDocument, planPricingInputs } from "../../../provider/schema/plan-pricing";
import { UNKNOWN } from "../../../provider/schema/unknowns";
import { PLAN, PRODUCT, channelPartner, cspMargin, customerPercentage, customerSaas, originator, saasDocument } from "./samples";
import { future } from "../../support/dates";

function failuresOf(news: unknown): CheckFailure[] {
  const result = checkPrivateOffer(news);
  assert.equal(result.ok, false, "expected check failures");
  return result.failures;
}

function assertFailure(news: unknown, property: string, reasonPart: RegExp): void {
  const failures = failuresOf(news);
  const match = failures.find((f) => f.property === property && reasonPart.test(f.reason));
  assert.ok(match, `expected a failure at ${property} matching ${reasonPart}; got ${JSON.stringify(failures)}`);
}

describe("checkPrivateOffer", () => {
  describe("accepts each documented kind of offer", () => {
    const kinds: [string, () => Record<string, unknown>][] = [
      ["customer, percentage on a plan", customerPercentage],
      ["customer, new SaaS plan with absolute price", customerSaas],
      ["CSP margin restricted to a customer", cspMargin],
      ["multiparty originator", originator],
      ["multiparty channel partner", channelPartner],
    ];
    for (const [label, make] of kinds) {
      it(label, () => {
        const result = checkPrivateOffer({ ...make(), __provider: "serialized" });
        assert.deepEqual(result.failures, []);
        assert.equal(result.ok, true);
        assert.equal(result.containsUnknowns, false);
        assert.equal("__provider" in result.inputs, false);
      });
    }

    it("fills in what other inputs imply: state live, start variable, offer pricing type", () => {
      const result = checkPrivateOffer(customerSaas());
      assert.ok(result.ok);
      assert.equal(result.inputs.state, "live");
      if (result.inputs.privateOfferType !== "customerPromotion") assert.fail("wrong type");
      assert.equal(result.inputs.variableStartDate, true);
      assert.equal(result.inputs.offerPricingType, "saasNewCustomizedPlans");
    });

    it("accepts a draft without the fields a live offer needs", () => {
      const result = checkPrivateOffer({ privateOfferType: "customerPromotion", name: "Later", state: "draft" });
      assert.deepEqual(result.failures, []);
    });

    it("accepts a VM software reservation without new plan details", () => {
      const vm = { ...saasDocument, offerPricingType: "vmSoftwareReservations", pricing: undefined, softwareReservation: { vmPrices: {} } };
      const result = checkPrivateOffer({ ...customerPercentage(), pricing: [{ product: PRODUCT, basePlan: PLAN, discountType: "absolute", priceDetails: vm }] });
      assert.deepEqual(result.failures, []);
    });
  });

  describe("rejects each rule's violation at its property", () => {
    it("an unknown offer type, naming the valid ones", () => {
      assertFailure({ ...customerPercentage(), privateOfferType: "customer" }, "privateOfferType", /customerPromotion.*cspPromotion/);
    });
    it("forbidden characters in the name", () => assertFailure({ ...customerPercentage(), name: "Contoso #1" }, "name", /# %/));
    it("a name longer than 128 characters", () => assertFailure({ ...customerPercentage(), name: "x".repeat(129) }, "name", /at most 128/));
    it("acceptBy on a CSP offer, saying where it belongs", () =>
      assertFailure({ ...cspMargin(), acceptBy: future("01-31", 1) }, "acceptBy", /not a property of a cspPromotion offer.*customerPromotion/));
    it("a misspelt property", () => assertFailure({ ...customerPercentage(), acceptby: future("01-31", 1) }, "acceptby", /check its spelling/));
    it("a date that is not YYYY-MM-DD", () => assertFailure({ ...customerPercentage(), end: "30/06/2027" }, "end", /YYYY-MM-DD/));
    it("an impossible date", () => assertFailure({ ...customerPercentage(), end: future("02-30", 1) }, "end", /calendar date/));
    for (const property of ["end", "acceptBy", "beneficiaries", "pricing"]) {
      it(`a live customer offer without ${property}`, () => {
        const news = customerPercentage();
        delete news[property];
        assertFailure(news, property, /required for a live offer/);
      });
    }
    it("a live originator offer without its partner", () => {
      const news = originator();
      delete news["partner"];
      assertFailure(news, "partner", /channel partner/);
    });
    it("two customers on one customer offer", () => {
      const news = customerPercentage();
      news["beneficiaries"] = [{ id: "a" }, { id: "b" }];
      assertFailure(news, "beneficiaries", /exactly one/);
    });
    it("start together with variableStartDate true", () =>
      assertFailure({ ...customerPercentage(), start: future("01-01", 1) }, "start", /left out when variableStartDate is true/));
    it("variableStartDate false without start", () =>
      assertFailure({ ...customerPercentage(), variableStartDate: false }, "start", /required when variableStartDate is false/));
    it("a discount outside 0.01-100", () => {
      assertFailure({ ...customerPercentage(), pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 0 }] }, "pricing[0].discountPercentage", /0.01 and 100/);
    });
    it("a discount that is not a number", () => {
      assertFailure({ ...customerPercentage(), pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: "5" }] }, "pricing[0].discountPercentage", /must be a number/);
    });
    it("more than 10 pricing items", () => {
      const pricing = Array.from({ length: 11 }, (_, i) => ({ product: PRODUCT, plan: `${PLAN}${i}`, discountType: "percentage", discountPercentage: 5 }));
      assertFailure({ ...customerPercentage(), pricing }, "pricing", /at most 10/);
    });
    it("the same plan twice", () => {
      const item = { product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 5 };
      assertFailure({ ...customerPercentage(), pricing: [item, item] }, "pricing[1]", /same product and plan as pricing\[0\]/);
    });
    it("more than 5 notification contacts", () => {
      const contacts = Array.from({ length: 6 }, (_, i) => `p${i}@contoso.com`);
      assertFailure({ ...customerPercentage(), notificationContacts: contacts }, "notificationContacts", /at most 5/);
    });
    it("notes longer than 60 characters", () => assertFailure({ ...originator(), notes: "n".repeat(61) }, "notes", /at most 60/));
    it("a SAS URL that is not https", () =>
      assertFailure({ ...customerPercentage(), termsAndConditionsDocSasUrl: "http://example.com/t.pdf" }, "termsAndConditionsDocSasUrl", /https/));
    it("a new SaaS plan without its name and description", () => {
      const news = customerSaas();
      const [item] = news["pricing"] as Record<string, unknown>[];
      delete item!["newPlanDetails"];
      assertFailure(news, "pricing[0].newPlanDetails", /required with offerPricingType saasNewCustomizedPlans/);
    });
    it("new plan details on a VM software reservation", () => {
      const vm = { ...saasDocument, offerPricingType: "vmSoftwareReservations" };
      assertFailure(
        { ...customerPercentage(), pricing: [{ product: PRODUCT, basePlan: PLAN, discountType: "absolute", priceDetails: vm, newPlanDetails: { name: "n", description: "d" } }] },
        "pricing[0].newPlanDetails",
        /VM software reservations/,
      );
    });
    it("a percentage discount mixed into a new-plan offer", () => {
      const news = customerSaas();
      (news["pricing"] as unknown[]).push({ product: PRODUCT, plan: `${PLAN}9`, discountType: "percentage", discountPercentage: 5 });
      assertFailure(news, "pricing[1].discountType", /one offerPricingType/);
    });
    it("an absolute price on the whole product", () => {
      const doc = { ...saasDocument, offerPricingType: "editExistingOfferPricingOnly" };
      assertFailure({ ...customerPercentage(), pricing: [{ product: PRODUCT, discountType: "absolute", priceDetails: doc }] }, "pricing[0].plan", /one plan/);
    });
    it("a price document of another plan", () => {
      const news = customerSaas();
      const [item] = news["pricing"] as Record<string, unknown>[];
      item!["basePlan"] = `${PLAN}0`;
      assertFailure(news, "pricing[0].priceDetails.plan", /PrivateOfferPlanPricing of this plan/);
    });
    it("a channel partner without preparedBy", () => {
      const news = channelPartner();
      delete news["preparedBy"];
      assertFailure(news, "preparedBy", /required from the channel partner/);
    });
    it("a markup with more than 8 decimals", () => {
      assertFailure({ ...channelPartner(), markups: [{ product: PRODUCT, markupPercentage: 1.123456789 }] }, "markups[0].markupPercentage", /8 decimal/);
    });
    it("a markup on a customer offer's pricing", () => {
      assertFailure(
        { ...customerPercentage(), pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 5, markupPercentage: 1 }] },
        "pricing[0].markupPercentage",
        /channel partner/,
      );
    });
    it("reports every problem at once", () => {
      const failures = failuresOf({ ...cspMargin(), name: "a/b", acceptBy: future("01-31", 1), end: undefined });
      assert.deepEqual(failures.map((f) => f.property).sort(), ["acceptBy", "end", "name"]);
    });
  });

  it("turns month-boundary rules into warnings, not failures", () => {
    const result = checkPrivateOffer({ ...cspMargin(), start: future("01-15", 1), end: future("12-30", 1) });
    assert.equal(result.ok, true);
    assert.deepEqual(result.warnings.map((w) => w.property).sort(), ["end", "start"]);
  });

  describe("values unknown during preview", () => {
    it("accepts them anywhere, nested too, and says the inputs contain unknowns", () => {
      const news = customerSaas();
      news["end"] = UNKNOWN;
      news["beneficiaries"] = [{ id: UNKNOWN, description: "Contoso" }];
      const [item] = news["pricing"] as Record<string, unknown>[];
      item!["priceDetails"] = UNKNOWN;
      const result = checkPrivateOffer(news);
      assert.deepEqual(result.failures, []);
      assert.equal(result.containsUnknowns, true);
      assert.equal(result.inputs["state" as keyof typeof result.inputs], "live");
    });
    it("still reports the known problems next to them", () => {
      const result = checkPrivateOffer({ ...customerPercentage(), end: UNKNOWN, name: "bad@name" });
      assert.deepEqual(result.failures.map((f) => f.property), ["name"]);
    });
    it("accepts a whole list that is unknown", () => {
      const result = checkPrivateOffer({ ...customerPercentage(), pricing: UNKNOWN });
      assert.deepEqual(result.failures, []);
      assert.equal(result.containsUnknowns, true);
    });
    it("leaves the pricing type inferred from unknown pricing unknown too, not missing", () => {
      const result = checkPrivateOffer({ ...customerPercentage(), pricing: UNKNOWN });
      assert.equal(result.inputs["offerPricingType" as keyof typeof result.inputs], UNKNOWN);
      const known = checkPrivateOffer(customerPercentage());
      assert.equal(known.inputs["offerPricingType" as keyof typeof known.inputs], "editExistingOfferPricingOnly");
    });
  });
});

describe("checkPlanPricing and the template merge", () => {
  const template = {
    $schema: "https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2025-06-01",
    id: "price-and-availability-private-offer-plan/x/1",
    product: PRODUCT,
    plan: PLAN,
    validations: [],
    pricing: {
      recurrentPrice: {
        recurrentPriceMode: "flatRate",
        priceInputOption: "usd",
        prices: [
          { billingTerm: { type: "month", value: 1 }, pricePerPaymentInUsd: 10 },
          { billingTerm: { type: "year", value: 1 }, paymentOption: { type: "month", value: 1 }, pricePerPaymentInUsd: 9 },
        ],
      },
      customMeters: { priceInputOption: "usd", meters: { api: { pricePerPaymentInUsd: 0.1 } } },
    },
  };

  it("keeps the template's prices the user leaves out and replaces the ones given", () => {
    const inputs = planPricingInputs.parse({
      product: PRODUCT,
      plan: PLAN,
      offerPricingType: "saasNewCustomizedPlans",
      pricing: {
        recurrentPrice: { recurrentPriceMode: "perUser", userLimits: { min: 20, max: 100 }, prices: [{ billingTerm: { type: "month", value: 1 }, pricePerPaymentInUsd: 7 }] },
        customMeters: { api: { includedQuantities: [{ billingTerm: { type: "month", value: 1 }, quantity: 1000 }] } },
      },
    });
    const document = mergePlanPricing(inputs, planPricingDocument.parse(template));
    assert.deepEqual(document, {
      $schema: "https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2025-06-01",
      product: PRODUCT,
      plan: PLAN,
      offerPricingType: "saasNewCustomizedPlans",
      pricing: {
        recurrentPrice: {
          recurrentPriceMode: "perUser",
          priceInputOption: "usd",
          userLimits: { min: 20, max: 100 },
          prices: [
            { billingTerm: { type: "month", value: 1 }, pricePerPaymentInUsd: 7 },
            { billingTerm: { type: "year", value: 1 }, paymentOption: { type: "month", value: 1 }, pricePerPaymentInUsd: 9 },
          ],
        },
        customMeters: {
          priceInputOption: "usd",
          meters: { api: { pricePerPaymentInUsd: 0.1, includedQuantities: [{ billingTerm: { type: "month", value: 1 }, quantity: 1000, isInfinite: false }] } },
        },
      },
    });
    assert.equal(JSON.stringify(document).includes("validations"), false);
  });

  it("rejects user limits on a flat rate and a min above max", () => {
    const result = checkPlanPricing({ product: PRODUCT, plan: PLAN, pricing: { recurrentPrice: { recurrentPriceMode: "flatRate", userLimits: { min: 5, max: 2 } } } });
    assert.deepEqual(result.failures.map((f) => f.property).sort(), ["pricing.recurrentPrice.userLimits", "pricing.recurrentPrice.userLimits.min"]);
  });

  it("rejects a 2-year software reservation and a reservation on a SaaS document", () => {
    const result = checkPlanPricing({
      product: PRODUCT,
      plan: PLAN,
      softwareReservation: { reservationDuration: { type: "year", value: 2 }, paymentSchedule: { type: "year", value: 1 }, vmPrices: { "36Core": { quantity: 4, unitPricePerPaymentPeriodInUsd: 0.04 } } },
    });
    assert.deepEqual(result.failures.map((f) => f.property).sort(), ["softwareReservation", "softwareReservation.reservationDuration"]);
  });

  it("rejects an included quantity without a quantity unless infinite", () => {
    const result = checkPlanPricing({ product: PRODUCT, plan: PLAN, pricing: { customMeters: { m: { includedQuantities: [{ billingTerm: { type: "month", value: 1 } }] } } } });
    assert.deepEqual(result.failures.map((f) => f.property), ["pricing.customMeters.m.includedQuantities[0].quantity"]);
  });

  it("rejects a plan that is not a durable id", () => {
    const result = checkPlanPricing({ product: PRODUCT, plan: "123456" });
    assert.deepEqual(result.failures.map((f) => f.property), ["plan"]);
  });
});
