import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { createShimProvider } from "../../provider/dynamic/shim";
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
