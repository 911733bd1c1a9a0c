import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import {
  PER_USER_PLAN,
  PER_USER_PRODUCT,
  VM_PLAN,
  VM_PRODUCT,
  configurePosts,
  cspOffer,
  customerOffer,
  newProcess,
  originatorOffer,
  refresh,
  rejection,
  up,
  type Props,
} from "./support";
import { future } from "../../support/dates";

describe("PrivateOffer against the emulator", function () {
  this.timeout(20_000);
  const emulator = useEmulator({ jobLatencyMs: 10 });

  for (const [type, make] of [
    ["customerPromotion", () => customerOffer()],
    ["cspPromotion", () => cspOffer()],
    ["multipartyPromotionOriginator", () => originatorOffer(emulator.channelPartner.sellerId)],
  ] as const) {
    it(`${type}: create, update (withdraw then live), refresh, delete with the minimum configure POSTs`, async () => {
      const h = await newProcess(emulator);
      const created = await up(h.offers, make());
      assert.match(created.id, /^private-offer\//);
      assert.equal(created.outputs.state, "live");
      assert.equal(await configurePosts(emulator), 1, "create is one configure POST");
      const readBack = (await emulator.requests()).filter((r) => r.method === "GET" && /\/private-offer\/[0-9a-f-]+$/.test(r.path));
      assert.equal(readBack.length, 0, "the job's detail carries the created offer: no GET of it");
      assert.equal(JSON.stringify(created.outputs).includes("undefined"), false);

      await emulator.clearRequests();
      const changed = { ...make(), end: future("09-30", 1) };
      const updated = await up(h.offers, changed, created);
      assert.equal(updated.outputs.state, "live");
      assert.equal(updated.outputs.end, future("09-30", 1));
      assert.notEqual(updated.outputs.eTag, created.outputs.eTag);
      assert.equal(await configurePosts(emulator), 2, "withdraw, then publish");
      assert.ok(h.lines.some((l) => l.includes("withdraws the live offer")), h.lines.join("\n"));

      const refreshed = await refresh(h.offers, updated);
      assert.equal(refreshed.id, created.id);
      assert.equal(refreshed.outputs.eTag, updated.outputs.eTag);

      await emulator.clearRequests();
      await h.offers.delete!(refreshed.id, refreshed.outputs);
      assert.equal(await configurePosts(emulator), 2, "withdraw, then delete");
      const gone = await refresh(h.offers, refreshed);
      assert.equal(gone.id, "", "a deleted offer leaves the stack on refresh");
    });
  }

  it("a draft goes live by posting it with its id; a draft that stays draft is replaced", async () => {
    const h = await newProcess(emulator);
    const draft = await up(h.offers, customerOffer({ state: "draft" }));
    assert.equal(draft.outputs.state, "draft");

    const checked = (await h.offers.check!({}, customerOffer({ state: "draft", end: future("12-31", 1) }))).inputs as Props;
    const diff = await h.offers.diff!(draft.id, draft.outputs, checked);
    assert.ok((diff.replaces ?? []).length > 0, "a change to a draft that stays draft replaces it");
    assert.equal(diff.deleteBeforeReplace, true);

    await emulator.clearRequests();
    const live = await up(h.offers, customerOffer({ state: "live" }), draft);
    assert.equal(live.outputs.state, "live");
    assert.equal(live.outputs.offerId, draft.outputs.offerId);
    assert.equal(await configurePosts(emulator), 1);
  });

  it("a replacement keeps the offer's name, in a process that has already listed the offers", async () => {
    const h = await newProcess(emulator);
    // Another create in the same `pulumi up` lists the account's offers before the replacement runs.
    const draft = await up(h.offers, customerOffer({ state: "draft" }));
    await up(h.offers, customerOffer({ name: "Another offer" }));
    const changed = (await h.offers.check!({}, customerOffer({ state: "draft", end: future("12-31", 1) }))).inputs as Props;
    const diff = await h.offers.diff!(draft.id, draft.outputs, changed);
    assert.deepEqual(diff.replaces, ["end"]);
    // deleteBeforeReplace: the old draft is deleted, then the new one created under the same name.
    await h.offers.delete!(draft.id, draft.outputs);
    const replacement = await h.offers.create(changed);
    assert.notEqual(replacement.id, draft.id);
    assert.equal((replacement.outs as Props).state, "draft");
    assert.equal((replacement.outs as Props).end, future("12-31", 1));
  });

  it("drift from an edit in Partner Center shows on refresh and the next up converges it", async () => {
    const h = await newProcess(emulator);
    const created = await up(h.offers, customerOffer());
    const edit = await emulator.edit(String(created.outputs.offerId), { acceptBy: future("02-28", 1) });
    assert.equal(edit.status, 200, await edit.text());

    // A stale eTag is never clobbered: the user is told to refresh.
    const stale = await rejection(up(h.offers, customerOffer({ end: future("09-30", 1) }), created));
    assert.match(stale.message, /pulumi refresh/);

    const refreshed = await refresh(h.offers, created);
    assert.equal(refreshed.outputs.acceptBy, future("02-28", 1));
    assert.ok(h.lines.some((l) => l.includes("drift: acceptBy")), h.lines.join("\n"));
    const converged = await up(h.offers, customerOffer(), refreshed);
    assert.equal(converged.outputs.acceptBy, future("03-31", 1));
    assert.equal(converged.outputs.state, "live");
  });

  it("an offer accepted by the customer fails the preview with why and what to do, and is never deleted", async () => {
    const h = await newProcess(emulator);
    const created = await up(h.offers, customerOffer());
    assert.equal((await emulator.accept(String(created.outputs.offerId))).status < 300, true);
    const refreshed = await refresh(h.offers, created);
    assert.equal(String(refreshed.outputs.subState).toLowerCase(), "accepted");
    const checked = (await h.offers.check!({}, customerOffer({ end: future("09-30", 1) }))).inputs as Props;
    const refusal = await rejection(h.offers.diff!(refreshed.id, refreshed.outputs, checked));
    assert.match(refusal.message, /accepted by the customer/);
    assert.match(refusal.message, /upgradedFrom/);
    await emulator.clearRequests();
    const deleteRefusal = await rejection(h.offers.delete!(refreshed.id, refreshed.outputs));
    assert.match(deleteRefusal.message, /pulumi state delete/);
    assert.equal(await configurePosts(emulator), 0);
  });

  it("refuses to create an offer whose name exists outside the stack, and adopts it with adoptExistingId", async () => {
    const first = await newProcess(emulator);
    const existing = await up(first.offers, customerOffer());
    const second = await newProcess(emulator);
    const refusal = await rejection(up(second.offers, customerOffer({ end: future("09-30", 1) })));
    assert.ok(refusal.message.includes(String(existing.outputs.offerId)), refusal.message);
    assert.match(refusal.message, /adoptExistingId/);

    await emulator.clearRequests();
    const adopted = await up(second.offers, customerOffer({ end: future("09-30", 1), adoptExistingId: existing.outputs.offerId }));
    assert.equal(adopted.id, existing.id);
    assert.equal(adopted.outputs.end, future("09-30", 1));
    const queries = (await emulator.requests()).filter((r) => r.path.endsWith("/private-offer/query")).length;
    assert.equal(queries, 0, "the process already queried once");
  });

  it("one query per process serves every name look-up", async () => {
    const h = await newProcess(emulator);
    await Promise.all([1, 2, 3, 4].map((i) => up(h.offers, customerOffer({ name: `Parallel ${i}` }))));
    const log = await emulator.requests();
    assert.equal(log.filter((r) => r.path.endsWith("/private-offer/query")).length, 1);
    assert.equal(log.filter((r) => r.method === "POST" && r.path.endsWith("/configure")).length, 4);
  });

  it("invalid input makes no HTTP call", async () => {
    const h = await newProcess(emulator);
    await emulator.clearRequests();
    const result = await h.offers.check!({}, customerOffer({ end: "June 2027", account: 7 }));
    const properties = (result.failures ?? []).map((f) => f.property);
    assert.ok(properties.includes("end"), JSON.stringify(result.failures));
    assert.ok(properties.includes("account"));
    assert.equal((await emulator.requests()).length, 0);
  });

  it("the channel partner completes the originator's offer from its own account profile, and only withdraws on delete", async () => {
    const h = await newProcess(emulator);
    const originator = await up(h.offers, originatorOffer(emulator.channelPartner.sellerId));
    const completion = {
      privateOfferType: "multipartyPromotionChannelPartner",
      offerId: originator.outputs.offerId,
      account: "partner",
      preparedBy: "partner@example.com",
      markups: [{ product: (originatorOffer("x").pricing as Props[])[0]!.product, plan: (originatorOffer("x").pricing as Props[])[0]!.plan, markupPercentage: 2 }],
    };
    const partner = await up(h.offers, completion);
    assert.equal(partner.outputs.state, "live");
    assert.equal(partner.outputs.account, "partner");
    const partnerCalls = (await emulator.requests()).filter((r) => r.sellerId === emulator.channelPartner.sellerId);
    assert.ok(partnerCalls.length > 0, "the partner's calls use the partner's credential");

    await emulator.clearRequests();
    await h.offers.delete!(partner.id, partner.outputs);
    assert.equal(await configurePosts(emulator), 1, "the partner withdraws only");
  });

  it("absolute SaaS and VM prices: the document is sent in the offer's configure POST and a price change updates the offer", async () => {
    const h = await newProcess(emulator);
    const saasInputs = {
      product: PER_USER_PRODUCT,
      plan: PER_USER_PLAN,
      offerPricingType: "saasNewCustomizedPlans",
      pricing: { recurrentPrice: { recurrentPriceMode: "perUser", userLimits: { min: 20, max: 100 }, prices: [{ billingTerm: { type: "year", value: 1 }, pricePerPaymentInUsd: 100 }] } },
    };
    const saas = await up(h.pricing, saasInputs);
    const vm = await up(h.pricing, {
      product: VM_PRODUCT,
      plan: VM_PLAN,
      offerPricingType: "vmSoftwareReservations",
      softwareReservation: { reservationDuration: { type: "year", value: 1 }, paymentSchedule: { type: "month", value: 1 }, vmPrices: { "4Core": { quantity: 2, unitPricePerPaymentPeriodInUsd: 99 } } },
    });
    assert.equal((vm.outputs.document as Props).offerPricingType, "vmSoftwareReservations");
    const offerWith = (document: unknown) =>
      customerOffer({
        name: "Seats FY27",
        offerPricingType: "saasNewCustomizedPlans",
        pricing: [{ product: PER_USER_PRODUCT, basePlan: PER_USER_PLAN, discountType: "absolute", priceDetails: document, newPlanDetails: { name: "Contoso seats", description: "Seats for Contoso" } }],
      });
    await emulator.clearRequests();
    const offer = await up(h.offers, offerWith(saas.outputs.document));
    assert.equal(offer.outputs.state, "live");
    assert.equal(await configurePosts(emulator), 1, "offer and its price document in one POST");

    const cheaper = await up(h.pricing, { ...saasInputs, pricing: { recurrentPrice: { ...saasInputs.pricing.recurrentPrice, prices: [{ billingTerm: { type: "year", value: 1 }, pricePerPaymentInUsd: 80 }] } } }, saas);
    assert.ok(h.lines.some((l) => l.includes("-> $80")), h.lines.join("\n"));
    const repriced = await up(h.offers, offerWith(cheaper.outputs.document), offer);
    assert.equal(repriced.outputs.state, "live");
    assert.ok(h.lines.some((l) => /\$100 per user -> \$80 per user/.test(l) && l.startsWith(`"Seats FY27"`)), h.lines.join("\n"));

    const wrongPlan = await rejection(up(h.pricing, { ...saasInputs, plan: VM_PLAN }));
    assert.match(wrongPlan.message, /product|plan/);
  });
});
