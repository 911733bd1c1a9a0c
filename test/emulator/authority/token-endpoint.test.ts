import assert from "node:assert/strict";
import { createAuthority, defaultAccounts, emulatorAccounts, type EmulatorAuthority } from "../../../emulator/authority";
import { hostAuthority, jwtPart, postForm, TestClock, type AuthorityHost } from "./support";

const isv = emulatorAccounts.softwareCompany;
const partner = emulatorAccounts.channelPartner;

describe("emulator authority: token endpoints", () => {
  let clock: TestClock;
  let authority: EmulatorAuthority;
  let host: AuthorityHost;
  const v2 = (tenant: string = isv.tenantId) => `${host.baseUrl}/${tenant}/oauth2/v2.0/token`;
  const v1 = (tenant: string = isv.tenantId) => `${host.baseUrl}/${tenant}/oauth2/token`;
  const secretForm = (extra: Record<string, string> = {}) => ({
    grant_type: "client_credentials",
    client_id: isv.clientId,
    client_secret: isv.clientSecret,
    scope: "https://graph.microsoft.com/.default",
    ...extra,
  });

  // One authority for the suite: nothing here moves the clock or registers anything.
  before(async () => {
    clock = new TestClock();
    authority = createAuthority({ clock, accounts: defaultAccounts(), tokenLifetimeSeconds: 3600 });
    host = await hostAuthority(authority);
  });
  after(() => host.close());

  function assertEntraError(answer: { status: number; json: Record<string, unknown> }, status: number, error: string, code: number) {
    assert.equal(answer.status, status, JSON.stringify(answer.json));
    assert.equal(answer.json.error, error);
    assert.deepEqual(answer.json.error_codes, [code]);
    assert.match(String(answer.json.error_description), new RegExp(`^AADSTS${code}: `));
    for (const field of ["timestamp", "trace_id", "correlation_id"]) assert.equal(typeof answer.json[field], "string", field);
  }

  it("v2 issues a Graph token for a client secret, and the API accepts it for that publisher", async () => {
    const answer = await postForm(v2(), { ...secretForm(), "x-client-SKU": "msal.js.node", "client-request-id": "abc-123" });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.token_type, "Bearer");
    assert.equal(answer.json.expires_in, 3600);
    const token = String(answer.json.access_token);
    const claims = jwtPart(token, 1);
    assert.equal(claims.aud, "https://graph.microsoft.com");
    assert.equal(claims.iss, `${host.baseUrl}/${isv.tenantId}/v2.0`);
    assert.equal(claims.tid, isv.tenantId);
    assert.equal(claims.appid, isv.clientId);
    assert.equal(claims.azp, isv.clientId);
    assert.equal(claims.pc_seller_id, isv.sellerId);
    assert.equal(claims.exp, Number(claims.iat) + 3600);
    assert.equal(jwtPart(token, 0).alg, "RS256");
    assert.deepEqual(authority.authenticate(`Bearer ${token}`), {
      ok: true,
      principal: { tenantId: isv.tenantId, clientId: isv.clientId, sellerId: isv.sellerId },
    });
  });

  it("v1 accepts the Graph resource with and without the trailing slash and answers numbers as strings", async () => {
    for (const resource of ["https://graph.microsoft.com", "https://graph.microsoft.com/"]) {
      const answer = await postForm(v1(partner.tenantId), {
        grant_type: "client_credentials",
        client_id: partner.clientId,
        client_secret: partner.clientSecret,
        resource,
      });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.json.expires_in, "3600");
      assert.equal(answer.json.expires_on, String(clock.now() / 1000 + 3600));
      assert.equal(typeof answer.json.not_before, "string");
      const result = authority.authenticate(`Bearer ${String(answer.json.access_token)}`);
      assert.ok(result.ok && result.principal.sellerId === partner.sellerId);
    }
  });

  it("refuses an unknown tenant with AADSTS90002", async () => {
    const tenant = "11111111-2222-4333-8444-555555555555";
    const answer = await postForm(v2(tenant), secretForm());
    assertEntraError(answer, 400, "invalid_tenant", 90002);
    assert.match(String(answer.json.error_description), new RegExp(tenant));
  });

  it("refuses an unknown application, and one registered in another tenant, with AADSTS700016", async () => {
    assertEntraError(await postForm(v2(), secretForm({ client_id: "99999999-0000-4000-8000-000000000000" })), 400, "unauthorized_client", 700016);
    assertEntraError(await postForm(v2(partner.tenantId), secretForm()), 400, "unauthorized_client", 700016);
  });

  it("refuses a wrong secret with AADSTS7000215 and a missing credential with AADSTS7000218", async () => {
    assertEntraError(await postForm(v2(), secretForm({ client_secret: "not-the-secret" })), 401, "invalid_client", 7000215);
    const { client_secret: _omitted, ...noSecret } = secretForm();
    assertEntraError(await postForm(v2(), noSecret), 401, "invalid_client", 7000218);
  });

  it("refuses a wrong secret even for the other account's secret", async () => {
    assertEntraError(await postForm(v2(), secretForm({ client_secret: partner.clientSecret })), 401, "invalid_client", 7000215);
  });

  it("refuses scopes that are not Graph's .default and resources that are not Graph", async () => {
    assertEntraError(await postForm(v2(), secretForm({ scope: "https://graph.microsoft.com/User.Read" })), 400, "invalid_scope", 1002012);
    assertEntraError(await postForm(v2(), secretForm({ scope: "https://management.azure.com/.default" })), 400, "invalid_resource", 500011);
    const { scope: _scope, ...noScope } = secretForm();
    assertEntraError(await postForm(v2(), noScope), 400, "invalid_request", 900144);
    assertEntraError(await postForm(v2(), { ...noScope, resource: "https://graph.microsoft.com" }), 400, "invalid_request", 901002);
    assertEntraError(await postForm(v1(), { ...noScope, resource: "https://api.partner.microsoft.com" }), 400, "invalid_resource", 500011);
    assertEntraError(await postForm(v1(), noScope), 400, "invalid_request", 900144);
  });

  it("refuses other grants, missing parameters, repeated parameters and non-POST requests", async () => {
    assertEntraError(await postForm(v2(), secretForm({ grant_type: "password" })), 400, "unsupported_grant_type", 70003);
    const { grant_type: _grant, ...noGrant } = secretForm();
    const missingGrant = await postForm(v2(), noGrant);
    assertEntraError(missingGrant, 400, "invalid_request", 900144);
    assert.match(String(missingGrant.json.error_description), /'grant_type'/);
    const repeated = await fetch(v2(), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `${new URLSearchParams(secretForm()).toString()}&client_id=${partner.clientId}`,
    });
    assert.equal(repeated.status, 400);
    const get = await fetch(v2());
    assert.equal(get.status, 400);
    assert.deepEqual(((await get.json()) as { error_codes: number[] }).error_codes, [900561]);
  });

  it("never echoes a submitted or registered secret in any answer", async () => {
    const submitted = "Sup3r~Secret.value-that-must-not-leak";
    const answers = [
      await postForm(v2(), secretForm({ client_secret: submitted })),
      await postForm(v2(), secretForm({ client_secret: submitted, scope: "bad" })),
      await postForm(v2(), secretForm({ client_secret: submitted, client_id: "99999999-0000-4000-8000-000000000000" })),
      await postForm(v2(), secretForm({ client_secret: submitted, client_assertion: "a.b.c" })),
      await postForm(v2("77777777-0000-4000-8000-000000000000"), secretForm({ client_secret: submitted })),
    ];
    for (const answer of answers) {
      assert.ok(answer.status >= 400);
      for (const secret of [submitted, isv.clientSecret, partner.clientSecret]) {
        assert.ok(!answer.text.includes(secret), `answer ${answer.status} contains a secret`);
      }
    }
  });

  it("serves the discovery documents msal-node reads, from its own origin", async () => {
    const config = (await (await fetch(`${host.baseUrl}/${isv.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    assert.equal(config.issuer, `${host.baseUrl}/${isv.tenantId}/v2.0`);
    assert.equal(config.token_endpoint, v2());
    for (const field of ["authorization_endpoint", "jwks_uri", "token_endpoint"]) {
      assert.equal(new URL(String(config[field])).origin, host.baseUrl, field);
    }
    const keys = (await (await fetch(String(config.jwks_uri))).json()) as { keys: Array<Record<string, string>> };
    const token = String((await postForm(v2(), secretForm())).json.access_token);
    const key = keys.keys.find((candidate) => candidate.kid === jwtPart(token, 0).kid);
    assert.ok(key && key.kty === "RSA" && key.n && key.e && !("d" in key), "the JWKS holds the public signing key only");

    const instance = (await (
      await fetch(`${host.baseUrl}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${host.baseUrl}/${isv.tenantId}/oauth2/v2.0/authorize`)}`)
    ).json()) as { tenant_discovery_endpoint: string; metadata: Array<{ aliases: string[] }> };
    assert.equal(instance.tenant_discovery_endpoint, `${host.baseUrl}/${isv.tenantId}/v2.0/.well-known/openid-configuration`);
    assert.deepEqual(instance.metadata[0]?.aliases, [new URL(host.baseUrl).host]);

    const unknown = await fetch(`${host.baseUrl}/00000000-0000-4000-8000-000000000001/v2.0/.well-known/openid-configuration`);
    assert.equal(unknown.status, 400);
  });

  it("leaves every other path to the API routes", async () => {
    for (const path of ["/rp/product-ingestion/configure", "/_emulator/requests", `/${isv.tenantId}/oauth2/v2.0/authorize`]) {
      const answer = await fetch(`${host.baseUrl}${path}`);
      assert.equal(answer.status, 404, path);
    }
  });
});
