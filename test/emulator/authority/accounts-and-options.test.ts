import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";
import {
  createAuthority,
  defaultAccounts,
  parseCertificateCredential,
  parseClientCertificateOption,
  parseClientOption,
  parseFederatedCredential,
  parseFederatedCredentialOption,
} from "../../../emulator/authority";
import { createTlsMaterial } from "../../../emulator/authority/tls";

const tenantId = "0f0e0d0c-0b0a-4909-8807-060504030201";
const clientId = "aa11bb22-cc33-4d44-8e55-ff6677889900";
const clock = { now: () => Date.now() };

describe("emulator authority: accounts and option parsing", () => {
  let certificatePem: string;
  before(async () => {
    certificatePem = (await generate([{ name: "commonName", value: "app" }], { keySize: 2048, algorithm: "sha256" })).cert;
  });

  it("registers a software company and a channel partner by default, each with its own tenant, application and seller", () => {
    const accounts = defaultAccounts();
    assert.equal(accounts.length, 2);
    const [isv, partner] = accounts;
    assert.ok(isv && partner);
    assert.match(isv.displayName, /software company/);
    assert.match(partner.displayName, /channel partner/);
    for (const field of ["tenantId", "clientId", "clientSecret", "sellerId"] as const) {
      assert.notEqual(isv[field], partner[field], field);
    }
    assert.deepEqual(defaultAccounts(), accounts, "the defaults are fixed, so scripts can name them");
    assert.equal(createAuthority({ clock, accounts }).accounts().length, 2);
  });

  it("parses --client, keeping ':' inside a secret", () => {
    assert.deepEqual(parseClientOption(`${tenantId}:${clientId}:s3cr3t:77001234`), {
      tenantId, clientId, clientSecret: "s3cr3t", sellerId: "77001234", displayName: "Publisher 77001234",
    });
    assert.equal(parseClientOption(`${tenantId}:${clientId.toUpperCase()}:a:b:c:77001234`).clientSecret, "a:b:c");
    assert.equal(parseClientOption(`${tenantId}:${clientId.toUpperCase()}:x:1`).clientId, clientId);
  });

  it("explains a bad --client by field and never repeats the secret", () => {
    const secret = "do-not-print-me";
    assert.throws(() => parseClientOption(`${tenantId}:${clientId}:${secret}`), (error: Error) =>
      /<tenantId>:<clientId>:<clientSecret>:<sellerId>/.test(error.message) && !error.message.includes(secret));
    assert.throws(() => parseClientOption(`not-a-tenant:${clientId}:${secret}:1`), (error: Error) =>
      /tenantId must be a GUID/.test(error.message) && !error.message.includes(secret));
    assert.throws(() => parseClientOption(`${tenantId}:${clientId}::1`), /clientSecret must not be empty/);
    assert.throws(() => parseClientOption(`${tenantId}:${clientId}:${secret}:has space`), (error: Error) =>
      /sellerId/.test(error.message) && !error.message.includes(secret));
  });

  it("refuses one application registered for two publisher accounts", () => {
    const account = parseClientOption(`${tenantId}:${clientId}:x:1`);
    assert.throws(() => createAuthority({ clock, accounts: [account, { ...account, sellerId: "2" }] }), /registered twice/);
  });

  it("parses --client-certificate and --federated-credential from files, naming unreadable paths", () => {
    const files: Record<string, string> = { "/keys/app.pem": certificatePem, "C:/keys/issuer.pem": certificatePem };
    const readText = (path: string) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
      return text;
    };
    assert.equal(parseClientCertificateOption(`${clientId}:/keys/app.pem`, readText).certificatePem, certificatePem);
    assert.throws(() => parseClientCertificateOption(`${clientId}:/keys/none.pem`, readText), /cannot read \/keys\/none\.pem \(ENOENT\)/);
    assert.throws(() => parseClientCertificateOption(`${clientId}`, readText), /<clientId>:<certificate pem path>/);

    const federated = parseFederatedCredentialOption(
      `${clientId},https://token.actions.githubusercontent.com,repo:contoso/offers:ref:refs/heads/main,C:/keys/issuer.pem`,
      readText,
    );
    assert.equal(federated.subject, "repo:contoso/offers:ref:refs/heads/main");
    assert.equal(federated.audiences, undefined);
    const withAudience = parseFederatedCredentialOption(`${clientId},https://issuer.example,system:serviceaccount:ns:sa,C:/keys/issuer.pem,api://custom`, readText);
    assert.deepEqual(withAudience.audiences, ["api://custom"]);
    assert.throws(() => parseFederatedCredentialOption(`${clientId},https://issuer.example`, readText), /<clientId>,<issuer>,<subject>/);
  });

  it("checks the JSON forms with property paths", () => {
    assert.equal(parseCertificateCredential({ clientId, certificatePem }).clientId, clientId);
    assert.throws(() => parseCertificateCredential({ clientId: "x", certificatePem: "abc" }), /clientId: .*certificatePem: must be a PEM/s);
    assert.throws(() => parseCertificateCredential({ clientId, certificatePem, thumbprint: "x" }), /thumbprint|Unrecognized/);
    assert.throws(() => parseFederatedCredential({ clientId, issuer: "not a url", subject: "s", publicKeyPem: certificatePem }), /issuer:/);
    assert.throws(() => parseFederatedCredential({ clientId, issuer: "https://i.example", subject: "s", audiences: [], publicKeyPem: certificatePem }), /audiences:/);
  });

  it("refuses credentials for an application that is not registered, or that hold no usable key", () => {
    const authority = createAuthority({ clock, accounts: defaultAccounts() });
    assert.throws(() => authority.addCertificate({ clientId, certificatePem }), /not registered/);
    const [isv] = defaultAccounts();
    assert.ok(isv);
    assert.throws(
      () => authority.addCertificate({ clientId: isv.clientId, certificatePem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" }),
      /cannot be read/,
    );
    authority.addAccount(parseClientOption(`${tenantId}:${clientId}:x:1`));
    authority.addCertificate({ clientId, certificatePem });
    assert.equal(authority.accounts().length, 3);
  });
});

describe("emulator authority: TLS material", () => {
  it("makes a CA and a server certificate it signs for every host, and writes the CA where it says", async () => {
    const directory = mkdtempSync(join(tmpdir(), "authority-tls-unit-"));
    try {
      const material = await createTlsMaterial({ hosts: ["127.0.0.1", "localhost", "::1"], directory: join(directory, "nested") });
      assert.equal(readFileSync(material.caCertPath, "utf8"), material.caCertPem);
      const ca = new X509Certificate(material.caCertPem);
      const server = new X509Certificate(material.cert);
      assert.ok(ca.ca && !server.ca);
      assert.ok(server.verify(ca.publicKey), "the server certificate is signed by the CA");
      assert.equal(server.checkHost("localhost"), "localhost");
      assert.equal(server.checkIP("127.0.0.1"), "127.0.0.1");
      assert.equal(server.checkIP("::1"), "::1");
      assert.equal(server.checkHost("example.com"), undefined);
      assert.match(material.key, /-----BEGIN (RSA )?PRIVATE KEY-----/);
      assert.ok(!readFileSync(material.caCertPath, "utf8").includes("PRIVATE KEY"), "no private key is written to disk");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
