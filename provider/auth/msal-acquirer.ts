import { readFile } from "node:fs/promises";
import { ConfidentialClientApplication, LogLevel, type Configuration, type INetworkModule } from "@azure/msal-node";
import type { Credential } from "../config/settings";
import { registerSecret } from "../support/redact";
import { loadClientCertificate } from "./certificate";
import type { AcquiredToken } from "./token-cache";
import type { Clock } from "../support/timing";

/** Partner Center's product-ingestion API is a Microsoft Graph resource. */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

const PUBLIC_CLOUD_HOST = "login.microsoftonline.com";

export type AppCredential = Exclude<Credential, { kind: "accessToken" }>;

export interface MsalOptions {
  authorityHost: string;
  clock: Clock;
  /** Replaces msal-node's HTTP transport; used to trust a test authority's CA in-process. */
  networkClient?: INetworkModule;
}

/**
 * Builds the msal-node configuration for one credential. A custom authority host (a sovereign cloud
 * or the local emulator) is declared as a known authority, so msal-node trusts it instead of asking
 * login.microsoftonline.com for instance discovery.
 */
async function buildConfiguration(credential: AppCredential, options: MsalOptions): Promise<Configuration> {
  const host = new URL(options.authorityHost).host;
  const auth: Configuration["auth"] = {
    clientId: credential.clientId,
    authority: `${options.authorityHost}/${credential.tenantId}`,
    ...(host.toLowerCase() === PUBLIC_CLOUD_HOST ? {} : { knownAuthorities: [host] }),
  };
  switch (credential.kind) {
    case "clientSecret":
      auth.clientSecret = credential.clientSecret;
      break;
    case "clientCertificate": {
      const certificate = await loadClientCertificate(credential.certificatePath);
      auth.clientCertificate = {
        thumbprintSha256: certificate.thumbprintSha256,
        privateKey: certificate.privateKey,
        x5c: certificate.x5c,
      };
      break;
    }
    case "federated":
      // Read on every acquisition: workload identity and GitHub OIDC rotate the file's token.
      auth.clientAssertion = async () => {
        const assertion = (await readFile(credential.federatedTokenFile, "utf8")).trim();
        registerSecret(assertion);
        if (!assertion) throw new Error(`the federated token file ${credential.federatedTokenFile} is empty`);
        return assertion;
      };
      break;
  }
  return {
    auth,
    system: {
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
      ...(options.networkClient ? { networkClient: options.networkClient } : {}),
    },
  };
}

/**
 * Returns a function that acquires a fresh app-only token through msal-node's client-credentials
 * flow. One ConfidentialClientApplication is built on first use and kept; freshness is decided by
 * the caller's cache (with its injected clock), so msal-node's own cache is bypassed.
 */
export function msalAcquirer(credential: AppCredential, options: MsalOptions): () => Promise<AcquiredToken> {
  let application: Promise<ConfidentialClientApplication> | undefined;
  return async () => {
    application ??= buildConfiguration(credential, options).then((config) => new ConfidentialClientApplication(config));
    let app: ConfidentialClientApplication;
    try {
      app = await application;
    } catch (error) {
      application = undefined;
      throw error;
    }
    const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE], skipCache: true });
    if (!result?.accessToken) throw new Error("the token endpoint returned no access token");
    registerSecret(result.accessToken);
    const expiresOnMs = result.expiresOn ? result.expiresOn.getTime() : options.clock.now() + 60 * 60_000;
    return { accessToken: result.accessToken, expiresOnMs };
  };
}
