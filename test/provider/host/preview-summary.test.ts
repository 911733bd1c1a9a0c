// What a reviewer reads in `pulumi preview`: the engine prints every line the dynamic-provider host
// writes to stderr as an info diagnostic (pkg/resource/plugin/plugin.go, newPlugin: output is hidden
// only for non-dynamic providers). This drives Pulumi's real host (with the package built into
// dist/, as `npm test` does) through the previews of a withdrawal, a replacement and price changes,
// and reads the words per offer and per plan from the host's stderr.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { planPricingShim, privateOfferShim } from "../../../provider/resources/shims";
import { useEmulator } from "../../support/emulator";
import { UNKNOWN, dynamicUrn, serializeProvider, startProviderHost, withProvider, type PropertyMap, type ProviderHost } from "../../support/provider-host";
import { PLAN, PRODUCT, SAAS_PLAN, SAAS_PRODUCT, customerOffer } from "../../export/support";

const REPO = path.resolve(__dirname, "../../..");

interface Deployed {
  urn: string;
  id: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
}

describe("preview text a reviewer can trust (real provider host)", function () {
  this.timeout(60_000);
  const emulator = useEmulator({ jobLatencyMs: 10 });
  let host: ProviderHost;
  let offerText: string;
  let pricingText: string;

  before(async () => {
    offerText = (await serializeProvider(privateOfferShim)).text;
    pricingText = (await serializeProvider(planPricingShim)).text;
    host = await startProviderHost({ cwd: REPO });
  });

  after(async () => {
    await host?.close();
  });

  beforeEach(async () => {
    await host.configure(
      {
        "partnercenter:endpoint": emulator.apiBaseUrl,
        "partnercenter:accessToken": await emulator.token(),
        "partnercenter:pollIntervalSeconds": "0.02",
      },
      { secretKeys: ["partnercenter:accessToken"] },
    );
  });

  async function deploy(name: string, provider: string, inputs: Record<string, unknown>): Promise<Deployed> {
    const urn = dynamicUrn(name);
    const checked = await host.check(urn, {}, withProvider(provider, inputs as PropertyMap));
    assert.deepEqual(checked.failures, [], name);
    const created = await host.create(urn, checked.inputs);
    return { urn, id: created.id, inputs: checked.inputs, outputs: created.properties };
  }

  /** `pulumi preview` of new inputs for a deployed resource: check and diff only. Returns the new stderr lines. */
  async function preview(resource: Deployed, provider: string, inputs: Record<string, unknown>) {
    const before = host.output().length;
    const checked = await host.check(resource.urn, resource.inputs, withProvider(provider, inputs as PropertyMap), { preview: true });
    assert.deepEqual(checked.failures, []);
    const diff = await host.diff(resource.id, resource.urn, resource.outputs, checked.inputs, { preview: true, oldInputs: resource.inputs });
    const lines = (await settledOutput()).slice(before).split("\n").filter(Boolean);
    return { diff, lines };
  }

  /** The host's stderr once it stops growing: its lines arrive on a pipe, after the gRPC answer. */
  async function settledOutput(): Promise<string> {
    let last = host.output();
    for (let quiet = 0; quiet < 3; ) {
      await new Promise((done) => setTimeout(done, 25));
      const now = host.output();
      quiet = now === last ? quiet + 1 : 0;
      last = now;
    }
    return last;
  }

  it("a discount change on a live offer: withdrawn until live again, and the plan's discount before -> after", async () => {
    const offer = await deploy("discount", offerText, customerOffer());
    const { diff, lines } = await preview(offer, offerText, {
      ...customerOffer(),
      pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 8 }],
    });
    assert.equal(diff.changes, "some");
    assert.deepEqual(diff.replaces, []);
    assert.ok(lines.includes(`"Contoso FY27": withdraws the live offer "Contoso FY27": customers cannot see it until it is live again`), lines.join("\n"));
    assert.ok(lines.includes(`"Contoso FY27": ${PRODUCT} ${PLAN}: 5% off -> 8% off`), lines.join("\n"));
  });

  it("taking a live offer back: withdrawn, in words", async () => {
    const inputs = { ...customerOffer(), name: "Take back" };
    const offer = await deploy("withdraw", offerText, inputs);
    const { diff, lines } = await preview(offer, offerText, { ...inputs, state: "withdrawn" });
    assert.equal(diff.changes, "some");
    assert.ok(lines.includes(`"Take back": withdraws the live offer "Take back": customers cannot see it until it is live again`), lines.join("\n"));
  });

  it("a change that needs a new offer: replacement of the live offer, and what forced it", async () => {
    const inputs: Record<string, unknown> = { ...customerOffer(), name: "Changes kind" };
    const offer = await deploy("replace", offerText, inputs);
    const { preparedBy: _notForOriginators, ...shared } = inputs;
    const { diff, lines } = await preview(offer, offerText, {
      ...shared,
      privateOfferType: "multipartyPromotionOriginator",
      partner: { id: emulator.channelPartner.sellerId, name: "Fabrikam Channel" },
    });
    assert.deepEqual(diff.replaces, ["privateOfferType"]);
    assert.equal(diff.deleteBeforeReplace, true);
    const line = lines.find((l) => l.includes("replaces the live offer"));
    assert.ok(line, lines.join("\n"));
    assert.match(line, /customers lose it until the new one is live/);
    assert.match(line, /"Changes kind".*\(privateOfferType changed\)/);
  });

  it("a per-user price change: the plan's price before -> after, and the offer using it withdrawn", async () => {
    const monthly = { type: "month", value: 1 };
    const pricingInputs = (price: number) => ({
      product: SAAS_PRODUCT,
      plan: SAAS_PLAN,
      offerPricingType: "saasNewCustomizedPlans",
      pricing: { recurrentPrice: { recurrentPriceMode: "perUser", userLimits: { min: 20, max: 200 }, prices: [{ billingTerm: monthly, paymentOption: monthly, pricePerPaymentInUsd: price }] } },
    });
    const pricing = await deploy("seats-pricing", pricingText, pricingInputs(10));
    const seatsOffer = (document: unknown) => ({
      ...customerOffer(),
      name: "Woodgrove seats",
      pricing: [{ product: SAAS_PRODUCT, basePlan: SAAS_PLAN, discountType: "absolute", priceDetails: document, newPlanDetails: { name: "Seats", description: "Seats for Woodgrove" } }],
    });
    const offer = await deploy("seats", offerText, seatsOffer(pricing.outputs["document"]));

    const planPreview = await preview(pricing, pricingText, pricingInputs(9));
    assert.equal(planPreview.diff.changes, "some");
    const priceLine = `${SAAS_PRODUCT} ${SAAS_PLAN} monthly term, paid monthly: $10 per user -> $9 per user`;
    assert.ok(planPreview.lines.some((l) => l.endsWith(priceLine)), planPreview.lines.join("\n"));
    assert.ok(planPreview.lines.some((l) => l.includes("every PrivateOffer that uses this document is updated")));

    // In the same preview the new document is not known yet: the offer says what happens to it.
    const offerPreview = await preview(offer, offerText, seatsOffer(UNKNOWN));
    assert.equal(offerPreview.diff.changes, "some");
    assert.ok(offerPreview.lines.includes(`"Woodgrove seats": withdraws the live offer "Woodgrove seats": customers cannot see it until it is live again`), offerPreview.lines.join("\n"));
    assert.ok(offerPreview.lines.some((l) => l.includes(`${SAAS_PRODUCT} ${SAAS_PLAN}: prices known after apply`)), offerPreview.lines.join("\n"));

    // With the document known (a preview after the price was applied), the offer names the price itself.
    const applied = await preview(offer, offerText, seatsOffer({ ...(pricing.outputs["document"] as object), pricing: pricingInputs(9).pricing }));
    assert.ok(applied.lines.some((l) => l.endsWith(`${SAAS_PRODUCT} ${SAAS_PLAN} monthly term, paid monthly: $10 per user -> $9 per user`)), applied.lines.join("\n"));
  });

  it("nothing is written to Partner Center by any preview", async () => {
    const inputs = { ...customerOffer(), name: "Only previewed" };
    const offer = await deploy("quiet", offerText, inputs);
    await emulator.clearRequests();
    await preview(offer, offerText, { ...inputs, state: "withdrawn" });
    const writes = (await emulator.requests()).filter((r) => r.method === "POST");
    assert.deepEqual(writes, []);
  });
});
