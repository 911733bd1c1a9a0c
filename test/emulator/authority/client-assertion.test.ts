import assert from "node:assert/strict";
import { constants, createHash, createPrivateKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from "node:crypto";
import { generate } from "selfsigned";
import { createAuthority, defaultAccounts, emulatorAccounts, type EmulatorAuthority } from "../../../emulator/authority";
import { hostAuthority, postForm, TestClock, type AuthorityHost } from "./support";

const isv = emulatorAccounts.softwareCompany;
const githubIssuer = "https://token.actions.githubusercontent.com";
const githubSubject = "repo:contoso/private-offers:ref:refs/heads/main";

// Written here rather than with the emulator's own signer, so a shared mistake cannot hide.
function compactJws(alg: "RS256" | "PS256", header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject | string): string {
  const privateKey = typeof key === "string" ? createPrivateKey(key) : key;
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ alg, typ: "JWT", ...header })}.${encode(claims)}`;
  const options = alg === "PS256" ? { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : { key: privateKey };
  return `${input}.${sign("sha256", Buffer.from(input), options).toString("base64url")}`;
}

describe("emulator authority: certificate and federated client assertions", () => {
  let clock: TestClock;
  let authority: EmulatorAuthority;
  let host: AuthorityHost;
  let certificatePem: string;
  let certificateKey: string;
  let strangerKey: string;
  const issuerKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const v2 = () => `${host.baseUrl}/${isv.tenantId}/oauth2/v2.0/token`;
  const nowSeconds = () => Math.floor(clock.now() / 1000);

  before(async () => {
    const pems = await generate([{ name: "commonName", value: "offers-pipeline" }], { keySize: 2048, algorithm: "sha256" });
    const stranger = await generate([{ name: "commonName", value: "someone-else" }], { keySize: 2048, algorithm: "sha256" });
    certificatePem = pems.cert;
    certificateKey = pems.private;
    strangerKey = stranger.private;
    clock = new TestClock(Date.now());
    authority = createAuthority({
      clock,
      accounts: defaultAccounts(),
      certificates: [{ clientId: isv.clientId, certificatePem }],
      federated: [
        {
          clientId: isv.clientId,
          issuer: githubIssuer,
          subject: githubSubject,
          publicKeyPem: issuerKeys.publicKey.export({ type: "spki", format: "pem" }).toString(),
        },
      ],
    });
    host = await hostAuthority(authority);
  });
  after(() => host.close());

  const thumbprints = () => {
    const der = new X509Certificate(certificatePem).raw;
    return {
      x5t: createHash("sha1").update(der).digest("base64url"),
      "x5t#S256": createHash("sha256").update(der).digest("base64url"),
    };
  };
  const certificateClaims = (overrides: Record<string, unknown> = {}) => ({
    aud: v2(),
    iss: isv.clientId,
    sub: isv.clientId,
    jti: "7d1c5a4e-0001",
    nbf: nowSeconds(),
    exp: nowSeconds() + 600,
    ...overrides,
  });
  const githubClaims = (overrides: Record<string, unknown> = {}) => ({
    iss: githubIssuer,
    sub: githubSubject,
    aud: "api://AzureADTokenExchange",
    iat: nowSeconds(),
    nbf: nowSeconds(),
    exp: nowSeconds() + 300,
    ...overrides,
  });
  const request = (assertion: string, type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") =>
    postForm(v2(), {
      grant_type: "client_credentials",
      client_id: isv.clientId,
      scope: "https://graph.microsoft.com/.default",
      client_assertion_type: type,
      client_assertion: assertion,
    });
  async function refusedWith(assertion: string, code: number, type?: string) {
    const answer = await request(assertion, type);
    assert.equal(answer.status, 401, answer.text);
    assert.deepEqual(answer.json.error_codes, [code], String(answer.json.error_description));
    assert.ok(!answer.text.includes(assertion.split(".")[2] ?? assertion), "the error quotes the assertion");
    return String(answer.json.error_description);
  }

  it("issues a token for an RS256 assertion with x5t and a PS256 assertion with x5t#S256", async () => {
    const { x5t, "x5t#S256": x5tS256 } = thumbprints();
    for (const assertion of [
      compactJws("RS256", { x5t }, certificateClaims(), certificateKey),
      compactJws("PS256", { "x5t#S256": x5tS256 }, certificateClaims(), certificateKey),
    ]) {
      const answer = await request(assertion);
      assert.equal(answer.status, 200, answer.text);
      const outcome = authority.authenticate(`Bearer ${String(answer.json.access_token)}`);
      assert.ok(outcome.ok && outcome.principal.clientId === isv.clientId);
    }
  });

  it("refuses certificate assertions that are unregistered, forged, mis-addressed, stale or for someone else", async () => {
    const headers = thumbprints();
    await refusedWith(compactJws("RS256", { x5t: "AAAA" }, certificateClaims(), certificateKey), 700027);
    await refusedWith(compactJws("RS256", { x5t: headers.x5t }, certificateClaims(), strangerKey), 700027);
    await refusedWith(compactJws("RS256", {}, certificateClaims(), certificateKey), 700027);
    await refusedWith(compactJws("RS256", headers, certificateClaims({ aud: "https://login.microsoftonline.com/x/oauth2/v2.0/token" }), certificateKey), 700020);
    await refusedWith(compactJws("RS256", headers, certificateClaims({ exp: nowSeconds() - 301 }), certificateKey), 700024);
    await refusedWith(compactJws("RS256", headers, certificateClaims({ sub: emulatorAccounts.channelPartner.clientId }), certificateKey), 700021);
    await refusedWith("header.payload", 50027);
    await refusedWith(compactJws("RS256", headers, certificateClaims(), certificateKey), 700023, "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
  });

  it("issues a token for an external OIDC token matching the federated credential", async () => {
    const answer = await request(compactJws("RS256", { kid: "github-1" }, githubClaims(), issuerKeys.privateKey));
    assert.equal(answer.status, 200, answer.text);
    assert.ok(authority.authenticate(`Bearer ${String(answer.json.access_token)}`).ok);
  });

  it("refuses external tokens whose issuer, subject, audience, signature or lifetime do not match", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    assert.match(await refusedWith(compactJws("RS256", {}, githubClaims({ iss: "https://evil.example" }), issuerKeys.privateKey), 700211), /issuer/);
    assert.match(await refusedWith(compactJws("RS256", {}, githubClaims({ sub: "repo:contoso/other:ref:refs/heads/main" }), issuerKeys.privateKey), 700213), /subject/);
    assert.match(await refusedWith(compactJws("RS256", {}, githubClaims({ aud: "https://graph.microsoft.com" }), issuerKeys.privateKey), 700212), /audience/);
    await refusedWith(compactJws("RS256", {}, githubClaims(), other), 700027);
    await refusedWith(compactJws("RS256", {}, githubClaims({ exp: nowSeconds() - 400 }), issuerKeys.privateKey), 700024);
  });

  it("refuses an external token for an application with no federated credential", async () => {
    const answer = await postForm(`${host.baseUrl}/${emulatorAccounts.channelPartner.tenantId}/oauth2/v2.0/token`, {
      grant_type: "client_credentials",
      client_id: emulatorAccounts.channelPartner.clientId,
      scope: "https://graph.microsoft.com/.default",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: compactJws("RS256", {}, githubClaims(), issuerKeys.privateKey),
    });
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json.error_codes, [70021]);
  });

  it("refuses a request carrying both a secret and an assertion", async () => {
    const answer = await postForm(v2(), {
      grant_type: "client_credentials",
      client_id: isv.clientId,
      client_secret: isv.clientSecret,
      scope: "https://graph.microsoft.com/.default",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: compactJws("RS256", {}, githubClaims(), issuerKeys.privateKey),
    });
    assert.equal(answer.status, 400);
    assert.ok(!answer.text.includes(isv.clientSecret));
  });
});
