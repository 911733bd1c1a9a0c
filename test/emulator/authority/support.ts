// A minimal HTTP(S) host for the authority alone: every request goes to `handle`, and the
// requests it saw are recorded so tests can say which endpoints a client used.

import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Clock } from "../../../emulator/contracts";
import type { EmulatorAuthority } from "../../../emulator/authority";

export interface SeenRequest {
  method: string;
  path: string;
  status: number;
}

export interface AuthorityHost {
  baseUrl: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function hostAuthority(
  authority: EmulatorAuthority,
  tls?: { key: string; cert: string },
): Promise<AuthorityHost> {
  const seen: SeenRequest[] = [];
  let baseUrl = "";
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", baseUrl);
    res.on("finish", () => seen.push({ method: req.method ?? "", path: url.pathname, status: res.statusCode }));
    authority.handle(req, res, url, baseUrl).then(
      (handled) => {
        if (!handled) {
          res.writeHead(404, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ error: { code: "notFound", message: "no such route", details: [] } }));
        }
      },
      (error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      },
    );
  };
  const server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `${tls ? "https" : "http"}://127.0.0.1:${port}`;
  return {
    baseUrl,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export class TestClock implements Clock {
  constructor(private ms = Date.parse("2026-03-01T12:00:00Z")) {}
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface TokenAnswer {
  status: number;
  text: string;
  json: Record<string, unknown>;
}

export async function postForm(url: string, form: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

export function jwtPart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.split(".")[index] ?? "";
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}
