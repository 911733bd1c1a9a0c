// msal-node's errors are written for its own logs: `errorCode: errorMessage`, where the message is
// a template of "Not Available" fields when the token endpoint did not answer in Entra's format, and
// the code is whatever the answer's `error` held. This turns one into a sentence a person can act
// on: which request failed, how, and what to check.

import { z } from "zod";
import { describeTlsFailure, isTlsFailure } from "../config/tls";

/** The facts this reads of an msal-node error (AuthError, ServerError, NetworkError) or any other. */
const msalErrorFacts = z.object({
  name: z.string().optional().catch(undefined),
  errorCode: z.string().optional().catch(undefined),
  errorMessage: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  /** ServerError: the token endpoint's HTTP status. */
  status: z.number().optional().catch(undefined),
  /** NetworkError: the HTTP status, when there was an answer. */
  httpStatus: z.number().optional().catch(undefined),
  /** Node's network error code, on errors that did not go through msal-node. */
  code: z.string().optional().catch(undefined),
});

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+)$/;
const MAX_DESCRIPTION_CHARS = 300;

/** Entra's own `error_description` out of msal-node's template; undefined when it was not given. */
function serverDescription(errorMessage: string | undefined): string | undefined {
  // msal-node's template quotes Entra's description, or (a held-back request) holds it bare. It ends
  // with Entra's own trace, correlation and timestamp lines: the first line is the message.
  const text = errorMessage ?? "";
  const found = (/Description: ([\s\S]*?)(?: - Correlation ID:|[\r\n]|$)/.exec(text) ?? /^(AADSTS\d+:[^\r\n]*)/.exec(text))?.[1]?.trim();
  if (!found || found === "Not Available") return undefined;
  return found.length > MAX_DESCRIPTION_CHARS ? `${found.slice(0, MAX_DESCRIPTION_CHARS)}…` : found;
}

/** An msal error code worth quoting: Entra's `error` (e.g. `invalid_client`), never an object dump. */
function quotableCode(code: string | undefined): string | undefined {
  return code && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : undefined;
}

/**
 * `<what happened>. <what to do>` for a failed token request to `authorityHost` (e.g.
 * `https://login.microsoftonline.com`), without the credential's secret (nothing here reads one)
 * and without msal-node's internals. The caller names the tenant and application.
 */
export function describeTokenFailure(error: unknown, authorityHost: string, seen: { networkCode?: string | undefined } = {}): string {
  const facts = msalErrorFacts.safeParse(error ?? {});
  // msal-node reports a failed metadata look-up as `endpoints_resolution_error` and drops the
  // network's code: `seen` is what the transport saw (SELF_SIGNED_CERT_IN_CHAIN, ECONNREFUSED).
  const f = { ...(facts.success ? facts.data : {}) };
  if (f.code === undefined && seen.networkCode !== undefined) f.code = seen.networkCode;
  const request = `the token request to ${safeHost(authorityHost)}`;
  const code = quotableCode(f.errorCode);
  const description = serverDescription(f.errorMessage);
  const said = [code, description].filter(Boolean).join(": ");
  const status = f.status ?? f.httpStatus;
  const checkHost = "check partnercenter:authorityHost (AZURE_AUTHORITY_HOST) and the network";

  if (status !== undefined && status >= 500) {
    return `${request} was answered HTTP ${status}${said ? ` (${said})` : ""}. ` +
      `The token endpoint is failing on its side: retry in a few minutes; if it persists, ${checkHost}.`;
  }
  // msal-node remembers a 5xx or 429 of the token endpoint and refuses the same request locally for
  // a while (Retry-After, else a minute), answering with the remembered AADSTS numbers as the code.
  if (status === undefined && f.errorCode !== undefined && /^\d+( \d+)*$/.test(f.errorCode)) {
    return `${request} was not sent: the token endpoint failed a moment ago${description ? ` (${description})` : ""}, ` +
      "and requests to it are held back for up to a minute (or as long as its Retry-After asked). Wait a minute, then retry.";
  }
  if (status === 429) {
    return `${request} was throttled (HTTP 429). Wait a minute, then retry.`;
  }
  if (status !== undefined && status >= 400) {
    return `${request} was refused with HTTP ${status}${said ? ` (${said})` : ""}. ` +
      "Check the tenant id, the client id and its secret, certificate or federated token " +
      "(the application must exist in that tenant and the credential must be current), then retry.";
  }
  const networkCode = f.code && NETWORK_CODES.test(f.code) ? f.code : undefined;
  // Not msal-node's: one of this package's own explanations (an unreadable certificate, an empty
  // federated token file), already written for a person.
  if (f.errorCode === undefined && networkCode === undefined && f.message) return f.message;
  const text = `${f.errorMessage ?? ""} ${f.message ?? ""} ${f.code ?? ""}`;
  if (isTlsFailure(text)) {
    // The code when there is one (SELF_SIGNED_CERT_IN_CHAIN), else the text that names the problem.
    const tls = (f.code ? describeTlsFailure(f.code, authorityHost, "authorityHost") : undefined) ?? describeTlsFailure(text, authorityHost, "authorityHost");
    return `${request} failed: ${tls ?? `the authority's TLS certificate is not trusted; for a private CA, point NODE_EXTRA_CA_CERTS at its certificate. ${capitalise(checkHost)}`}; then retry.`;
  }
  if (/timed? ?out|timeout/i.test(text)) {
    return `${request} timed out. ${capitalise(checkHost)}, then retry.`;
  }
  if (networkCode || f.errorCode === "network_error" || f.name === "NetworkError") {
    return `${request} got no answer (${networkCode ?? "network error"}). ` +
      `${capitalise(checkHost)} (DNS, firewall, proxy), then retry.`;
  }
  return `${request} failed${said ? ` (${said})` : ""}. ${capitalise(checkHost)}, then retry.`;
}

function safeHost(authorityHost: string): string {
  try {
    return new URL(authorityHost).host;
  } catch {
    return "the authority host";
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
