import type { Clock } from "../support/timing";

/** A token and the moment it stops being accepted. */
export interface AcquiredToken {
  accessToken: string;
  expiresOnMs: number;
}

export interface AccessTokenSource {
  /**
   * A bearer token for the product-ingestion API. Pass `rejected` with a token the API answered 401
   * to: a fresh one is acquired unless another caller already replaced it.
   */
  getToken(options?: { rejected?: string }): Promise<string>;
  /** Safe to print: kind, tenant and client id. */
  readonly description: string;
  /** Tenant and client id when the credential has them (for error messages). */
  readonly identity?: { tenantId: string; clientId: string };
}

/** Tokens are renewed this long before they expire, so a request never leaves with a dying token. */
export const RENEWAL_MARGIN_MS = 5 * 60_000;

/**
 * Reuses one token until shortly before it expires, and lets concurrent callers share a single
 * acquisition: a thousand resources starting at once cause one token request, not a thousand.
 */
export class CachedTokenSource implements AccessTokenSource {
  #current: AcquiredToken | undefined;
  #inFlight: Promise<AcquiredToken> | undefined;

  constructor(
    private readonly acquire: () => Promise<AcquiredToken>,
    private readonly clock: Clock,
    readonly description: string,
    readonly identity?: { tenantId: string; clientId: string },
  ) {}

  async getToken(options: { rejected?: string } = {}): Promise<string> {
    const current = this.#current;
    const stillGood =
      current !== undefined &&
      current.accessToken !== options.rejected &&
      current.expiresOnMs - RENEWAL_MARGIN_MS > this.clock.now();
    if (stillGood) return current.accessToken;
    return (await this.#refresh()).accessToken;
  }

  #refresh(): Promise<AcquiredToken> {
    if (!this.#inFlight) {
      this.#inFlight = this.acquire()
        .then((token) => {
          this.#current = token;
          return token;
        })
        .finally(() => {
          this.#inFlight = undefined;
        });
    }
    return this.#inFlight;
  }
}
