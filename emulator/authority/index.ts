// The emulator's Entra-compatible authority: token endpoints, discovery documents and the check
// of every product-ingestion call's bearer token.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authority, Clock, PublisherAccount } from "../contracts";
import { checkAccessToken, createSigningKey, issueAccessToken } from "./access-token";
import type { CertificateCredential, FederatedCredential } from "./credentials";
import { instanceDiscovery, jsonWebKeySet, openIdConfiguration } from "./discovery";
import { entraErrorBody, tokenError, type TokenError } from "./errors";
import { createRegistry } from "./registry";
import { authorizeTokenRequest, parseForm, tokenResponseBody, unknownTenant, type TokenEndpointVersion } from "./token-request";

export { defaultAccounts, parseClientOption, emulatorAccounts, clientOptionFormat } from "./accounts";
export {
  parseCertificateCredential,
  parseFederatedCredential,
  parseClientCertificateOption,
  parseFederatedCredentialOption,
  clientCertificateOptionFormat,
  federatedCredentialOptionFormat,
  federatedTokenAudience,
  type CertificateCredential,
  type FederatedCredential,
} from "./credentials";
export { graphResource, sellerIdClaim } from "./access-token";

export interface AuthorityOptions {
  clock: Clock;
  accounts: readonly PublisherAccount[];
  /** Lifetime of issued access tokens; Entra's default is an hour. */
  tokenLifetimeSeconds?: number;
  /** Certificates applications may sign client assertions with. */
  certificates?: readonly CertificateCredential[];
  /** External identities (GitHub Actions, workload identity, ...) applications trust. */
  federated?: readonly FederatedCredential[];
}

/** The authority plus the registrations a test route may add while the emulator runs. */
export interface EmulatorAuthority extends Authority {
  addAccount(account: PublisherAccount): void;
  addCertificate(credential: CertificateCredential): void;
  addFederatedCredential(credential: FederatedCredential): void;
}

/** Bodies of token requests are small; anything larger is not a token request. */
const maxBodyBytes = 64 * 1024;

type Route =
  | { kind: "token"; tenant: string; version: TokenEndpointVersion }
  | { kind: "openid"; tenant: string; version: TokenEndpointVersion }
  | { kind: "keys"; tenant: string }
  | { kind: "instance" };

// A tenant segment is a GUID, a domain or one of Entra's aliases; never the API's `rp` or `_emulator`.
const tenantSegment = "([A-Za-z0-9][A-Za-z0-9.-]*)";
const routes: ReadonlyArray<[RegExp, (tenant: string) => Route]> = [
  [new RegExp(`^/${tenantSegment}/oauth2/v2\\.0/token/?$`), (tenant) => ({ kind: "token", tenant, version: "v2" })],
  [new RegExp(`^/${tenantSegment}/oauth2/token/?$`), (tenant) => ({ kind: "token", tenant, version: "v1" })],
  [new RegExp(`^/${tenantSegment}/v2\\.0/\\.well-known/openid-configuration$`), (tenant) => ({ kind: "openid", tenant, version: "v2" })],
  [new RegExp(`^/${tenantSegment}/\\.well-known/openid-configuration$`), (tenant) => ({ kind: "openid", tenant, version: "v1" })],
  [new RegExp(`^/${tenantSegment}/discovery/(?:v2\\.0/)?keys$`), (tenant) => ({ kind: "keys", tenant })],
  [/^\/common\/discovery\/instance$/, () => ({ kind: "instance" })],
];

function matchRoute(pathname: string): Route | undefined {
  for (const [pattern, build] of routes) {
    const match = pattern.exec(pathname);
    if (match) return build(match[1] ?? "");
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store, no-cache",
    Pragma: "no-cache",
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Entra echoes the caller's `client-request-id` as the correlation id. */
function correlationIdOf(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers["client-request-id"];
  const value = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("client-request-id") ?? undefined;
  return value && /^[A-Za-z0-9-]{1,64}$/.test(value) ? value : undefined;
}

export function createAuthority(options: AuthorityOptions): EmulatorAuthority {
  const { clock } = options;
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds <= 0) {
    throw new Error(`tokenLifetimeSeconds must be a positive whole number of seconds (got ${lifetimeSeconds})`);
  }
  const registry = createRegistry(options.accounts, options.certificates, options.federated);
  const key = createSigningKey();

  const fail = (res: ServerResponse, req: IncomingMessage, url: URL, baseUrl: string, failure: TokenError) => {
    const { status, body } = entraErrorBody(failure, { nowMs: clock.now(), correlationId: correlationIdOf(req, url), baseUrl });
    send(res, status, body);
  };

  async function serveToken(req: IncomingMessage, res: ServerResponse, url: URL, baseUrl: string, route: Extract<Route, { kind: "token" }>) {
    if (req.method !== "POST") {
      return fail(res, req, url, baseUrl, tokenError("postOnly", "The token endpoint only accepts POST requests."));
    }
    if (!registry.hasTenant(route.tenant)) return fail(res, req, url, baseUrl, unknownTenant(route.tenant));
    const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    const body = await readBody(req);
    if (body === undefined) {
      return fail(res, req, url, baseUrl, tokenError("malformedRequest", `Invalid request: the body is larger than ${maxBodyBytes} bytes.`));
    }
    if (contentType !== "application/x-www-form-urlencoded") {
      return fail(
        res,
        req,
        url,
        baseUrl,
        tokenError("missingParameter", "The request body must contain the following parameter: 'grant_type'. Send it as application/x-www-form-urlencoded."),
      );
    }
    const form = parseForm(body);
    if (!form.ok) return fail(res, req, url, baseUrl, form.error);
    const nowMs = clock.now();
    const outcome = authorizeTokenRequest(form.params, { version: route.version, tenant: route.tenant, baseUrl, nowMs, registry });
    if (!outcome.ok) return fail(res, req, url, baseUrl, outcome.error);
    const issued = issueAccessToken(key, outcome.account, { nowMs, lifetimeSeconds, baseUrl });
    send(res, 200, tokenResponseBody(route.version, issued));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL, baseUrl: string): Promise<boolean> {
    const route = matchRoute(url.pathname);
    if (!route) return false;
    const origin = baseUrl.replace(/\/+$/, "");
    switch (route.kind) {
      case "token":
        await serveToken(req, res, url, origin, route);
        return true;
      case "openid":
        if (!registry.hasTenant(route.tenant)) fail(res, req, url, origin, unknownTenant(route.tenant));
        else send(res, 200, openIdConfiguration(origin, route.tenant, route.version));
        return true;
      case "keys":
        send(res, 200, jsonWebKeySet(key));
        return true;
      case "instance":
        send(res, 200, instanceDiscovery(origin, url.searchParams.get("authorization_endpoint")));
        return true;
    }
  }

  return {
    handle,
    authenticate: (authorization) =>
      checkAccessToken(authorization, { key, nowMs: clock.now(), findAccount: registry.findAccount }),
    accounts: () => registry.accounts(),
    addAccount: registry.addAccount,
    addCertificate: registry.addCertificate,
    addFederatedCredential: registry.addFederatedCredential,
  };
}
