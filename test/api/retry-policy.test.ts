// The retry policy on a fake clock: which outcomes are retried, how long each wait is (its bounds,
// the jitter's range, the cap), and which of the server's headers wins.
import assert from "node:assert/strict";
import {
  backoffCeiling,
  decideRetry,
  defaultBackoff,
  effectOfFailedWrite,
  retryAfterOf,
  type AttemptOutcome,
  type RetryDecision,
} from "../../provider/api/retry-policy";

const NOW = Date.parse("2026-11-21T09:00:00Z");

/** A deterministic [0, 1) sequence (mulberry32), so the jitter's spread is reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function status(code: number, headers: Record<string, string> = {}): AttemptOutcome {
  return { kind: "status", status: code, headers };
}

function decide(outcome: AttemptOutcome, retries = 0, random = () => 0.5, maxRetries = 5): RetryDecision {
  return decideRetry({ outcome, retries, maxRetries, nowMs: NOW, random });
}

describe("retry policy (Azure SDK rules, full jitter)", () => {
  it("retries 408, 429, 500, 502, 503 and 504 and a dropped or refused connection", () => {
    for (const code of [408, 429, 500, 502, 503, 504]) assert.equal(decide(status(code)).retry, true, `HTTP ${code}`);
    for (const code of ["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "ECONNABORTED", "EPIPE"]) {
      assert.equal(decide({ kind: "network", code }).retry, true, code);
    }
  });

  it("never retries 501, 505, other statuses, or a TLS failure retrying cannot fix", () => {
    for (const code of [501, 505, 400, 401, 403, 404, 409, 412, 422, 507]) {
      assert.deepEqual(decide(status(code)), { retry: false, why: "final" }, `HTTP ${code}`);
    }
    // A Retry-After on a final status does not make it retryable.
    assert.deepEqual(decide(status(501, { "retry-after": "1" })), { retry: false, why: "final", retryAfterMs: 1000 });
    assert.deepEqual(decide({ kind: "network", code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", fatal: true }), { retry: false, why: "final" });
  });

  it("stops after maxRetries retries", () => {
    assert.equal(decide(status(503), 4, () => 0.5, 5).retry, true);
    assert.deepEqual(decide(status(503), 5, () => 0.5, 5), { retry: false, why: "exhausted" });
    assert.deepEqual(decide(status(503), 0, () => 0.5, 0), { retry: false, why: "exhausted" });
  });

  it("waits a random time in [0, min(30 s, 1 s * 2^retry)): full jitter, doubling, capped", () => {
    const ceilings = Array.from({ length: 8 }, (_, retry) => backoffCeiling(retry));
    assert.deepEqual(ceilings, [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    for (let retry = 0; retry < 8; retry++) {
      const ceiling = ceilings[retry]!;
      const lowest = decide(status(500), retry, () => 0, 20);
      const highest = decide(status(500), retry, () => 0.999999, 20);
      assert.deepEqual(lowest, { retry: true, delayMs: 0, basis: "backoff" }, "full jitter starts at zero");
      assert.ok(highest.retry && highest.delayMs < ceiling && highest.delayMs >= ceiling - 1, `retry ${retry}: ${JSON.stringify(highest)} below ${ceiling}`);
    }
  });

  it("spreads the waits over the whole range, never outside it", () => {
    const random = seeded(7);
    for (const retry of [0, 3, 10]) {
      const ceiling = backoffCeiling(retry);
      const delays = Array.from({ length: 2000 }, () => {
        const decision = decide(status(503), retry, random, 20);
        assert.ok(decision.retry);
        return decision.delayMs;
      });
      assert.ok(delays.every((d) => Number.isInteger(d) && d >= 0 && d < ceiling), `retry ${retry}: a wait outside [0, ${ceiling})`);
      const quarter = (lo: number, hi: number) => delays.filter((d) => d >= lo * ceiling && d < hi * ceiling).length;
      // Each quarter of the range holds about a quarter of 2,000 waits.
      for (const [lo, hi] of [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]] as const) {
        const count = quarter(lo, hi);
        assert.ok(count > 400 && count < 600, `retry ${retry}: ${count} waits in [${lo}, ${hi}) of the range`);
      }
    }
  });

  it("takes the server's wait instead of backoff: retry-after-ms, then x-ms-retry-after-ms, then Retry-After", () => {
    const all = { "retry-after-ms": "250", "x-ms-retry-after-ms": "750", "retry-after": "9" };
    assert.deepEqual(decide(status(429, all)), { retry: true, delayMs: 250, basis: "retryAfter" });
    assert.deepEqual(decide(status(429, { "x-ms-retry-after-ms": "750", "retry-after": "9" })), { retry: true, delayMs: 750, basis: "retryAfter" });
    assert.deepEqual(decide(status(503, { "retry-after": "9" })), { retry: true, delayMs: 9000, basis: "retryAfter" });
    // An unreadable millisecond header falls through to the next one.
    assert.deepEqual(decide(status(503, { "retry-after-ms": "soon", "retry-after": "2" })), { retry: true, delayMs: 2000, basis: "retryAfter" });
    // The server's wait holds whatever the retry number: no jitter, no doubling.
    assert.deepEqual(decide(status(500, { "retry-after": "3" }), 4), { retry: true, delayMs: 3000, basis: "retryAfter" });
  });

  it("reads Retry-After in seconds (fractions too) or as an HTTP date; a date already past means now", () => {
    assert.equal(retryAfterOf({ "retry-after": "120" }, NOW), 120_000);
    assert.equal(retryAfterOf({ "retry-after": "1.5" }, NOW), 1500);
    assert.equal(retryAfterOf({ "retry-after": new Date(NOW + 12_000).toUTCString() }, NOW), 12_000);
    assert.equal(retryAfterOf({ "retry-after": new Date(NOW - 60_000).toUTCString() }, NOW), 0);
    assert.equal(retryAfterOf({ "Retry-After": "4" }, NOW), 4000, "header names in any case");
    assert.equal(retryAfterOf({ "retry-after": "tomorrow-ish" }, NOW), undefined);
    assert.equal(retryAfterOf({ "retry-after-ms": "Wed, 21 Oct 2026 07:28:00 GMT" }, NOW), undefined, "dates only in Retry-After");
    assert.equal(retryAfterOf({}, NOW), undefined);
  });

  it("does not retry earlier than the server asked: a wait over 5 minutes ends the retries and is reported", () => {
    assert.deepEqual(decide(status(429, { "retry-after": "300" })), { retry: true, delayMs: defaultBackoff.maxRetryAfterMs, basis: "retryAfter" });
    assert.deepEqual(decide(status(429, { "retry-after": "301" })), { retry: false, why: "waitTooLong", retryAfterMs: 301_000 });
    assert.deepEqual(decide(status(503, { "retry-after-ms": "3600000" })), { retry: false, why: "waitTooLong", retryAfterMs: 3_600_000 });
  });

  it("sends a failed configure POST again only when its failure proves it was not processed", () => {
    assert.equal(effectOfFailedWrite({ kind: "network", beforeSend: true }), "notProcessed", "connection refused: nothing was sent");
    assert.equal(effectOfFailedWrite({ kind: "status", status: 429, serviceEnvelope: true }), "notProcessed", "the service throttled it");
    assert.equal(effectOfFailedWrite({ kind: "network", beforeSend: false }), "unknown", "dropped after sending");
    assert.equal(effectOfFailedWrite({ kind: "status", status: 429, serviceEnvelope: false }), "unknown", "a proxy's 429");
    for (const code of [408, 500, 501, 502, 503, 504, 505]) assert.equal(effectOfFailedWrite({ kind: "status", status: code, serviceEnvelope: true }), "unknown", `HTTP ${code}`);
    for (const code of [400, 403, 404, 409, 412, 422]) assert.equal(effectOfFailedWrite({ kind: "status", status: code, serviceEnvelope: true }), "refused", `HTTP ${code}`);
  });
});
