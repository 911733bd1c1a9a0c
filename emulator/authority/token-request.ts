// The client-credentials grant on Entra's v1 (`resource`) and v2 (`scope`) token endpoints,
// without HTTP: parse the form, decide who is asking and whether they proved it.

import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { PublisherAccount } from "../contracts";
import { graphAppId, graphResource, type IssuedToken } from "./access-token";
import { checkClientAssertion } from "./client-assertion";
import { tokenError, type TokenError } from "./errors";
import type { Registry } from "./registry";

export type TokenEndpointVersion = "v1" | "v2";

export const jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export type FormOutcome = { ok: true; params: Record<string, string> } | { ok: false; error: TokenError };

/** Parses an `application/x-www-form-urlencoded` body; a repeated parameter is a malformed request. */
export function parseForm(body: string): FormOutcome {
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    if (Object.hasOwn(params, name)) {
      return { ok: false, error: tokenError("malformedRequest", `Invalid request: the parameter '${name}' appears more than once.`) };
    }
    params[name] = value;
  }
  return { ok: true, params };
}

const missing = (name: string) => ({ error: `The request body must contain the following parameter: '${name}'.` });

// msal-node and others add telemetry parameters (x-client-SKU, client-request-id, ...): kept, ignored.
const clientCredentialsForm = z.looseObject({
  grant_type: z.string(missing("grant_type")).min(1, missing("grant_type")),
  client_id: z.string(missing("client_id")).min(1, missing("client_id")),
  client_secret: z.string().optional(),
  client_assertion: z.string().optional(),
  client_assertion_type: z.string().optional(),
  scope: z.string().optional(),
  resource: z.string().optional(),
});

const graphScopes = [`${graphResource}/.default`, `${graphAppId}/.default`];
const graphResources = [graphResource, `${graphResource}/`, graphAppId];

function checkTarget(version: TokenEndpointVersion, form: z.infer<typeof clientCredentialsForm>): TokenError | undefined {
  if (version === "v1") {
    if (form.resource === undefined || form.resource === "") {
      return tokenError("missingParameter", `The request body must contain the following parameter: 'resource'. Use resource=${graphResource}.`);
    }
    if (!graphResources.includes(form.resource)) {
      return tokenError("resourceNotFound", `The resource principal named ${form.resource} was not found in the tenant. Use resource=${graphResource}.`);
    }
    return undefined;
  }
  if (form.resource !== undefined) {
    return tokenError("resourceOnV2", `The 'resource' request parameter is not supported on the v2.0 endpoint. Use scope=${graphResource}/.default.`);
  }
  if (form.scope === undefined || form.scope.trim() === "") {
    return tokenError("missingParameter", `The request body must contain the following parameter: 'scope'. Use scope=${graphResource}/.default.`);
  }
  const scopes = form.scope.trim().split(/\s+/);
  if (scopes.length !== 1 || !scopes[0]?.endsWith("/.default")) {
    return tokenError(
      "invalidScope",
      `The provided value for scope '${form.scope}' is not valid. Client credential flows must have a single scope value with /.default suffixed to the resource identifier: ${graphResource}/.default.`,
    );
  }
  if (!graphScopes.includes(scopes[0])) {
    return tokenError("resourceNotFound", `The resource principal named ${scopes[0].slice(0, -"/.default".length)} was not found in the tenant. Use scope=${graphResource}/.default.`);
  }
  return undefined;
}

function sameSecret(presented: string, registered: string): boolean {
  // Compare digests so neither length nor content leaks through timing.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(registered));
}

function checkCredential(
  form: z.infer<typeof clientCredentialsForm>,
  account: PublisherAccount,
  context: TokenRequestContext,
): TokenError | undefined {
  const hasSecret = form.client_secret !== undefined && form.client_secret !== "";
  const hasAssertion = form.client_assertion !== undefined && form.client_assertion !== "";
  if (hasSecret && hasAssertion) {
    return tokenError("malformedRequest", "Invalid request: send one client credential, either client_secret or client_assertion, not both.");
  }
  if (hasSecret) {
    return sameSecret(form.client_secret ?? "", account.clientSecret)
      ? undefined
      : tokenError(
          "invalidSecret",
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${account.clientId}'.`,
        );
  }
  if (hasAssertion) {
    if (form.client_assertion_type !== jwtBearerAssertionType) {
      return tokenError("invalidAssertionType", `Invalid client_assertion_type; it must be ${jwtBearerAssertionType}.`);
    }
    return checkClientAssertion(form.client_assertion ?? "", {
      clientId: account.clientId.toLowerCase(),
      tokenEndpoints: tokenEndpoints(context.baseUrl, context.tenant),
      nowMs: context.nowMs,
      certificates: context.registry.certificates(account.clientId),
      federated: context.registry.federatedCredentials(account.clientId),
    });
  }
  return tokenError("missingCredential", "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
}

export function tokenEndpoints(baseUrl: string, tenant: string): string[] {
  return [`${baseUrl}/${tenant}/oauth2/v2.0/token`, `${baseUrl}/${tenant}/oauth2/token`];
}

export interface TokenRequestContext {
  version: TokenEndpointVersion;
  /** The tenant path segment, exactly as requested. */
  tenant: string;
  baseUrl: string;
  nowMs: number;
  registry: Registry;
}

export type TokenRequestOutcome = { ok: true; account: PublisherAccount } | { ok: false; error: TokenError };

/** Decides a client-credentials request in Entra's order: tenant, grant, application, target, credential. */
export function authorizeTokenRequest(params: Record<string, string>, context: TokenRequestContext): TokenRequestOutcome {
  const fail = (error: TokenError): TokenRequestOutcome => ({ ok: false, error });
  if (!context.registry.hasTenant(context.tenant)) return fail(unknownTenant(context.tenant));
  const parsed = clientCredentialsForm.safeParse(params);
  if (!parsed.success) {
    return fail(tokenError("missingParameter", parsed.error.issues[0]?.message ?? "The request body is missing a parameter."));
  }
  const form = parsed.data;
  if (form.grant_type !== "client_credentials") {
    return fail(
      tokenError("unsupportedGrantType", `The application requested an unsupported grant type '${form.grant_type}'. This emulator serves grant_type=client_credentials.`),
    );
  }
  const account = context.registry.findAccount(context.tenant, form.client_id);
  if (!account) {
    return fail(
      tokenError(
        "applicationNotFound",
        `Application with identifier '${form.client_id}' was not found in the directory '${context.tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      ),
    );
  }
  const target = checkTarget(context.version, form);
  if (target) return fail(target);
  const credential = checkCredential(form, account, context);
  return credential ? fail(credential) : { ok: true, account };
}

export function unknownTenant(tenant: string): TokenError {
  return tokenError(
    "tenantNotFound",
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

/** The success body; v1 answers its numbers as strings, as Entra's v1 endpoint does. */
export function tokenResponseBody(version: TokenEndpointVersion, issued: IssuedToken): Record<string, string | number> {
  const expiresIn = issued.expiresAtSeconds - issued.issuedAtSeconds;
  if (version === "v2") {
    return { token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: issued.accessToken };
  }
  return {
    token_type: "Bearer",
    expires_in: String(expiresIn),
    ext_expires_in: String(expiresIn),
    expires_on: String(issued.expiresAtSeconds),
    not_before: String(issued.issuedAtSeconds),
    resource: graphResource,
    access_token: issued.accessToken,
  };
}
