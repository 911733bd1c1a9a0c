// What a phase of a benchmark stack costs at least: the physical limit on its wall time and the
// fewest API requests per offer, each request with its reason; and the requests the emulator saw,
// counted by kind.

import type { RequestLogEntry } from "../emulator/http/request-log";

export type Phase = "create" | "update" | "delete";
export const PHASES: readonly Phase[] = ["create", "update", "delete"];

export interface Scale {
  jobLatencyMs: number;
  pollIntervalMs: number;
}

export interface RequestCounts {
  configurePosts: number;
  statusReads: number;
  otherReads: number;
  tokenRequests: number;
  /** Discovery documents and the like: msal's, once per process. */
  authorityOther: number;
  /** API requests that were not answered 2xx (throttling, faults). */
  unsuccessful: number;
}

/** Jobs on one offer's critical path, per phase: create 1; update of a live offer 2 (withdraw, live); delete of a live offer 2 (withdraw, delete). */
const JOBS: Record<Phase, number> = { create: 1, update: 2, delete: 2 };
/**
 * `GET configure/{jobId}` per offer: after a create, the only place the API names the new offer's id
 * (the job status does not carry it); it carries the created offer whole, eTag included.
 */
const JOB_DETAIL_READS: Record<Phase, number> = { create: 1, update: 0, delete: 0 };
/**
 * `GET private-offer/{id}` per offer: after an update, the offer read back for the fields only the
 * service sets (eTag, subState, acceptance links) that the stack's outputs carry (a create has them
 * from the job detail); before a delete, the offer as it is now, for its state and current eTag (a
 * failed delete records nothing, so state can be behind a withdraw that finished later).
 */
const READ_BACKS: Record<Phase, number> = { create: 0, update: 1, delete: 1 };
/**
 * `GET private-offer/query` per provider process before its first create: the only way to find an
 * offer a create whose answer was lost made, so that it is adopted instead of created twice. One
 * page here (the account starts empty), shared by every offer of the stack.
 */
const NAME_QUERIES_PER_PROCESS: Record<Phase, number> = { create: 1, update: 0, delete: 0 };

export function limitMs(phase: Phase, scale: Scale): number {
  return JOBS[phase] * scale.jobLatencyMs + scale.pollIntervalMs;
}

/** Each request the minimum counts, per offer, with what it is for. */
export interface MinimumItem {
  request: string;
  purpose: string;
  perOffer: number;
  /** Made once per provider process, not per offer. */
  perProcess?: true;
}

export function minimumBreakdown(phase: Phase, scale: Scale, offers: number): MinimumItem[] {
  const readsPerJob = Math.max(1, Math.ceil(scale.jobLatencyMs / scale.pollIntervalMs));
  return [
    { request: "POST configure", purpose: "one per job", perOffer: JOBS[phase] },
    { request: "GET configure/{jobId}/status", purpose: "until the job is done: job latency / poll interval, per job", perOffer: JOBS[phase] * readsPerJob },
    { request: "GET configure/{jobId}", purpose: "the created offer's id, which the job status does not carry", perOffer: JOB_DETAIL_READS[phase] },
    {
      request: "GET private-offer/{id}",
      purpose: "update: read back eTag, subState, acceptance links for the outputs; delete: the current state and eTag before changing anything",
      perOffer: READ_BACKS[phase],
    },
    {
      request: "GET private-offer/query",
      purpose: "offers by name, once per process before its first create, so a create whose answer was lost is adopted, not repeated",
      perOffer: NAME_QUERIES_PER_PROCESS[phase] / offers,
      perProcess: true,
    },
  ];
}

/** The fewest API requests per offer a provider can make for the phase; see `minimumBreakdown`. */
export function minimumRequestsPerOffer(phase: Phase, scale: Scale, offers: number): number {
  return minimumBreakdown(phase, scale, offers).reduce((sum, item) => sum + item.perOffer, 0);
}

export function countRequests(log: readonly RequestLogEntry[]): RequestCounts {
  const counts: RequestCounts = { configurePosts: 0, statusReads: 0, otherReads: 0, tokenRequests: 0, authorityOther: 0, unsuccessful: 0 };
  for (const entry of log) {
    if (!entry.path.startsWith("/rp/product-ingestion")) {
      if (/\/oauth2\/(v2\.0\/)?token$/.test(entry.path)) counts.tokenRequests++;
      else counts.authorityOther++;
      continue;
    }
    if (entry.status < 200 || entry.status >= 300) counts.unsuccessful++;
    if (entry.method === "POST") counts.configurePosts++;
    else if (/\/configure\/[^/]+\/status$/.test(entry.path)) counts.statusReads++;
    else counts.otherReads++;
  }
  return counts;
}

/** The log since the last clear, refusing one that dropped its oldest entries (counts would be low). */
export function completeLog(entries: RequestLogEntry[]): RequestLogEntry[] {
  const first = entries[0];
  if (first && first.seq !== 1) {
    throw new Error(`the emulator's request log dropped ${first.seq - 1} entries; raise requestLogCapacity so every request is counted`);
  }
  return entries;
}
