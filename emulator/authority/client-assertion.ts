// Checks a `client_assertion` the way Entra does. An assertion whose `iss` is the application's
// own client id is a certificate assertion (RFC 7523, signed with the app's registered
// certificate); any other issuer makes it an external token for a federated identity credential.

import { audiences, decodeJwt, isSupportedAlgorithm, verifyJwtSignature, type DecodedJwt } from "./jwt";
import { tokenError, type TokenError } from "./errors";
import type { RegisteredCertificate, RegisteredFederatedCredential } from "./credentials";

/** Entra tolerates this much clock difference between the client and itself. */
export const allowedClockSkewSeconds = 300;

export interface AssertionContext {
  clientId: string;
  /** Audiences a certificate assertion may name: the tenant's token endpoints at this origin. */
  tokenEndpoints: readonly string[];
  nowMs: number;
  certificates: readonly RegisteredCertificate[];
  federated: readonly RegisteredFederatedCredential[];
}

function timeRangeError(jwt: DecodedJwt, nowMs: number): TokenError | undefined {
  const now = nowMs / 1000;
  const { exp, nbf } = jwt.payload;
  if (exp === undefined) return tokenError("assertionTimeRange", "Client assertion has no 'exp' claim.");
  if (exp + allowedClockSkewSeconds < now) {
    return tokenError("assertionTimeRange", "Client assertion is not within its valid time range: it has expired.");
  }
  if (nbf !== undefined && nbf - allowedClockSkewSeconds > now) {
    return tokenError("assertionTimeRange", "Client assertion is not within its valid time range: it is not valid yet.");
  }
  return undefined;
}

function checkCertificateAssertion(jwt: DecodedJwt, context: AssertionContext): TokenError | undefined {
  if (jwt.payload.sub?.toLowerCase() !== context.clientId) {
    return tokenError("assertionClientMismatch", "Client assertion 'sub' must equal its 'iss' and the client_id parameter.");
  }
  if (!isSupportedAlgorithm(jwt.header.alg)) {
    return tokenError("assertionSignature", `Client assertion is signed with '${jwt.header.alg}'; sign with RS256 or PS256.`);
  }
  const sha256 = jwt.header["x5t#S256"];
  const sha1 = jwt.header.x5t;
  if (sha256 === undefined && sha1 === undefined) {
    return tokenError("assertionSignature", "Client assertion header must carry the certificate thumbprint in 'x5t#S256' or 'x5t'.");
  }
  const certificate = context.certificates.find(
    (candidate) => (sha256 !== undefined && candidate.x5tS256 === sha256) || (sha1 !== undefined && candidate.x5t === sha1),
  );
  if (!certificate) {
    return tokenError(
      "assertionSignature",
      `The certificate with identifier used to sign the client assertion is not registered on application '${context.clientId}'.`,
    );
  }
  if (context.nowMs < certificate.notBeforeMs || context.nowMs > certificate.notAfterMs) {
    return tokenError("assertionSignature", `The certificate used to sign the client assertion is outside its validity period.`);
  }
  if (!verifyJwtSignature(jwt, certificate.publicKey)) {
    return tokenError("assertionSignature", "Client assertion failed signature validation.");
  }
  if (!audiences(jwt.payload).some((audience) => context.tokenEndpoints.includes(audience))) {
    return tokenError(
      "assertionAudience",
      `Client assertion audience must be the token endpoint, ${context.tokenEndpoints[0] ?? "of this tenant"}.`,
    );
  }
  return timeRangeError(jwt, context.nowMs);
}

function checkFederatedAssertion(jwt: DecodedJwt, issuer: string, context: AssertionContext): TokenError | undefined {
  if (context.federated.length === 0) {
    return tokenError(
      "federatedNoMatch",
      `No matching federated identity record found for presented assertion: application '${context.clientId}' has no federated credentials and the assertion is not signed by the application itself.`,
    );
  }
  const byIssuer = context.federated.filter((credential) => credential.issuer === issuer);
  if (byIssuer.length === 0) {
    return tokenError("federatedIssuer", `No matching federated identity record found for presented assertion issuer '${issuer}'.`);
  }
  const subject = jwt.payload.sub;
  const bySubject = byIssuer.filter((credential) => credential.subject === subject);
  if (bySubject.length === 0) {
    return tokenError(
      "federatedSubject",
      `No matching federated identity record found for presented assertion subject '${subject ?? "(none)"}'.`,
    );
  }
  const presented = audiences(jwt.payload);
  const byAudience = bySubject.filter((credential) => credential.audiences.some((audience) => presented.includes(audience)));
  if (byAudience.length === 0) {
    return tokenError(
      "federatedAudience",
      `No matching federated identity record found for presented assertion audience; expected ${bySubject[0]?.audiences.join(" or ")}.`,
    );
  }
  if (!byAudience.some((credential) => verifyJwtSignature(jwt, credential.publicKey))) {
    return tokenError("assertionSignature", "Federated assertion failed signature validation against the issuer's registered key.");
  }
  return timeRangeError(jwt, context.nowMs);
}

/** Answers nothing when the assertion proves the application's identity, the Entra error otherwise. */
export function checkClientAssertion(assertion: string, context: AssertionContext): TokenError | undefined {
  const decoded = decodeJwt(assertion);
  if (!decoded.ok) {
    return tokenError("malformedAssertion", `JWT token is invalid or malformed: ${decoded.reason}.`);
  }
  const issuer = decoded.jwt.payload.iss;
  if (issuer === undefined || issuer === "") {
    return tokenError("malformedAssertion", "JWT token is invalid or malformed: it has no 'iss' claim.");
  }
  return issuer.toLowerCase() === context.clientId
    ? checkCertificateAssertion(decoded.jwt, context)
    : checkFederatedAssertion(decoded.jwt, issuer, context);
}
