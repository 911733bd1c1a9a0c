import { X509Certificate, createPrivateKey } from "node:crypto";
import { readFile } from "node:fs/promises";

/** What msal-node needs to sign a client assertion with a certificate. */
export interface ClientCertificate {
  thumbprintSha256: string;
  privateKey: string;
  /** The certificate (chain) in PEM, sent as `x5c` so that subject-name/issuer authentication works. */
  x5c: string;
}

const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const privateKeyBlock = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/**
 * Reads a PEM file holding a private key and its certificate (the format `AZURE_CLIENT_CERTIFICATE_PATH`
 * points at) and computes the SHA-256 thumbprint. Problems are described without file contents.
 */
export async function loadClientCertificate(path: string): Promise<ClientCertificate> {
  let pem: string;
  try {
    pem = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new Error(`the certificate file ${path} cannot be read (${code})`);
  }
  return parseClientCertificate(pem, path);
}

export function parseClientCertificate(pem: string, path: string): ClientCertificate {
  const certificates = pem.match(certificateBlock) ?? [];
  const keyPem = pem.match(privateKeyBlock)?.[0];
  if (certificates.length === 0 || !keyPem) {
    throw new Error(
      `the certificate file ${path} must be PEM holding both a private key and its certificate ` +
        `(found ${certificates.length} certificate(s) and ${keyPem ? "a" : "no"} private key)`,
    );
  }
  if (keyPem.includes("ENCRYPTED")) {
    throw new Error(`the private key in ${path} is encrypted; provide an unencrypted PEM key`);
  }
  let leaf: X509Certificate;
  let privateKey: string;
  try {
    leaf = new X509Certificate(certificates[0]!);
    privateKey = createPrivateKey(keyPem).export({ format: "pem", type: "pkcs8" }).toString();
  } catch {
    throw new Error(`the certificate file ${path} holds a certificate or key that cannot be parsed`);
  }
  // The leaf must match the key: otherwise Entra rejects every assertion with an obscure message.
  if (!leaf.checkPrivateKey(createPrivateKey(privateKey))) {
    throw new Error(`the first certificate in ${path} does not belong to its private key`);
  }
  return {
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, "").toLowerCase(),
    privateKey,
    x5c: certificates.join("\n"),
  };
}
