import assert from "node:assert/strict";
import type { JsonObject } from "../../../emulator/contracts";
import { catalogue } from "../../../emulator/domain";
import { BASE, ISV, OTHER, PARTNER, customerOffer, originatorOffer, partnerCompletion, setUp, transition } from "./support";

const guidOf = (offer: JsonObject) => String(offer["id"]).split("/")[1] ?? "";

describe("emulator domain: multiparty offers", () => {
  it("is pending partner action for the originator and a draft in the partner's own view", () => {
    const { succeed, get } = setUp();
    const offer = succeed(ISV, [originatorOffer()]);
    assert.equal(get(ISV, String(offer["id"])).body["subState"], "pendingPartnerAction");
    const view = get(PARTNER, String(offer["id"])).body;
    assert.equal(view["state"], "draft");
    assert.equal(view["privateOfferType"], "multipartyPromotionChannelPartner");
    assert.ok(Array.isArray(view["originatorPricing"]));
    assert.equal(view["pricing"], undefined);
    assert.equal(view["notes"], undefined, "the originator's notes stay private");
    assert.equal(get(OTHER, String(offer["id"])).status, 404);
  });

  it("a draft MPO is not visible to the partner", () => {
    const { succeed, get } = setUp();
    const offer = succeed(ISV, [originatorOffer({ state: "draft" })]);
    assert.equal(get(PARTNER, String(offer["id"])).status, 404);
  });

  it("the partner completes it with markup and preparedBy: live, pending acceptance, acceptable", () => {
    const { succeed, get, domain } = setUp();
    const offer = succeed(ISV, [originatorOffer()]);
    const view = get(PARTNER, String(offer["id"])).body;
    const published = succeed(PARTNER, [partnerCompletion(view, 2)]);
    assert.equal(published["state"], "live");
    assert.equal(published["subState"], "pendingAcceptance");
    assert.equal((published["originatorPricing"] as JsonObject[])[0]?.["markupPercentage"], 2);
    assert.equal(get(ISV, String(offer["id"])).body["subState"], "pendingAcceptance");
    assert.equal(domain.acceptOffer(guidOf(offer), undefined).status, 200);
    assert.equal(get(PARTNER, String(offer["id"])).body["subState"], "accepted");
  });

  it("refuses a completion without preparedBy, with markup above the discount, or changing read-only fields", () => {
    const { succeed, refuse, get } = setUp();
    const offer = succeed(ISV, [originatorOffer()]);
    const view = get(PARTNER, String(offer["id"])).body;
    assert.match(refuse(PARTNER, [partnerCompletion(view, 2, { preparedBy: undefined })])[0]?.message ?? "", /preparedBy/);
    assert.match(refuse(PARTNER, [partnerCompletion(view, 11)])[0]?.message ?? "", /exceeds/);
    assert.match(refuse(PARTNER, [partnerCompletion(view, 2, { end: "2028-01-31" })])[0]?.message ?? "", /end is read-only/);
    assert.equal(refuse(PARTNER, [partnerCompletion(view, 2, { privateOfferType: "multipartyPromotionOriginator" })])[0]?.code, "forbidden");
  });

  it("withdraw: originator while pending partner action, partner once published; the other way round fails", () => {
    const { succeed, refuse, get } = setUp();
    const offer = succeed(ISV, [originatorOffer()]);
    const view = get(PARTNER, String(offer["id"])).body;
    assert.equal(refuse(PARTNER, [transition(view, "withdrawn")])[0]?.code, "invalidState");
    succeed(PARTNER, [partnerCompletion(view)]);
    assert.match(refuse(ISV, [transition(offer, "withdrawn")])[0]?.message ?? "", /partner must withdraw/);
    assert.equal(succeed(PARTNER, [transition(view, "withdrawn")])["state"], "withdrawn");
    assert.equal(get(ISV, String(offer["id"])).body["subState"], "pendingPartnerAction");
    assert.equal(succeed(ISV, [transition(offer, "withdrawn")])["state"], "withdrawn");
    assert.equal(get(PARTNER, String(offer["id"])).status, 404, "withdrawn by the originator, it leaves the partner's view");
  });

  it("delete: originator only", () => {
    const { succeed, refuse, get } = setUp();
    const offer = succeed(ISV, [originatorOffer()]);
    const view = get(PARTNER, String(offer["id"])).body;
    assert.equal(refuse(PARTNER, [transition(view, "deleted")])[0]?.code, "forbidden");
    succeed(ISV, [transition(offer, "withdrawn")]);
    succeed(ISV, [transition(offer, "deleted")]);
    assert.equal(get(ISV, String(offer["id"])).status, 404);
  });
});

describe("emulator domain: test hooks, query, catalogue, snapshot", () => {
  it("acceptOffer needs a live offer pending acceptance (409 otherwise); editOffer merges and renews the eTag", () => {
    const { succeed, domain, get } = setUp();
    const draft = succeed(ISV, [customerOffer({ state: "draft" })]);
    assert.equal(domain.acceptOffer(guidOf(draft), {}).status, 409);
    assert.equal(domain.acceptOffer("unknown", {}).status, 404);
    const edited = domain.editOffer(guidOf(draft), { name: "Edited in the UI", notes: null });
    assert.equal(edited.status, 200);
    const now = get(ISV, String(draft["id"])).body;
    assert.equal(now["name"], "Edited in the UI");
    assert.notEqual(now["eTag"], draft["eTag"]);
    assert.equal(domain.editOffer(guidOf(draft), { eTag: "x" }).status, 400);
    assert.equal(domain.editOffer(guidOf(draft), [1]).status, 400);
  });

  it("pages private offers with $maxpagesize and @nextLink, only the caller's", () => {
    const { succeed, domain } = setUp();
    for (let i = 0; i < 5; i += 1) succeed(ISV, [customerOffer({ name: `O${i}` })]);
    succeed(OTHER, [customerOffer({ name: "not mine" })]);
    const names: unknown[] = [];
    let query: Record<string, string> = { $version: "2023-07-15", $maxpagesize: "2" };
    for (let pages = 1; ; pages += 1) {
      const body = domain.queryPrivateOffers(ISV, query, BASE).body as { privateOffers: JsonObject[]; "@nextLink"?: string };
      names.push(...body.privateOffers.map((o) => o["name"]));
      const next = body["@nextLink"];
      if (next === undefined) {
        assert.equal(pages, 3);
        break;
      }
      assert.ok(next.startsWith(`${BASE}/private-offer/query?$version=2023-07-15`));
      query = Object.fromEntries(new URL(next).searchParams);
    }
    assert.deepEqual(names, ["O0", "O1", "O2", "O3", "O4"]);
    assert.equal(domain.queryPrivateOffers(ISV, { continuationToken: "garbage" }, BASE).status, 400);
  });

  it("lists products and plans and answers pricing templates echoing the requested version", () => {
    const { domain } = setUp();
    const products = domain.listProducts(ISV, { $version: "2022-07-01" }, BASE).body as { value: Array<{ id: string }> };
    assert.equal(products.value.length, catalogue.products.length);
    assert.ok(products.value.some((p) => p.id === "product/7ba807c8-386a-4efe-80f1-b97bf8a554f8"));
    assert.equal(domain.listPlans(ISV, { $version: "2022-07-01" }, BASE).status, 400);
    const plans = domain.listPlans(ISV, { product: "product/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62" }, BASE).body as { value: Array<{ id: string }> };
    assert.match(plans.value[0]?.id ?? "", /^plan\/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62\/[0-9a-f-]{36}$/);
    const perUser = domain.getPricingTemplate(ISV, "3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62", { plan: plans.value[0]?.id ?? "", $version: "2023-07-15" }, BASE).body as JsonObject;
    assert.equal(perUser["$schema"], "https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2023-07-15");
    assert.deepEqual((perUser["pricing"] as { recurrentPrice: { userLimits: unknown } }).recurrentPrice.userLimits, { min: 5, max: 50 });
    const vm = domain.getPricingTemplate(ISV, "product/4fab6e3c-9d50-4071-9c8d-2e3f4a5b6c73", { plan: "gateway-reserved-1y", $version: "2025-06-01" }, BASE).body as JsonObject;
    assert.equal(vm["offerPricingType"], "vmSoftwareReservations");
    assert.ok((vm["softwareReservation"] as { vmPrices: JsonObject }).vmPrices["36Core"]);
    assert.equal(domain.getPricingTemplate(ISV, "7ba807c8-386a-4efe-80f1-b97bf8a554f8", { plan: "plan/000", $version: "2025-06-01" }, BASE).status, 404);
    assert.equal(domain.getPricingTemplate(ISV, "unknown", { plan: "plan/123456", $version: "2025-06-01" }, BASE).status, 404);
  });

  it("snapshot and restore round-trip offers, jobs and counters; restore refuses malformed input", () => {
    const first = setUp();
    const offer = first.succeed(ISV, [originatorOffer()]);
    const pending = first.submit(ISV, [customerOffer({ name: "pending" })]);
    const saved = JSON.parse(JSON.stringify(first.domain.snapshot())) as unknown;
    const second = setUp();
    second.domain.restore(saved);
    second.clock.ms = first.clock.ms;
    assert.deepEqual(second.get(ISV, String(offer["id"])).body, first.get(ISV, String(offer["id"])).body);
    second.clock.advance(1000);
    assert.equal(second.status(ISV, pending)["jobResult"], "succeeded");
    const withdrawn = second.succeed(ISV, [transition(offer, "withdrawn")]);
    assert.notEqual(withdrawn["eTag"], offer["eTag"]);
    assert.throws(() => second.domain.restore({ format: 1, offers: [{ key: 3 }] }), /offers\.0\.key/);
  });

  it("calls onChange listeners after changes, not after reads; reset forgets offers and keeps the catalogue", () => {
    const { succeed, domain } = setUp();
    let calls = 0;
    domain.onChange(() => (calls += 1));
    succeed(ISV, [customerOffer()]);
    const afterWrite = calls;
    assert.ok(afterWrite >= 2, "the POST and the job's completion each notify");
    domain.listProducts(ISV, {}, BASE);
    assert.equal(calls, afterWrite);
    domain.reset();
    assert.equal((domain.queryPrivateOffers(ISV, {}, BASE).body as { privateOffers: unknown[] }).privateOffers.length, 0);
    assert.equal((domain.listProducts(ISV, {}, BASE).body as { value: unknown[] }).value.length, catalogue.products.length);
  });
});
