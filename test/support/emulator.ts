// The emulator for mocha suites: `useEmulator()` starts one in-process emulator per suite on a free
// port, resets it before every test (offers, jobs, faults, request log) and closes it after the
// suite; its methods drive the test routes and fetch tokens the way a client would.

import { readFileSync } from "node:fs";
import https from "node:https";
import type { PublisherAccount } from "../../emulator/contracts";
import type { FaultSpec } from "../../emulator/faults/schema";
import type { RequestLogEntry } from "../../emulator/http/request-log";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/server";

/** A fault as POSTed to `/_emulator/faults`; `count` defaults to 1. */
export type FaultInput = FaultSpec extends infer F ? (F extends unknown ? Omit<F, "count"> & { count?: number } : never) : never;

export interface TestEmulator {
  readonly url: string;
  /** The provider's endpoint: `url` + `/rp/product-ingestion`. */
  readonly apiBaseUrl: string;
  readonly caCertPath: string | undefined;
  readonly accounts: readonly PublisherAccount[];
  /** The default software company (first registered account) and channel partner (second). */
  readonly softwareCompany: PublisherAccount;
  readonly channelPartner: PublisherAccount;
  readonly running: RunningEmulator;
  /** An access token for the account (default: the first), from the v2 token endpoint; cached per client unless `fresh`. */
  token(account?: PublisherAccount, options?: { fresh?: boolean }): Promise<string>;
  /** `fetch` of an API path (`/private-offer/query?$version=...`) with a bearer token for the account. */
  api(pathAndQuery: string, init?: RequestInit & { account?: PublisherAccount }): Promise<Response>;
  /** The request log (API and token calls, not test routes), oldest first. */
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  fault(fault: FaultInput | FaultInput[]): Promise<void>;
  clearFaults(): Promise<void>;
  /** The customer accepts the offer (`private-offer/<guid>` or `<guid>`). */
  accept(offerId: string, body?: unknown): Promise<Response>;
  /** An out-of-band edit merged into the offer, as if made in Partner Center's UI. */
  edit(offerId: string, patch: unknown): Promise<Response>;
  /** Lets every job held by a `stuck` fault finish. */
  releaseStuckJobs(): Promise<void>;
  /** Forgets offers, jobs, faults and the request log. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

function guidOf(offerId: string): string {
  return offerId.replace(/^private-offer\//, "");
}

async function expectStatus(response: Response, expected: number, what: string): Promise<void> {
  if (response.status !== expected) {
    throw new Error(`${what}: expected HTTP ${expected}, got ${response.status}: ${await response.text()}`);
  }
  await response.arrayBuffer();
}

/** Starts an emulator (port 0, job latency 0 unless given) and wraps it for tests. */
/** The form body of a v2 client-credentials token request for one of the emulator's applications. */
export function clientCredentialsForm(account: PublisherAccount): string {
  return new URLSearchParams({
    grant_type: "client_credentials",
    client_id: account.clientId,
    client_secret: account.clientSecret,
    scope: "https://graph.microsoft.com/.default",
  }).toString();
}

/**
 * `fetch` for the test process. Over TLS it trusts the emulator's CA for these requests only: the
 * test process starts without NODE_EXTRA_CA_CERTS, and Node's fetch takes no per-request CA.
 */
function fetchFor(caCertPath: string | undefined): typeof fetch {
  if (!caCertPath) return fetch;
  const agent = new https.Agent({ ca: readFileSync(caCertPath, "utf8"), keepAlive: true });
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const headers = new Headers(init.headers);
      const request = https.request(
        new URL(String(input)),
        { method: init.method ?? "GET", agent, headers: Object.fromEntries(headers.entries()) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            const answered = new Headers();
            for (const [name, value] of Object.entries(response.headers)) if (typeof value === "string") answered.set(name, value);
            resolve(new Response(body, { status, headers: answered }));
          });
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(typeof init.body === "string" ? init.body : undefined);
    });
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const running = await startEmulator({ port: 0, jobLatencyMs: 0, ...options });
  const fetch = fetchFor(running.caCertPath);
  const tokens = new Map<string, string>();
  const first = running.accounts[0];
  if (!first) throw new Error("the emulator has no registered application");
  const post = (path: string, body?: unknown) =>
    fetch(`${running.url}${path}`, {
      method: "POST",
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });

  const emulator: TestEmulator = {
    url: running.url,
    apiBaseUrl: running.apiBaseUrl,
    caCertPath: running.caCertPath,
    accounts: running.accounts,
    softwareCompany: first,
    channelPartner: running.accounts[1] ?? first,
    running,
    async token(account = first, options = {}) {
      const cached = tokens.get(account.clientId);
      if (cached && !options.fresh) return cached;
      const response = await fetch(`${running.url}/${account.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: clientCredentialsForm(account),
      });
      if (response.status !== 200) {
        throw new Error(`token request for ${account.clientId} failed with HTTP ${response.status}: ${await response.text()}`);
      }
      const body = (await response.json()) as { access_token?: unknown };
      if (typeof body.access_token !== "string") throw new Error("token response has no access_token");
      tokens.set(account.clientId, body.access_token);
      return body.access_token;
    },
    async api(pathAndQuery, init = {}) {
      const { account, headers, ...rest } = init;
      const token = await emulator.token(account);
      const path = pathAndQuery.startsWith("/") ? pathAndQuery : `/${pathAndQuery}`;
      return fetch(`${running.apiBaseUrl}${path}`, {
        ...rest,
        headers: {
          authorization: `Bearer ${token}`,
          ...(rest.body !== undefined ? { "content-type": "application/json" } : {}),
          ...(headers as Record<string, string> | undefined),
        },
      });
    },
    async requests() {
      const response = await fetch(`${running.url}/_emulator/requests`);
      return ((await response.json()) as { requests: RequestLogEntry[] }).requests;
    },
    async clearRequests() {
      await expectStatus(await fetch(`${running.url}/_emulator/requests`, { method: "DELETE" }), 204, "clear requests");
    },
    async fault(fault) {
      await expectStatus(await post("/_emulator/faults", fault), 201, "add fault");
    },
    async clearFaults() {
      await expectStatus(await fetch(`${running.url}/_emulator/faults`, { method: "DELETE" }), 204, "clear faults");
    },
    accept: (offerId, body) => post(`/_emulator/private-offers/${encodeURIComponent(guidOf(offerId))}/accept`, body ?? {}),
    edit: (offerId, patch) => post(`/_emulator/private-offers/${encodeURIComponent(guidOf(offerId))}/edit`, patch),
    async releaseStuckJobs() {
      await expectStatus(await post("/_emulator/jobs/release"), 200, "release stuck jobs");
    },
    async reset() {
      await expectStatus(await post("/_emulator/reset"), 204, "reset");
    },
    close: () => running.close(),
  };
  return emulator;
}

/**
 * Mocha hooks around one emulator per suite. The returned object is usable inside tests and hooks
 * (not at suite definition time); every test starts from an empty emulator.
 */
export function useEmulator(options: EmulatorOptions = {}): TestEmulator {
  let current: TestEmulator | undefined;
  before(async () => {
    current = await startTestEmulator(options);
  });
  beforeEach(async () => {
    await current?.reset();
  });
  after(async () => {
    await current?.close();
    current = undefined;
  });
  const started = (): TestEmulator => {
    if (!current) throw new Error("the emulator is available inside tests and hooks only (useEmulator starts it in `before`)");
    return current;
  };
  return new Proxy({} as TestEmulator, {
    get: (_target, property) => {
      const value = Reflect.get(started(), property) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
}
