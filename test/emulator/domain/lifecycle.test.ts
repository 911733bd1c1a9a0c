import assert from "node:assert/strict";
import { ISV, OTHER, customerOffer, setUp, transition } from "./support";

describe("emulator domain: offer lifecycle", () => {
  it("creates a live customer offer pending acceptance, with server fields and product and plan names", () => {
    const { succeed, get } = setUp();
    const written = succeed(ISV, [customerOffer()]);
    const { status, body } = get(ISV, String(written["id"]));
    assert.equal(status, 200);
    assert.match(String(body["id"]), /^private-offer\/[0-9a-f-]{36}$/);
    assert.equal(body["state"], "live");
    assert.equal(body["subState"], "pendingAcceptance");
    assert.match(String(body["eTag"]), /^"[0-9a-f]{8}-0000-0800-0000-[0-9a-f]{12}"$/);
    assert.equal(body["lastModified"], "2026-03-01");
    assert.equal((body["acceptanceLinks"] as unknown[]).length, 1);
    const [item] = body["pricing"] as Array<Record<string, unknown>>;
    assert.equal(item?.["planName"], "Sample plan 123456");
    assert.equal(item?.["plan"], "plan/123456", "the plan is stored as sent");
  });

  it("compares enum values case-insensitively and stores them canonical", () => {
    const { succeed, get } = setUp();
    const written = succeed(ISV, [customerOffer({ state: "Live", privateOfferType: "CustomerPromotion" })]);
    const body = get(ISV, String(written["id"])).body;
    assert.equal(body["state"], "live");
    assert.equal(body["privateOfferType"], "customerPromotion");
  });

  it("fails the job for an unknown product or plan and stores nothing", () => {
    const { refuse, domain } = setUp();
    const errors = refuse(ISV, [customerOffer({ resourceName: "mine", pricing: [{ product: "product/5b8e4a52-0000-4000-8000-000000000000", plan: "plan/1", discountType: "percentage", discountPercentage: 5 }] })]);
    assert.equal(errors[0]?.code, "notFound");
    assert.equal(errors[0]?.resourceId, "mine");
    const planErrors = refuse(ISV, [customerOffer({ pricing: [{ product: "product/34771906-9711-4196-9f60-4af380fd5042", plan: "plan/000000", discountType: "percentage", discountPercentage: 5 }] })]);
    assert.match(planErrors[0]?.message ?? "", /plan\/000000/);
    assert.deepEqual((domain.queryPrivateOffers(ISV, { $version: "2023-07-15" }, "x").body as { privateOffers: unknown[] }).privateOffers, []);
  });

  it("withdraws a live offer (state withdrawn, or draft with its id) and refuses to withdraw it twice", () => {
    const { succeed, refuse, get } = setUp();
    const a = succeed(ISV, [customerOffer()]);
    assert.equal(succeed(ISV, [transition(a, "withdrawn")])["state"], "withdrawn");
    const b = succeed(ISV, [customerOffer()]);
    assert.equal(succeed(ISV, [transition(b, "draft")])["state"], "withdrawn");
    assert.equal(get(ISV, String(b["id"])).body["state"], "withdrawn");
    const errors = refuse(ISV, [transition(b, "draft")]);
    assert.equal(errors[0]?.code, "invalidState");
    assert.equal(errors[0]?.resourceId, b["id"]);
    assert.equal(refuse(ISV, [transition(b, "withdrawn")])[0]?.code, "invalidState");
  });

  it("republishes a withdrawn offer POSTed live with the full payload, changes included", () => {
    const { succeed } = setUp();
    const a = succeed(ISV, [customerOffer()]);
    succeed(ISV, [transition(a, "withdrawn")]);
    const republished = succeed(ISV, [customerOffer({ id: a["id"], name: "Contoso FY27 v2" })]);
    assert.equal(republished["state"], "live");
    assert.equal(republished["name"], "Contoso FY27 v2");
  });

  it("publishes a draft POSTed with its id and state live; draft with an id on a draft fails", () => {
    const { succeed, refuse } = setUp();
    const draft = succeed(ISV, [customerOffer({ state: "draft" })]);
    assert.equal(draft["state"], "draft");
    assert.equal(draft["subState"], undefined);
    assert.equal(refuse(ISV, [transition(draft, "draft")])[0]?.code, "invalidState");
    assert.equal(succeed(ISV, [customerOffer({ id: draft["id"] })])["state"], "live");
  });

  it("refuses to edit a live offer without withdrawing; an identical re-submission is a no-op", () => {
    const { succeed, refuse, get } = setUp();
    const a = succeed(ISV, [customerOffer()]);
    const errors = refuse(ISV, [customerOffer({ id: a["id"], name: "Changed" })]);
    assert.match(errors[0]?.message ?? "", /withdraw/);
    assert.equal(get(ISV, String(a["id"])).body["name"], "Contoso FY27");
    const same = succeed(ISV, [customerOffer({ id: a["id"] })]);
    assert.equal(same["eTag"], a["eTag"], "a no-op leaves the eTag alone");
  });

  it("deletes drafts and withdrawn offers (then GET answers 404) but never a live offer", () => {
    const { succeed, refuse, run, get } = setUp();
    const live = succeed(ISV, [customerOffer()]);
    assert.match(refuse(ISV, [transition(live, "deleted")])[0]?.message ?? "", /withdraw/);
    const draft = succeed(ISV, [customerOffer({ state: "draft" })]);
    const deleted = run(ISV, [transition(draft, "deleted")]);
    assert.equal(deleted["jobResult"], "succeeded");
    assert.equal(deleted["resourceUri"], undefined, "delete jobs answer no resourceUri");
    assert.equal(get(ISV, String(draft["id"])).status, 404);
    succeed(ISV, [transition(live, "withdrawn")]);
    assert.equal(run(ISV, [transition(live, "deleted")])["jobResult"], "succeeded");
    assert.equal(get(ISV, String(live["id"])).status, 404);
    assert.match(refuse(ISV, [transition(live, "deleted")])[0]?.message ?? "", /deleted/);
  });

  it("a withdrawn offer cannot go back to draft", () => {
    const { succeed, refuse } = setUp();
    const a = succeed(ISV, [customerOffer()]);
    succeed(ISV, [transition(a, "withdrawn")]);
    assert.match(refuse(ISV, [customerOffer({ id: a["id"], state: "draft" })])[0]?.message ?? "", /cannot return to draft/);
  });

  it("an accepted offer is immutable: withdraw, edit and delete all fail", () => {
    const { succeed, refuse, domain, get } = setUp();
    const a = succeed(ISV, [customerOffer()]);
    const accepted = domain.acceptOffer(String(a["id"]).split("/")[1] ?? "", {});
    assert.equal(accepted.status, 200);
    for (const change of [transition(a, "withdrawn"), transition(a, "deleted"), customerOffer({ id: a["id"], name: "x" })]) {
      assert.equal(refuse(ISV, [change])[0]?.code, "conflict");
    }
    assert.equal(get(ISV, String(a["id"])).body["subState"], "accepted");
  });

  it("hides an offer from other accounts: GET 404 and changes fail as not found", () => {
    const { succeed, refuse, get } = setUp();
    const a = succeed(ISV, [customerOffer()]);
    assert.equal(get(OTHER, String(a["id"])).status, 404);
    assert.equal(refuse(OTHER, [transition(a, "withdrawn")])[0]?.code, "notFound");
  });

  it("applies all resources of a job or none", () => {
    const { succeed, refuse, get, domain } = setUp();
    const a = succeed(ISV, [customerOffer()]);
    const errors = refuse(ISV, [transition(a, "withdrawn"), customerOffer({ pricing: [{ product: "product/nope", discountType: "percentage", discountPercentage: 1 }] })]);
    assert.equal(errors.length, 1);
    assert.equal(get(ISV, String(a["id"])).body["state"], "live", "the valid withdraw was not applied");
    assert.equal((domain.queryPrivateOffers(ISV, { $version: "2023-07-15" }, "x").body as { privateOffers: unknown[] }).privateOffers.length, 1);
  });

  it("stores absolute pricing resources of the request and links them by durable id", () => {
    const { succeed, domain, run } = setUp();
    const template = domain.getPricingTemplate(ISV, "7ba807c8-386a-4efe-80f1-b97bf8a554f8", { plan: "plan/987654", $version: "2025-06-01" }, "x").body as Record<string, unknown>;
    const final = run(ISV, [
      { ...template, resourceName: "prices" },
      customerOffer({ pricing: [{ product: "product/7ba807c8-386a-4efe-80f1-b97bf8a554f8", plan: "plan/987654", discountType: "absolute", priceDetails: { resourceName: "prices" } }] }),
    ]);
    assert.equal(final["jobResult"], "succeeded");
    const detail = domain.jobDetail(ISV, String(final["jobId"]), { $version: "2023-07-15" }, "x").body as { resources: Array<Record<string, unknown>> };
    const pricingId = String(detail.resources[0]?.["id"]);
    assert.match(pricingId, /^price-and-availability-private-offer-plan\/7ba807c8-386a-4efe-80f1-b97bf8a554f8\/\d+$/);
    const offer = detail.resources[1] as { pricing: Array<{ priceDetails: unknown }> };
    assert.equal(offer.pricing[0]?.priceDetails, pricingId);
    void succeed;
  });
});
