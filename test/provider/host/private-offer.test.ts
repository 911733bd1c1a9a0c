// The product through Pulumi's real dynamic-provider host (run `npm run build` first): the shims
// serialized with the SDK's own serializer, configured as the engine does, from this checkout and
// from another project path that installed the package.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planPricingShim, privateOfferShim } from "../../../provider/resources/shims";
import { useEmulator } from "../../support/emulator";
import { HostCallError, dynamicUrn, serializeProvider, startProviderHost, withProvider, type PropertyMap, type ProviderHost } from "../../support/provider-host";
import { PER_USER_PLAN, PER_USER_PRODUCT, cspOffer, customerOffer } from "../emulator/support";
import { future } from "../../support/dates";

const PACKAGE_ROOT = join(__dirname, "..", "..", "..");

describe("PrivateOffer through the real provider host", function () {
  this.timeout(60_000);
  const emulator = useEmulator({ jobLatencyMs: 20 });
  let offerText: string;
  let pricingText: string;
  let here: ProviderHost;
  let elsewhere: ProviderHost;
  let otherProject: string;

  before(async () => {
    offerText = (await serializeProvider(privateOfferShim)).text;
    pricingText = (await serializeProvider(planPricingShim)).text;
    otherProject = mkdtempSync(join(tmpdir(), "offers-stack-"));
    mkdirSync(join(otherProject, "node_modules"));
    writeFileSync(join(otherProject, "package.json"), JSON.stringify({ name: "offers-stack", private: true }));
    symlinkSync(PACKAGE_ROOT, join(otherProject, "node_modules", "pulumi-partnercenter-private-offers"), "dir");
    [here, elsewhere] = await Promise.all([startProviderHost({ cwd: PACKAGE_ROOT }), startProviderHost({ cwd: otherProject })]);
  });

  beforeEach(async () => {
    const config = {
      "partnercenter:endpoint": emulator.apiBaseUrl,
      "partnercenter:accessToken": await emulator.token(),
      "partnercenter:pollIntervalSeconds": "0.02",
    };
    await Promise.all([here, elsewhere].map((host) => host.configure(config, { secretKeys: ["partnercenter:accessToken"] })));
  });

  after(async () => {
    await Promise.all([here?.close(), elsewhere?.close()]);
    if (otherProject) rmSync(otherProject, { recursive: true, force: true });
  });

  it("serializes both shims small and free of libraries and secrets", () => {
    for (const text of [offerText, pricingText]) {
      assert.ok(Buffer.byteLength(text) < 8 * 1024);
      assert.ok(!/zod|axios|msal/i.test(text));
    }
  });

  it("creates concurrently, previews a price change on stderr, updates, refreshes and destroys from another checkout", async () => {
    const token = await emulator.token();
    const pricingInputs = {
      product: PER_USER_PRODUCT,
      plan: PER_USER_PLAN,
      offerPricingType: "saasNewCustomizedPlans",
      pricing: { recurrentPrice: { recurrentPriceMode: "perUser", userLimits: { min: 20, max: 100 }, prices: [{ billingTerm: { type: "year", value: 1 }, pricePerPaymentInUsd: 100 }] } },
    };
    const pricingUrn = dynamicUrn("seats-pricing");
    const pricingChecked = await here.check(pricingUrn, {}, withProvider(pricingText, pricingInputs as PropertyMap));
    assert.deepEqual(pricingChecked.failures, []);
    const pricing = await here.create(pricingUrn, pricingChecked.inputs);

    const seats = (document: unknown) =>
      customerOffer({
        name: "Seats via host",
        offerPricingType: "saasNewCustomizedPlans",
        pricing: [{ product: PER_USER_PRODUCT, basePlan: PER_USER_PLAN, discountType: "absolute", priceDetails: document, newPlanDetails: { name: "Seats", description: "Seats for Contoso" } }],
      });
    const programs: Array<[string, PropertyMap]> = [
      ["customer", customerOffer({ name: "Host customer" }) as PropertyMap],
      ["csp", cspOffer({ name: "Host CSP" }) as PropertyMap],
      ["seats", seats(pricing.properties.document) as PropertyMap],
    ];
    const created = await Promise.all(
      programs.map(async ([name, inputs]) => {
        const urn = dynamicUrn(name);
        const checked = await here.check(urn, {}, withProvider(offerText, inputs));
        assert.deepEqual(checked.failures, []);
        return { urn, inputs: checked.inputs, result: await here.create(urn, checked.inputs) };
      }),
    );
    for (const { result } of created) {
      assert.match(result.id, /^private-offer\//);
      assert.equal(result.properties.state, "live");
      assert.equal(result.properties.__provider, offerText);
    }
    const log = await emulator.requests();
    assert.equal(log.filter((r) => r.method === "POST" && r.path.endsWith("/configure")).length, 3);
    assert.equal(log.filter((r) => r.path.endsWith("/private-offer/query")).length, 1);

    // Price change: preview text on the host's stderr, then the offer using the document is updated.
    const cheaper = { ...pricingInputs, pricing: { recurrentPrice: { ...pricingInputs.pricing.recurrentPrice, prices: [{ billingTerm: { type: "year", value: 1 }, pricePerPaymentInUsd: 80 }] } } };
    const cheaperChecked = await here.check(pricingUrn, pricingChecked.inputs, withProvider(pricingText, cheaper as PropertyMap));
    const pricingDiff = await here.diff(pricing.id, pricingUrn, pricing.properties, cheaperChecked.inputs);
    assert.equal(pricingDiff.changes, "some");
    const newPricing = await here.update(pricing.id, pricingUrn, pricing.properties, cheaperChecked.inputs);
    const seatsOffer = created[2]!;
    const seatsChecked = await here.check(seatsOffer.urn, seatsOffer.inputs, withProvider(offerText, seats(newPricing.properties.document) as PropertyMap));
    const seatsDiff = await here.diff(seatsOffer.result.id, seatsOffer.urn, seatsOffer.result.properties, seatsChecked.inputs);
    assert.equal(seatsDiff.changes, "some");
    assert.deepEqual(seatsDiff.replaces, []);
    assert.match(here.output(), /"Seats via host": withdraws the live offer/);
    assert.match(here.output(), /\$100 per user -> \$80 per user/);
    const seatsUpdated = await here.update(seatsOffer.result.id, seatsOffer.urn, seatsOffer.result.properties, seatsChecked.inputs);
    assert.equal(seatsUpdated.properties.state, "live");
    assert.notEqual(seatsUpdated.properties.eTag, seatsOffer.result.properties.eTag);

    // An unchanged program: __provider never causes an update.
    const same = await here.diff(seatsOffer.result.id, seatsOffer.urn, seatsUpdated.properties, seatsChecked.inputs);
    assert.equal(same.changes, "none");

    // Drift and acceptance, refreshed from another checkout path with the state written here.
    const customer = created[0]!;
    await emulator.edit(String(customer.result.properties.offerId), { acceptBy: future("02-28", 1) });
    await emulator.accept(String(customer.result.properties.offerId));
    const refreshed = await elsewhere.read(customer.result.id, customer.urn, customer.result.properties, customer.inputs);
    assert.equal(refreshed.properties.acceptBy, future("02-28", 1));
    assert.equal(String(refreshed.properties.subState).toLowerCase(), "accepted");
    const changeAccepted = await elsewhere.check(customer.urn, customer.inputs, withProvider(offerText, customerOffer({ name: "Host customer", end: future("09-30", 1) }) as PropertyMap));
    const refused = await elsewhere.diff(customer.result.id, customer.urn, refreshed.properties, changeAccepted.inputs).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof HostCallError);
    assert.match(refused.details, /accepted by the customer/);

    // Destroy the others from the other checkout.
    await elsewhere.delete(created[1]!.result.id, created[1]!.urn, created[1]!.result.properties);
    await elsewhere.delete(seatsOffer.result.id, seatsOffer.urn, seatsUpdated.properties);
    await elsewhere.delete(pricing.id, pricingUrn, newPricing.properties);
    const gone = await elsewhere.read(created[1]!.result.id, created[1]!.urn, created[1]!.result.properties);
    assert.equal(gone.id, "");

    const everything = here.output() + elsewhere.output();
    assert.ok(!everything.includes(token), "no token in the host's output");
  });
});
