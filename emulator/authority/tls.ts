// TLS for `--tls`: a throw-away certificate authority made at start and a server certificate it
// signs for the loopback names. Clients trust the CA through NODE_EXTRA_CA_CERTS, so nothing in
// them has to turn certificate checks off.

import { mkdir, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface TlsMaterial {
  /** The server's private key, PEM. */
  key: string;
  /** The server certificate, PEM, followed by the CA certificate that issued it. */
  cert: string;
  caCertPem: string;
  /** Where the CA certificate was written, for NODE_EXTRA_CA_CERTS. */
  caCertPath: string;
}

const validityDays = 30;

export async function createTlsMaterial(options: { hosts: string[]; directory: string }): Promise<TlsMaterial> {
  if (options.hosts.length === 0) throw new Error("createTlsMaterial needs at least one host name or address");
  // Backdated a little so a client whose clock lags the emulator's still accepts the certificates.
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const notAfterDate = new Date(notBeforeDate.getTime() + validityDays * 24 * 60 * 60 * 1000);

  const ca = await generate([{ name: "commonName", value: "Partner Center emulator local CA" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });

  const altNames = options.hosts.map((host) => (isIP(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host }));
  const server = await generate([{ name: "commonName", value: options.hosts[0] ?? "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames },
    ],
  });

  await mkdir(options.directory, { recursive: true });
  const caCertPath = join(options.directory, "emulator-ca.pem");
  await writeFile(caCertPath, ca.cert, { mode: 0o644 });
  return { key: server.private, cert: `${server.cert.trim()}\n${ca.cert.trim()}\n`, caCertPem: ca.cert, caCertPath };
}
