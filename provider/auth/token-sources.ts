import { createHash } from "node:crypto";
import type { INetworkModule } from "@azure/msal-node";
import { describeCredential, type Credential } from "../config/settings";
import { registerSecret } from "../support/redact";
import { TokenAcquisitionError } from "./errors";
import { msalAcquirer } from "./msal-acquirer";
import { describeTokenFailure } from "./token-failure";
import { CachedTokenSource, type AccessTokenSource } from "./token-cache";
import { systemTiming, type Clock } from "../support/timing";

export interface TokenSourceOptions {
  authorityHost: string;
  clock?: Clock;
  networkClient?: INetworkModule;
}

/** A token given by the user (e.g. from `az account get-access-token`); it cannot be renewed. */
class StaticTokenSource implements AccessTokenSource {
  readonly description = describeCredential({ kind: "accessToken", accessToken: "" });
  constructor(private readonly token: string) {
    registerSecret(token);
  }
  async getToken(options: { rejected?: string } = {}): Promise<string> {
    if (options.rejected === this.token) {
      throw new TokenAcquisitionError(
        this.description,
        "the API rejected it (401) and a static token cannot be renewed; get a new one, e.g. " +
          "`az account get-access-token --resource https://graph.microsoft.com`",
      );
    }
    return this.token;
  }
}

/** Builds a token source for one credential (not shared; see `sharedTokenSource`). */
export function createTokenSource(credential: Credential, options: TokenSourceOptions): AccessTokenSource {
  if (credential.kind === "accessToken") return new StaticTokenSource(credential.accessToken);
  const clock = options.clock ?? systemTiming.clock;
  const description = describeCredential(credential);
  const acquire = msalAcquirer(credential, { authorityHost: options.authorityHost, clock, networkClient: options.networkClient });
  return new CachedTokenSource(
    async () => {
      try {
        return await acquire();
      } catch (error) {
        throw toTokenAcquisitionError(description, error, options.authorityHost);
      }
    },
    clock,
    description,
    { tenantId: credential.tenantId, clientId: credential.clientId },
  );
}

function toTokenAcquisitionError(description: string, error: unknown, authorityHost: string): TokenAcquisitionError {
  if (error instanceof TokenAcquisitionError) return error;
  const record = (error ?? {}) as { errorCode?: unknown };
  const code = typeof record.errorCode === "string" ? record.errorCode : undefined;
  return new TokenAcquisitionError(description, describeTokenFailure(error, authorityHost), code);
}

const shared = new Map<string, AccessTokenSource>();

/**
 * One token source per credential per process, so every client and resource in a provider process
 * shares one token. The key holds a hash of the secret, never the secret.
 */
export function sharedTokenSource(credential: Credential, options: TokenSourceOptions): AccessTokenSource {
  const key = createHash("sha256").update(JSON.stringify([options.authorityHost, credential])).digest("hex");
  let source = shared.get(key);
  if (!source) {
    source = createTokenSource(credential, options);
    shared.set(key, source);
  }
  return source;
}
