// Every example and the demo stack's program, run as Pulumi programs with mocks: each resource's
// inputs pass the provider's own check, and the values that matter to the scenario are what the
// program promises.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { mockOfferId, runProgram, type Registered } from "./program";

const REPO = path.resolve(__dirname, "../..");
const example = (name: string) => path.join(REPO, "examples", name);

function offersOf(resources: Registered[]): Registered[] {
  return resources.filter((r) => r.type.endsWith(":PrivateOffer"));
}

function assertValid(resources: Registered[]): void {
  assert.ok(resources.length > 0, "the program registered no resource");
  for (const r of resources) assert.deepEqual(r.failures, [], `${r.name} fails check: ${JSON.stringify(r.failures)}`);
}

describe("examples as Pulumi programs (mocks)", function () {
  this.timeout(30_000);

  it("customer: one customer, a percentage discount per plan", async () => {
    const { resources, exports } = await runProgram(example("customer"));
    assertValid(resources);
    const [offer] = offersOf(resources);
    assert.equal(offer!.inputs["privateOfferType"], "customerPromotion");
    assert.equal((offer!.inputs["beneficiaries"] as unknown[]).length, 1);
    assert.deepEqual((offer!.inputs["pricing"] as { discountPercentage: number }[]).map((p) => p.discountPercentage), [10, 5]);
    assert.match(String(exports["offerId"]), /^private-offer\//);
  });

  it("renewal: FY27 alone at first; with renew, FY28 upgrades it by its id and name, the same customer and plan", async () => {
    const alone = await runProgram(example("renewal"));
    assertValid(alone.resources);
    assert.equal(offersOf(alone.resources).length, 1);

    const { resources, exports } = await runProgram(example("renewal"), { renew: "true" });
    assertValid(resources);
    const [fy27, fy28] = offersOf(resources);
    assert.deepEqual(fy28!.inputs["upgradedFrom"], { id: mockOfferId("woodgrove-fy27"), name: "Woodgrove FY27" });
    assert.deepEqual(fy28!.inputs["beneficiaries"], fy27!.inputs["beneficiaries"]);
    const plans = (offer: Registered) => (offer.inputs["pricing"] as { plan: string }[]).map((p) => p.plan);
    assert.deepEqual(plans(fy28!), plans(fy27!));
    assert.equal(fy28!.inputs["variableStartDate"], false);
    assert.ok(String(fy28!.inputs["start"]) > String(fy27!.inputs["end"]), "the renewal starts after FY27 ends");
    assert.equal(exports["fy28Id"], mockOfferId("woodgrove-fy28"));
  });

  it("csp: a margin restricted to named end customers", async () => {
    const { resources } = await runProgram(example("csp"));
    assertValid(resources);
    const [offer] = offersOf(resources);
    assert.equal(offer!.inputs["privateOfferType"], "cspPromotion");
    const [beneficiary] = offer!.inputs["beneficiaries"] as { recipients: string[] }[];
    assert.equal(beneficiary!.recipients.length, 2);
    assert.equal(offer!.inputs["acceptBy"], undefined, "CSP offers have no accept-by date");
  });

  it("mpo-originator: the channel partner named, terms read from a secret", async () => {
    const sasUrl = "https://terms.blob.core.windows.net/t/terms.pdf?sig=example";
    const { resources } = await runProgram(example("mpo-originator"), { termsSasUrl: sasUrl });
    assertValid(resources);
    const [offer] = offersOf(resources);
    assert.equal(offer!.inputs["privateOfferType"], "multipartyPromotionOriginator");
    assert.deepEqual(offer!.inputs["partner"], { id: "2000002", name: "Fabrikam Channel" });
    assert.equal((offer!.inputs["termsAndConditionsDocs"] as { sasUrl: string }[])[0]!.sasUrl, sasUrl);
  });

  it("mpo-channel-partner: a markup on the shared offer", async () => {
    const shared = "private-offer/1b7b4e4c-0f55-4b6e-9a57-1c9a7d2f3e11";
    const { resources, exports } = await runProgram(example("mpo-channel-partner"), { offerId: shared });
    assertValid(resources);
    const [offer] = offersOf(resources);
    assert.equal(offer!.inputs["offerId"], shared);
    assert.equal((offer!.inputs["markups"] as { markupPercentage: number }[])[0]!.markupPercentage, 4.5);
    assert.equal(exports["state"], "live", "PrivateOffer.state must be an output even when the program sets no state");
  });

  it("saas-absolute-pricing: the per-user prices reach the offer as its price document", async () => {
    const { resources } = await runProgram(example("saas-absolute-pricing"));
    assertValid(resources);
    const [offer] = offersOf(resources);
    const [item] = offer!.inputs["pricing"] as { discountType: string; priceDetails: { offerPricingType: string; pricing: { recurrentPrice: { userLimits: unknown; prices: { pricePerPaymentInUsd: number }[] } } } }[];
    assert.equal(item!.discountType, "absolute");
    assert.equal(item!.priceDetails.offerPricingType, "saasNewCustomizedPlans");
    assert.deepEqual(item!.priceDetails.pricing.recurrentPrice.userLimits, { min: 20, max: 200 });
    assert.deepEqual(item!.priceDetails.pricing.recurrentPrice.prices.map((p) => p.pricePerPaymentInUsd).sort(), [9, 99]);
  });

  it("vm-software-reservation: prices per VM size, no new plan details", async () => {
    const { resources } = await runProgram(example("vm-software-reservation"));
    assertValid(resources);
    const [offer] = offersOf(resources);
    const [item] = offer!.inputs["pricing"] as { newPlanDetails?: unknown; priceDetails: { softwareReservation: { vmPrices: Record<string, { unitPricePerPaymentPeriodInUsd: number }> } } }[];
    assert.equal(item!.newPlanDetails, undefined);
    assert.equal(item!.priceDetails.softwareReservation.vmPrices["4Core"]!.unitPricePerPaymentPeriodInUsd, 100);
    // Sizes the program leaves out keep the public plan's price.
    assert.equal(item!.priceDetails.softwareReservation.vmPrices["36Core"]!.unitPricePerPaymentPeriodInUsd, 990);
  });

  it("adopt-existing: takes over the offer by id", async () => {
    const existing = "private-offer/5a0f2c1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b";
    const { resources } = await runProgram(example("adopt-existing"), { existingOfferId: existing });
    assertValid(resources);
    assert.equal(offersOf(resources)[0]!.inputs["adoptExistingId"], existing);
  });

  describe("the demo stack (demo/index.ts)", () => {
    async function demo(round: string) {
      return runProgram(path.join(REPO, "demo"), { round, channelPartnerSellerId: "2000002" }, "demo");
    }

    it("declares every kind of offer, the channel partner's under its own account", async () => {
      const { resources, exports } = await demo("1");
      assertValid(resources);
      const types = offersOf(resources).map((r) => r.inputs["privateOfferType"]).sort();
      assert.deepEqual(types, ["cspPromotion", "customerPromotion", "customerPromotion", "multipartyPromotionChannelPartner", "multipartyPromotionOriginator"]);
      const completion = offersOf(resources).find((r) => r.inputs["privateOfferType"] === "multipartyPromotionChannelPartner");
      assert.equal(completion!.inputs["account"], "channelPartner");
      const originator = offersOf(resources).find((r) => r.inputs["privateOfferType"] === "multipartyPromotionOriginator");
      assert.equal(completion!.inputs["offerId"], mockOfferId(originator!.name), "the partner completes the originator's offer");
      const summaries = Object.values(exports["offers"] as Record<string, { state: string; offerId: string }>);
      assert.equal(summaries.length, 5);
      for (const summary of summaries) {
        assert.equal(summary.state, "live");
        assert.match(summary.offerId, /^private-offer\//);
      }
      assert.equal(exports["perUserPrice"], 10);
    });

    it("round 2 lowers the per-user price and changes nothing else", async () => {
      const first = await demo("1");
      const second = await demo("2");
      assert.equal(second.exports["perUserPrice"], 9);
      const changed = second.resources.filter((r) => {
        const before = first.resources.find((b) => b.name === r.name && b.type === r.type);
        return JSON.stringify(before?.inputs) !== JSON.stringify(r.inputs);
      });
      assert.deepEqual(changed.map((r) => r.name).sort(), ["woodgrove-seats", "woodgrove-seats-pricing"]);
    });
  });
});
