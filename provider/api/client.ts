import type { INetworkModule } from "@azure/msal-node";
import type { AccessTokenSource } from "../auth/token-cache";
import { sharedTokenSource } from "../auth/token-sources";
import { systemTiming, type Timing } from "../support/timing";
import type { Settings } from "../config/settings";
import { listPageSchema, planSchema, priceAndAvailabilitySchema, productSchema, type Plan, type PriceAndAvailability, type Product } from "../schema/api/catalog";
import { jobDetailSchema, jobSchema, type Job, type JobDetail, type SucceededJob } from "../schema/api/job";
import { privateOfferPageSchema, privateOfferResponseSchema, type PrivateOffer } from "../schema/api/private-offer";
import { ApiCaller, type Answer } from "./caller";
import { ApiRequestError } from "./errors";
import { waitForJob, type WaitOptions } from "./job-waiter";
import { Limiter } from "./limiter";
import { defaultBackoff, retryAfterOf, tokenRequestRetry, type BackoffPolicy } from "./retry-policy";
import { createAxiosTransport, type Transport } from "./transport";
import type { ConfigureEnvelope } from "../schema/api/configure";
import {
  CATALOG_API_VERSION,
  CONFIGURE_API_VERSION,
  PRICE_AND_AVAILABILITY_SCHEMA_VERSION,
  PRIVATE_OFFER_SCHEMA_VERSION,
} from "../schema/api/versions";

/** Every page a listing may have; a guard against a service that links a page to itself. */
const MAX_PAGES = 1000;

export interface ClientDeps {
  timing?: Partial<Timing>;
  transport?: Transport;
  tokens?: AccessTokenSource;
  backoff?: BackoffPolicy;
  /** Receives one redacted line per HTTP exchange. */
  log?: (line: string) => void;
  /** msal-node transport override (tests that trust a local authority's CA in-process). */
  msalNetworkClient?: INetworkModule;
  /**
   * The bound on requests in flight. Pass one shared limiter to every client of a process (one per
   * credential profile) so the process as a whole keeps to it; default: one of this client's own.
   */
  limiter?: Limiter;
}

function guidOf(id: string, type: string): string {
  const prefix = `${type}/`;
  return encodeURIComponent(id.startsWith(prefix) ? id.slice(prefix.length) : id);
}

/**
 * Typed access to Partner Center's product-ingestion API. One instance per process and credential
 * profile shares its connection pool and token across every resource.
 */
export class PartnerCenterClient {
  readonly #caller: ApiCaller;
  readonly #timing: Timing;
  readonly #backoff: BackoffPolicy;
  readonly limiter: Limiter;

  constructor(
    readonly settings: Settings,
    deps: ClientDeps = {},
  ) {
    this.#timing = { ...systemTiming, ...deps.timing };
    this.#backoff = deps.backoff ?? defaultBackoff;
    this.limiter = deps.limiter ?? new Limiter(settings.maxConcurrentRequests);
    const tokens =
      deps.tokens ??
      sharedTokenSource(settings.credential, {
        authorityHost: settings.authorityHost,
        clock: this.#timing.clock,
        sleep: this.#timing.sleep,
        requestTimeoutMs: settings.requestTimeoutMs,
        // The token request is idempotent: the same policy as a GET, below msal-node.
        retry: tokenRequestRetry(settings.maxRetries, this.#timing, this.#backoff),
        ...(deps.msalNetworkClient ? { networkClient: deps.msalNetworkClient } : {}),
        ...(deps.log ? { log: deps.log } : {}),
      });
    this.#caller = new ApiCaller({
      endpoint: settings.endpoint,
      transport:
        deps.transport ??
        createAxiosTransport({ timeoutMs: settings.requestTimeoutMs, maxSockets: settings.maxConcurrentRequests }),
      tokens,
      limiter: this.limiter,
      timing: this.#timing,
      maxRetries: settings.maxRetries,
      backoff: this.#backoff,
      ...(deps.log ? { log: deps.log } : {}),
    });
  }

  /**
   * Submits the envelope to `POST /configure`, as it is, and returns the accepted job. Sent once: it
   * is re-sent only after a refusal that proves it did not take effect; otherwise
   * `ConfigureOutcomeUnknownError`.
   */
  async configure(envelope: ConfigureEnvelope): Promise<Job> {
    const answer = await this.#caller.send({
      method: "POST",
      path: "/configure",
      query: { $version: CONFIGURE_API_VERSION },
      body: envelope,
      retry: "unsafe",
    });
    return this.#caller.parse(jobSchema, answer);
  }

  async getJobStatus(jobId: string): Promise<Job> {
    return (await this.#readStatus(jobId, "idempotent")).job;
  }

  async #readStatus(jobId: string, retry: "idempotent" | "none"): Promise<{ job: Job; retryAfterMs?: number }> {
    const answer = await this.#caller.send({
      method: "GET",
      path: `/configure/${encodeURIComponent(jobId)}/status`,
      query: { $version: CONFIGURE_API_VERSION },
      retry,
    });
    const job = this.#caller.parse(jobSchema, answer);
    // The service may slow the polling down; a wait longer than the longest honoured is shortened here,
    // since the job's own deadline bounds the wait anyway.
    const asked = retryAfterOf(answer.response.headers, this.#timing.clock.now());
    const retryAfterMs = asked === undefined ? undefined : Math.min(asked, this.#backoff.maxRetryAfterMs);
    return retryAfterMs === undefined ? { job } : { job, retryAfterMs };
  }

  /** Waits for a configure job to succeed; see `waitForJob` in job-waiter.ts for the cadence. */
  waitForJob(jobId: string, options: WaitOptions = {}): Promise<SucceededJob> {
    return waitForJob(
      jobId,
      {
        // Each read is a single attempt: the waiter's own cadence is the retry policy for status reads.
        readStatus: (id) => this.#readStatus(id, "none"),
        timing: this.#timing,
        pollIntervalMs: this.settings.pollIntervalMs,
        jobTimeoutMs: this.settings.jobTimeoutMs,
      },
      options,
    );
  }

  /** `configure` then `waitForJob`. */
  async configureAndWait(envelope: ConfigureEnvelope, options: WaitOptions = {}): Promise<SucceededJob> {
    const job = await this.configure(envelope);
    return this.waitForJob(job.jobId, options);
  }

  /** The resources a finished job wrote, with their durable ids. */
  async getJobDetail(jobId: string): Promise<JobDetail> {
    const answer = await this.#caller.send({
      method: "GET",
      path: `/configure/${encodeURIComponent(jobId)}`,
      query: { $version: PRIVATE_OFFER_SCHEMA_VERSION },
      retry: "idempotent",
    });
    return this.#caller.parse(jobDetailSchema, answer);
  }

  /** One offer by durable id (`private-offer/<guid>`) or guid; undefined when it does not exist. */
  async getPrivateOffer(id: string): Promise<PrivateOffer | undefined> {
    let answer: Answer;
    try {
      answer = await this.#caller.send({
        method: "GET",
        path: `/private-offer/${guidOf(id, "private-offer")}`,
        query: { $version: PRIVATE_OFFER_SCHEMA_VERSION },
        retry: "idempotent",
      });
    } catch (error) {
      if (error instanceof ApiRequestError && error.httpStatus === 404) return undefined;
      throw error;
    }
    return this.#caller.parse(privateOfferResponseSchema, answer);
  }

  /** Every private offer the account can see, across all pages. */
  async queryPrivateOffers(): Promise<PrivateOffer[]> {
    return this.#allPages("/private-offer/query", { $version: PRIVATE_OFFER_SCHEMA_VERSION }, privateOfferPageSchema);
  }

  /** Offers with exactly this name: how a create whose outcome was unknown is reconciled. */
  async findPrivateOffersByName(name: string): Promise<PrivateOffer[]> {
    return (await this.queryPrivateOffers()).filter((offer) => offer.name === name && offer.state !== "deleted");
  }

  async listProducts(filter: { externalId?: string; type?: string } = {}): Promise<Product[]> {
    return this.#allPages(
      "/product",
      { $version: CATALOG_API_VERSION, externalId: filter.externalId, type: filter.type },
      listPageSchema(productSchema),
    );
  }

  /** Plans of a product, by its durable id `product/<guid>`. */
  async listPlans(productId: string): Promise<Plan[]> {
    const product = productId.startsWith("product/") ? productId : `product/${productId}`;
    return this.#allPages("/plan", { $version: CATALOG_API_VERSION, product }, listPageSchema(planSchema));
  }

  /** The pricing template of a public plan, to be edited into absolute private pricing. */
  async getPricingTemplate(productId: string, planId: string): Promise<PriceAndAvailability> {
    const answer = await this.#caller.send({
      method: "GET",
      path: `/price-and-availability-private-offer-plan/${guidOf(productId, "product")}`,
      query: { $version: PRICE_AND_AVAILABILITY_SCHEMA_VERSION, plan: planId },
      retry: "idempotent",
    });
    return this.#caller.parse(priceAndAvailabilitySchema, answer);
  }

  async #allPages<T>(
    path: string,
    query: Record<string, string | undefined>,
    schema: import("zod").ZodType<{ items: T[]; nextLink?: string | undefined }>,
  ): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    const seen = new Set<string>();
    for (let page = 0; next !== undefined; page++) {
      if (page >= MAX_PAGES || seen.has(next)) break;
      seen.add(next);
      // Next links are opaque absolute URLs; the caller refuses any that leave the endpoint's origin.
      const answer = await this.#caller.send({ method: "GET", path: next, query, retry: "idempotent" });
      const parsed = this.#caller.parse(schema, answer);
      items.push(...parsed.items);
      next = parsed.nextLink;
    }
    return items;
  }
}
