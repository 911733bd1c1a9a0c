// Listening: an HTTP or HTTPS server around the request handler, with the data file restored at
// start and every change flushed to it before it is answered, and a close that ends open
// keep-alive connections and writes a last snapshot.

import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { FileHandle } from "node:fs/promises";
import type { Authority, Clock } from "../contracts";
import { FaultRegistry } from "../faults/registry";
import { openDurableStore, type DurableStore } from "../persistence/data-file";
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
  /** How the data file and its journal are flushed (default datasync/fsync); a seam for tests. */
  syncDataFile?: (handle: FileHandle, kind: "journal" | "snapshot") => Promise<void>;
  maxBodyBytes?: number;
  requestLogCapacity?: number;
  reportError?: (message: string) => void;
}

export interface ServingEmulator {
  /** The origin, e.g. `http://127.0.0.1:43121`. */
  url: string;
  faults: FaultRegistry;
  requestLog: RequestLog;
  /** Resolves once every change so far is flushed to the data file (immediately without one). */
  flush(): Promise<void>;
  /** With a data file: how many journal lines and snapshots were written. */
  readonly persistence?: DurableStore["stats"];
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

  const store = options.dataFile
    ? await openDurableStore({
        file: options.dataFile,
        domain: options.domain,
        now: () => options.clock.now(),
        ...(options.reportError ? { notice: options.reportError } : {}),
        ...(options.syncDataFile ? { sync: options.syncDataFile } : {}),
      })
    : undefined;
  /** Resolves once every change made so far is on disk; every answer waits for it. */
  const durable = store ? () => store.durable() : () => Promise.resolve();

  const handler = createRequestHandler({
    domain: options.domain,
    authority: options.authority,
    faults,
    log: requestLog,
    clock: options.clock,
    sleep: options.sleep ?? realSleep,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    fallbackOrigin: () => origin,
    durable,
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
    ...(store ? { persistence: store.stats } : {}),
    flush: durable,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        await store?.close();
      })();
      return closing;
    },
  };
}
