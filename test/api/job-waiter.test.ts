import assert from "node:assert/strict";
import { ApiRequestError, JobFailedError, JobTimeoutError, NetworkError, waitForJob, type JobProgress, type StatusRead } from "../../provider/api";
import type { Job } from "../../provider/schema/api/job";
import { FakeTime } from "./fake-time";

const context = { method: "GET" as const, path: "/configure/j1/status", endpoint: "http://127.0.0.1/rp/product-ingestion" };

function status(jobStatus: Job["jobStatus"], jobResult: Job["jobResult"] = "pending", errors: Job["errors"] = []): StatusRead {
  return { job: { jobId: "j1", jobStatus, jobResult, errors } };
}

/** Answers the scripted reads in order and records when each happened. */
function script(time: FakeTime, answers: Array<StatusRead | Error>) {
  const readAt: number[] = [];
  const start = time.nowMs;
  return {
    readAt,
    readStatus: async (): Promise<StatusRead> => {
      readAt.push(time.nowMs - start);
      const next = answers.shift();
      if (!next) throw new Error("no more scripted answers");
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

describe("waiting for a configure job", () => {
  it("reads first after a short delay, then no faster than the interval plus jitter", async () => {
    const time = new FakeTime();
    time.randomValue = 0.5;
    const fake = script(time, [status("notStarted"), status("running"), status("running"), status("completed", "succeeded")]);
    const progress: JobProgress[] = [];
    const job = await waitForJob("j1", { readStatus: fake.readStatus, timing: time, pollIntervalMs: 60_000, jobTimeoutMs: 30 * 60_000 }, {
      onProgress: (p) => progress.push(p),
    });
    assert.equal(job.jobResult, "succeeded");
    assert.deepEqual(fake.readAt, [5_000, 68_000, 131_000, 194_000]);
    for (let i = 2; i < fake.readAt.length; i++) assert.ok(fake.readAt[i]! - fake.readAt[i - 1]! >= 60_000);
    assert.deepEqual(progress.map((p) => [p.state, p.elapsedMs, p.polls]), [
      ["notStarted", 5_000, 1],
      ["running", 68_000, 2],
      ["running", 131_000, 3],
    ]);
  });

  it("counts 5xx and dropped connections as still pending, and waits as long as Retry-After asks", async () => {
    const time = new FakeTime();
    time.randomValue = 0;
    const fake = script(time, [
      new ApiRequestError({ ...context, httpStatus: 503 }, "unavailable", "busy", []),
      new NetworkError(context, "ECONNRESET"),
      new ApiRequestError({ ...context, httpStatus: 429, retryAfterMs: 90_000 }, "throttled", "slow", []),
      status("completed", "succeeded"),
    ]);
    const states: string[] = [];
    await waitForJob("j1", { readStatus: fake.readStatus, timing: time, pollIntervalMs: 10_000, jobTimeoutMs: 60 * 60_000 }, {
      onProgress: (p) => states.push(p.state),
    });
    assert.deepEqual(fake.readAt, [5_000, 15_000, 25_000, 115_000]);
    assert.deepEqual(states, ["unknown", "unknown", "unknown"]);
  });

  it("throws a typed error carrying the job id and its errors when the job fails", async () => {
    const time = new FakeTime();
    const errors = [{ code: "conflict", message: "start date should be defined", resourceId: "private-offer/abc" }];
    const fake = script(time, [status("running"), status("completed", "failed", errors)]);
    await assert.rejects(
      waitForJob("j1", { readStatus: fake.readStatus, timing: time, pollIntervalMs: 1000, jobTimeoutMs: 60_000 }),
      (e: unknown) => {
        assert.ok(e instanceof JobFailedError);
        assert.equal(e.jobId, "j1");
        assert.deepEqual(e.errors.map((x) => x.code), ["conflict"]);
        assert.match(e.message, /configure job j1 failed:\n\s+- conflict: start date should be defined \(resource private-offer\/abc\)/);
        return true;
      },
    );
  });

  it("gives up at the deadline with the last state, never returning the unfinished job", async () => {
    const time = new FakeTime();
    time.randomValue = 0;
    const fake = script(time, Array.from({ length: 100 }, () => status("running")));
    await assert.rejects(
      waitForJob("j1", { readStatus: fake.readStatus, timing: time, pollIntervalMs: 60_000, jobTimeoutMs: 5 * 60_000 }),
      (e: unknown) => e instanceof JobTimeoutError && e.jobId === "j1" && /still running after 300 s/.test(e.message),
    );
    // Reads at 5 s, then every minute, the last one exactly on the deadline.
    assert.deepEqual(fake.readAt, [5_000, 65_000, 125_000, 185_000, 245_000, 300_000]);
  });

  it("stops at once on an error that says something about the request (e.g. unknown job)", async () => {
    const time = new FakeTime();
    const fake = script(time, [new ApiRequestError({ ...context, httpStatus: 404 }, "notFound", "no such job", [])]);
    await assert.rejects(
      waitForJob("j1", { readStatus: fake.readStatus, timing: time, pollIntervalMs: 1000, jobTimeoutMs: 60_000 }),
      (e: unknown) => e instanceof ApiRequestError && e.httpStatus === 404,
    );
    assert.equal(fake.readAt.length, 1);
  });

  it("counts 408 and 500 as still pending, but stops at once on 501 or 505, which waiting cannot fix", async () => {
    const time = new FakeTime();
    const pending = script(time, [
      new ApiRequestError({ ...context, httpStatus: 408 }, "timeout", "slow", []),
      new ApiRequestError({ ...context, httpStatus: 500 }, "internal", "oops", []),
      status("completed", "succeeded"),
    ]);
    await waitForJob("j1", { readStatus: pending.readStatus, timing: time, pollIntervalMs: 1000, jobTimeoutMs: 60_000 });
    assert.equal(pending.readAt.length, 3);
    for (const code of [501, 505]) {
      const final = script(time, [new ApiRequestError({ ...context, httpStatus: code }, "unsupported", "no", [])]);
      await assert.rejects(
        waitForJob("j1", { readStatus: final.readStatus, timing: time, pollIntervalMs: 1000, jobTimeoutMs: 60_000 }),
        (e: unknown) => e instanceof ApiRequestError && e.httpStatus === code,
      );
      assert.equal(final.readAt.length, 1, `HTTP ${code}: one read`);
    }
  });
});
