// What a run of one offer's plan needs from the provider process: the operation it serves, the
// runtime and API client of its account, how its progress is named, how long it waits, and, for a
// create, the record of the create in flight (provider/dynamic/create.ts).
import type { PartnerCenterClient } from "../api/client";
import type { WaitOptions } from "../api/job-waiter";
import type { Operation } from "../lifecycle";
import type { Timing } from "../support/timing";
import type { ProviderRuntime } from "./runtime";

export interface RunContext {
  operation: Operation;
  runtime: ProviderRuntime;
  client: PartnerCenterClient;
  account?: string;
  /** What progress lines and messages call the offer. */
  subject: string;
  wait: WaitOptions & { pollIntervalMs: number };
  timing?: Pick<Timing, "sleep">;
  /** Kept up to date around a create's configure request, so an interrupted create is never sent twice. */
  createJournal?: CreateJournal;
}

/**
 * The record of a create in flight (provider/dynamic/create.ts). Only `beforePost` may fail the
 * create: the others are best effort, since a record left one step behind is still safe (the next
 * run waits for the job, or looks the name up, instead of sending the request again).
 */
export interface CreateJournal {
  /** Written and flushed just before the configure POST; the POST is not sent if this fails. */
  beforePost(action: "create" | "saveDraft"): Promise<void>;
  /** The POST was answered with this job. */
  answered(jobId: string): Promise<void>;
  /** The job succeeded (or the offer was found): the offer it created. */
  created(offerId: string): Promise<void>;
  /** Nothing was created: the POST was refused, or its job failed. */
  nothingCreated(): Promise<void>;
}
