import type { Timing } from "../support/timing";
import { PartnerCenterError } from "../support/errors";
import type { Job, SucceededJob } from "../schema/api/job";
import { ApiError, ApiRequestError, JobFailedError, JobTimeoutError, NetworkError } from "./errors";
import { isTransientStatus } from "./retry-policy";

export interface JobProgress {
  jobId: string;
  /** The job's last known status, or `unknown` while the status could not be read. */
  state: Job["jobStatus"] | "unknown";
  elapsedMs: number;
  /** Status reads so far. */
  polls: number;
}

export interface WaitOptions {
  onProgress?: (progress: JobProgress) => void;
  /** Overrides the configured overall timeout. */
  timeoutMs?: number;
  /** Overrides the configured minimum interval between status reads. */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

export interface StatusRead {
  job: Job;
  retryAfterMs?: number;
}

export interface WaiterDeps {
  readStatus(jobId: string): Promise<StatusRead>;
  timing: Timing;
  pollIntervalMs: number;
  jobTimeoutMs: number;
}

/** The first read comes soon after submission (many jobs are quick); later ones respect the interval. */
export const FIRST_POLL_DELAY_MS = 5_000;
/** Up to this fraction of the interval is added at random, so parallel waits do not poll in lockstep. */
export const POLL_JITTER = 0.1;

/**
 * A status read that failed for a reason that says nothing about the job (a status the retry policy
 * calls transient, or no answer): keep waiting. 501, 505 and other statuses end the wait.
 */
function isTransient(error: unknown): error is ApiError {
  if (error instanceof NetworkError) return true;
  return error instanceof ApiRequestError && error.httpStatus !== undefined && isTransientStatus(error.httpStatus);
}

/**
 * Polls a configure job until it completes, in the manner of @azure/core-lro pollers: never faster
 * than the interval (nor the server's `Retry-After`), transient statuses (408, 429, 500, 502, 503,
 * 504) and dropped connections counting as "still pending", and an overall deadline. It never
 * returns an unfinished job: success is returned, failure and cancellation throw `JobFailedError`,
 * the deadline throws `JobTimeoutError`.
 */
export async function waitForJob(jobId: string, deps: WaiterDeps, options: WaitOptions = {}): Promise<SucceededJob> {
  const { clock, sleep, random } = deps.timing;
  const interval = options.pollIntervalMs ?? deps.pollIntervalMs;
  const timeout = options.timeoutMs ?? deps.jobTimeoutMs;
  const started = clock.now();
  const deadline = started + timeout;
  let delay = Math.min(FIRST_POLL_DELAY_MS, interval);
  let polls = 0;
  let lastState: JobProgress["state"] = "notStarted";

  for (;;) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new JobTimeoutError(jobId, lastState, clock.now() - started);
    // The last read lands on the deadline rather than after it.
    await sleep(Math.min(delay, remaining));
    if (options.signal?.aborted) throw new PartnerCenterError(`stopped waiting for configure job ${jobId}: cancelled`);

    polls++;
    let retryAfterMs: number | undefined;
    try {
      const read = await deps.readStatus(jobId);
      retryAfterMs = read.retryAfterMs;
      const { job } = read;
      lastState = job.jobStatus;
      if (job.jobStatus === "completed") {
        if (job.jobResult === "succeeded") return job as SucceededJob;
        throw new JobFailedError(job);
      }
    } catch (error) {
      if (!isTransient(error)) throw error;
      lastState = "unknown";
      retryAfterMs = error.retryAfterMs;
    }
    options.onProgress?.({ jobId, state: lastState, elapsedMs: clock.now() - started, polls });
    const jittered = interval * (1 + random() * POLL_JITTER);
    delay = Math.max(jittered, retryAfterMs ?? 0);
  }
}
