// The emulator's test routes and API over its TLS listener, trusting its CA in this process only
// (the test process starts without NODE_EXTRA_CA_CERTS, so `fetch` would refuse the certificate).
import { readFileSync } from "node:fs";
import https from "node:https";
import type { PublisherAccount } from "../../../emulator/contracts";
import type { RequestLogEntry } from "../../../emulator/http/request-log";

export interface TlsControl {
  requests(): Promise<RequestLogEntry[]>;
  edit(offerId: string, patch: unknown): Promise<number>;
  accept(offerId: string): Promise<number>;
  /** Every private offer the account sees, deleted ones included. */
  offers(account: PublisherAccount): Promise<Array<{ id: string; name: string; state: string }>>;
}

export function tlsControl(origin: string, caCertPath: string): TlsControl {
  const agent = new https.Agent({ ca: readFileSync(caCertPath, "utf8") });

  function call(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const request = https.request(new URL(path, origin), { method, agent, headers }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on("error", reject);
      request.end(body);
    });
  }
  const guid = (offerId: string) => encodeURIComponent(offerId.replace(/^private-offer\//, ""));
  const json = { "content-type": "application/json" };

  return {
    async requests() {
      return (JSON.parse((await call("GET", "/_emulator/requests")).text) as { requests: RequestLogEntry[] }).requests;
    },
    async edit(offerId, patch) {
      return (await call("POST", `/_emulator/private-offers/${guid(offerId)}/edit`, JSON.stringify(patch), json)).status;
    },
    async accept(offerId) {
      return (await call("POST", `/_emulator/private-offers/${guid(offerId)}/accept`, "{}", json)).status;
    },
    async offers(account) {
      const form = new URLSearchParams({
        grant_type: "client_credentials",
        client_id: account.clientId,
        client_secret: account.clientSecret,
        scope: "https://graph.microsoft.com/.default",
      }).toString();
      const token = JSON.parse((await call("POST", `/${account.tenantId}/oauth2/v2.0/token`, form, { "content-type": "application/x-www-form-urlencoded" })).text) as {
        access_token: string;
      };
      const answer = await call("GET", "/rp/product-ingestion/private-offer/query?$version=2026-02-01", undefined, { authorization: `Bearer ${token.access_token}` });
      return (JSON.parse(answer.text) as { privateOffers: Array<{ id: string; name: string; state: string }> }).privateOffers;
    },
  };
}
