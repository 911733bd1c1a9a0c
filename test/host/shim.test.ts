import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { createShimProvider } from "../../provider/dynamic/shim";
import { planPricingShim, privateOfferShim } from "../../provider/resources/shims";
import {
  HostCallError,
  dynamicUrn,
  serializeProvider,
  startProviderHost,
  withProvider,
  type PropertyMap,
  type ProviderHost,
  type SerializedProvider,
} from "../support/provider-host";
import { IMPLEMENTATION_EXPORT, IMPLEMENTATION_SPECIFIER, makeCheckouts, type Checkouts } from "./fixtures/checkouts";

const CLIENT_SECRET = "s3cr3t-client-value~not-for-state";
const STACK_CONFIG = {
  "partnercenter:endpoint": "http://127.0.0.1:43121/rp/product-ingestion",
  "partnercenter:clientSecret": CLIENT_SECRET,
  "fixture:configureDelayMs": "300",
};
/** Shim texts as earlier releases serialized them for the fixture implementation (test/host/fixtures/earlier-shims/<commit>.txt): state still holds them. */
const EARLIER_SHIMS_DIR = join(__dirname, "fixtures", "earlier-shims");
const earlierShims = readdirSync(EARLIER_SHIMS_DIR)
  .filter((file) => file.endsWith(".txt"))
  .map((file) => ({ commit: file.replace(/\.txt$/, ""), text: readFileSync(join(EARLIER_SHIMS_DIR, file), "utf8") }));
/**
 * Each resource's state holds the serialized shim twice (inputs and outputs), and the file backend
 * rewrites the whole state at every step: docs/benchmarks.md shows what it costs per byte.
 */
const SHIM_BYTES_LIMIT = 3 * 1024;
const configure = (host: ProviderHost) => host.configure(STACK_CONFIG, { secretKeys: ["partnercenter:clientSecret"] });
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("thin shim through the real provider host", function () {
  this.timeout(30_000);
  let checkouts: Checkouts;
  let shim: SerializedProvider;
  let packageHost: ProviderHost;
  let consumerHost: ProviderHost;
  let emptyProjectHost: ProviderHost;

  before(async () => {
    checkouts = makeCheckouts();
    shim = await serializeProvider(createShimProvider({ module: IMPLEMENTATION_SPECIFIER, exportName: IMPLEMENTATION_EXPORT }));
    [packageHost, consumerHost, emptyProjectHost] = await Promise.all([
      startProviderHost({ cwd: checkouts.packageCheckout }),
      startProviderHost({ cwd: checkouts.consumerCheckout }),
      startProviderHost({ cwd: checkouts.emptyProject }),
    ]);
    await Promise.all([configure(packageHost), configure(consumerHost), configure(emptyProjectHost)]);
  });

  after(async () => {
    await Promise.all([packageHost?.close(), consumerHost?.close(), emptyProjectHost?.close()]);
    checkouts?.remove();
  });

  it("serializes to a small text that holds the module specifier and nothing secret", () => {
    assert.equal(shim.containsSecrets, false);
    assert.ok(shim.bytes < 8 * 1024, `serialized shim is ${shim.bytes} bytes`);
    assert.ok(shim.text.includes(JSON.stringify(IMPLEMENTATION_SPECIFIER)));
    assert.ok(!shim.text.includes(CLIENT_SECRET));
    assert.ok(!/zod|axios|msal/i.test(shim.text), "the shim must not capture libraries");
  });

  it(`stays under ${SHIM_BYTES_LIMIT} bytes, the fixture's and both resources' shims, with the logic left in the installed package`, async () => {
    const texts = [shim.text, (await serializeProvider(privateOfferShim)).text, (await serializeProvider(planPricingShim)).text];
    for (const text of texts) {
      const bytes = Buffer.byteLength(text, "utf8");
      assert.ok(bytes < SHIM_BYTES_LIMIT, `serialized shim is ${bytes} bytes:\n${text}`);
      assert.ok(text.includes("dispatchShimCall") && !text.includes("Promise.resolve"), "the shim hands calls to the package instead of carrying the logic");
    }
    assert.ok(earlierShims.length > 0, `no earlier shims in ${EARLIER_SHIMS_DIR}`);
    for (const earlier of earlierShims) assert.ok(shim.bytes < earlier.text.length * 0.6, `${shim.bytes} bytes is not well under the ${earlier.text.length} of ${earlier.commit}`);
  });

  it("runs configure once with the whole stack config, secrets decrypted, before concurrent first calls", async () => {
    // Eight creates arrive together while configure (300 ms) is still running in the host.
    const results = await Promise.all(
      [...Array(8).keys()].map((i) => packageHost.create(dynamicUrn(`offer-${i}`), withProvider(shim.text, { label: `c${i}` }))),
    );
    for (const { properties } of results) {
      assert.equal(properties.configuredBeforeCall, true);
      assert.equal(properties.configureCalls, 1);
      assert.equal(properties.endpoint, STACK_CONFIG["partnercenter:endpoint"]);
      assert.equal(properties.clientSecretSha256, sha256(CLIENT_SECRET));
      assert.equal(properties.sawProviderKey, false, "the implementation never sees __provider");
      assert.equal(properties.__provider, shim.text, "the host keeps __provider in the outputs");
    }
  });

  it("resolves the implementation by package self-reference from the package's own checkout", async () => {
    const { properties } = await packageHost.create(dynamicUrn("self"), withProvider(shim.text, { label: "self" }));
    assert.equal(properties.servedFrom, join(checkouts.packageCheckout, "dist/provider/dynamic/fixture-implementation.js"));
  });

  it("refreshes, updates and destroys from another checkout path with state written in the first", async () => {
    const urn = dynamicUrn("moved");
    const inputs = withProvider(shim.text, { label: "moved" });
    const created = await packageHost.create(urn, inputs);

    const refreshed = await consumerHost.read(created.id, urn, created.properties, inputs);
    assert.equal(refreshed.id, "offer-moved");
    assert.equal(refreshed.properties.refreshed, true);
    assert.equal(refreshed.properties.servedFrom, join(checkouts.installedCopy, "dist/provider/dynamic/fixture-implementation.js"));

    const changed = withProvider(shim.text, { label: "moved-again" });
    const diff = await consumerHost.diff(created.id, urn, refreshed.properties, changed, { oldInputs: inputs });
    assert.equal(diff.changes, "some");
    const updated = await consumerHost.update(created.id, urn, refreshed.properties, changed, { oldInputs: inputs });
    assert.equal(updated.properties.label, "moved-again");
    assert.equal(updated.properties.updated, true);

    await consumerHost.delete(created.id, urn, updated.properties, changed);
  });

  for (const earlier of earlierShims) {
    it(`refreshes, updates and destroys state written by the shim of ${earlier.commit}, beside the current shim in the same host`, async () => {
      // Written by that release from the package's own checkout; run now from another checkout path.
      const kept = await packageHost.create(dynamicUrn(`kept-${earlier.commit}`), withProvider(earlier.text, { label: `kept-${earlier.commit}` }));
      const gone = await packageHost.create(dynamicUrn(`gone-${earlier.commit}`), withProvider(earlier.text, { label: `gone-${earlier.commit}` }));
      assert.equal(kept.properties.__provider, earlier.text);
      const current = await consumerHost.create(dynamicUrn(`current-${earlier.commit}`), withProvider(shim.text, { label: `current-${earlier.commit}` }));
      assert.equal(current.properties.__provider, shim.text);

      // Refresh runs the provider from the outputs: the earlier text.
      const urn = dynamicUrn(`kept-${earlier.commit}`);
      const oldInputs = withProvider(earlier.text, { label: `kept-${earlier.commit}` });
      const refreshed = await consumerHost.read(kept.id, urn, kept.properties, oldInputs);
      assert.equal(refreshed.properties.refreshed, true);
      assert.equal(refreshed.properties.servedFrom, join(checkouts.installedCopy, "dist/provider/dynamic/fixture-implementation.js"));
      assert.equal(refreshed.properties.__provider, earlier.text);

      // The program now declares the current shim: diff and update run it against the earlier outputs.
      const changed = withProvider(shim.text, { label: `kept-${earlier.commit}-changed` });
      assert.equal((await consumerHost.diff(kept.id, urn, refreshed.properties, changed, { oldInputs })).changes, "some");
      const updated = await consumerHost.update(kept.id, urn, refreshed.properties, changed, { oldInputs });
      assert.equal(updated.properties.updated, true);
      assert.equal(updated.properties.__provider, shim.text);

      // Destroy runs each resource's provider from its outputs: the earlier text for one, the current for the others.
      await consumerHost.delete(gone.id, dynamicUrn(`gone-${earlier.commit}`), gone.properties, withProvider(earlier.text, { label: `gone-${earlier.commit}` }));
      await consumerHost.delete(kept.id, urn, updated.properties, changed);
      await consumerHost.delete(current.id, dynamicUrn(`current-${earlier.commit}`), current.properties, withProvider(shim.text, { label: `current-${earlier.commit}` }));
      const refused = await consumerHost
        .delete(gone.id, dynamicUrn(`gone-${earlier.commit}`), { ...gone.properties, refuseDelete: true }, withProvider(earlier.text, {}))
        .then(() => undefined, (e: unknown) => e);
      assert.ok(refused instanceof HostCallError && /refusing to delete/.test(refused.details), `the earlier shim's delete reached the implementation: ${String(refused)}`);
    });
  }

  it("passes a partial-state error from the implementation through to the host unchanged", async () => {
    const urn = dynamicUrn("half-done");
    const error = await packageHost
      .create(urn, withProvider(shim.text, { label: "half", failWith: "partial" }))
      .then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof HostCallError, String(error));
    assert.match(error.details, /accepted but did not finish/);
    assert.equal(error.partialState?.id, "offer-partial");
    assert.equal(error.partialState?.properties.pendingJobId, "job-42");
    assert.deepEqual(error.partialState?.reasons, ["timed out waiting for job job-42"]);
  });

  it("tells the user to install the package when the program directory does not have it", async () => {
    const error = await emptyProjectHost
      .create(dynamicUrn("orphan"), withProvider(shim.text, { label: "orphan" }))
      .then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof HostCallError, String(error));
    assert.match(error.details, new RegExp(`Cannot load the provider implementation "${IMPLEMENTATION_SPECIFIER}"`));
    assert.ok(error.details.includes(checkouts.emptyProject), error.details);
    assert.match(error.details, /npm install/);
    assert.ok(!error.details.includes(CLIENT_SECRET));
  });

  it("without a ready promise, concurrent first calls run before configure finishes (the rule the shim exists for)", async () => {
    const state = { configured: false };
    const naive: pulumi.dynamic.ResourceProvider = {
      async configure() {
        await new Promise((resolve) => setTimeout(resolve, 300));
        state.configured = true;
      },
      async create(inputs: PropertyMap) {
        return { id: String(inputs.label), outs: { configuredBeforeCall: state.configured } };
      },
    };
    const naiveText = (await serializeProvider(naive)).text;
    const results = await Promise.all(
      [...Array(4).keys()].map((i) => emptyProjectHost.create(dynamicUrn(`naive-${i}`), withProvider(naiveText, { label: `n${i}` }))),
    );
    const early = results.filter((r) => r.properties.configuredBeforeCall === false).length;
    assert.ok(early >= 1, "the host let no call through before configure finished");
  });
});
