import { createHash } from "node:crypto";
import type { INetworkModule } from "@azure/msal-node";
import { describeCredential, type Credential } from "../config/settings";
import { registerSecret } from "../support/redact";
import { TokenAcquisitionError } from "./errors";
import { msalAcquirer } from "./msal-acquirer";
import { describeTokenFailure } from "./token-failure";
import { CachedTokenSource, type AccessTokenSource, type AcquiredToken } from "./token-cache";
import { TokenEndpointNetwork, fetchNetwork, type TokenRequestRetry } from "./token-network";
import { systemTiming, type Clock, type Sleep } from "../support/timing";

export interface TokenSourceOptions {
  authorityHost: string;
  clock?: Clock;
  /** How the token source waits (a retry's backoff, msal-node's hold); default: real time. */
  sleep?: Sleep;
  /** msal-node's transport; default: fetch bounded by `requestTimeoutMs`. Retries and the hold are added around either. */
  networkClient?: INetworkModule;
  /** Time allowed for one exchange with the token endpoint; default 100 s. */
  requestTimeoutMs?: number;
  /** Which failed token requests are sent again and when (the API client hands its policy down); default: none. */
  retry?: TokenRequestRetry;
  /** msal-node's clock, for its hold (tests); default Date.now, which msal-node uses. */
  msalNow?: () => number;
  /** Receives a line per retry or wait (no secrets). */
  log?: (line: string) => void;
}

/** The longest hold of msal-node this waits out before trying again; a longer one fails, saying until when. */
export const MAX_HOLD_WAIT_MS = 5 * 60_000;
/** A little past the end of the hold, so msal-node's own clock has certainly passed it. */
const HOLD_MARGIN_MS = 50;
/** Waits for a hold within one acquisition: after waiting one out, the next request is sent, so one is the norm. */
const MAX_HOLD_WAITS = 2;
const DEFAULT_REQUEST_TIMEOUT_MS = 100_000;

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
  const sleep = options.sleep ?? systemTiming.sleep;
  const description = describeCredential(credential);
  const network = new TokenEndpointNetwork(options.networkClient ?? fetchNetwork({ timeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS }), {
    retry: options.retry,
    sleep,
    ...(options.msalNow ? { msalNow: options.msalNow } : {}),
    log: options.log,
  });
  const acquire = msalAcquirer(credential, { authorityHost: options.authorityHost, clock, networkClient: network });
  return new CachedTokenSource(
    () => acquireWaitingOutHolds(acquire, network, { description, authorityHost: options.authorityHost, sleep, log: options.log }),
    clock,
    description,
    { tenantId: credential.tenantId, clientId: credential.clientId },
  );
}

/**
 * One acquisition. When msal-node refuses to send the request because the token endpoint failed a
 * moment ago (its hold: nothing left the process, and a hold is running), wait the hold out and try
 * again, instead of failing every operation that needs a token for up to a minute. A hold longer
 * than MAX_HOLD_WAIT_MS fails at once, saying until when.
 */
async function acquireWaitingOutHolds(
  acquire: () => Promise<AcquiredToken>,
  network: TokenEndpointNetwork,
  how: { description: string; authorityHost: string; sleep: Sleep; log?: ((line: string) => void) | undefined },
): Promise<AcquiredToken> {
  for (let waits = 0; ; waits++) {
    const sentBefore = network.sent;
    network.takeNetworkCode();
    try {
      return await acquire();
    } catch (error) {
      const holdMs = network.holdRemainingMs();
      // msal-node's refusal is a ServerError without a status; nothing was sent for it.
      const heldBack = network.sent === sentBefore && holdMs > 0 && (error as { name?: unknown } | undefined)?.name === "ServerError";
      if (!heldBack) throw toTokenAcquisitionError(how.description, error, how.authorityHost, network.takeNetworkCode());
      if (holdMs > MAX_HOLD_WAIT_MS || waits >= MAX_HOLD_WAITS) {
        throw new TokenAcquisitionError(
          how.description,
          `${requestTo(how.authorityHost)} was not sent: after the token endpoint answered ${network.lastFailure ?? "with a failure"}, ` +
            `msal-node holds it back until ${new Date(network.heldUntil).toISOString()}. Wait until then, then run the command again.`,
          "held_back",
        );
      }
      how.log?.(`token request held back by msal-node after ${network.lastFailure ?? "a failure"}: waiting ${holdMs} ms, then trying again`);
      await how.sleep(holdMs + HOLD_MARGIN_MS);
    }
  }
}

function requestTo(authorityHost: string): string {
  try {
    return `the token request to ${new URL(authorityHost).host}`;
  } catch {
    return "the token request";
  }
}

function toTokenAcquisitionError(description: string, error: unknown, authorityHost: string, networkCode: string | undefined): TokenAcquisitionError {
  if (error instanceof TokenAcquisitionError) return error;
  const record = (error ?? {}) as { errorCode?: unknown };
  const code = typeof record.errorCode === "string" ? record.errorCode : undefined;
  return new TokenAcquisitionError(description, describeTokenFailure(error, authorityHost, { networkCode }), code);
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
