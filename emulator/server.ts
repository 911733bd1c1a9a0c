// The emulator assembled: the domain (with schema validation), the authority, optional TLS, and
// the HTTP layer around them. `startEmulator` is what the CLI and in-process tests call.

import { promises as fs } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import type { Clock, PublisherAccount } from "./contracts";
import {
  createAuthority,
  defaultAccounts,
  type CertificateCredential,
  type EmulatorAuthority,
  type FederatedCredential,
} from "./authority/index";
import { createTlsMaterial } from "./authority/tls";
import { createProductIngestionDomain } from "./domain/index";
import type { FaultRegistry } from "./faults/registry";
import type { RequestLog } from "./http/request-log";
import { API_PREFIX } from "./http/routes";
import { serve } from "./http/serve";
import { validateConfigureRequest } from "./validation/index";

export const DEFAULT_JOB_LATENCY_MS = 1000;

export interface EmulatorOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** How long a job takes from creation to completion; default 1000 ms. */
  jobLatencyMs?: number;
  /** Serve HTTPS with a certificate made at start; its CA is written to `caCertPath`. */
  tls?: boolean;
  /** Where the CA certificate goes under `tls`; default a new temporary directory. */
  tlsDirectory?: string;
  /**
   * Keep state in this file across restarts: restored at start, and every change flushed to it
   * (through its journal, `<dataFile>.journal`) before it is answered.
   */
  dataFile?: string;
  /** How the data file and its journal are flushed (default datasync/fsync); a seam for tests. */
  syncDataFile?: (handle: FileHandle, kind: "journal" | "snapshot") => Promise<void>;
  /** The registered applications; default the two accounts of `defaultAccounts()`. */
  clients?: PublisherAccount[];
  certificates?: CertificateCredential[];
  federated?: FederatedCredential[];
  tokenLifetimeSeconds?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** Limit on request bodies; default 1 MiB. */
  maxBodyBytes?: number;
  /** How many entries the request log keeps (oldest dropped first); default 10,000. */
  requestLogCapacity?: number;
  newId?: () => string;
  /** Where unexpected errors go; default stderr. */
  reportError?: (message: string) => void;
}

export interface RunningEmulator {
  /** The origin, e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** `url` + `/rp/product-ingestion`: the provider's endpoint. */
  apiBaseUrl: string;
  /** Under `tls`: the CA certificate to trust (NODE_EXTRA_CA_CERTS). */
  caCertPath?: string;
  accounts: readonly PublisherAccount[];
  authority: EmulatorAuthority;
  faults: FaultRegistry;
  requestLog: RequestLog;
  /** Resolves once every change so far is flushed to the data file (at once without one). */
  flush(): Promise<void>;
  /** With `dataFile`: how many journal lines (group flushes) and snapshots were written. */
  readonly persistence?: { readonly journalWrites: number; readonly snapshots: number };
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => Date.now() };

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? "127.0.0.1";
  const accounts = options.clients && options.clients.length > 0 ? options.clients : defaultAccounts();
  const authority = createAuthority({
    clock,
    accounts,
    ...(options.tokenLifetimeSeconds !== undefined ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}),
    ...(options.certificates ? { certificates: options.certificates } : {}),
    ...(options.federated ? { federated: options.federated } : {}),
  });
  const domain = createProductIngestionDomain({
    clock,
    jobLatencyMs: options.jobLatencyMs ?? DEFAULT_JOB_LATENCY_MS,
    accounts,
    validate: validateConfigureRequest,
    ...(options.newId ? { newId: options.newId } : {}),
  });

  let tls: { key: string; cert: string } | undefined;
  let caCertPath: string | undefined;
  /** A folder made here for the CA certificate, removed at close; one the caller named stays. */
  let madeDirectory: string | undefined;
  if (options.tls) {
    const directory = options.tlsDirectory ?? (madeDirectory = await fs.mkdtemp(path.join(os.tmpdir(), "partnercenter-emulator-tls-")));
    const hosts = [...new Set([host, "127.0.0.1", "localhost", "::1"])].filter((h) => h !== "0.0.0.0" && h !== "::");
    const material = await createTlsMaterial({ hosts, directory });
    tls = { key: material.key, cert: material.cert };
    caCertPath = material.caCertPath;
  }

  const serving = await serve({
    domain,
    authority,
    clock,
    host,
    port: options.port ?? 0,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(tls ? { tls } : {}),
    ...(options.dataFile ? { dataFile: options.dataFile } : {}),
    ...(options.syncDataFile ? { syncDataFile: options.syncDataFile } : {}),
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.requestLogCapacity !== undefined ? { requestLogCapacity: options.requestLogCapacity } : {}),
    ...(options.reportError ? { reportError: options.reportError } : {}),
  });

  return {
    url: serving.url,
    apiBaseUrl: `${serving.url}${API_PREFIX}`,
    ...(caCertPath ? { caCertPath } : {}),
    accounts: authority.accounts(),
    authority,
    faults: serving.faults,
    requestLog: serving.requestLog,
    ...(serving.persistence ? { persistence: serving.persistence } : {}),
    flush: serving.flush,
    close: async () => {
      await serving.close();
      if (madeDirectory) await fs.rm(madeDirectory, { recursive: true, force: true });
    },
  };
}
