// Upgrades (renewals) of accepted offers, rule by rule, each kept and broken (emulator/README.md,
// "Decisions", "Upgrades of accepted offers").

import assert from "node:assert/strict";
import type { JsonObject } from "../../../emulator/contracts";
import { ISV, OTHER, PARTNER, SAMPLE_PRODUCT, customerOffer, originatorOffer, partnerCompletion, setUp, transition } from "./support";

type Setup = ReturnType<typeof setUp>;
interface JobErrorItem {
  code: string;
  message: string;
  resourceId: string;
  target?: string;
}

const guidOf = (offer: JsonObject) => String(offer["id"]).split("/")[1] ?? "";
const PLAN_A = "plan/123456";
const PLAN_B = "plan/987654";

/** The original: a fixed-term customer offer on two plans, July 2026 to June 2027. */
function original(overrides: JsonObject = {}): JsonObject {
  return customerOffer({
    name: "Contoso FY27",
    variableStartDate: false,
    start: "2026-07-01",
    end: "2027-06-30",
    acceptBy: "2026-06-30",
    pricing: [
      { product: SAMPLE_PRODUCT, plan: PLAN_A, discountType: "percentage", discountPercentage: 10 },
      { product: SAMPLE_PRODUCT, plan: PLAN_B, discountType: "percentage", discountPercentage: 5 },
    ],
    ...overrides,
  });
}

/** The renewal of `of`: July 2027 to June 2028, a deeper discount on plan A. */
function renewal(of: JsonObject, overrides: JsonObject = {}): JsonObject {
  return customerOffer({
    name: "Contoso FY28",
    upgradedFrom: { id: of["id"], name: of["name"] },
    variableStartDate: false,
    start: "2027-07-01",
    end: "2028-06-30",
    acceptBy: "2027-06-30",
    pricing: [{ product: SAMPLE_PRODUCT, plan: PLAN_A, discountType: "percentage", discountPercentage: 15 }],
    ...overrides,
  });
}

function acceptedOriginal(s: Setup, overrides: JsonObject = {}): JsonObject {
  const offer = s.succeed(ISV, [original(overrides)]);
  assert.equal(s.domain.acceptOffer(guidOf(offer), undefined).status, 200);
  return s.get(ISV, String(offer["id"])).body;
}

/** Runs resources that must fail with one error item; answers it. */
function refusedWith(s: Setup, resources: JsonObject[], code: string, target: string, says: RegExp): JobErrorItem {
  const errors = s.refuse(ISV, resources) as JobErrorItem[];
  const error = errors.find((e) => e.target === target);
  assert.ok(error, `expected an error at ${target}; got ${JSON.stringify(errors, null, 2)}`);
  assert.equal(error.code, code);
  assert.match(error.message, says);
  return error;
}

describe("emulator domain: upgrades of accepted offers", () => {
  describe("a renewal", () => {
    it("is a new live offer pending acceptance that shows upgradedFrom; the original reads as before, accepted", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      const upgrade = s.succeed(ISV, [renewal(old)]);
      const read = s.get(ISV, String(upgrade["id"])).body;
      assert.notEqual(read["id"], old["id"]);
      assert.deepEqual(read["upgradedFrom"], { id: old["id"], name: "Contoso FY27" });
      assert.equal(read["state"], "live");
      assert.equal(read["subState"], "pendingAcceptance");
      const after = s.get(ISV, String(old["id"])).body;
      assert.deepEqual(after, old, "the original is untouched: same content, state, subState and eTag");
      assert.equal(after["upgradedFrom"], undefined);
      assert.equal(s.domain.acceptOffer(guidOf(upgrade), undefined).status, 200);
      assert.equal(s.get(ISV, String(upgrade["id"])).body["subState"], "accepted");
      assert.equal(s.get(ISV, String(old["id"])).body["subState"], "accepted", "the original stays accepted until it ends");
    });

    it("renews a CSP offer for the same partners", () => {
      const s = setUp();
      const csp = { privateOfferType: "cspPromotion", acceptBy: undefined, beneficiaries: [{ id: "tenant-a" }, { id: "tenant-b" }] };
      const old = acceptedOriginal(s, csp);
      const upgrade = s.succeed(ISV, [renewal(old, { ...csp, beneficiaries: [{ id: "TENANT-B" }, { id: "tenant-a" }] })]);
      assert.equal(upgrade["privateOfferType"], "cspPromotion");
    });
  });

  describe("the original exists, is the caller's, and was accepted", () => {
    it("fails for an id that names no offer, another account's offer, or a deleted one", () => {
      const s = setUp();
      const unknown = { id: "private-offer/00000000-0000-4000-8000-0000000000ff", name: "Contoso FY27" };
      const missing = refusedWith(s, [renewal(unknown)], "notFound", "resources[0].upgradedFrom.id", /does not exist or is not visible to this account/);
      assert.equal(missing.resourceId, "resources[0]");
      const theirs = s.succeed(OTHER, [original()]);
      s.domain.acceptOffer(guidOf(theirs), undefined);
      refusedWith(s, [renewal(theirs)], "notFound", "resources[0].upgradedFrom.id", /not visible to this account/);
      assert.equal(s.succeed(OTHER, [renewal(theirs)])["state"], "live", "its owner can upgrade it");
      const draft = s.succeed(ISV, [original({ state: "draft" })]);
      s.succeed(ISV, [transition(draft, "deleted")]);
      refusedWith(s, [renewal(draft)], "notFound", "resources[0].upgradedFrom.id", /has been deleted/);
    });

    it("fails while the original is pending acceptance, draft or withdrawn, and succeeds once it is accepted", () => {
      const s = setUp();
      const pending = s.succeed(ISV, [original()]);
      refusedWith(s, [renewal(pending)], "invalidState", "resources[0].upgradedFrom.id", /is live and pendingAcceptance: only an offer the customer has accepted can be upgraded.*withdraw it/);
      const draft = s.succeed(ISV, [original({ state: "draft" })]);
      refusedWith(s, [renewal(draft)], "invalidState", "resources[0].upgradedFrom.id", /is draft: only an offer the customer has accepted/);
      const withdrawn = s.succeed(ISV, [original()]);
      s.succeed(ISV, [transition(withdrawn, "withdrawn")]);
      refusedWith(s, [renewal(withdrawn)], "invalidState", "resources[0].upgradedFrom.id", /is withdrawn/);
      s.domain.acceptOffer(guidOf(pending), undefined);
      assert.equal(s.succeed(ISV, [renewal(pending)])["state"], "live");
    });

    it("a multiparty offer cannot be upgraded, even accepted", () => {
      const s = setUp();
      const mpo = s.succeed(ISV, [originatorOffer({ variableStartDate: false, start: "2026-07-01" })]);
      s.succeed(PARTNER, [partnerCompletion(s.get(PARTNER, String(mpo["id"])).body)]);
      assert.equal(s.domain.acceptOffer(guidOf(mpo), undefined).status, 200);
      refusedWith(s, [renewal(mpo)], "invalidResource", "resources[0].upgradedFrom.id", /is a multipartyPromotionOriginator offer: only customer and CSP offers can be upgraded/);
    });
  });

  describe("same customer, same offer type, same pricing type", () => {
    it("fails for another billing account; the same one with other casing and description passes", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      refusedWith(s, [renewal(old, { beneficiaries: [{ id: "billing-account-2" }] })], "invalidResource", "resources[0].beneficiaries[0].id", /must name the customer of private-offer\/.* \(billing account billing-account-1\)/);
      assert.equal(s.succeed(ISV, [renewal(old, { beneficiaries: [{ id: "BILLING-ACCOUNT-1", description: "Contoso Ltd" }] })])["state"], "live");
    });

    it("fails for a CSP upgrade that changes the partners", () => {
      const s = setUp();
      const csp = { privateOfferType: "cspPromotion", acceptBy: undefined, beneficiaries: [{ id: "tenant-a" }, { id: "tenant-b" }] };
      const old = acceptedOriginal(s, csp);
      refusedWith(s, [renewal(old, { ...csp, beneficiaries: [{ id: "tenant-a" }] })], "invalidResource", "resources[0].beneficiaries", /must be the CSP partners of .* \(tenant-a, tenant-b\)/);
    });

    it("fails when a CSP offer upgrades a customer offer", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      refusedWith(s, [renewal(old, { privateOfferType: "cspPromotion", acceptBy: undefined })], "invalidResource", "resources[0].privateOfferType", /must be customerPromotion, the type of/);
    });

    it("fails when offerPricingType differs from the original's (absent means editExistingOfferPricingOnly)", () => {
      const s = setUp();
      const old = acceptedOriginal(s, { offerPricingType: undefined });
      refusedWith(s, [renewal(old, { offerPricingType: "saasNewCustomizedPlans" })], "invalidResource", "resources[0].offerPricingType", /must be editExistingOfferPricingOnly/);
      assert.equal(s.succeed(ISV, [renewal(old, { offerPricingType: "editExistingOfferPricingOnly" })])["state"], "live");
    });
  });

  describe("upgradedFrom.name", () => {
    it("must be the original's current name, edits in Partner Center included", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      refusedWith(s, [renewal(old, { upgradedFrom: { id: old["id"], name: "Contoso FY26" } })], "invalidResource", "resources[0].upgradedFrom.name", /is "Contoso FY26", but .* is named "Contoso FY27"/);
      s.domain.editOffer(guidOf(old), { name: "Contoso FY27 (signed)" });
      refusedWith(s, [renewal(old)], "invalidResource", "resources[0].upgradedFrom.name", /is named "Contoso FY27 \(signed\)"/);
      assert.equal(s.succeed(ISV, [renewal(old, { upgradedFrom: { id: old["id"], name: "Contoso FY27 (signed)" } })])["state"], "live");
    });

    it("the upgrade's own name may be anything, the original's included", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      assert.equal(s.succeed(ISV, [renewal(old, { name: "Contoso FY27" })])["name"], "Contoso FY27");
    });
  });

  describe("dates: the upgrade starts after the original ends", () => {
    it("fails for a start on or before the original's end; the day after passes", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      refusedWith(s, [renewal(old, { start: "2027-06-30" })], "conflict", "resources[0].start", /start 2027-06-30 is not after 2027-06-30, the end of .* Start it on 2027-07-01 or later/);
      refusedWith(s, [renewal(old, { start: "2027-01-01" })], "conflict", "resources[0].start", /may not overlap/);
      const upgrade = s.succeed(ISV, [renewal(old, { start: "2027-07-01" })]);
      assert.equal(upgrade["start"], "2027-07-01");
    });

    it("fails for a variable start, which could begin before the original ends", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      refusedWith(s, [renewal(old, { variableStartDate: true, start: undefined })], "invalidResource", "resources[0].variableStartDate", /must not be true on an upgrade.*ends on 2027-06-30.*\(2027-07-01 or later\)/);
    });

    it("measures from the end of an original with a variable start; acceptBy is free", () => {
      const s = setUp();
      const old = acceptedOriginal(s, { variableStartDate: true, start: undefined, end: "2026-12-31" });
      refusedWith(s, [renewal(old, { start: "2026-12-01" })], "conflict", "resources[0].start", /not after 2026-12-31/);
      assert.equal(s.succeed(ISV, [renewal(old, { start: "2027-01-01", acceptBy: "2027-03-31" })])["state"], "live");
    });
  });

  describe("pricing: changed for the original's plans, carried over for the others, none added", () => {
    it("keeps the original's items in order, each replaced by the request's item for the same plan", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      const upgrade = s.succeed(ISV, [renewal(old)]);
      const pricing = s.get(ISV, String(upgrade["id"])).body["pricing"] as JsonObject[];
      assert.deepEqual(
        pricing.map((item) => [item["plan"], item["discountPercentage"], item["planName"]]),
        [
          [PLAN_A, 15, "Sample plan 123456"],
          [PLAN_B, 5, "Sample plan 987654"],
        ],
      );
    });

    it("matches a plan however it is spelled (plan/<externalId> or plan/<product>/<plan guid>)", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      const durablePlan = "plan/34771906-9711-4196-9f60-4af380fd5042/b8d2f1e3-2345-4a67-9bac-000000987654";
      const upgrade = s.succeed(ISV, [renewal(old, { pricing: [{ product: SAMPLE_PRODUCT, plan: durablePlan, discountType: "percentage", discountPercentage: 7 }] })]);
      const pricing = s.get(ISV, String(upgrade["id"])).body["pricing"] as JsonObject[];
      assert.deepEqual(pricing.map((item) => item["discountPercentage"]), [10, 7]);
      assert.equal(pricing[1]?.["plan"], durablePlan, "the replacing item is stored as sent");
    });

    it("fails for a plan or product the original does not price, and for one plan priced twice", () => {
      const s = setUp();
      const old = acceptedOriginal(s, { pricing: [{ product: SAMPLE_PRODUCT, plan: PLAN_A, discountType: "percentage", discountPercentage: 10 }] });
      const added = { product: SAMPLE_PRODUCT, plan: PLAN_B, discountType: "percentage", discountPercentage: 5 };
      refusedWith(s, [renewal(old, { pricing: [added] })], "invalidResource", "resources[0].pricing[0]", /plan\/987654 is not priced in .*cannot add one; for another product or plan, create a new private offer/);
      const wholeProduct = { product: SAMPLE_PRODUCT, discountType: "percentage", discountPercentage: 5 };
      refusedWith(s, [renewal(old, { pricing: [wholeProduct] })], "invalidResource", "resources[0].pricing[0]", /\(the whole product\) is not priced in/);
      const same = { product: SAMPLE_PRODUCT, plan: PLAN_A, discountType: "percentage", discountPercentage: 12 };
      refusedWith(s, [renewal(old, { pricing: [same, same] })], "invalidResource", "resources[0].pricing[1]", /again, as pricing\[0\] does/);
    });

    it("carries an absolute price's pricing resource over when the request leaves that plan out", () => {
      const s = setUp();
      const pricingResource = {
        $schema: "https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2023-07-15",
        resourceName: "planB",
        product: SAMPLE_PRODUCT,
        plan: PLAN_B,
        pricing: { recurrentPrice: { priceInputOption: "usd", prices: [{ pricePerPaymentInUsd: 35, billingTerm: { type: "month", value: 1 } }] } },
      };
      const absolute = { product: SAMPLE_PRODUCT, plan: PLAN_B, discountType: "absolute", priceDetails: { resourceName: "planB" } };
      const offer = s.succeed(ISV, [pricingResource, original({ pricing: [{ product: SAMPLE_PRODUCT, plan: PLAN_A, discountType: "percentage", discountPercentage: 10 }, absolute] })]);
      s.domain.acceptOffer(guidOf(offer), undefined);
      const stored = (s.get(ISV, String(offer["id"])).body["pricing"] as JsonObject[])[1]?.["priceDetails"];
      assert.match(String(stored), /^price-and-availability-private-offer-plan\//);
      const upgrade = s.succeed(ISV, [renewal(offer)]);
      assert.equal((s.get(ISV, String(upgrade["id"])).body["pricing"] as JsonObject[])[1]?.["priceDetails"], stored);
    });

    it("a draft upgrade without pricing carries all of the original's", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      const draft = s.succeed(ISV, [renewal(old, { state: "draft", pricing: undefined })]);
      assert.deepEqual((draft["pricing"] as JsonObject[]).map((item) => item["discountPercentage"]), [10, 5]);
    });
  });

  describe("one live upgrade at a time", () => {
    it("fails while another upgrade is live; after it is withdrawn, a new one passes", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      const first = s.succeed(ISV, [renewal(old)]);
      const error = refusedWith(s, [renewal(old, { name: "Contoso FY28 b" })], "conflict", "resources[0].upgradedFrom.id", /already has a live upgrade, private-offer\/\S+ \(pendingAcceptance\): an offer is upgraded by one offer at a time\. Withdraw/);
      assert.ok(error.message.includes(String(first["id"])));
      s.succeed(ISV, [transition(first, "withdrawn")]);
      assert.equal(s.succeed(ISV, [renewal(old, { name: "Contoso FY28 b" })])["state"], "live");
    });

    it("once the upgrade is accepted, the next renewal upgrades the upgrade", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      const first = s.succeed(ISV, [renewal(old)]);
      s.domain.acceptOffer(guidOf(first), undefined);
      refusedWith(s, [renewal(old, { name: "Contoso FY28 b" })], "conflict", "resources[0].upgradedFrom.id", /\(accepted\).*the next renewal upgrades private-offer\//);
      const acceptedFirst = s.get(ISV, String(first["id"])).body;
      const second = s.succeed(ISV, [renewal(acceptedFirst, { name: "Contoso FY29", start: "2028-07-01", end: "2029-06-30", acceptBy: "2028-06-30" })]);
      assert.deepEqual(second["upgradedFrom"], { id: first["id"], name: "Contoso FY28" });
    });

    it("drafts do not count; publishing one while another upgrade is live fails", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      const draftA = s.succeed(ISV, [renewal(old, { state: "draft" })]);
      const draftB = s.succeed(ISV, [renewal(old, { state: "draft", name: "Contoso FY28 b" })]);
      assert.equal(s.succeed(ISV, [renewal(old, { id: draftA["id"] })])["state"], "live");
      refusedWith(s, [renewal(old, { id: draftB["id"], name: "Contoso FY28 b" })], "conflict", "resources[0].upgradedFrom.id", /already has a live upgrade/);
    });

    it("two upgrades of one original in one job: the job fails and stores neither", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      refusedWith(s, [renewal(old), renewal(old, { name: "Contoso FY28 b" })], "conflict", "resources[1].upgradedFrom.id", /already has a live upgrade/);
      const listed = s.domain.queryPrivateOffers(ISV, { $version: "2023-07-15" }, "x").body as { privateOffers: JsonObject[] };
      assert.deepEqual(listed.privateOffers.map((o) => o["name"]), ["Contoso FY27"]);
    });

    it("an identical re-submission of the live upgrade stays a no-op", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      const upgrade = s.succeed(ISV, [renewal(old)]);
      assert.equal(s.succeed(ISV, [renewal(old, { id: upgrade["id"] })])["eTag"], upgrade["eTag"]);
    });
  });

  describe("upgradedFrom is set when the offer is created", () => {
    it("a withdrawn upgrade is republished with the same upgradedFrom; dropping or changing it fails", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      const other = acceptedOriginal(s, { name: "Contoso other" });
      const upgrade = s.succeed(ISV, [renewal(old)]);
      s.succeed(ISV, [transition(upgrade, "withdrawn")]);
      refusedWith(s, [renewal(old, { id: upgrade["id"], upgradedFrom: undefined })], "invalidResource", "resources[0].upgradedFrom", /is required: this offer upgrades private-offer\//);
      refusedWith(s, [renewal(other, { id: upgrade["id"] })], "invalidResource", "resources[0].upgradedFrom", /cannot change: this offer upgrades/);
      const republished = s.succeed(ISV, [renewal(old, { id: upgrade["id"], end: "2028-12-31" })]);
      assert.equal(republished["end"], "2028-12-31");
      assert.equal(republished["state"], "live");
    });

    it("an existing offer cannot become an upgrade", () => {
      const s = setUp();
      const old = acceptedOriginal(s);
      const plain = s.succeed(ISV, [customerOffer({ name: "Plain" })]);
      s.succeed(ISV, [transition(plain, "withdrawn")]);
      refusedWith(s, [renewal(old, { id: plain["id"] })], "invalidResource", "resources[0].upgradedFrom", /cannot be added to an existing offer/);
    });
  });

  it("reports every broken rule of one request, each with its target", () => {
    const s = setUp();
    const pending = s.succeed(ISV, [original()]);
    const errors = s.refuse(ISV, [
      renewal(pending, { beneficiaries: [{ id: "someone-else" }], start: "2027-05-01", upgradedFrom: { id: pending["id"], name: "Wrong" } }),
    ]) as JobErrorItem[];
    assert.deepEqual(errors.map((e) => e.target).sort(), [
      "resources[0].beneficiaries[0].id",
      "resources[0].start",
      "resources[0].upgradedFrom.id",
      "resources[0].upgradedFrom.name",
    ]);
    for (const error of errors) assert.equal(error.resourceId, "resources[0]");
  });
});
