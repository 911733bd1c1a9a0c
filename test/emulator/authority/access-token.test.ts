import assert from "node:assert/strict";
import { createAuthority, defaultAccounts, emulatorAccounts, type EmulatorAuthority } from "../../../emulator/authority";
import { checkAccessToken, createSigningKey, issueAccessToken } from "../../../emulator/authority/access-token";
import { signJwt } from "../../../emulator/authority/jwt";
import type { AuthOutcome } from "../../../emulator/contracts";
import { hostAuthority, postForm, TestClock, type AuthorityHost } from "./support";

const isv = emulatorAccounts.softwareCompany;

function refused(outcome: AuthOutcome, code: string, token?: string): string {
  assert.equal(outcome.ok, false);
  if (outcome.ok) throw new Error("unreachable");
  assert.equal(outcome.status, 401);
  assert.equal(outcome.error.error.code, code);
  assert.deepEqual(outcome.error.error.details, []);
  assert.match(outcome.headers?.["WWW-Authenticate"] ?? "", /^Bearer /);
  if (token) {
    const signature = token.split(".")[2] ?? token;
    assert.ok(!JSON.stringify(outcome).includes(signature), "the refusal quotes the token");
  }
  return outcome.error.error.message;
}

describe("emulator authority: access token checks", () => {
  let clock: TestClock;
  let authority: EmulatorAuthority;
  let host: AuthorityHost;
  let token: string;

  before(async () => {
    clock = new TestClock();
    authority = createAuthority({ clock, accounts: defaultAccounts(), tokenLifetimeSeconds: 600 });
    host = await hostAuthority(authority);
    const answer = await postForm(`${host.baseUrl}/${isv.tenantId}/oauth2/v2.0/token`, {
      grant_type: "client_credentials",
      client_id: isv.clientId,
      client_secret: isv.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    });
    token = String(answer.json.access_token);
  });
  after(() => host.close());

  it("accepts a fresh token and names the publisher account it belongs to", () => {
    const outcome = authority.authenticate(`Bearer ${token}`);
    assert.ok(outcome.ok);
    assert.equal(outcome.principal.sellerId, isv.sellerId);
    assert.ok(authority.authenticate(`bearer ${token}`).ok, "the scheme is case-insensitive");
  });

  it("refuses a missing header or another scheme as unauthorized, with a challenge", () => {
    assert.match(refused(authority.authenticate(undefined), "unauthorized"), /Authorization header/);
    assert.match(refused(authority.authenticate(""), "unauthorized"), /Authorization header/);
    refused(authority.authenticate(`Basic ${Buffer.from("a:b").toString("base64")}`), "unauthorized");
    refused(authority.authenticate(token), "unauthorized");
  });

  it("refuses a token once it has expired on the injected clock", () => {
    clock.advance(599);
    assert.ok(authority.authenticate(`Bearer ${token}`).ok);
    clock.advance(1);
    assert.match(refused(authority.authenticate(`Bearer ${token}`), "tokenExpired", token), /expired/);
    clock.advance(-600);
  });

  it("refuses a tampered token: changed claims or another signature", () => {
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, pc_seller_id: emulatorAccounts.channelPartner.sellerId })).toString("base64url");
    refused(authority.authenticate(`Bearer ${header}.${forged}.${signature}`), "invalidToken", token);
    const flipped = `${signature.slice(0, 10)}${signature[10] === "A" ? "B" : "A"}${signature.slice(11)}`;
    refused(authority.authenticate(`Bearer ${header}.${payload}.${flipped}`), "invalidToken");
    refused(authority.authenticate("Bearer not-a-jwt"), "invalidToken");
  });

  it("refuses a token from another authority's key, even with the right claims", () => {
    const other = createAuthority({ clock, accounts: defaultAccounts() });
    assert.ok(other.authenticate(`Bearer ${token}`).ok === false);
  });

  it("refuses a token signed by this authority for another audience, naming the audience to ask for", () => {
    const key = createSigningKey();
    const findAccount = () => ({ ...isv });
    const nowMs = clock.now();
    const good = issueAccessToken(key, isv, { nowMs, lifetimeSeconds: 60, baseUrl: "http://127.0.0.1:1" }).accessToken;
    assert.ok(checkAccessToken(`Bearer ${good}`, { key, nowMs, findAccount }).ok);
    const claims = JSON.parse(Buffer.from(good.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
    const management = signJwt({ alg: "RS256", typ: "JWT", kid: key.kid }, { ...claims, aud: "https://management.azure.com" }, key.privateKey);
    const message = refused(checkAccessToken(`Bearer ${management}`, { key, nowMs, findAccount }), "invalidToken", management);
    assert.match(message, /https:\/\/graph\.microsoft\.com/);
  });

  it("refuses a validly signed token whose application is no longer registered", () => {
    const key = createSigningKey();
    const nowMs = clock.now();
    const issued = issueAccessToken(key, isv, { nowMs, lifetimeSeconds: 60, baseUrl: "http://127.0.0.1:1" }).accessToken;
    const message = refused(checkAccessToken(`Bearer ${issued}`, { key, nowMs, findAccount: () => undefined }), "invalidToken", issued);
    assert.match(message, new RegExp(isv.clientId));
    assert.match(message, /Manager role/);
  });
});
