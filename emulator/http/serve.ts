// Listening: an HTTP or HTTPS server around the request handler, with the data file restored at
// start and written after every change, and a close that ends open keep-alive connections and
// waits for the last write.

import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Authority, Clock } from "../contracts";
import { FaultRegistry } from "../faults/registry";
import { createDataFileWriter, loadDataFile, type DataFileWriter } from "../persistence/data-file";
import { createRequestHandler } from "./app";
import { RequestLog } from "./request-log";
import type { TestableDomain } from "./test-routes";

export interface ServeOptions {
  domain: TestableDomain;
  authority: Authority;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
  port?: number;
  host?: string;
  tls?: { key: string; cert: string };
  dataFile?: string;
  maxBodyBytes?: number;
  requestLogCapacity?: number;
  reportError?: (message: string) => void;
}

export interface ServingEmulator {
  /** The origin, e.g. `http://127.0.0.1:43121`. */
  url: string;
  faults: FaultRegistry;
  requestLog: RequestLog;
  /** Resolves once every change so far is in the data file (immediately without one). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A host usable in a URL: a wildcard listen address is reached through loopback. */
function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "" ) return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export async function serve(options: ServeOptions): Promise<ServingEmulator> {
  const host = options.host ?? "127.0.0.1";
  const faults = new FaultRegistry();
  const requestLog = new RequestLog(options.requestLogCapacity);
  let origin = "";

  let writer: DataFileWriter | undefined;
  if (options.dataFile) {
    const stored = await loadDataFile(options.dataFile);
    if (stored) options.domain.restore(stored);
    writer = createDataFileWriter({
      file: options.dataFile,
      snapshot: () => options.domain.snapshot(),
      now: () => options.clock.now(),
      ...(options.reportError ? { onError: (error: Error) => options.reportError?.(error.message) } : {}),
    });
    const scheduled = writer;
    options.domain.onChange(() => scheduled.schedule());
  }

  const handler = createRequestHandler({
    domain: options.domain,
    authority: options.authority,
    faults,
    log: requestLog,
    clock: options.clock,
    sleep: options.sleep ?? realSleep,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    fallbackOrigin: () => origin,
    ...(options.reportError ? { reportError: options.reportError } : {}),
  });
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  // Longer than the idle timeout of common keep-alive clients, so a client never reuses a socket
  // the server is just closing (which would surface as a spurious ECONNRESET in tests).
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  origin = `${options.tls ? "https" : "http"}://${urlHost(host)}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    faults,
    requestLog,
    flush: async () => {
      await writer?.flush();
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        await writer?.flush();
      })();
      return closing;
    },
  };
}
