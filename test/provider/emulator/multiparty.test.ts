import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import { configurePosts, newProcess, originatorOffer, rejection, up, type Props, type Resource } from "./support";
import { future } from "../../support/dates";

/** Both sides of one multiparty offer in one stack: the software company's and the channel partner's resources. */
describe("a multiparty offer whose two sellers both act", function () {
  this.timeout(20_000);
  const emulator = useEmulator({ jobLatencyMs: 10 });

  function completion(originator: Resource, extra: Props = {}): Props {
    const item = (originatorOffer("x").pricing as Props[])[0]!;
    return {
      privateOfferType: "multipartyPromotionChannelPartner",
      offerId: originator.outputs.offerId,
      account: "partner",
      preparedBy: "partner@example.com",
      markups: [{ product: item.product, plan: item.plan, markupPercentage: 2 }],
      ...extra,
    };
  }

  async function configureStatuses(): Promise<number[]> {
    return (await emulator.requests()).filter((r) => r.method === "POST" && r.path.endsWith("/configure")).map((r) => r.status);
  }

  async function stored(offerId: unknown): Promise<Props> {
    const response = await emulator.api(`/private-offer/${String(offerId).replace("private-offer/", "")}?$version=2026-02-01`);
    return (await response.json()) as Props;
  }

  it("the originator's update goes ahead when only the partner's side moved the eTag", async () => {
    const h = await newProcess(emulator);
    const originator = await up(h.offers, originatorOffer(emulator.channelPartner.sellerId));
    const partner = await up(h.offers, completion(originator));
    // The partner takes the offer back from the customer, so the originator may withdraw it.
    await h.offers.delete!(partner.id, partner.outputs);
    assert.notEqual((await stored(originator.outputs.offerId)).eTag, originator.outputs.eTag);

    await emulator.clearRequests();
    const updated = await up(h.offers, originatorOffer(emulator.channelPartner.sellerId, { end: future("09-30", 1) }), originator);
    assert.equal(updated.outputs.state, "live");
    assert.equal(updated.outputs.end, future("09-30", 1));
    // The withdraw refused for the eTag in state, then withdraw and publish with the current one.
    assert.deepEqual(await configureStatuses(), [412, 202, 202]);
    assert.ok(h.lines.some((l) => l.includes("none of the fields this side of the multiparty offer owns did")), h.lines.join("\n"));
  });

  it("the partner's withdraw goes ahead when only the originator's side moved the eTag", async () => {
    const h = await newProcess(emulator);
    const originator = await up(h.offers, originatorOffer(emulator.channelPartner.sellerId));
    const partner = await up(h.offers, completion(originator));
    // A field only the originator sees (its own notes), edited in Partner Center.
    await emulator.edit(String(originator.outputs.offerId), { notes: "originator's note" });

    await emulator.clearRequests();
    const withdrawn = await up(h.offers, completion(originator, { state: "withdrawn" }), partner);
    assert.equal(withdrawn.outputs.state, "withdrawn");
    assert.equal((await stored(originator.outputs.offerId)).notes, "originator's note");
    assert.deepEqual(await configureStatuses(), [412, 202]);
  });

  it("the originator refuses, changing nothing, when a field it owns was changed outside the stack", async () => {
    const h = await newProcess(emulator);
    const originator = await up(h.offers, originatorOffer(emulator.channelPartner.sellerId));
    await emulator.edit(String(originator.outputs.offerId), { end: future("12-31", 1) });
    const before = await stored(originator.outputs.offerId);

    await emulator.clearRequests();
    const error = await rejection(up(h.offers, originatorOffer(emulator.channelPartner.sellerId, { end: future("09-30", 1) }), originator));
    assert.equal(await configurePosts(emulator), 1, "only the refused withdraw");
    assert.match(error.message, /could not withdraw the live offer \(customers cannot see a withdrawn offer until it is published again\): /);
    assert.match(error.message, /changed outside this stack since it was last read \(end\); nothing was overwritten. Run `pulumi refresh`/);
    const after = await stored(originator.outputs.offerId);
    assert.deepEqual([after.eTag, after.state, after.end], [before.eTag, "live", future("12-31", 1)]);
  });
});
