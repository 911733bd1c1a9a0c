// An in-process emulator over TLS (the provider's authority host must be https) and the test-side
// view of it: the request log and faults straight from the running emulator, and the test routes
// and offer listing over HTTPS trusting the emulator's CA, since this process cannot take
// NODE_EXTRA_CA_CERTS after start.

import { readFileSync } from "node:fs";
import https from "node:https";
import { join } from "node:path";
import type { PublisherAccount } from "../../emulator/contracts";
import type { FaultSpec } from "../../emulator/faults/schema";
import type { RequestLogEntry } from "../../emulator/http/request-log";
import type { EmulatorOptions, RunningEmulator, startEmulator } from "../../emulator/server";

type StartEmulator = typeof startEmulator;

export type FaultInput = FaultSpec extends infer F ? (F extends unknown ? Omit<F, "count"> & { count?: number } : never) : never;

/** An offer as `GET private-offer/query` lists it; only what the checks here read. */
export interface ListedOffer {
  id: string;
  name?: string;
  state?: string;
  eTag?: string;
  [key: string]: unknown;
}

export interface EmulatorControl {
  readonly url: string;
  readonly apiBaseUrl: string;
  readonly caCertPath: string;
  readonly softwareCompany: PublisherAccount;
  readonly running: RunningEmulator;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  fault(fault: FaultInput | FaultInput[]): void;
  clearFaults(): void;
  /** Lets every job a `stuck` fault holds finish; answers their ids. */
  releaseStuckJobs(): Promise<string[]>;
  /** An out-of-band edit, as if made in Partner Center's UI: a new eTag. */
  edit(offerId: string, patch: unknown): Promise<void>;
  reset(): Promise<void>;
  /** Every offer the software company can see (the listing leaves deleted ones out). */
  offers(): Promise<ListedOffer[]>;
  close(): Promise<void>;
}

/** `startEmulator` of the package built into a program directory (dist/emulator/server.js). */
export function builtStartEmulator(programDir: string): StartEmulator {
  const file = join(programDir, "dist", "emulator", "server.js");
  const loaded = require(file) as Record<string, unknown>;
  const start = loaded["startEmulator"];
  if (typeof start !== "function") throw new Error(`${file} exports no startEmulator: build the package into ${programDir} first`);
  return start as StartEmulator;
}

interface JsonAnswer {
  status: number;
  body: unknown;
}

/**
 * Starts the emulator in this process. `start` is the working tree's `startEmulator` (loaded only
 * then) unless given, e.g. the one of a build (see `builtStartEmulator`).
 */
export async function startTlsEmulator(options: EmulatorOptions = {}, start?: StartEmulator): Promise<EmulatorControl> {
  const startIt = start ?? (require("../../emulator/server") as { startEmulator: StartEmulator }).startEmulator;
  const running = await startIt({ port: 0, jobLatencyMs: 0, ...options, tls: true });
  const caCertPath = running.caCertPath;
  const softwareCompany = running.accounts[0];
  if (!caCertPath || !softwareCompany) throw new Error("the emulator started without TLS material or accounts");
  const agent = new https.Agent({ ca: readFileSync(caCertPath), keepAlive: true });
  let token: string | undefined;

  const send = (method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<JsonAnswer> =>
    new Promise((resolve, reject) => {
      const request = https.request(url, { method, agent, headers: { ...headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = text ? (JSON.parse(text) as unknown) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      request.on("error", reject);
      request.end(body);
    });

  const expect = (answer: JsonAnswer, status: number, what: string): JsonAnswer => {
    if (answer.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer;
  };

  const accessToken = async (): Promise<string> => {
    if (token) return token;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: softwareCompany.clientId,
      client_secret: softwareCompany.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    }).toString();
    const answer = expect(
      await send("POST", `${running.url}/${softwareCompany.tenantId}/oauth2/v2.0/token`, form, { "content-type": "application/x-www-form-urlencoded" }),
      200,
      "token for the offer listing",
    );
    token = (answer.body as { access_token: string }).access_token;
    return token;
  };

  return {
    url: running.url,
    apiBaseUrl: running.apiBaseUrl,
    caCertPath,
    softwareCompany,
    running,
    requests: () => running.requestLog.entries(),
    clearRequests: () => running.requestLog.clear(),
    fault: (fault) => {
      const list = Array.isArray(fault) ? fault : [fault];
      running.faults.add(list.map((f) => ({ count: 1, ...f }) as FaultSpec));
    },
    clearFaults: () => running.faults.clear(),
    async edit(offerId, patch) {
      const guid = offerId.replace(/^private-offer\//, "");
      expect(await send("POST", `${running.url}/_emulator/private-offers/${guid}/edit`, JSON.stringify(patch), { "content-type": "application/json" }), 200, "edit");
    },
    async releaseStuckJobs() {
      const answer = expect(await send("POST", `${running.url}/_emulator/jobs/release`), 200, "release stuck jobs");
      return (answer.body as { released: string[] }).released;
    },
    async reset() {
      expect(await send("POST", `${running.url}/_emulator/reset`), 204, "reset");
      token = undefined;
    },
    async offers() {
      const bearer = await accessToken();
      const offers: ListedOffer[] = [];
      let next: string | undefined = `${running.apiBaseUrl}/private-offer/query?$version=2023-07-15`;
      while (next) {
        const answer = expect(await send("GET", next, undefined, { authorization: `Bearer ${bearer}` }), 200, "offer listing");
        const page = answer.body as { privateOffers?: ListedOffer[]; "@nextLink"?: string };
        offers.push(...(page.privateOffers ?? []));
        next = page["@nextLink"];
      }
      return offers;
    },
    async close() {
      agent.destroy();
      await running.close();
    },
  };
}
