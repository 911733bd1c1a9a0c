// Values check refuses for what they say, not their type: ids left as the placeholders of an example
// or the README, names of only whitespace, and end or accept-by dates already past by the UTC date
// check runs on (the clock injected).
import assert from "node:assert/strict";
import { checkPlanPricing, checkPrivateOffer, type CheckFailure, type CheckOptions } from "../../../provider/schema/check";
import { placeholderIn } from "../../../provider/schema/placeholders";
import { createPrivateOfferProvider } from "../../../provider/dynamic/private-offer";
import { ProviderRuntime } from "../../../provider/dynamic/runtime";
import { channelPartner, cspMargin, customerPercentage, customerSaas, originator, PLAN, PRODUCT } from "./samples";

function failuresOf(news: Record<string, unknown>, options: CheckOptions = {}): CheckFailure[] {
  return checkPrivateOffer(news, options).failures;
}

function failureAt(failures: CheckFailure[], property: string): CheckFailure {
  const found = failures.find((f) => f.property === property);
  assert.ok(found, `no failure at ${property}: ${JSON.stringify(failures)}`);
  return found;
}

/** A clock at noon UTC of a day. */
const at = (day: string) => ({ now: () => Date.parse(`${day}T12:00:00Z`) });

describe("check: placeholders left from an example or the README", () => {
  it("finds the placeholders examples use, and no real id", () => {
    for (const value of ["<guid>", "<billing account id>", "product/<guid>", "plan/<guid>/<guid>", "{productId}", "00000000-0000-0000-0000-000000000000", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "REPLACE_ME", "your-billing-account", "TODO", "..."]) {
      assert.ok(placeholderIn(value), value);
    }
    for (const value of [PRODUCT, PLAN, "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31", "2000002", "private-offer/6c1e3a5b-7d9f-4b2d-8e0a-3c5e7a9b1d4f"]) {
      assert.equal(placeholderIn(value), undefined, value);
    }
  });

  it("README's example as written is refused at the beneficiary, the product and the plan, each called a placeholder to replace", () => {
    const failures = failuresOf({
      ...customerPercentage(),
      beneficiaries: [{ id: "<billing account id>", description: "Contoso" }],
      pricing: [{ product: "product/<guid>", plan: "plan/<guid>/<guid>", discountType: "percentage", discountPercentage: 10 }],
    });
    assert.match(failureAt(failures, "beneficiaries[0].id").reason, /is a placeholder \("<billing account id>"\) left from an example or the README: replace it with the customer's billing account id/);
    assert.match(failureAt(failures, "pricing[0].product").reason, /is a placeholder \("<guid>"\) .*replace it with your product's durable id/);
    assert.match(failureAt(failures, "pricing[0].plan").reason, /is a placeholder \("<guid>"\) .*replace it with the plan's durable id/);
    // Said once per value, not also as a malformed id.
    assert.equal(failures.filter((f) => f.property === "pricing[0].product").length, 1);
  });

  it("every id a program copies in: CSP partner and its customers, channel partner, offers adopted or upgraded, markups, plan pricing", () => {
    const csp = failuresOf({ ...cspMargin(), beneficiaries: [{ id: "<CSP tenant id>", recipients: ["<customer tenant>"] }] });
    assert.match(failureAt(csp, "beneficiaries[0].id").reason, /placeholder .*CSP partner's Microsoft Entra tenant id/);
    assert.match(failureAt(csp, "beneficiaries[0].recipients[0]").reason, /placeholder/);
    const mpo = failuresOf({ ...originator(), partner: { id: "<seller id>", name: "Fabrikam" } });
    assert.match(failureAt(mpo, "partner.id").reason, /placeholder .*channel partner's seller id/);
    assert.match(failureAt(failuresOf({ ...customerPercentage(), adoptExistingId: "private-offer/<guid>" }), "adoptExistingId").reason, /placeholder/);
    assert.match(failureAt(failuresOf({ ...customerPercentage(), upgradedFrom: { id: "private-offer/<guid>", name: "Old" } }), "upgradedFrom.id").reason, /placeholder/);
    assert.match(failureAt(failuresOf({ ...channelPartner(), offerId: "private-offer/<guid from the software company>" }), "offerId").reason, /placeholder/);
    assert.match(failureAt(failuresOf({ ...channelPartner(), markups: [{ product: "product/<guid>", markupPercentage: 3 }] }), "markups[0].product").reason, /placeholder/);
    const pricing = checkPlanPricing({ product: "product/<guid>", plan: "plan/<guid>" }).failures;
    assert.match(failureAt(pricing, "product").reason, /placeholder/);
    assert.match(failureAt(pricing, "plan").reason, /placeholder/);
  });
});

describe("check: names of only whitespace", () => {
  for (const name of [" ", "   ", "\t", " \n "]) {
    it(`the offer's name ${JSON.stringify(name)} is refused at name`, () => {
      const failures = failuresOf({ ...customerPercentage(), name });
      assert.ok(failures.some((f) => f.property === "name" && /whitespace|control characters/.test(f.reason)), JSON.stringify(failures));
    });
  }
  it("so are the other names a customer reads: a new plan's, the channel partner's, a terms document's", () => {
    assert.match(failureAt(failuresOf({ ...originator(), partner: { id: "2000002", name: "  " } }), "partner.name").reason, /must not be only whitespace/);
    const saas = customerSaas();
    const item = (saas["pricing"] as Record<string, unknown>[])[0]!;
    item["newPlanDetails"] = { name: " ", description: "Seats" };
    assert.match(failureAt(failuresOf(saas), "pricing[0].newPlanDetails.name").reason, /must not be only whitespace/);
    const terms = [{ sasUrl: "https://example.blob.core.windows.net/terms.pdf?sig=secret", fileName: "\t", customerFacingDocumentName: "Terms" }];
    assert.match(failureAt(failuresOf({ ...originator(), termsAndConditionsDocs: terms }), "termsAndConditionsDocs[0].fileName").reason, /must not be only whitespace/);
  });
});

describe("check: end and accept-by dates already past", () => {
  const today = at("2031-05-15");

  it("refuses each with its property, its date and today's UTC date", () => {
    const failures = failuresOf({ ...customerPercentage(), end: "2031-04-30", acceptBy: "2031-05-14" }, { clock: today });
    assert.match(failureAt(failures, "end").reason, /^is 2031-04-30, a date already past \(today is 2031-05-15 UTC\)/);
    assert.match(failureAt(failures, "acceptBy").reason, /^is 2031-05-14, a date already past \(today is 2031-05-15 UTC\): the customer could no longer accept/);
  });

  it("accepts today and later, and judges by the UTC date whatever the time of day", () => {
    assert.deepEqual(failuresOf({ ...customerPercentage(), end: "2031-05-31", acceptBy: "2031-05-15" }, { clock: today }), []);
    const lateEvening = { now: () => Date.parse("2031-05-15T23:59:59Z") };
    assert.deepEqual(failuresOf({ ...customerPercentage(), end: "2031-05-31", acceptBy: "2031-05-15" }, { clock: lateEvening }), []);
    const justAfter = { now: () => Date.parse("2031-05-16T00:00:00Z") };
    assert.equal(failureAt(failuresOf({ ...customerPercentage(), end: "2031-05-31", acceptBy: "2031-05-15" }, { clock: justAfter }), "acceptBy").property, "acceptBy");
  });

  it("applies to every publisher's offer type and state, not to the channel partner's completion (it has no dates)", () => {
    for (const make of [customerPercentage, cspMargin, originator]) {
      for (const state of ["live", "draft", "withdrawn"]) {
        const failures = failuresOf({ ...make(), state, end: "2031-01-31" }, { clock: today });
        assert.equal(failureAt(failures, "end").property, "end", `${String(make().privateOfferType)} ${state}`);
      }
    }
    assert.deepEqual(failuresOf(channelPartner(), { clock: today }), []);
  });

  it("leaves alone a date the resource already had: an accepted offer whose accept-by date went by must not block the stack's previews", () => {
    const previous = { ...customerPercentage(), end: "2031-06-30", acceptBy: "2031-03-31" };
    assert.deepEqual(failuresOf({ ...previous, notes: "changed" }, { clock: today, previous }), []);
    // A date changed to another past date is refused.
    assert.equal(failureAt(failuresOf({ ...previous, acceptBy: "2031-04-30" }, { clock: today, previous }), "acceptBy").property, "acceptBy");
  });

  it("the provider's check takes today from the clock it is given, and update compares with the outputs in state", async () => {
    const runtime = new ProviderRuntime({ env: {}, progress: () => {} });
    const offers = createPrivateOfferProvider(runtime, { clock: today });
    const fresh = await offers.check!({}, { ...customerPercentage(), end: "2031-04-30" });
    assert.match(failureAt(fresh.failures ?? [], "end").reason, /already past \(today is 2031-05-15 UTC\)/);
    const olds = { ...customerPercentage(), end: "2031-04-30" };
    const kept = await offers.check!(olds, { ...customerPercentage(), end: "2031-04-30", notes: "changed" });
    assert.deepEqual(kept.failures, []);
  });
});
