import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  ApiRequestError,
  ApiResponseShapeError,
  AuthenticationError,
  ConfigureOutcomeUnknownError,
  NetworkError,
  PartnerCenterClient,
} from "../../provider/api";
import { configureEnvelope } from "../../provider/schema/api/configure";
import type { AccessTokenSource } from "../../provider/auth/token-cache";
import { resolveSettings } from "../../provider/config/settings";
import { FakeTime } from "./fake-time";
import { job, json, startStub, type StubHandler, type StubServer } from "./stub-server";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJncmFwaCJ9.c2lnbmF0dXJlLXZhbHVl";

class CountingTokens implements AccessTokenSource {
  readonly description = "clientSecret credential of client c1 in tenant t1";
  readonly identity = { tenantId: "7e57c0de-0000-4000-8000-00000000a11c", clientId: "c1e47000-0000-4000-8000-00000000a11c" };
  calls: Array<string | undefined> = [];
  generation = 0;
  async getToken(options: { rejected?: string } = {}): Promise<string> {
    this.calls.push(options.rejected);
    if (options.rejected) this.generation++;
    return `${TOKEN}${this.generation}`;
  }
}

describe("product-ingestion client against a scripted server", () => {
  let stub: StubServer | undefined;
  let time: FakeTime;
  let tokens: CountingTokens;
  let logs: string[];

  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  async function clientFor(handler: StubHandler, extra: Record<string, string> = {}): Promise<PartnerCenterClient> {
    // A test that scripts a second server closes the first, so no listener keeps mocha from exiting.
    await stub?.close();
    stub = await startStub(handler);
    time = new FakeTime();
    tokens = new CountingTokens();
    logs = [];
    const settings = resolveSettings(
      { "partnercenter:endpoint": stub.endpoint, "partnercenter:accessToken": "unused-static-token", "partnercenter:maxRetries": "3", ...extra },
      {},
    );
    return new PartnerCenterClient(settings, { timing: time, tokens, log: (line) => logs.push(line) });
  }

  it("sends the documented $version on every call", async () => {
    const client = await clientFor((req, res) => {
      if (req.url.startsWith("/rp/product-ingestion/configure?")) return json(res, 202, job("j1"));
      if (req.url.includes("/status")) return json(res, 200, job("j1", "completed", "succeeded"));
      if (req.url.startsWith("/rp/product-ingestion/configure/j1?")) return json(res, 200, { resources: [{ id: "private-offer/abc" }] });
      if (req.url.startsWith("/rp/product-ingestion/private-offer/abc")) return json(res, 200, { id: "private-offer/abc", name: "A", state: "Live" });
      if (req.url.startsWith("/rp/product-ingestion/price-and-availability-private-offer-plan/p1"))
        return json(res, 200, { product: "product/p1", plan: "plan/p1/q1", pricing: {} });
      json(res, 404, { error: { code: "notFound", message: "no" } });
    });
    await client.configure(configureEnvelope([{ $schema: "x" }]));
    await client.getJobStatus("j1");
    const detail = await client.getJobDetail("j1");
    const offer = await client.getPrivateOffer("private-offer/abc");
    await client.getPricingTemplate("product/p1", "plan/p1/q1");
    assert.equal(detail.resources[0]?.id, "private-offer/abc");
    assert.equal(offer?.state, "live", "enum values are read case-insensitively");
    assert.deepEqual(
      stub!.seen.map((r) => `${r.method} ${r.url.replace("/rp/product-ingestion", "")}`),
      [
        "POST /configure?$version=2022-07-01",
        "GET /configure/j1/status?$version=2022-07-01",
        "GET /configure/j1?$version=2026-02-01",
        "GET /private-offer/abc?$version=2026-02-01",
        "GET /price-and-availability-private-offer-plan/p1?$version=2025-06-01&plan=plan%2Fp1%2Fq1",
      ],
    );
    const envelope = JSON.parse(stub!.seen[0]!.body) as { $schema: string; resources: unknown[] };
    assert.equal(envelope.$schema, "https://schema.mp.microsoft.com/schema/configure/2022-07-01");
    assert.equal(stub!.seen[0]!.headers.authorization, `Bearer ${TOKEN}0`);
  });

  it("retries a read after 503 and honours Retry-After in seconds and as an HTTP date", async () => {
    const client = await clientFor((req, res, i) => {
      if (i === 0) return json(res, 503, { error: { code: "unavailable", message: "busy" } });
      if (i === 1) return json(res, 429, { error: { code: "throttled", message: "slow down" } }, { "retry-after": "7" });
      if (i === 2) {
        const at = new Date(time.nowMs + 12_000).toUTCString();
        return json(res, 429, { error: { code: "throttled", message: "slow down" } }, { "retry-after": at });
      }
      json(res, 200, { id: "private-offer/abc", name: "A", state: "draft" });
    });
    const offer = await client.getPrivateOffer("abc");
    assert.equal(offer?.id, "private-offer/abc");
    assert.equal(stub!.seen.length, 4);
    // First retry: full jitter under 1 s (random 0.5 -> 500 ms); then the server's waits.
    assert.deepEqual(time.sleeps.slice(0, 2), [500, 7000]);
    assert.ok(time.sleeps[2]! >= 11_000 && time.sleeps[2]! <= 12_000, `waited ${time.sleeps[2]} ms for the HTTP date`);
  });

  it("gives up after the bounded number of retries with a readable error", async () => {
    const client = await clientFor((_req, res) =>
      json(res, 503, { error: { code: "serviceUnavailable", message: "try later" } }, { "request-id": "rq-42" }),
    );
    const error = await client.getPrivateOffer("abc").then(
      () => assert.fail("expected an error"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ApiRequestError);
    assert.equal(stub!.seen.length, 4, "one attempt and three retries");
    assert.match(error.message, /GET \/private-offer\/abc \(HTTP 503, request id rq-42, 4 attempts, endpoint http:\/\/127\.0\.0\.1:\d+\/rp\/product-ingestion\): serviceUnavailable: try later/);
    // Exponential full jitter with random 0.5: 500, 1000, 2000.
    assert.deepEqual(time.sleeps, [500, 1000, 2000]);
  });

  it("retries a read after 408, 500, 502 and 504 too, with exponential full-jitter waits", async () => {
    const statuses = [408, 500, 502, 504];
    const client = await clientFor(
      (_req, res, i) =>
        i < statuses.length
          ? json(res, statuses[i]!, { error: { code: "transient", message: `failure ${i}` } })
          : json(res, 200, { id: "private-offer/abc", name: "A", state: "draft" }),
      { "partnercenter:maxRetries": "5" },
    );
    const offer = await client.getPrivateOffer("abc");
    assert.equal(offer?.id, "private-offer/abc");
    assert.equal(stub!.seen.length, 5);
    // random 0.5 of ceilings 1, 2, 4 and 8 s.
    assert.deepEqual(time.sleeps, [500, 1000, 2000, 4000]);
  });

  for (const code of [501, 505, 400, 403, 404, 409]) {
    it(`does not retry a read answered ${code}`, async () => {
      const client = await clientFor((_req, res) => json(res, code, { error: { code: `http${code}`, message: "final" } }, { "retry-after": "1" }));
      const error = await client.getJobDetail("j1").then(() => assert.fail("expected an error"), (e: unknown) => e);
      assert.ok(error instanceof ApiRequestError && error.httpStatus === code, String(error));
      assert.equal(stub!.seen.length, 1, "one attempt");
      assert.deepEqual(time.sleeps, []);
    });
  }

  it("waits as retry-after-ms or x-ms-retry-after-ms say, before Retry-After", async () => {
    const client = await clientFor((_req, res, i) => {
      if (i === 0) return json(res, 503, { error: { code: "busy", message: "busy" } }, { "retry-after-ms": "1500", "retry-after": "30" });
      if (i === 1) return json(res, 429, { error: { code: "throttled", message: "slow" } }, { "x-ms-retry-after-ms": "2500", "retry-after": "30" });
      json(res, 200, { id: "private-offer/abc", name: "A", state: "draft" });
    });
    await client.getPrivateOffer("abc");
    assert.deepEqual(time.sleeps, [1500, 2500]);
  });

  it("does not retry earlier than a Retry-After over five minutes: it fails at once and says how long the server asked", async () => {
    const client = await clientFor((_req, res) => json(res, 429, { error: { code: "throttled", message: "come back later" } }, { "retry-after": "1200" }));
    const error = await client.queryPrivateOffers().then(() => assert.fail("expected an error"), (e: unknown) => e);
    assert.ok(error instanceof ApiRequestError, String(error));
    assert.equal(stub!.seen.length, 1);
    assert.deepEqual(time.sleeps, []);
    assert.equal(error.retryAfterMs, 1_200_000);
    assert.match(error.message, /HTTP 429, the server asked to wait 1200 s, endpoint .*throttled: come back later/);
  });

  it("retries a read whose connection dropped", async () => {
    const client = await clientFor((req, res, i) => {
      if (i === 0) return void res.socket?.destroy();
      json(res, 200, { id: "private-offer/abc", name: "A", state: "draft" });
    });
    assert.equal((await client.getPrivateOffer("abc"))?.id, "private-offer/abc");
    assert.equal(stub!.seen.length, 2, "the dropped read was sent again");
    assert.deepEqual(time.sleeps, [500]);
  });

  it("never re-sends a configure POST whose outcome is unknown (5xx)", async () => {
    const client = await clientFor((_req, res) => json(res, 503, { error: { code: "unavailable", message: "x" } }));
    await assert.rejects(client.configure(configureEnvelope([{ $schema: "x" }])), (e: unknown) => {
      assert.ok(e instanceof ConfigureOutcomeUnknownError);
      assert.match(e.message, /not re-sent.*Look the offer up/s);
      return true;
    });
    assert.equal(stub!.seen.length, 1);
  });

  it("never re-sends a configure POST answered 408 or 501: the service may have processed it", async () => {
    for (const code of [408, 501]) {
      const client = await clientFor((_req, res) => json(res, code, { error: { code: `http${code}`, message: "x" } }));
      await assert.rejects(client.configure(configureEnvelope([{ $schema: "x" }])), (e: unknown) => e instanceof ConfigureOutcomeUnknownError && e.reason === `HTTP ${code}`);
      assert.equal(stub!.seen.length, 1);
    }
  });

  it("never re-sends a configure POST when the connection drops after sending", async () => {
    const client = await clientFor((_req, res) => res.socket?.destroy());
    await assert.rejects(client.configure(configureEnvelope([{ $schema: "x" }])), ConfigureOutcomeUnknownError);
    assert.equal(stub!.seen.length, 1);
  });

  it("re-sends a configure POST refused with 429 and the service's envelope", async () => {
    const client = await clientFor((_req, res, i) =>
      i === 0
        ? json(res, 429, { error: { code: "tooManyRequests", message: "slow" } }, { "retry-after": "3" })
        : json(res, 202, job("j9")),
    );
    const accepted = await client.configure(configureEnvelope([{ $schema: "x" }]));
    assert.equal(accepted.jobId, "j9");
    assert.equal(stub!.seen.length, 2);
    assert.deepEqual(time.sleeps, [3000]);
  });

  it("treats a bare 429 on configure (no envelope, e.g. from a proxy) as an unknown outcome", async () => {
    const client = await clientFor((_req, res) => {
      res.writeHead(429);
      res.end("Too Many Requests");
    });
    await assert.rejects(client.configure(configureEnvelope([{ $schema: "x" }])), ConfigureOutcomeUnknownError);
    assert.equal(stub!.seen.length, 1);
  });

  it("re-sends a configure POST when the connection was refused (nothing was sent)", async () => {
    const client = await clientFor((_req, res) => json(res, 202, job("j1")));
    const port = new URL(stub!.url).port;
    await stub!.close();
    stub = undefined;
    const refused = new PartnerCenterClient(
      resolveSettings({ "partnercenter:endpoint": `http://127.0.0.1:${port}/rp/product-ingestion`, "partnercenter:accessToken": "t-static-0001", "partnercenter:maxRetries": "2" }, {}),
      { timing: time, tokens },
    );
    await assert.rejects(refused.configure(configureEnvelope([{ $schema: "x" }])), (e: unknown) => e instanceof NetworkError && /ECONNREFUSED/.test(e.message));
    assert.equal(time.sleeps.length, 2, "refused connections are retried: the server never saw the request");
    void client;
  });

  it("refreshes the token once after a 401, then names tenant, client and the Manager role", async () => {
    let reject = 1;
    const client = await clientFor((req, res) =>
      reject-- > 0 || req.headers.authorization === "Bearer never"
        ? json(res, 401, { error: { code: "unauthorized", message: "bad token" } })
        : json(res, 200, { privateOffers: [] }),
    );
    assert.deepEqual(await client.queryPrivateOffers(), []);
    assert.equal(stub!.seen.length, 2);
    assert.equal(tokens.calls.filter((r) => r !== undefined).length, 1, "one forced refresh");

    const always = await clientFor((_req, res) => json(res, 401, { error: { code: "unauthorized", message: "bad token" } }));
    const error = await always.queryPrivateOffers().then(() => assert.fail("expected 401"), (e: unknown) => e);
    assert.ok(error instanceof AuthenticationError);
    assert.equal(stub!.seen.length, 2, "one retry with a fresh token, no more");
    assert.match(error.message, /c1e47000-0000-4000-8000-00000000a11c/);
    assert.match(error.message, /7e57c0de-0000-4000-8000-00000000a11c/);
    assert.match(error.message, /Manager role/);
  });

  it("reads every page of the offer query and refuses a next link to another origin", async () => {
    const client = await clientFor((req, res) => {
      const base = `http://${req.headers.host}/rp/product-ingestion`;
      if (!req.url.includes("continuationToken"))
        return json(res, 200, { privateOffers: [{ id: "private-offer/1", name: "one", state: "live" }], "@nextLink": `${base}/private-offer/query?$version=2026-02-01&continuationToken=p2` });
      if (req.url.includes("p2"))
        return json(res, 200, { value: [{ id: "private-offer/2", name: "two", state: "draft" }], "@odata.nextLink": `${base}/private-offer/query?$version=2026-02-01&continuationToken=p3` });
      return json(res, 200, { privateOffers: [{ id: "private-offer/3", name: "three", state: "withdrawn" }] });
    });
    const offers = await client.queryPrivateOffers();
    assert.deepEqual(offers.map((o) => o.id), ["private-offer/1", "private-offer/2", "private-offer/3"]);

    const hostile = await clientFor((_req, res) =>
      json(res, 200, { privateOffers: [], "@nextLink": "https://attacker.example/steal?continuationToken=x" }),
    );
    await assert.rejects(hostile.queryPrivateOffers(), (e: unknown) => e instanceof ApiResponseShapeError && /another origin/.test(e.message));
    assert.equal(stub!.seen.length, 1);
  });

  it("names the call and the field when a response has an unexpected shape", async () => {
    const client = await clientFor((_req, res) => json(res, 200, { jobId: "j1", jobStatus: "exploded", jobResult: "pending" }));
    await assert.rejects(client.getJobStatus("j1"), (e: unknown) => {
      assert.ok(e instanceof ApiResponseShapeError);
      assert.match(e.message, /GET \/configure\/j1\/status/);
      assert.match(e.message, /jobStatus:/);
      return true;
    });
  });

  it("turns the error envelope into one message with code, property path and request id", async () => {
    const client = await clientFor((_req, res) =>
      json(
        res,
        400,
        {
          error: {
            code: "badRequest",
            message: "The request is invalid.",
            details: [{ code: "schemaValidationError", message: "must be at most 128 characters", target: "resources[0].name" }],
          },
        },
        { "request-id": "9f1c" },
      ),
    );
    const error = await client.configure(configureEnvelope([{ $schema: "x" }])).then(() => assert.fail("expected 400"), (e: unknown) => e);
    assert.ok(error instanceof ApiRequestError);
    assert.equal(error.code, "badRequest");
    assert.equal(error.httpStatus, 400);
    assert.match(error.message, /POST \/configure \(HTTP 400, request id 9f1c/);
    assert.match(error.message, /schemaValidationError: must be at most 128 characters \(at resources\[0\]\.name\)/);
  });

  it("keeps tokens, secrets, keys and SAS signatures out of errors, their renderings and log lines", async () => {
    const secretPem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    const client = await clientFor((req, res) =>
      json(res, 400, {
        error: {
          code: "badRequest",
          message: `echo: ${req.headers.authorization} client_secret=hunter2-very-secret ${secretPem}`,
          details: [{ code: "x", message: "terms at https://store.example/t.pdf?sv=2022-11-02&se=2027&sig=AbCdEf%2B123" }],
        },
      }),
    );
    const error = await client.getPrivateOffer("abc").then(() => assert.fail("expected 400"), (e: unknown) => e as Error);
    const renderings = [error.message, String(error), inspect(error), error.stack ?? "", JSON.stringify(error), ...logs].join("\n");
    for (const leaked of [TOKEN, "hunter2-very-secret", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "AbCdEf", "sv=2022-11-02"]) {
      assert.ok(!renderings.includes(leaked), `leaked ${leaked}`);
    }
    assert.match(error.message, /\[redacted/);
  });

  it("bounds the requests in flight while many calls run at once", async () => {
    const client = await clientFor(
      (_req, res) => setTimeout(() => json(res, 200, { id: "private-offer/abc", name: "A", state: "draft" }), 5),
      { "partnercenter:maxConcurrentRequests": "4" },
    );
    await Promise.all(Array.from({ length: 40 }, () => client.getPrivateOffer("abc")));
    assert.equal(stub!.seen.length, 40);
    assert.ok(stub!.maxInFlight <= 4, `saw ${stub!.maxInFlight} in flight`);
    assert.ok(stub!.maxInFlight >= 2, "requests still run in parallel");
  });

  it("answers undefined for an offer that does not exist", async () => {
    const client = await clientFor((_req, res) => json(res, 404, { error: { code: "notFound", message: "no such offer" } }));
    assert.equal(await client.getPrivateOffer("private-offer/missing"), undefined);
  });
});
