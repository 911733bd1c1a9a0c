// A renewal of an accepted offer: `upgradedFrom` as the original's id alone (the provider reads its
// name) or as `{ id, name }`; Partner Center's refusals (an original not accepted) reach the user as
// they are; the state records `{ id, name }` and the next preview finds nothing to change.
import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import { configurePosts, customerOffer, newProcess, refresh, rejection, up, type Props } from "./support";
import { future } from "../../support/dates";

describe("PrivateOffer upgrades (renewals) against the emulator", function () {
  this.timeout(20_000);
  const emulator = useEmulator({ jobLatencyMs: 10 });

  /** The renewal of `customerOffer()`: the same customer and plan, fixed dates after the original's end. */
  function renewal(upgradedFrom: unknown, overrides: Props = {}): Props {
    return customerOffer({
      name: "Contoso FY28",
      variableStartDate: false,
      start: future("07-01", 1),
      end: future("06-30", 2),
      acceptBy: future("05-31", 1),
      upgradedFrom,
      ...overrides,
    });
  }

  it("the original's id alone: its name is read once, sent with the id, and the next diff is empty", async () => {
    const h = await newProcess(emulator);
    const original = await up(h.offers, customerOffer());
    const id = String(original.outputs.offerId);
    assert.ok((await emulator.accept(id)).status < 300);

    await emulator.clearRequests();
    const renewed = await up(h.offers, renewal(id));
    assert.deepEqual(renewed.outputs.upgradedFrom, { id, name: "Contoso FY27" });
    const requests = await emulator.requests();
    assert.equal(requests.filter((r) => r.method === "GET" && r.path.endsWith(id)).length, 1, "one read of the original for its name");
    assert.equal(await configurePosts(emulator), 1);
    assert.ok(h.lines.some((line) => line.includes(`upgrades the accepted offer "Contoso FY27" (${id})`)), h.lines.join("\n"));

    const checked = (await h.offers.check!(renewed.outputs, renewal(id))).inputs as Props;
    const diff = await h.offers.diff!(renewed.id, renewed.outputs, checked);
    assert.equal(diff.changes, false, JSON.stringify(diff));
    const refreshed = await refresh(h.offers, renewed);
    assert.deepEqual(refreshed.outputs.upgradedFrom, { id, name: "Contoso FY27" });

    // Set at creation: naming another original needs a new offer.
    const other = (await h.offers.check!(renewed.outputs, renewal("private-offer/0c0ffee0-0000-4000-8000-000000000009"))).inputs as Props;
    assert.deepEqual((await h.offers.diff!(renewed.id, renewed.outputs, other)).replaces, ["upgradedFrom"]);
  });

  it("an original not yet accepted: Partner Center's refusal says so, and what to do instead", async () => {
    const h = await newProcess(emulator);
    const original = await up(h.offers, customerOffer({ name: "Fabrikam FY27" }));
    const id = String(original.outputs.offerId);
    const refusal = await rejection(up(h.offers, renewal({ id, name: "Fabrikam FY27" }, { name: "Fabrikam FY28" })));
    assert.match(refusal.message, /only an offer the customer has accepted can be upgraded/);
    assert.match(refusal.message, /upgradedFrom\.id/);
  });

  it("an id Partner Center does not have is refused before anything is sent", async () => {
    const h = await newProcess(emulator);
    await emulator.clearRequests();
    const refusal = await rejection(up(h.offers, renewal("private-offer/0c0ffee0-0000-4000-8000-00000000dead", { name: "Nobody FY28" })));
    assert.match(refusal.message, /upgradedFrom names private-offer\/0c0ffee0-0000-4000-8000-00000000dead, which does not exist or is not visible to this account/);
    assert.equal(await configurePosts(emulator), 0);
  });
});
