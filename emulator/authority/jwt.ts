// Compact JWS (RFC 7515) with the two RSA algorithms Entra accepts in client assertions:
// RS256 (PKCS#1 v1.5) and PS256 (RSA-PSS, salt length = digest length, as RFC 7518 §3.5 fixes it).
// Pure functions over node:crypto keys; no I/O.

import { constants, sign, verify, type KeyObject } from "node:crypto";
import { z } from "zod";
import type { JsonObject } from "../contracts";

export const supportedAlgorithms = ["RS256", "PS256"] as const;
export type JwtAlgorithm = (typeof supportedAlgorithms)[number];

const headerSchema = z.looseObject({
  alg: z.string(),
  typ: z.string().optional(),
  kid: z.string().optional(),
  x5t: z.string().optional(),
  "x5t#S256": z.string().optional(),
});
export type JwtHeader = z.infer<typeof headerSchema>;

/** Registered claims this emulator reads; anything else is kept as sent. */
const payloadSchema = z.looseObject({
  iss: z.string().optional(),
  sub: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  exp: z.number().optional(),
  nbf: z.number().optional(),
  iat: z.number().optional(),
});
export type JwtPayload = z.infer<typeof payloadSchema>;

export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  signingInput: string;
  signature: Buffer;
}

export type DecodeOutcome = { ok: true; jwt: DecodedJwt } | { ok: false; reason: string };

const base64url = /^[A-Za-z0-9_-]*$/;

export function base64UrlEncode(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

function parseSegment<T>(segment: string, schema: z.ZodType<T>, what: string): T | string {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return `its ${what} is not base64url-encoded JSON`;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` (${first.path.join(".")})` : "";
    return `its ${what} is not a valid JWT ${what}${where}`;
  }
  return parsed.data;
}

/** Splits and parses a compact JWS. Reasons never quote the token itself. */
export function decodeJwt(token: string): DecodeOutcome {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((part) => base64url.test(part))) {
    return { ok: false, reason: "it is not a compact JWT (three base64url parts separated by dots)" };
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseSegment(headerPart, headerSchema, "header");
  if (typeof header === "string") return { ok: false, reason: header };
  const payload = parseSegment(payloadPart, payloadSchema, "payload");
  if (typeof payload === "string") return { ok: false, reason: payload };
  return {
    ok: true,
    jwt: {
      header,
      payload,
      signingInput: `${headerPart}.${payloadPart}`,
      signature: Buffer.from(signaturePart, "base64url"),
    },
  };
}

function isSupported(alg: string): alg is JwtAlgorithm {
  return (supportedAlgorithms as readonly string[]).includes(alg);
}

function keyOptions(alg: JwtAlgorithm, key: KeyObject) {
  return alg === "PS256"
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : { key, padding: constants.RSA_PKCS1_PADDING };
}

export function signJwt(header: JsonObject & { alg: JwtAlgorithm }, payload: JsonObject, privateKey: KeyObject): string {
  const signingInput = `${base64UrlEncode(JSON.stringify(header))}.${base64UrlEncode(JSON.stringify(payload))}`;
  const signature = sign("sha256", Buffer.from(signingInput), keyOptions(header.alg, privateKey));
  return `${signingInput}.${base64UrlEncode(signature)}`;
}

/** True when the signature is valid for `publicKey` under the header's algorithm (RS256/PS256 only). */
export function verifyJwtSignature(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  if (!isSupported(jwt.header.alg) || publicKey.asymmetricKeyType !== "rsa") return false;
  try {
    return verify("sha256", Buffer.from(jwt.signingInput), keyOptions(jwt.header.alg, publicKey), jwt.signature);
  } catch {
    return false;
  }
}

export function isSupportedAlgorithm(alg: string): boolean {
  return isSupported(alg);
}

/** `aud` may be a string or an array (RFC 7519 §4.1.3). */
export function audiences(payload: JwtPayload): string[] {
  if (payload.aud === undefined) return [];
  return Array.isArray(payload.aud) ? payload.aud : [payload.aud];
}

