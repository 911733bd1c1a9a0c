import assert from "node:assert/strict";
import { SettingsError } from "../../provider/config/errors";
import { resolveSettings } from "../../provider/config/settings";
import { ProviderRuntime } from "../../provider/dynamic/runtime";

const tenantId = "7e57c0de-0000-4000-8000-00000000a11c";
const clientId = "c1e47000-0000-4000-8000-00000000a11c";

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof SettingsError);
    return error.message;
  }
  assert.fail("expected a SettingsError");
}

describe("provider settings", () => {
  it("reads stack config with Azure environment fallbacks and documented defaults", () => {
    const settings = resolveSettings(new Map([["partnercenter:clientSecret", "s3cret-value-123"]]), {
      AZURE_TENANT_ID: tenantId,
      AZURE_CLIENT_ID: clientId,
    });
    assert.deepEqual(settings.credential, { kind: "clientSecret", tenantId, clientId, clientSecret: "s3cret-value-123" });
    assert.equal(settings.endpoint, "https://graph.microsoft.com/rp/product-ingestion");
    assert.equal(settings.authorityHost, "https://login.microsoftonline.com");
    assert.equal(settings.pollIntervalMs, 60_000);
    assert.equal(settings.jobTimeoutMs, 30 * 60_000);
  });

  it("accepts fractional poll intervals and a loopback http endpoint for the emulator", () => {
    const settings = resolveSettings(
      { "partnercenter:endpoint": "http://127.0.0.1:4312/rp/product-ingestion/", "partnercenter:pollIntervalSeconds": "0.05" },
      { PARTNER_CENTER_ACCESS_TOKEN: "static-token-value" },
    );
    assert.equal(settings.endpoint, "http://127.0.0.1:4312/rp/product-ingestion");
    assert.equal(settings.pollIntervalMs, 50);
    assert.equal(settings.credential.kind, "accessToken");
  });

  it("refuses plain http to a remote host, naming the key and the variable", () => {
    const message = problemsOf(() =>
      resolveSettings({}, { PARTNER_CENTER_ENDPOINT: "http://graph.example.com/rp/product-ingestion", PARTNER_CENTER_ACCESS_TOKEN: "tok-123456789" }),
    );
    assert.match(message, /partnercenter:endpoint \(or PARTNER_CENTER_ENDPOINT\) must use https/);
  });

  it("lists every problem at once and never prints a secret", () => {
    const message = problemsOf(() =>
      resolveSettings(
        { "partnercenter:clientSecret": "do-not-print-me-ever", "partnercenter:clientId": "not-a-guid", "partnercenter:pollIntervalSeconds": "-3" },
        {},
      ),
    );
    assert.match(message, /partnercenter:pollIntervalSeconds .* must be a number greater than 0/);
    assert.match(message, /partnercenter:tenantId \(or AZURE_TENANT_ID\) is required/);
    assert.ok(!message.includes("do-not-print-me-ever"));
  });

  it("says how to provide a credential when there is none", () => {
    assert.match(problemsOf(() => resolveSettings({}, {})), /no credential found: set partnercenter:accessToken/);
  });

  it("prefers a credential from stack config over one found in the environment", () => {
    const settings = resolveSettings(
      { "partnercenter:tenantId": tenantId, "partnercenter:clientId": clientId, "partnercenter:clientCertificatePath": "/secrets/app.pem" },
      { AZURE_FEDERATED_TOKEN_FILE: "/var/run/token", PARTNER_CENTER_ACCESS_TOKEN: "env-token-123" },
    );
    assert.deepEqual(settings.credential, { kind: "clientCertificate", tenantId, clientId, certificatePath: "/secrets/app.pem" });
  });

  it("keeps create records beside the program unless partnercenter:createRecordDir (or its variable) moves them", () => {
    const token = { PARTNER_CENTER_ACCESS_TOKEN: "static-token-value" };
    assert.equal(resolveSettings({}, token).createRecordDir, ".partnercenter/creates");
    assert.equal(resolveSettings({}, { ...token, PARTNER_CENTER_CREATE_RECORD_DIR: "/var/lib/offers" }).createRecordDir, "/var/lib/offers");
    const both = resolveSettings({ "partnercenter:createRecordDir": "records/prod" }, { ...token, PARTNER_CENTER_CREATE_RECORD_DIR: "/var/lib/offers" });
    assert.equal(both.createRecordDir, "records/prod", "stack config wins");
  });

  it("picks up a federated token file from the environment, as GitHub Actions and workload identity set it", () => {
    const settings = resolveSettings({}, { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId, AZURE_FEDERATED_TOKEN_FILE: "/var/run/token" });
    assert.deepEqual(settings.credential, { kind: "federated", tenantId, clientId, federatedTokenFile: "/var/run/token" });
  });
});

describe("credential profiles (partnercenter:accounts)", () => {
  const accounts = JSON.stringify({
    partner: { tenantId: "7e57c0de-0000-4000-8000-00000000b0b0", clientId: "c1e47000-0000-4000-8000-00000000b0b0", clientSecret: "partner-secret-value" },
  });

  /** A provider process configured with this stack config and environment. */
  function runtimeWith(config: Record<string, string>, env: Record<string, string> = {}): ProviderRuntime {
    const runtime = new ProviderRuntime({ env, progress: () => {} });
    runtime.configure(config);
    return runtime;
  }

  it("uses the named profile's credential over the top-level keys, keeping shared settings", () => {
    const runtime = runtimeWith(
      { "partnercenter:accounts": accounts, "partnercenter:accessToken": "top-level-token", "partnercenter:pollIntervalSeconds": "2" },
      { AZURE_CLIENT_SECRET: "env-secret-value" },
    );
    const settings = runtime.settings("partner");
    assert.deepEqual(settings.credential, {
      kind: "clientSecret",
      tenantId: "7e57c0de-0000-4000-8000-00000000b0b0",
      clientId: "c1e47000-0000-4000-8000-00000000b0b0",
      clientSecret: "partner-secret-value",
    });
    assert.equal(settings.pollIntervalMs, 2000);
  });

  it("never takes a profile's credential from the environment", () => {
    const runtime = runtimeWith(
      { "partnercenter:accounts": JSON.stringify({ partner: { pollIntervalSeconds: 3 } }) },
      { PARTNER_CENTER_ACCESS_TOKEN: "env-token-value", PARTNER_CENTER_POLL_INTERVAL_SECONDS: "9" },
    );
    assert.match(problemsOf(() => runtime.settings("partner")), /account "partner" in partnercenter:accounts: no credential found/);
    assert.equal(runtime.settings().pollIntervalMs, 9000, "the top level still reads the environment");
  });

  it("names a missing profile and never prints the profiles' secrets", () => {
    const message = problemsOf(() => runtimeWith({ "partnercenter:accounts": accounts }).settings("originator"));
    assert.match(message, /account "originator" is not in partnercenter:accounts \(it has "partner"\)/);
    assert.ok(!message.includes("partner-secret-value"));
  });

  it("says when a resource names a profile but there are none", () => {
    const message = problemsOf(() => runtimeWith({}).settings("partner"));
    assert.match(message, /account "partner" is named by a resource, but partnercenter:accounts is not set in the stack config/);
  });

  it("names a misspelt setting in a profile, not its value", () => {
    const accountsWithTypo = JSON.stringify({ partner: { clientSecrett: "partner-secret-value" } });
    const message = problemsOf(() => runtimeWith({ "partnercenter:accounts": accountsWithTypo }).settings("partner"));
    assert.match(message, /partnercenter:accounts\.partner .*"clientSecrett"/);
    assert.ok(!message.includes("partner-secret-value"));
  });
});
