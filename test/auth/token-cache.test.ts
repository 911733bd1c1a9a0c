import assert from "node:assert/strict";
import { CachedTokenSource, RENEWAL_MARGIN_MS, type AcquiredToken } from "../../provider/auth/token-cache";
import { FakeTime } from "../api/fake-time";

function counting(time: FakeTime, lifetimeMs = 60 * 60_000) {
  const state = { calls: 0 };
  const acquire = async (): Promise<AcquiredToken> => {
    state.calls++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { accessToken: `token-${state.calls}`, expiresOnMs: time.nowMs + lifetimeMs };
  };
  return { state, source: new CachedTokenSource(acquire, time.clock, "test credential") };
}

describe("token reuse", () => {
  it("serves 100 concurrent first callers with one acquisition", async () => {
    const time = new FakeTime();
    const { state, source } = counting(time);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => source.getToken()));
    assert.equal(state.calls, 1);
    assert.ok(tokens.every((t) => t === "token-1"));
  });

  it("reuses a token until shortly before it expires", async () => {
    const time = new FakeTime();
    const { state, source } = counting(time);
    await source.getToken();
    time.nowMs += 60 * 60_000 - RENEWAL_MARGIN_MS - 1;
    assert.equal(await source.getToken(), "token-1");
    time.nowMs += 2;
    assert.equal(await source.getToken(), "token-2");
    assert.equal(state.calls, 2);
  });

  it("replaces a rejected token once, however many callers report it", async () => {
    const time = new FakeTime();
    const { state, source } = counting(time);
    const first = await source.getToken();
    const fresh = await Promise.all(Array.from({ length: 20 }, () => source.getToken({ rejected: first })));
    assert.ok(fresh.every((t) => t === "token-2"));
    // A late report of the old token does not throw away the new one.
    assert.equal(await source.getToken({ rejected: first }), "token-2");
    assert.equal(state.calls, 2);
  });

  it("tries again after a failed acquisition instead of caching the failure", async () => {
    const time = new FakeTime();
    let fail = true;
    const source = new CachedTokenSource(
      async () => {
        if (fail) throw new Error("authority unreachable");
        return { accessToken: "ok", expiresOnMs: time.nowMs + 3_600_000 };
      },
      time.clock,
      "test credential",
    );
    await assert.rejects(source.getToken(), /authority unreachable/);
    fail = false;
    assert.equal(await source.getToken(), "ok");
  });
});
