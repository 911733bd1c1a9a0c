// How a TLS failure reads, for the API's endpoint and the Entra authority host alike: which host's
// certificate was not trusted (or did not match), and what to do about it, naming NODE_EXTRA_CA_CERTS
// for a private or intercepting CA (a corporate proxy, the emulator's `--tls`).
import { describeSetting, type SettingName } from "./settings";

/** Node's and OpenSSL's codes for a certificate chain the process does not trust. */
const UNTRUSTED = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_CHAIN_TOO_LONG",
  "INVALID_CA",
]);
const EXPIRED = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
const MISMATCH = new Set(["ERR_TLS_CERT_ALTNAME_INVALID", "HOSTNAME_MISMATCH"]);

/** The host of a URL as messages show it, or the text itself when it is none. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** True for the codes and texts of a TLS certificate problem (not a connection refused or a timeout). */
export function isTlsTrustFailure(codeOrMessage: string): boolean {
  return (
    UNTRUSTED.has(codeOrMessage) ||
    EXPIRED.has(codeOrMessage) ||
    MISMATCH.has(codeOrMessage) ||
    /self[- ]signed certificate|unable to (get|verify) (local issuer|the first) certificate|certificate (has expired|is not yet valid)|altnames|ERR_TLS_CERT|UNABLE_TO_VERIFY/i.test(codeOrMessage)
  );
}

/**
 * True for any failure of the TLS set-up: a certificate not trusted, expired or for another name,
 * or a protocol the two ends do not share. Retrying cannot help; the request never reached the server.
 */
export function isTlsFailure(codeOrMessage: string): boolean {
  return isTlsTrustFailure(codeOrMessage) || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/i.test(codeOrMessage);
}

/**
 * What to say when the TLS handshake with `url` failed with `code` (Node's error code, such as
 * `SELF_SIGNED_CERT_IN_CHAIN`, or a message holding one), or undefined when it was no certificate
 * problem. `setting` is the setting that named the URL (`endpoint` or `authorityHost`).
 */
export function describeTlsFailure(code: string, url: string, setting: Extract<SettingName, "endpoint" | "authorityHost">): string | undefined {
  if (!isTlsTrustFailure(code)) return undefined;
  const host = hostOf(url);
  const quoted = /^[A-Z0-9_]+$/.test(code) ? code : "TLS";
  if (EXPIRED.has(code) || /certificate (has expired|is not yet valid)/i.test(code)) {
    return (
      `the TLS certificate of ${host} is expired or not yet valid (${quoted}): check the machine's clock, ` +
      `and that ${describeSetting(setting)} names the host you mean`
    );
  }
  if (MISMATCH.has(code) || /altnames|ERR_TLS_CERT_ALTNAME/i.test(code)) {
    return (
      `the TLS certificate of ${host} is not issued for that name (${quoted}): check ${describeSetting(setting)}; ` +
      "a proxy that intercepts TLS must present a certificate for this host"
    );
  }
  return (
    `the TLS certificate of ${host} is not trusted (${quoted}): its issuing CA is not one Node.js trusts. ` +
    `For a private CA or a TLS-intercepting proxy, set NODE_EXTRA_CA_CERTS to a PEM file of that CA's certificate ` +
    `in the environment of pulumi (for the emulator's --tls, the "ca certificate" path it prints), then run again; ` +
    `otherwise check ${describeSetting(setting)}`
  );
}
