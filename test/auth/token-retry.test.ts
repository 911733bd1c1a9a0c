// The token request retried as the API's reads are (below msal-node, so a transient failure never
// starts msal-node's hold), and msal-node's hold waited out instead of failing the operation.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { INetworkModule, NetworkResponse } from "@azure/msal-node";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { tokenRequestRetry } from "../../provider/api/retry-policy";
import { TokenAcquisitionError, createTokenSource } from "../../provider/auth";
import { TokenEndpointNetwork, msalHoldMs } from "../../provider/auth/token-network";
import type { Credential } from "../../provider/config/settings";
import { FakeTime } from "../api/fake-time";
import { recordingNetwork } from "./msal-network";

type Scripted = { status: number; headers?: Record<string, string> } | { drop: string } | { throw: Error };

/** A token endpoint whose every answer the test scripts; it records what was asked. */
function scriptedNetwork(script: Scripted[]): INetworkModule & { calls: number } {
  const state = { calls: 0 };
  async function answer<T>(): Promise<NetworkResponse<T>> {
    const next = script[state.calls++] ?? { status: 200 };
    if ("drop" in next) throw Object.assign(new Error(`socket hang up`), { code: next.drop });
    if ("throw" in next) throw next.throw;
    return { status: next.status, headers: next.headers ?? {}, body: { access_token: "x", expires_in: 3600 } as T };
  }
  return {
    get calls() {
      return state.calls;
    },
    sendGetRequestAsync: answer,
    sendPostRequestAsync: answer,
  };
}

describe("the token request's retries and msal-node's hold (on a fake clock)", () => {
  function network(script: Scripted[], maxRetries = 5) {
    const time = new FakeTime();
    const inner = scriptedNetwork(script);
    let msalNow = time.nowMs;
    const net = new TokenEndpointNetwork(inner, { retry: tokenRequestRetry(maxRetries, time), sleep: time.sleep, msalNow: () => msalNow });
    return { time, inner, net, advanceMsal: (ms: number) => (msalNow += ms) };
  }

  it("retries 503, 429, 500, 502, 504 and 408 with full-jitter backoff, so msal-node never sees them", async () => {
    const { time, inner, net } = network([{ status: 503 }, { status: 429 }, { status: 500 }, { status: 502 }, { status: 504 }, { status: 408 }, { status: 200 }], 6);
    const response = await net.sendPostRequestAsync("https://login.example.test/t/oauth2/v2.0/token");
    assert.equal(response.status, 200);
    assert.equal(inner.calls, 7);
    assert.equal(net.sent, 7);
    assert.deepEqual(time.sleeps, [500, 1000, 2000, 4000, 8000, 15_000]);
    assert.equal(net.holdRemainingMs(), 0, "no hold: msal-node saw only the success");
  });

  it("retries a dropped connection, and honours retry-after-ms, then x-ms-retry-after-ms, then Retry-After", async () => {
    const { time, net } = network([
      { drop: "ECONNRESET" },
      { status: 429, headers: { "retry-after-ms": "1200", "retry-after": "30" } },
      { status: 503, headers: { "x-ms-retry-after-ms": "800", "retry-after": "30" } },
      { status: 503, headers: { "retry-after": "7" } },
      { status: 200 },
    ]);
    assert.equal((await net.sendPostRequestAsync("https://login.example.test/t/oauth2/v2.0/token")).status, 200);
    assert.deepEqual(time.sleeps, [500, 1200, 800, 7000]);
  });

  it("hands 501, 505 and 4xx to msal-node at once; a failure that is not the network's is thrown at once", async () => {
    for (const status of [501, 505, 400, 401]) {
      const { inner, net, time } = network([{ status }]);
      assert.equal((await net.sendPostRequestAsync("https://login.example.test/t/oauth2/v2.0/token")).status, status);
      assert.equal(inner.calls, 1, `HTTP ${status}: one request`);
      assert.deepEqual(time.sleeps, []);
    }
    const { inner, net } = network([{ throw: new TypeError("a bug, not the network") }]);
    await assert.rejects(net.sendPostRequestAsync("https://login.example.test/t"), TypeError);
    assert.equal(inner.calls, 1);
  });

  it("notes the hold msal-node starts when it is handed a failure: Retry-After's whole seconds, else a minute, at most an hour", async () => {
    const exhausted = network([{ status: 503, headers: { "retry-after": "3" } }], 0);
    await exhausted.net.sendPostRequestAsync("https://login.example.test/t/oauth2/v2.0/token");
    assert.equal(exhausted.net.holdRemainingMs(), 3000);
    exhausted.advanceMsal(2000);
    assert.equal(exhausted.net.holdRemainingMs(), 1000, "timed by msal-node's clock");
    assert.equal(exhausted.net.lastFailure, "HTTP 503 with Retry-After: 3");

    const refused = network([{ status: 400 }], 0);
    await refused.net.sendPostRequestAsync("https://login.example.test/t/oauth2/v2.0/token");
    assert.equal(refused.net.holdRemainingMs(), 0, "a plain 400 starts no hold");

    assert.equal(msalHoldMs(undefined), 60_000);
    assert.equal(msalHoldMs("0"), 60_000);
    assert.equal(msalHoldMs("2.5"), 2000);
    assert.equal(msalHoldMs("Wed, 21 Oct 2026 07:28:00 GMT"), 60_000, "msal-node reads no date");
    assert.equal(msalHoldMs("7200"), 3_600_000);
  });
});

describe("the token request through msal-node against the emulator: retried, and held requests waited out", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let ca: string;
  let credential: Credential;
  let tokenPath: string;

  before(async () => {
    emulator = await startEmulator({ port: 0, tls: true, jobLatencyMs: 0 });
    ca = await readFile(emulator.caCertPath!, "utf8");
    const account = emulator.accounts[0]!;
    credential = { kind: "clientSecret", tenantId: account.tenantId, clientId: account.clientId, clientSecret: account.clientSecret };
    tokenPath = `/${account.tenantId}/oauth2/v2.0/token`;
  });
  beforeEach(() => emulator.faults.clear());
  after(async () => emulator.close());

  const tokenRequests = (after: number) => emulator.requestLog.entries(after).filter((entry) => entry.path === tokenPath);
  const lastSeq = () => emulator.requestLog.entries().at(-1)?.seq ?? 0;

  it("a 503 and a dropped connection at the token endpoint cost a short wait each: the token comes in the same call", async () => {
    const time = new FakeTime();
    const since = lastSeq();
    emulator.faults.add([{ path: tokenPath, status: 503, count: 1 }, { path: tokenPath, reset: true, count: 1 }]);
    const tokens = createTokenSource(credential, { authorityHost: emulator.url, networkClient: recordingNetwork(ca), retry: tokenRequestRetry(5, time), sleep: time.sleep });
    assert.ok(await tokens.getToken());
    assert.deepEqual(tokenRequests(since).map((entry) => entry.status), [503, 0, 200]);
    assert.deepEqual(time.sleeps, [500, 1000]);
  });

  it("a 429 with Retry-After waits as long as it asks, then the token comes", async () => {
    const time = new FakeTime();
    const since = lastSeq();
    emulator.faults.add([{ path: tokenPath, status: 429, retryAfterSeconds: 4, count: 1 }]);
    const tokens = createTokenSource(credential, { authorityHost: emulator.url, networkClient: recordingNetwork(ca), retry: tokenRequestRetry(5, time), sleep: time.sleep });
    assert.ok(await tokens.getToken());
    assert.deepEqual(tokenRequests(since).map((entry) => entry.status), [429, 200]);
    assert.deepEqual(time.sleeps, [4000]);
  });

  it("once retries are used up, msal-node holds the request back: the next acquisition waits the hold out and gets a token", async () => {
    const since = lastSeq();
    const lines: string[] = [];
    emulator.faults.add([{ path: tokenPath, status: 503, retryAfterSeconds: 1, count: 1 }]);
    // No retries: msal-node is handed the 503 and holds the request back for the 1 s Retry-After asked.
    const tokens = createTokenSource(credential, { authorityHost: emulator.url, networkClient: recordingNetwork(ca), log: (line) => lines.push(line) });
    const first = await tokens.getToken().then(() => assert.fail("expected the 503 to fail this acquisition"), (e: unknown) => e);
    assert.ok(first instanceof TokenAcquisitionError, String(first));
    assert.match(first.message, /was answered HTTP 503/);
    const started = Date.now();
    assert.ok(await tokens.getToken(), "held back, waited out, then sent");
    const waited = Date.now() - started;
    assert.ok(waited >= 900, `waited ${waited} ms for a hold of 1 s`);
    assert.deepEqual(tokenRequests(since).map((entry) => entry.status), [503, 200], "nothing was sent during the hold");
    assert.match(lines.join("\n"), /token request held back by msal-node after HTTP 503 with Retry-After: 1: waiting \d+ ms, then trying again/);
  });

  it("a hold longer than five minutes fails at once, saying until when, without the secret", async () => {
    emulator.faults.add([{ path: tokenPath, status: 503, retryAfterSeconds: 900, count: 1 }]);
    const tokens = createTokenSource(credential, { authorityHost: emulator.url, networkClient: recordingNetwork(ca) });
    await tokens.getToken().then(() => assert.fail("expected the 503 to fail"), () => undefined);
    const held = await tokens.getToken().then(() => assert.fail("expected the hold to be reported"), (e: unknown) => e);
    assert.ok(held instanceof TokenAcquisitionError, String(held));
    assert.match(held.message, /was not sent: after the token endpoint answered HTTP 503 with Retry-After: 900, msal-node holds it back until \d{4}-\d\d-\d\dT[\d:.]+Z\. Wait until then, then run the command again\./);
    assert.ok(!held.message.includes(credential.kind === "clientSecret" ? credential.clientSecret : "-"));
  });
});
