import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { AuthError, ServerError } from "@azure/msal-node";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { TokenAcquisitionError, createTokenSource, describeTokenFailure } from "../../provider/auth";
import type { Credential } from "../../provider/config/settings";
import { recordingNetwork } from "./msal-network";

const HOST = "https://login.example.test";
const CRASH = /\[object Object\]|Not Available|TypeError|undefined/;

describe("token failures read as what happened and what to do", () => {
  it("a 5xx from the token endpoint names the host and status and says to retry", () => {
    const error = new ServerError("temporarily_unavailable", "c1", "Error(s): 90033 - Timestamp: 2026 - Description: AADSTS90033: A transient error has occurred. - Correlation ID: c1 - Trace ID: t1", "", "90033", 503);
    const text = describeTokenFailure(error, HOST);
    assert.match(text, /token request to login\.example\.test was answered HTTP 503 \(temporarily_unavailable: AADSTS90033: A transient error has occurred\.\)/);
    assert.match(text, /retry/);
  });

  it("a refusal (4xx) says to check the tenant, client and credential", () => {
    const error = new ServerError("invalid_client", "c1", "Error(s): 7000215 - Timestamp: x - Description: AADSTS7000215: Invalid client secret provided. - Correlation ID: c1 - Trace ID: t1", "", "7000215", 401);
    const text = describeTokenFailure(error, HOST);
    assert.match(text, /refused with HTTP 401 \(invalid_client: AADSTS7000215: Invalid client secret provided\.\)/);
    assert.match(text, /Check the tenant id, the client id and its secret/);
  });

  it("an answer not in Entra's format is described by its status alone, never as an object dump", () => {
    const error = new ServerError({} as unknown as string, "", "Error(s): Not Available - Timestamp: Not Available - Description: Not Available - Correlation ID: Not Available - Trace ID: Not Available", "", undefined, 502);
    const text = describeTokenFailure(error, HOST);
    assert.doesNotMatch(text, CRASH);
    assert.match(text, /answered HTTP 502\. /);
  });

  it("a network failure says to check the authority host and the network", () => {
    const error = new AuthError("network_error", "", "Network request failed, additionalErrorInfo: error.name:TypeError, error.message:fetch failed");
    const text = describeTokenFailure(error, HOST);
    assert.doesNotMatch(text, CRASH);
    assert.match(text, /got no answer .*Check partnercenter:authorityHost \(AZURE_AUTHORITY_HOST\) and the network/);
  });

  it("keeps this package's own explanations (e.g. an unreadable certificate) as they are", () => {
    assert.equal(describeTokenFailure(new Error("the certificate file /x.pem cannot be read (ENOENT)"), HOST), "the certificate file /x.pem cannot be read (ENOENT)");
  });
});

describe("token endpoint down, through msal-node against the emulator", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let ca: string;

  before(async () => {
    emulator = await startEmulator({ port: 0, tls: true, jobLatencyMs: 0 });
    ca = await readFile(emulator.caCertPath!, "utf8");
  });
  after(async () => emulator.close());

  it("answers a readable TokenAcquisitionError naming tenant, client, host and status, without the secret", async () => {
    const account = emulator.accounts[0]!;
    emulator.faults.add([{ path: `/${account.tenantId}/oauth2/v2.0/token`, status: 503, count: 5 }]);
    const credential: Credential = { kind: "clientSecret", tenantId: account.tenantId, clientId: account.clientId, clientSecret: account.clientSecret };
    const tokens = createTokenSource(credential, { authorityHost: emulator.url, networkClient: recordingNetwork(ca) });
    const error = await tokens.getToken().then(() => assert.fail("expected a token error"), (e: unknown) => e);
    assert.ok(error instanceof TokenAcquisitionError, String(error));
    assert.doesNotMatch(error.message, CRASH);
    assert.ok(!error.message.includes(account.clientSecret));
    assert.match(error.message, new RegExp(account.tenantId));
    assert.match(error.message, new RegExp(account.clientId));
    assert.match(error.message, new RegExp(`token request to ${new URL(emulator.url).host.replace(/\./g, "\\.")} was answered HTTP 503`));
    assert.match(error.message, /retry/);
    emulator.faults.clear();
    // msal-node holds the same request back for a minute after a 5xx: a new process is not held.
    const fresh = createTokenSource(credential, { authorityHost: emulator.url, networkClient: recordingNetwork(ca) });
    assert.ok(await fresh.getToken(), "a new process gets a token once the endpoint is back");
  });

  it("an authority whose certificate this process does not trust names the host and NODE_EXTRA_CA_CERTS", async () => {
    const account = emulator.accounts[0]!;
    const credential: Credential = { kind: "clientSecret", tenantId: account.tenantId, clientId: account.clientId, clientSecret: account.clientSecret };
    // No CA given: the emulator's certificate is signed by a CA of its own, as a TLS-intercepting proxy's is.
    const tokens = createTokenSource(credential, { authorityHost: emulator.url });
    const error = await tokens.getToken().then(() => assert.fail("expected a token error"), (e: unknown) => e);
    assert.ok(error instanceof TokenAcquisitionError, String(error));
    const host = new URL(emulator.url).host.replace(/\./g, "\\.");
    assert.match(error.message, new RegExp(`the TLS certificate of ${host} is not trusted`));
    assert.match(error.message, /set NODE_EXTRA_CA_CERTS to a PEM file of that CA's certificate/);
    assert.match(error.message, /partnercenter:authorityHost \(or AZURE_AUTHORITY_HOST\)/);
    assert.ok(!error.message.includes(account.clientSecret));
  });

  it("an authority that does not answer reads as a network failure with what to check", async () => {
    const account = emulator.accounts[0]!;
    const credential: Credential = { kind: "clientSecret", tenantId: account.tenantId, clientId: account.clientId, clientSecret: account.clientSecret };
    const tokens = createTokenSource(credential, { authorityHost: "https://127.0.0.1:1" });
    const error = await tokens.getToken().then(() => assert.fail("expected a token error"), (e: unknown) => e);
    assert.ok(error instanceof TokenAcquisitionError, String(error));
    assert.doesNotMatch(error.message, CRASH);
    assert.match(error.message, /127\.0\.0\.1:1/);
    assert.match(error.message, /partnercenter:authorityHost/);
  });
});
