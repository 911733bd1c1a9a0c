// The metadata documents OAuth clients read before asking for a token, served from the emulator's
// own origin so that nothing has to reach login.microsoftonline.com. msal-node reads
// `{authority}/v2.0/.well-known/openid-configuration` and requires its `issuer` to share the
// authority's scheme, host and port; `/common/discovery/instance` answers clients that still run
// instance discovery against a configured authority host.

import type { SigningKey } from "./access-token";
import { issuerFor } from "./access-token";

export function openIdConfiguration(baseUrl: string, tenant: string, version: "v1" | "v2"): Record<string, unknown> {
  const root = `${baseUrl}/${tenant}`;
  const v2 = version === "v2";
  return {
    token_endpoint: v2 ? `${root}/oauth2/v2.0/token` : `${root}/oauth2/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt"],
    jwks_uri: v2 ? `${root}/discovery/v2.0/keys` : `${root}/discovery/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    grant_types_supported: ["client_credentials"],
    issuer: v2 ? issuerFor(baseUrl, tenant) : `${root}/`,
    request_uri_parameter_supported: false,
    authorization_endpoint: v2 ? `${root}/oauth2/v2.0/authorize` : `${root}/oauth2/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    end_session_endpoint: v2 ? `${root}/oauth2/v2.0/logout` : `${root}/oauth2/logout`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    tenant_region_scope: "NA",
    cloud_instance_name: new URL(baseUrl).host,
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
  };
}

export function jsonWebKeySet(key: SigningKey): { keys: unknown[] } {
  return { keys: [key.jwk] };
}

/** Instance discovery (api-version 1.1): the emulator's host is its own only alias. */
export function instanceDiscovery(baseUrl: string, authorizationEndpoint: string | null): Record<string, unknown> {
  const host = new URL(baseUrl).host;
  let tenant = "common";
  if (authorizationEndpoint) {
    try {
      tenant = new URL(authorizationEndpoint).pathname.split("/").filter(Boolean)[0] ?? "common";
    } catch {
      // An unparsable authorization_endpoint falls back to the common tenant, as Entra does.
    }
  }
  return {
    tenant_discovery_endpoint: `${baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
