import assert from "node:assert/strict";
import { X509Certificate, createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";
import { loadClientCertificate } from "../../provider/auth/certificate";

describe("client certificate files", () => {
  let dir: string;
  let pair: { private: string; cert: string };
  let other: { private: string; cert: string };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "pc-cert-"));
    pair = await generate([{ name: "commonName", value: "partnercenter-app" }], { keySize: 2048 });
    other = await generate([{ name: "commonName", value: "someone-else" }], { keySize: 2048 });
  });

  it("reads key and certificate from one PEM and computes the SHA-256 thumbprint", async () => {
    const path = join(dir, "app.pem");
    await writeFile(path, `${pair.private}\n${pair.cert}`);
    const loaded = await loadClientCertificate(path);
    const der = new X509Certificate(pair.cert).raw;
    assert.equal(loaded.thumbprintSha256, createHash("sha256").update(der).digest("hex"));
    assert.match(loaded.privateKey, /-----BEGIN PRIVATE KEY-----/);
    assert.match(loaded.x5c, /-----BEGIN CERTIFICATE-----/);
  });

  it("explains what is missing without printing the file", async () => {
    const path = join(dir, "key-only.pem");
    await writeFile(path, pair.private);
    await assert.rejects(loadClientCertificate(path), (e: Error) => {
      assert.match(e.message, /must be PEM holding both a private key and its certificate \(found 0 certificate/);
      assert.ok(!e.message.includes("BEGIN"));
      return true;
    });
  });

  it("refuses a certificate that does not belong to the key", async () => {
    const path = join(dir, "mismatch.pem");
    await writeFile(path, `${pair.private}\n${other.cert}`);
    await assert.rejects(loadClientCertificate(path), /does not belong to its private key/);
  });

  it("names a file that cannot be read", async () => {
    await assert.rejects(loadClientCertificate(join(dir, "absent.pem")), /cannot be read \(ENOENT\)/);
  });
});
