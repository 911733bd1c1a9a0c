// How a TLS failure reads, for the API endpoint and the authority host: the host, and what to do,
// naming NODE_EXTRA_CA_CERTS for a certificate whose CA Node.js does not trust.
import assert from "node:assert/strict";
import { describeTlsFailure, isTlsTrustFailure } from "../../../provider/config/tls";

describe("TLS failures in words", () => {
  it("an untrusted chain names the host, the code and NODE_EXTRA_CA_CERTS", () => {
    for (const code of ["SELF_SIGNED_CERT_IN_CHAIN", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"]) {
      const said = describeTlsFailure(code, "https://graph.microsoft.com/rp/product-ingestion", "endpoint") ?? "";
      assert.match(said, new RegExp(`^the TLS certificate of graph\\.microsoft\\.com is not trusted \\(${code}\\)`));
      assert.match(said, /set NODE_EXTRA_CA_CERTS to a PEM file of that CA's certificate/);
      assert.match(said, /partnercenter:endpoint \(or PARTNER_CENTER_ENDPOINT\)/);
    }
    const authority = describeTlsFailure("self-signed certificate in certificate chain", "https://login.contoso.example:8443", "authorityHost") ?? "";
    assert.match(authority, /^the TLS certificate of login\.contoso\.example:8443 is not trusted \(TLS\).*NODE_EXTRA_CA_CERTS.*partnercenter:authorityHost \(or AZURE_AUTHORITY_HOST\)/);
  });

  it("an expired certificate and a name mismatch say so instead", () => {
    assert.match(describeTlsFailure("CERT_HAS_EXPIRED", "https://api.example.com", "endpoint") ?? "", /api\.example\.com is expired or not yet valid \(CERT_HAS_EXPIRED\): check the machine's clock/);
    assert.match(describeTlsFailure("ERR_TLS_CERT_ALTNAME_INVALID", "https://api.example.com", "endpoint") ?? "", /api\.example\.com is not issued for that name/);
  });

  it("says nothing about failures that are no certificate problem", () => {
    for (const code of ["ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "ECONNRESET"]) {
      assert.equal(isTlsTrustFailure(code), false);
      assert.equal(describeTlsFailure(code, "https://api.example.com", "endpoint"), undefined);
    }
  });
});
