// The access tokens the emulator issues for Partner Center's API and the check every
// product-ingestion call goes through. Tokens are RS256 JWTs signed with a key made at start, so a
// token from an earlier run, another emulator or a hand edit is refused.

import { createHash, generateKeyPairSync, randomUUID, type JsonWebKey, type KeyObject } from "node:crypto";
import { z } from "zod";
import type { AuthOutcome, PublisherAccount } from "../contracts";
import { apiAuthFailure } from "./errors";
import { audiences, decodeJwt, signJwt, verifyJwtSignature } from "./jwt";

export const graphResource = "https://graph.microsoft.com";
/** Microsoft Graph's application id, which Entra also accepts in place of its URI. */
export const graphAppId = "00000003-0000-0000-c000-000000000000";
const acceptedAudiences = [graphResource, `${graphResource}/`, graphAppId];

/** The custom claim naming the publisher (seller) account the application belongs to. */
export const sellerIdClaim = "pc_seller_id";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as published in the JWKS. */
  jwk: JsonWebKey & { kid: string; use: "sig"; alg: "RS256" };
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const exported = publicKey.export({ format: "jwk" });
  const kid = createHash("sha256").update(`${exported.n}.${exported.e}`).digest("base64url").slice(0, 27);
  return { kid, privateKey, publicKey, jwk: { ...exported, kid, use: "sig", alg: "RS256" } };
}

/** A stable object id for an application's service principal, derived from tenant and client. */
export function servicePrincipalObjectId(tenantId: string, clientId: string): string {
  const hex = createHash("sha256").update(`${tenantId}/${clientId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function issuerFor(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/${tenantId}/v2.0`;
}

export interface IssuedToken {
  accessToken: string;
  issuedAtSeconds: number;
  expiresAtSeconds: number;
}

export function issueAccessToken(
  key: SigningKey,
  account: PublisherAccount,
  options: { nowMs: number; lifetimeSeconds: number; baseUrl: string },
): IssuedToken {
  const iat = Math.floor(options.nowMs / 1000);
  const exp = iat + options.lifetimeSeconds;
  const oid = servicePrincipalObjectId(account.tenantId, account.clientId);
  const payload = {
    aud: graphResource,
    iss: issuerFor(options.baseUrl, account.tenantId),
    iat,
    nbf: iat,
    exp,
    tid: account.tenantId,
    appid: account.clientId,
    azp: account.clientId,
    oid,
    sub: oid,
    idtyp: "app",
    ver: "2.0",
    uti: randomUUID(),
    [sellerIdClaim]: account.sellerId,
  };
  return {
    accessToken: signJwt({ alg: "RS256", typ: "JWT", kid: key.kid }, payload, key.privateKey),
    issuedAtSeconds: iat,
    expiresAtSeconds: exp,
  };
}

const appClaimsSchema = z.looseObject({
  tid: z.string(),
  appid: z.string(),
  [sellerIdClaim]: z.string(),
});

const bearer = /^Bearer +([^\s]+) *$/i;

/**
 * Checks a product-ingestion call's `Authorization` header. Messages say what is wrong and what
 * to do; they never include the token.
 */
export function checkAccessToken(
  authorization: string | undefined,
  context: { key: SigningKey; nowMs: number; findAccount: (tenantId: string, clientId: string) => PublisherAccount | undefined },
): AuthOutcome {
  if (authorization === undefined || authorization.trim() === "") {
    return apiAuthFailure(
      "unauthorized",
      `The request has no Authorization header. Send 'Authorization: Bearer <access token>' with a client-credentials token for ${graphResource}.`,
    );
  }
  const match = bearer.exec(authorization);
  if (!match || match[1] === undefined) {
    return apiAuthFailure("unauthorized", "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <access token>'.");
  }
  const decoded = decodeJwt(match[1]);
  if (!decoded.ok) return apiAuthFailure("invalidToken", `The access token is malformed: ${decoded.reason}.`);
  const { header, payload } = decoded.jwt;
  if (header.alg !== "RS256" || header.kid !== context.key.kid || !verifyJwtSignature(decoded.jwt, context.key.publicKey)) {
    return apiAuthFailure(
      "invalidToken",
      "The access token's signature is not valid: it was not issued by this authority, or it was altered. Acquire a new token.",
    );
  }
  const presented = audiences(payload);
  if (!presented.some((audience) => acceptedAudiences.includes(audience))) {
    return apiAuthFailure(
      "invalidToken",
      `The access token is for '${presented.join(", ") || "(no audience)"}', not for ${graphResource}. Request scope ${graphResource}/.default (v2) or resource ${graphResource} (v1).`,
    );
  }
  const nowSeconds = context.nowMs / 1000;
  if (payload.exp === undefined || payload.exp <= nowSeconds) {
    const when = payload.exp === undefined ? "" : ` at ${new Date(payload.exp * 1000).toISOString()}`;
    return apiAuthFailure("tokenExpired", `The access token expired${when}. Acquire a new token.`);
  }
  if (payload.nbf !== undefined && payload.nbf > nowSeconds) {
    return apiAuthFailure("invalidToken", "The access token is not valid yet (nbf is in the future).");
  }
  const claims = appClaimsSchema.safeParse(payload);
  if (!claims.success) {
    return apiAuthFailure("invalidToken", "The access token is not an application token: it lacks tid, appid or the seller claim.");
  }
  const account = context.findAccount(claims.data.tid, claims.data.appid);
  if (!account || account.sellerId !== claims.data[sellerIdClaim]) {
    return apiAuthFailure(
      "invalidToken",
      `Application ${claims.data.appid} in tenant ${claims.data.tid} is not registered for a publisher account. Add the application to the Partner Center account with the Manager role.`,
    );
  }
  return { ok: true, principal: { tenantId: account.tenantId, clientId: account.clientId, sellerId: account.sellerId } };
}
