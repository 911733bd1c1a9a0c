import assert from "node:assert/strict";
import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { generate } from "selfsigned";
import { AuthenticationError, PartnerCenterClient, createAxiosTransport } from "../../provider/api";
import { TokenAcquisitionError } from "../../provider/auth/errors";
import { createTokenSource } from "../../provider/auth/token-sources";
import { resolveSettings, type Settings } from "../../provider/config/settings";
import type { PublisherAccount } from "../../emulator/contracts";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { recordingNetwork } from "./msal-network";

const ISSUER = "https://token.actions.githubusercontent.com";
const SUBJECT = "repo:contoso/private-offers:ref:refs/heads/main";

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

/** An external OIDC token as GitHub Actions would issue it, signed with `privateKey`. */
function externalToken(privateKey: string, overrides: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "test" }));
  const payload = base64url(
    JSON.stringify({ iss: ISSUER, sub: SUBJECT, aud: "api://AzureADTokenExchange", iat: now, nbf: now - 5, exp: now + 600, jti: randomUUID(), ...overrides }),
  );
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

describe("authentication through msal-node against the emulator over TLS", function () {
  this.timeout(30_000);
  let emulator: TestEmulator;
  let account: PublisherAccount;
  let ca: string;
  let dir: string;
  let certificatePath: string;
  let federatedKey: string;
  let tokenFile: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "pc-auth-"));
    const certificate = await generate([{ name: "commonName", value: "partnercenter-app" }], { keySize: 2048 });
    certificatePath = join(dir, "app.pem");
    await writeFile(certificatePath, `${certificate.private}\n${certificate.cert}`);
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    federatedKey = keys.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    tokenFile = join(dir, "federated-token");
    await writeFile(tokenFile, externalToken(federatedKey));

    const probe = await startTestEmulator({ tls: true });
    account = probe.softwareCompany;
    await probe.close();
    emulator = await startTestEmulator({
      tls: true,
      certificates: [{ clientId: account.clientId, certificatePem: certificate.cert }],
      federated: [
        { clientId: account.clientId, issuer: ISSUER, subject: SUBJECT, publicKeyPem: keys.publicKey.export({ format: "pem", type: "spki" }).toString() },
      ],
    });
    assert.ok(emulator.caCertPath);
    ca = await readFile(emulator.caCertPath, "utf8");
  });
  after(async () => emulator.close());

  function settingsFor(credential: Record<string, string>): Settings {
    return resolveSettings(
      { endpoint: emulator.apiBaseUrl, authorityHost: emulator.url, tenantId: account.tenantId, clientId: account.clientId, ...credential },
      {},
    );
  }

  function clientFor(settings: Settings) {
    const network = recordingNetwork(ca);
    const tokens = createTokenSource(settings.credential, { authorityHost: settings.authorityHost, networkClient: network });
    const transport = createAxiosTransport({ timeoutMs: 10_000, maxSockets: settings.maxConcurrentRequests, ca });
    return { client: new PartnerCenterClient(settings, { tokens, transport }), network, tokens };
  }

  async function tokenRequests(): Promise<number> {
    return (await emulator.running.requestLog.entries()).filter((r) => r.method === "POST" && /\/oauth2\/(v2\.0\/)?token$/.test(r.path)).length;
  }

  const credentials: Array<[string, () => Record<string, string>]> = [
    ["client secret", () => ({ clientSecret: account.clientSecret })],
    ["client certificate", () => ({ clientCertificatePath: certificatePath })],
    ["federated token file", () => ({ federatedTokenFile: tokenFile })],
  ];

  for (const [kind, credential] of credentials) {
    it(`calls the API with a ${kind}, one token request for 100 concurrent calls, nothing leaving loopback`, async () => {
      emulator.running.requestLog.clear();
      const { client, network } = clientFor(settingsFor(credential()));
      const results = await Promise.all(Array.from({ length: 100 }, () => client.listProducts()));
      assert.ok(results.every((products) => products.length > 0));
      assert.equal(await tokenRequests(), 1);
      assert.ok(network.urls.length > 0);
      for (const url of network.urls) assert.equal(new URL(url).hostname, "127.0.0.1", `msal-node reached ${url}`);
    });
  }

  it("reads the federated token file again on every acquisition", async () => {
    const { tokens } = clientFor(settingsFor({ federatedTokenFile: tokenFile }));
    const first = await tokens.getToken();
    await writeFile(tokenFile, externalToken(federatedKey, { sub: "repo:someone/else:ref:refs/heads/main" }));
    await assert.rejects(tokens.getToken({ rejected: first }), (e: unknown) => e instanceof TokenAcquisitionError && /subject/.test(e.message));
    await writeFile(tokenFile, externalToken(federatedKey));
    assert.ok(await tokens.getToken({ rejected: first }));
  });

  it("names tenant and client but never the secret when the secret is wrong", async () => {
    const wrong = "Wr0ng-secret-value-that-must-not-print";
    const { client } = clientFor(settingsFor({ clientSecret: wrong }));
    const error = await client.listProducts().then(() => assert.fail("expected a token error"), (e: unknown) => e);
    assert.ok(error instanceof TokenAcquisitionError);
    const text = [error.message, String(error), inspect(error), JSON.stringify(error)].join("\n");
    assert.match(text, new RegExp(account.clientId));
    assert.match(text, new RegExp(account.tenantId));
    assert.ok(!text.includes(wrong));
  });

  it("after a 401, acquires one fresh token and retries once, then explains the Manager role", async () => {
    emulator.running.requestLog.clear();
    const { client } = clientFor(settingsFor({ clientSecret: account.clientSecret }));
    await client.listProducts();
    // The API refuses every token from now on, as it would for an app without a Partner Center role.
    const settings = settingsFor({ clientSecret: account.clientSecret });
    const refusing = new PartnerCenterClient(settings, {
      tokens: {
        description: "clientSecret credential",
        identity: { tenantId: account.tenantId, clientId: account.clientId },
        getToken: async () => "not-a-token-the-emulator-issued",
      },
      transport: createAxiosTransport({ timeoutMs: 10_000, maxSockets: 4, ca }),
    });
    const error = await refusing.listProducts().then(() => assert.fail("expected 401"), (e: unknown) => e);
    assert.ok(error instanceof AuthenticationError);
    assert.match(error.message, /Manager role/);
    const productCalls = (await emulator.running.requestLog.entries()).filter((r) => r.path.endsWith("/product"));
    assert.deepEqual(productCalls.map((r) => r.status), [200, 401, 401]);
  });
});
