// Credentials an application can present besides its secret: a certificate (the client signs an
// assertion with its private key) and a federated identity (an external OIDC token, as GitHub
// Actions or workload identity issue). Registered by constructor option, by CLI flag, or as JSON.

import { createHash, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";

/** The audience Entra expects in an external token exchanged for an app token. */
export const federatedTokenAudience = "api://AzureADTokenExchange";

/** A certificate registered for an application; only its public part is ever needed. */
export interface CertificateCredential {
  clientId: string;
  /** PEM holding the certificate; a private key in the same PEM is ignored. */
  certificatePem: string;
}

/** A federated identity credential: which external issuer and subject may act as the application. */
export interface FederatedCredential {
  clientId: string;
  issuer: string;
  subject: string;
  /** Defaults to `api://AzureADTokenExchange`. */
  audiences?: string[];
  /** The external issuer's signing key: a PEM public key or certificate. */
  publicKeyPem: string;
}

export interface RegisteredCertificate {
  clientId: string;
  /** base64url SHA-1 and SHA-256 thumbprints of the DER certificate, as in the `x5t` and `x5t#S256` headers. */
  x5t: string;
  x5tS256: string;
  publicKey: KeyObject;
  notBeforeMs: number;
  notAfterMs: number;
}

export interface RegisteredFederatedCredential {
  clientId: string;
  issuer: string;
  subject: string;
  audiences: string[];
  publicKey: KeyObject;
}

const guid = z.guid({ error: "must be a GUID (the application's client id)" });
const pem = (what: string) =>
  z.string().regex(/-----BEGIN [A-Z ]+-----/, { error: `must be a PEM ${what} (-----BEGIN ...-----)` });

const certificateCredentialSchema = z.strictObject({
  clientId: guid,
  certificatePem: pem("certificate"),
});

const federatedCredentialSchema = z.strictObject({
  clientId: guid,
  issuer: z.url({ error: "must be the external issuer's URL, exactly as its tokens' `iss` claim" }),
  subject: z.string().min(1, { error: "must be the external token's `sub` claim, e.g. repo:org/repo:ref:refs/heads/main" }),
  audiences: z.array(z.string().min(1)).min(1).optional(),
  publicKeyPem: pem("public key or certificate"),
});

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(value)"}: ${issue.message}`)
    .join("; ");
}

/** The JSON form (constructor options, test routes): `{clientId, certificatePem}`. */
export function parseCertificateCredential(value: unknown): CertificateCredential {
  const parsed = certificateCredentialSchema.safeParse(value);
  if (!parsed.success) throw new Error(`invalid certificate credential: ${describe(parsed.error)}`);
  return { ...parsed.data, clientId: parsed.data.clientId.toLowerCase() };
}

/** The JSON form: `{clientId, issuer, subject, audiences?, publicKeyPem}`. */
export function parseFederatedCredential(value: unknown): FederatedCredential {
  const parsed = federatedCredentialSchema.safeParse(value);
  if (!parsed.success) throw new Error(`invalid federated credential: ${describe(parsed.error)}`);
  return { ...parsed.data, clientId: parsed.data.clientId.toLowerCase() };
}

export type ReadText = (path: string) => string;
const readUtf8: ReadText = (path) => readFileSync(path, "utf8");

function readPem(flag: string, path: string, readText: ReadText): string {
  try {
    return readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new Error(`${flag}: cannot read ${path} (${code})`);
  }
}

export const clientCertificateOptionFormat = "<clientId>:<certificate pem path>";
export const federatedCredentialOptionFormat = "<clientId>,<issuer>,<subject>,<public key or certificate pem path>[,<audience>]";

/** `--client-certificate <clientId>:<pem path>`; the path may contain ':' (only the first one splits). */
export function parseClientCertificateOption(value: string, readText: ReadText = readUtf8): CertificateCredential {
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) {
    throw new Error(`--client-certificate expects ${clientCertificateOptionFormat}`);
  }
  const clientId = value.slice(0, colon);
  const path = value.slice(colon + 1);
  const certificatePem = readPem("--client-certificate", path, readText);
  try {
    return parseCertificateCredential({ clientId, certificatePem });
  } catch (error) {
    throw new Error(`--client-certificate expects ${clientCertificateOptionFormat}: ${(error as Error).message}`);
  }
}

/**
 * `--federated-credential <clientId>,<issuer>,<subject>,<pem path>[,<audience>]`. Commas separate
 * because issuers are URLs and subjects such as `repo:org/repo:ref:refs/heads/main` hold colons.
 */
export function parseFederatedCredentialOption(value: string, readText: ReadText = readUtf8): FederatedCredential {
  const parts = value.split(",");
  if (parts.length !== 4 && parts.length !== 5) {
    throw new Error(`--federated-credential expects ${federatedCredentialOptionFormat}`);
  }
  const [clientId, issuer, subject, path, audience] = parts as [string, string, string, string, string | undefined];
  const publicKeyPem = readPem("--federated-credential", path, readText);
  try {
    return parseFederatedCredential({
      clientId,
      issuer,
      subject,
      publicKeyPem,
      ...(audience === undefined ? {} : { audiences: [audience] }),
    });
  } catch (error) {
    throw new Error(`--federated-credential expects ${federatedCredentialOptionFormat}: ${(error as Error).message}`);
  }
}

function certificateBlock(text: string): string {
  const match = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
  if (!match) throw new Error("no -----BEGIN CERTIFICATE----- block found");
  return match[0];
}

export function registerCertificate(credential: CertificateCredential): RegisteredCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificateBlock(credential.certificatePem));
  } catch (error) {
    throw new Error(`certificate for application ${credential.clientId} cannot be read: ${(error as Error).message}`);
  }
  if (certificate.publicKey.asymmetricKeyType !== "rsa") {
    throw new Error(`certificate for application ${credential.clientId} must hold an RSA key (Entra signs client assertions with RS256/PS256)`);
  }
  return {
    clientId: credential.clientId.toLowerCase(),
    x5t: createHash("sha1").update(certificate.raw).digest("base64url"),
    x5tS256: createHash("sha256").update(certificate.raw).digest("base64url"),
    publicKey: certificate.publicKey,
    notBeforeMs: Date.parse(certificate.validFrom),
    notAfterMs: Date.parse(certificate.validTo),
  };
}

export function registerFederatedCredential(credential: FederatedCredential): RegisteredFederatedCredential {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(credential.publicKeyPem);
  } catch (error) {
    throw new Error(`signing key of federated credential for application ${credential.clientId} cannot be read: ${(error as Error).message}`);
  }
  if (publicKey.asymmetricKeyType !== "rsa") {
    throw new Error(`signing key of federated credential for application ${credential.clientId} must be an RSA key`);
  }
  return {
    clientId: credential.clientId.toLowerCase(),
    issuer: credential.issuer,
    subject: credential.subject,
    audiences: credential.audiences ?? [federatedTokenAudience],
    publicKey,
  };
}
