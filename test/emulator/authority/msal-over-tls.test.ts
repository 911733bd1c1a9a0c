import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync, sign, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";
import { createAuthority, defaultAccounts, emulatorAccounts, type EmulatorAuthority } from "../../../emulator/authority";
import { createTlsMaterial } from "../../../emulator/authority/tls";
import { hostAuthority, type AuthorityHost } from "./support";

const isv = emulatorAccounts.softwareCompany;
const partner = emulatorAccounts.channelPartner;
const githubIssuer = "https://token.actions.githubusercontent.com";
const githubSubject = "repo:contoso/private-offers:environment:production";

interface ChildResult {
  name: string;
  ok: boolean;
  accessToken?: string;
  cached?: boolean;
  errorCode?: string;
  message?: string;
}

function runMsal(cases: unknown[], caCertPath: string | undefined): Promise<{ results: ChildResult[]; requested: string[] }> {
  const env: NodeJS.ProcessEnv = { ...process.env, MSAL_NODE_PATH: require.resolve("@azure/msal-node"), MSAL_CASES: JSON.stringify(cases) };
  delete env.NODE_TLS_REJECT_UNAUTHORIZED;
  delete env.NODE_OPTIONS;
  if (caCertPath) env.NODE_EXTRA_CA_CERTS = caCertPath;
  else delete env.NODE_EXTRA_CA_CERTS;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(__dirname, "msal-client.cjs")], { env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`msal child failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as { results: ChildResult[]; requested: string[] });
    });
  });
}

function externalToken(privateKey: ReturnType<typeof generateKeyPairSync>["privateKey"]): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ alg: "RS256", typ: "JWT", kid: "ci" })}.${encode({
    iss: githubIssuer, sub: githubSubject, aud: "api://AzureADTokenExchange", iat: now, nbf: now, exp: now + 300,
  })}`;
  return `${input}.${sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
}

describe("emulator authority: msal-node's real client-credentials flow over TLS", function () {
  this.timeout(60_000);
  let directory: string;
  let authority: EmulatorAuthority;
  let host: AuthorityHost;
  let caCertPath: string;
  let outcome: { results: ChildResult[]; requested: string[] };
  const result = (name: string) => {
    const found = outcome.results.find((candidate) => candidate.name === name);
    assert.ok(found, name);
    return found;
  };

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), "authority-tls-"));
    const tls = await createTlsMaterial({ hosts: ["127.0.0.1", "localhost", "::1"], directory });
    caCertPath = tls.caCertPath;
    const certificate = await generate([{ name: "commonName", value: "offers-pipeline" }], { keySize: 2048, algorithm: "sha256" });
    const issuer = generateKeyPairSync("rsa", { modulusLength: 2048 });
    authority = createAuthority({
      clock: { now: () => Date.now() },
      accounts: defaultAccounts(),
      certificates: [{ clientId: partner.clientId, certificatePem: certificate.cert }],
      federated: [{
        clientId: isv.clientId, issuer: githubIssuer, subject: githubSubject,
        publicKeyPem: issuer.publicKey.export({ type: "spki", format: "pem" }).toString(),
      }],
    });
    host = await hostAuthority(authority, tls);
    const port = new URL(host.baseUrl).port;
    const common = (tenantId: string) => ({ authority: `${host.baseUrl}/${tenantId}`, knownAuthorities: [`127.0.0.1:${port}`] });
    const thumbprintSha256 = new X509Certificate(certificate.cert).fingerprint256.replace(/:/g, "");
    outcome = await runMsal(
      [
        { name: "secret", clientId: isv.clientId, ...common(isv.tenantId), credential: { clientSecret: isv.clientSecret } },
        { name: "certificate", clientId: partner.clientId, ...common(partner.tenantId), credential: { clientCertificate: { thumbprintSha256, privateKey: certificate.private } } },
        { name: "federated", clientId: isv.clientId, ...common(isv.tenantId), credential: { clientAssertion: externalToken(issuer.privateKey) } },
      ],
      caCertPath,
    );
  });
  after(async () => {
    await host?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("gets a token with a client secret that the API accepts, and reuses it from msal's cache", () => {
    const secret = result("secret");
    assert.ok(secret.ok, secret.message);
    assert.equal(secret.cached, true);
    const auth = authority.authenticate(`Bearer ${secret.accessToken}`);
    assert.ok(auth.ok && auth.principal.sellerId === isv.sellerId);
  });

  it("gets a token with a client certificate (PS256 assertion, x5t#S256)", () => {
    const certificate = result("certificate");
    assert.ok(certificate.ok, certificate.message);
    const auth = authority.authenticate(`Bearer ${certificate.accessToken}`);
    assert.ok(auth.ok && auth.principal.sellerId === partner.sellerId);
  });

  it("gets a token with a federated assertion as GitHub Actions provides", () => {
    const federated = result("federated");
    assert.ok(federated.ok, federated.message);
    assert.ok(authority.authenticate(`Bearer ${federated.accessToken}`).ok);
  });

  it("asks only the emulator: discovery document, then one token request per application, nothing else", () => {
    const origin = host.baseUrl;
    assert.equal(outcome.requested.length, 6, outcome.requested.join("\n"));
    assert.ok(outcome.requested.every((url) => url.startsWith(`${origin}/`)), outcome.requested.join("\n"));
    const seen = host.seen.map((request) => `${request.method} ${request.path} ${request.status}`);
    const expected = [
      `GET /${isv.tenantId}/v2.0/.well-known/openid-configuration 200`,
      `POST /${isv.tenantId}/oauth2/v2.0/token 200`,
      `GET /${partner.tenantId}/v2.0/.well-known/openid-configuration 200`,
      `POST /${partner.tenantId}/oauth2/v2.0/token 200`,
      `GET /${isv.tenantId}/v2.0/.well-known/openid-configuration 200`,
      `POST /${isv.tenantId}/oauth2/v2.0/token 200`,
    ];
    assert.deepEqual(seen, expected);
    assert.ok(!seen.some((line) => line.includes("/discovery/instance")));
  });

  it("without knownAuthorities msal-node would run instance discovery at login.microsoftonline.com", async () => {
    const before = host.seen.length;
    const unguarded = await runMsal(
      [{ name: "unguarded", clientId: isv.clientId, authority: `${host.baseUrl}/${isv.tenantId}`, credential: { clientSecret: isv.clientSecret } }],
      caCertPath,
    );
    assert.equal(unguarded.results[0]?.ok, false);
    assert.ok(unguarded.requested.some((url) => url.startsWith("https://login.microsoftonline.com/common/discovery/instance")), unguarded.requested.join("\n"));
    assert.equal(host.seen.length, before);
  });

  it("fails the handshake when the CA is not trusted, so the certificate check is real", async () => {
    const before = host.seen.length;
    const untrusted = await runMsal(
      [{ name: "untrusted", clientId: isv.clientId, authority: `${host.baseUrl}/${isv.tenantId}`, knownAuthorities: [new URL(host.baseUrl).host], credential: { clientSecret: isv.clientSecret } }],
      undefined,
    );
    assert.equal(untrusted.results[0]?.ok, false);
    assert.equal(host.seen.length, before, "no request got through without trusting the CA");
  });
});
