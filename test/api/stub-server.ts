import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type StubHandler = (request: SeenRequest, res: http.ServerResponse, index: number) => void;

export interface StubServer {
  url: string;
  endpoint: string;
  seen: SeenRequest[];
  maxInFlight: number;
  close(): Promise<void>;
}

/** A tiny API stand-in whose every answer the test scripts. */
export async function startStub(handler: StubHandler): Promise<StubServer> {
  const seen: SeenRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server = http.createServer((req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const request = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(request);
      handler(request, res, seen.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    endpoint: `${url}/rp/product-ingestion`,
    seen,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function job(jobId: string, jobStatus = "notStarted", jobResult = "pending", errors: unknown[] = []): unknown {
  return { jobId, jobStatus, jobResult, jobStart: "2026-11-21T09:00:00.0000000Z", jobEnd: "0001-01-01T00:00:00", errors };
}
