// How a job looks from outside: its phase at a moment, and the configure-status object.

import type { JsonObject } from "../contracts";
import { DOTNET_MIN_VALUE, jobTimestamp } from "./formats";
import type { JobRecord } from "./state";

const SCHEMA_HOST = "https://schema.mp.microsoft.com/schema";
/** `resourceUri` points at the service's own host, not the Graph base (our reading A-22). */
const RESOURCE_URI_BASE = "https://product-ingestion.mp.microsoft.com/configure";

export type JobPhase = "notStarted" | "running" | "completed";

/**
 * A job waits for the first half of its latency and runs for the second half; with no latency it
 * is complete at the first read after the POST (the POST itself always answers notStarted).
 */
export function jobPhase(job: JobRecord, now: number): JobPhase {
  if (job.outcome !== undefined) return "completed";
  return now >= job.createdAt + (job.dueAt - job.createdAt) / 2 ? "running" : "notStarted";
}

export function renderJobStatus(job: JobRecord, phase: JobPhase): JsonObject {
  const outcome = phase === "completed" ? job.outcome : undefined;
  const body: JsonObject = {
    $schema: `${SCHEMA_HOST}/configure-status/${job.envelopeVersion}`,
    jobId: job.id,
    jobStatus: phase,
    jobResult: outcome?.result ?? "pending",
    jobStart: jobTimestamp(job.createdAt),
    jobEnd: outcome === undefined ? DOTNET_MIN_VALUE : jobTimestamp(outcome.completedAt),
  };
  if (outcome?.result === "succeeded" && !outcome.deletesOnly) body["resourceUri"] = `${RESOURCE_URI_BASE}/${job.id}`;
  body["errors"] = structuredClone(outcome?.errors ?? []);
  return body;
}

export function renderJobDetail(job: JobRecord, version: string): JsonObject {
  return {
    $schema: `${SCHEMA_HOST}/configure-detail/${version}`,
    resources: structuredClone(job.outcome?.written ?? []),
  };
}
