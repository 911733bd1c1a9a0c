import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import {
  HostCallError,
  UNKNOWN,
  dynamicUrn,
  isSecret,
  measureLifecycle,
  secret,
  secretPaths,
  serializeProvider,
  startProviderHost,
  withProvider,
  type PropertyMap,
  type ProviderHost,
} from "../support/provider-host";

const unknownMarker = UNKNOWN;

// A provider whose answers reveal what the host handed it. It captures only a string.
const scripted: pulumi.dynamic.ResourceProvider = {
  async check(_olds: PropertyMap, news: PropertyMap) {
    const unknownKeys = Object.keys(news).filter((k) => news[k] === unknownMarker);
    return { inputs: { ...news, unknownKeysSeenInCheck: unknownKeys.join(",") } };
  },
  async diff(_id: string, _olds: PropertyMap, news: PropertyMap) {
    // Reporting the unknown keys as replacements makes what the provider saw visible to the test.
    return { changes: true, replaces: Object.keys(news).filter((k) => news[k] === unknownMarker) };
  },
  async create(inputs: PropertyMap) {
    if (inputs.fail === "plain") throw new Error("the API refused the offer: name already taken (use adoptExistingId)");
    return {
      id: `id-${inputs.name}`,
      outs: {
        name: inputs.name,
        sasUrl: inputs.sasUrl ?? null,
        sasUrlCopy: inputs.sasUrl ?? null,
        sasUrlWasPlaintext: typeof inputs.sasUrl === "string",
        codeVersion: inputs.codeVersion ?? "v1",
      },
    };
  },
  async read(id: string, props: PropertyMap) {
    return { id, props: { ...props, readBy: "v1" } };
  },
  async update(id: string, olds: PropertyMap, news: PropertyMap) {
    if (news.updateReturns === "nothing") return undefined as unknown as pulumi.dynamic.UpdateResult;
    if (news.fail === "partial") {
      throw Object.assign(new Error("withdrawn, but going live again failed: customers cannot see the offer"), {
        id,
        properties: { ...olds, state: "withdrawn" },
        reasons: ["live job failed"],
      });
    }
    return { outs: { ...olds, ...news } };
  },
  async delete(_id: string, props: PropertyMap) {
    if (props.name === "undeletable") throw new Error("accepted offers cannot be deleted");
  },
};

describe("engine rules through the real provider host", function () {
  this.timeout(30_000);
  let host: ProviderHost;
  let provider: string;

  before(async () => {
    provider = (await serializeProvider(scripted)).text;
    host = await startProviderHost();
    const protocol = await host.configure({ "partnercenter:endpoint": "http://127.0.0.1:1" });
    assert.deepEqual(protocol, { acceptSecrets: false, supportsPreview: false });
  });

  after(async () => {
    await host?.close();
  });

  it("during preview, unknown inputs reach check and diff as the unknown sentinel, and create/update never reach the host", async () => {
    const urn = dynamicUrn("preview");
    const news = withProvider(provider, { name: "preview", endDate: UNKNOWN });
    const checked = await host.check(urn, {}, news, { preview: true });
    assert.equal(checked.inputs.unknownKeysSeenInCheck, "endDate");
    assert.equal(checked.inputs.endDate, UNKNOWN);

    const diff = await host.diff("id-preview", urn, withProvider(provider, { name: "preview" }), news, { preview: true });
    assert.deepEqual(diff.replaces, ["endDate"]);

    const created = await host.create(urn, checked.inputs, { preview: true });
    assert.equal(created.sentToHost, false);
    const updated = await host.update("id-preview", urn, {}, checked.inputs, { preview: true });
    assert.equal(updated.sentToHost, false);
  });

  it("hands secret inputs to the provider in plaintext and re-marks only outputs of the same key", async () => {
    const sas = "https://terms.blob.core.windows.net/t.pdf?sv=2024&sig=abc";
    const created = await host.create(dynamicUrn("secret"), withProvider(provider, { name: "secret", sasUrl: secret(sas) }));
    assert.equal(created.properties.sasUrlWasPlaintext, true);
    assert.ok(isSecret(created.properties.sasUrl));
    assert.equal(created.properties.sasUrlCopy, sas, "a differently named output is stored in plaintext");
    assert.deepEqual(secretPaths(created.properties), ["sasUrl"]);
  });

  it("keeps only __provider when update returns nothing: update must return the full outputs", async () => {
    const urn = dynamicUrn("wiped");
    const created = await host.create(urn, withProvider(provider, { name: "wiped" }));
    const updated = await host.update(created.id, urn, created.properties, withProvider(provider, { name: "wiped", updateReturns: "nothing" }));
    assert.deepEqual(Object.keys(updated.properties), ["__provider"]);
  });

  it("reports an update error carrying id and properties as partial state", async () => {
    const urn = dynamicUrn("half-updated");
    const created = await host.create(urn, withProvider(provider, { name: "half-updated" }));
    const error = await host
      .update(created.id, urn, created.properties, withProvider(provider, { name: "half-updated", fail: "partial" }))
      .then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof HostCallError, String(error));
    assert.equal(error.partialState?.id, created.id);
    assert.equal(error.partialState?.properties.state, "withdrawn");
    assert.match(error.message, /customers cannot see the offer/);
  });

  it("turns a plain provider error into a readable failure without partial state", async () => {
    const error = await host
      .create(dynamicUrn("taken"), withProvider(provider, { name: "taken", fail: "plain" }))
      .then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof HostCallError, String(error));
    assert.equal(error.method, "Create");
    assert.equal(error.partialState, undefined);
    assert.match(error.message, /name already taken \(use adoptExistingId\)/);

    const deleteError = await host
      .delete("id-undeletable", dynamicUrn("undeletable"), withProvider(provider, { name: "undeletable" }))
      .then(() => undefined, (e: unknown) => e);
    assert.ok(deleteError instanceof HostCallError);
    assert.match(deleteError.details, /accepted offers cannot be deleted/);
  });

  it("runs refresh with the provider code stored in state, and update with the program's new code", async () => {
    const newer: pulumi.dynamic.ResourceProvider = {
      ...scripted,
      async read(id: string, props: PropertyMap) {
        return { id, props: { ...props, readBy: "v2" } };
      },
      async update(_id: string, olds: PropertyMap, news: PropertyMap) {
        return { outs: { ...olds, ...news, codeVersion: "v2" } };
      },
    };
    const newerText = (await serializeProvider(newer)).text;
    const urn = dynamicUrn("versions");
    const created = await host.create(urn, withProvider(provider, { name: "versions" }));

    const refreshed = await host.read(created.id, urn, created.properties);
    assert.equal(refreshed.properties.readBy, "v1");
    const updated = await host.update(created.id, urn, created.properties, withProvider(newerText, { name: "versions" }));
    assert.equal(updated.properties.codeVersion, "v2");
    assert.equal(updated.properties.__provider, newerText);
  });

  it("measures the no-op floor: serialized size and time, host CPU and peak memory per phase", async () => {
    const figures = await measureLifecycle({ count: 10 });
    assert.ok(figures.serialized.bytes > 0 && figures.serialized.bytes < 8 * 1024);
    assert.ok(figures.serialized.serializeMs > 0);
    for (const phase of [figures.create, figures.update, figures.read, figures.delete]) {
      assert.equal(phase.operations, 10);
      assert.ok(phase.wallMs > 0);
      assert.ok(phase.hostCpuMs === undefined || phase.hostCpuMs >= 0);
      assert.ok(phase.hostPeakRssBytes === undefined || phase.hostPeakRssBytes > 10 * 1024 * 1024);
    }
  });
});
