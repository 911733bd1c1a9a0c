// Every documented configure sample, posted for real over HTTP, is accepted and yields the offer it
// describes. The samples' dates are in 2022, so the emulator's clock is set before them.

import { strict as assert } from "node:assert";
import type { JsonObject } from "../../../emulator/contracts";
import { loadSeedFixture, loadSeedFixtures } from "../../fixtures/seeds/index";
import { useEmulator, type TestEmulator } from "../../support/emulator";
import { configureOffer, getOffer, getOfferJson } from "./jobs";

const clock = { now: () => Date.parse("2021-11-15T09:00:00Z") };

type Resource = JsonObject & { $schema: string };
type Envelope = { $schema: string; resources: Resource[] };

function envelopeOf(name: string): Envelope {
  return loadSeedFixture(name).body as Envelope;
}

function offerResource(envelope: Envelope): Resource {
  const offer = envelope.resources.find((r) => r.$schema.includes("/private-offer/"));
  assert.ok(offer, "the sample has a private-offer resource");
  return offer;
}

/** Samples addressed to the channel partner's account use the emulator's channel partner. */
function withPartner(envelope: Envelope, emulator: TestEmulator): Envelope {
  for (const resource of envelope.resources) {
    const partners = resource["partners"];
    if (Array.isArray(partners)) {
      resource["partners"] = partners.map((p: JsonObject) => ({ ...p, id: emulator.channelPartner.sellerId }));
    }
  }
  return envelope;
}

function withId(envelope: Envelope, offerId: string, eTag?: unknown): Envelope {
  const offer = offerResource(envelope);
  offer["id"] = offerId;
  if (eTag !== undefined) offer["eTag"] = eTag;
  else delete offer["eTag"];
  return envelope;
}

/** What a GET must show of what was sent. */
function assertDescribes(stored: Record<string, unknown>, sent: Resource): void {
  assert.equal(stored["name"], sent["name"]);
  assert.equal(String(stored["privateOfferType"]).toLowerCase(), String(sent["privateOfferType"]).toLowerCase());
  for (const field of ["end", "acceptBy", "start", "variableStartDate", "notes"]) {
    if (sent[field] !== undefined) assert.deepEqual(stored[field], sent[field], field);
  }
  const sentPricing = sent["pricing"];
  if (Array.isArray(sentPricing)) {
    const storedPricing = stored["pricing"] as JsonObject[];
    assert.equal(storedPricing.length, sentPricing.length, "pricing items");
    sentPricing.forEach((item: JsonObject, i) => {
      assert.equal(storedPricing[i]?.["product"], item["product"]);
      assert.equal(String(storedPricing[i]?.["discountType"]).toLowerCase(), String(item["discountType"]).toLowerCase());
      if (item["discountPercentage"] !== undefined) assert.equal(storedPricing[i]?.["discountPercentage"], item["discountPercentage"]);
      if (typeof item["priceDetails"] === "object") {
        assert.match(String(storedPricing[i]?.["priceDetails"]), /^price-and-availability-private-offer-plan\//);
      }
    });
  }
  assert.equal(typeof stored["eTag"], "string");
}

const creates = loadSeedFixtures()
  .map((fixture) => fixture.name)
  .filter((name) => !/withdraw|delete|completion/.test(name));

describe("conformance over HTTP: the documented samples", () => {
  const emulator = useEmulator({ clock });

  it("has samples to post", () => {
    assert.ok(creates.length >= 7, creates.join(", "));
  });

  for (const name of creates) {
    it(`accepts ${name} and stores the offer it describes`, async () => {
      const envelope = withPartner(envelopeOf(name), emulator);
      const offerId = await configureOffer(emulator, envelope);
      const stored = await getOfferJson(emulator, offerId);
      const sent = offerResource(envelope);
      assertDescribes(stored, sent);
      assert.equal(stored["id"], offerId);
    });
  }

  it("withdraws (mpo-originator-withdraw) an offer still pending its partner, then deletes it (mpo-originator-delete)", async () => {
    const offerId = await configureOffer(emulator, withPartner(envelopeOf("mpo-originator-percentage"), emulator));
    await configureOffer(emulator, withId(envelopeOf("mpo-originator-withdraw"), offerId));
    assert.equal((await getOfferJson(emulator, offerId))["state"], "withdrawn");
    await configureOffer(emulator, withId(envelopeOf("mpo-originator-delete"), offerId));
    assert.equal((await getOffer(emulator, offerId)).status, 404);
  });

  it("lets the channel partner complete (mpo-channel-partner-completion) and then withdraw (mpo-channel-partner-withdraw)", async () => {
    const partner = emulator.channelPartner;
    const offerId = await configureOffer(emulator, withPartner(envelopeOf("mpo-originator-percentage"), emulator));
    const partnerView = await getOfferJson(emulator, offerId, partner);
    const completion = withId(withPartner(envelopeOf("mpo-channel-partner-completion"), emulator), offerId, partnerView["eTag"]);
    await configureOffer(emulator, completion, partner);
    const completed = await getOfferJson(emulator, offerId, partner);
    assert.equal(completed["state"], "live");
    assert.equal(completed["preparedBy"], "tester@microsoft.com");
    await configureOffer(emulator, withId(envelopeOf("mpo-channel-partner-withdraw"), offerId), partner);
    assert.equal((await getOfferJson(emulator, offerId, partner))["state"], "withdrawn");
  });
});
