import assert from "node:assert/strict";
import {
  ApiRequestError,
  ApiResponseShapeError,
  BodyTooLargeError,
  ConfigureOutcomeUnknownError,
  PartnerCenterClient,
} from "../../provider/api";
import { configureEnvelope } from "../../provider/schema/api/configure";
import { DEFAULT_MAX_BODY_BYTES } from "../../provider/api/transport";
import { MAX_REDACTED_CHARS, redact, registerSecret } from "../../provider/support/redact";
import { resolveSettings } from "../../provider/config/settings";
import { FakeTime } from "./fake-time";
import { job, json, startStub, type StubHandler, type StubServer } from "./stub-server";

/** Messages stay a size a person reads, whatever the answer held. */
const READABLE = 2000;

describe("answers of any size make errors of a readable size", () => {
  let stub: StubServer | undefined;

  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  async function clientFor(handler: StubHandler): Promise<PartnerCenterClient> {
    await stub?.close();
    stub = await startStub(handler);
    const settings = resolveSettings(
      { "partnercenter:endpoint": stub.endpoint, "partnercenter:accessToken": "bounds-static-token-0123456789", "partnercenter:maxRetries": "2" },
      {},
    );
    return new PartnerCenterClient(settings, { timing: new FakeTime() });
  }

  const oversized = (): string => JSON.stringify({ privateOffers: [], padding: "x".repeat(DEFAULT_MAX_BODY_BYTES + 1024) });

  it("drops an answer over 16 MiB unread, naming the call, the endpoint and the limit, without retrying", async () => {
    const client = await clientFor((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(oversized());
    });
    const error = await client.queryPrivateOffers().then(() => assert.fail("expected an error"), (e: unknown) => e);
    assert.ok(error instanceof BodyTooLargeError, String(error));
    assert.match(error.message, /GET \/private-offer\/query/);
    assert.match(error.message, new RegExp(`endpoint ${stub!.endpoint.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
    assert.match(error.message, /larger than 16 MiB/);
    assert.match(error.message, /check that partnercenter:endpoint/);
    assert.equal(stub!.seen.length, 1);
  });

  it("reports an oversized answer to a configure POST as an unknown outcome, never re-sent", async () => {
    const client = await clientFor((_req, res) => {
      res.writeHead(202, { "content-type": "application/json" });
      res.end(oversized());
    });
    const error = await client.configure(configureEnvelope([{ $schema: "x" }])).then(() => assert.fail("expected an error"), (e: unknown) => e);
    assert.ok(error instanceof ConfigureOutcomeUnknownError, String(error));
    assert.match(error.message, /larger than 16 MiB/);
    assert.equal(stub!.seen.length, 1);
  });

  it("lists the first few problems of a malformed answer and counts the rest", async () => {
    const items = Array.from({ length: 50_000 }, (_, i) => ({ id: i, state: ["not", "a", "state"] }));
    const client = await clientFor((_req, res) => json(res, 200, { privateOffers: items }));
    const started = Date.now();
    const error = await client.queryPrivateOffers().then(() => assert.fail("expected an error"), (e: unknown) => e);
    assert.ok(error instanceof ApiResponseShapeError, String(error));
    assert.ok(error.message.length < READABLE, `message of ${error.message.length} characters`);
    assert.match(error.message, /privateOffers\[0\]\.id/);
    assert.match(error.message, /and \d{5,} more/);
    assert.equal(error.problems.length, 5);
    assert.ok(error.problemCount >= 50_000);
    assert.ok(Date.now() - started < 10_000);
  });

  it("bounds an error envelope with thousands of details and a huge message", async () => {
    const details = Array.from({ length: 2000 }, (_, i) => ({
      code: "schemaValidationError",
      message: `bad ${i} ${"y".repeat(1000)}`,
      target: `resources[${i}].name`,
      details: [{ code: "nested", message: "z".repeat(2000) }],
    }));
    const client = await clientFor((_req, res) => json(res, 400, { error: { code: "badRequest", message: "m".repeat(100_000), details } }));
    const error = await client.configure(configureEnvelope([{ $schema: "x" }])).then(() => assert.fail("expected an error"), (e: unknown) => e);
    assert.ok(error instanceof ApiRequestError, String(error));
    assert.ok(error.message.length < 20_000, `message of ${error.message.length} characters`);
    assert.match(error.message, /schemaValidationError: bad 0 /);
    assert.match(error.message, /- and \d+ more/);
    assert.ok(error.details.length <= 20);
    assert.ok(error.apiMessage.length <= 501);
  });

  it("answers an ordinary job answer as before", async () => {
    const client = await clientFor((_req, res) => json(res, 200, job("j1", "running")));
    assert.equal((await client.getJobStatus("j1")).jobStatus, "running");
  });
});

describe("redaction of long text", () => {
  it("cuts text over the limit before scanning it, and never leaves a fragment of a secret at the cut", () => {
    const secret = "s3cret-value-that-straddles-the-cut~0123456789";
    registerSecret(secret);
    const head = `${"word ".repeat(Math.floor((MAX_REDACTED_CHARS - 10) / 5))}`;
    const text = `${head}${secret} and ${"tail ".repeat(2_000_000)}`;
    const started = Date.now();
    const out = redact(text);
    assert.ok(Date.now() - started < 2000);
    assert.ok(out.length <= MAX_REDACTED_CHARS + 100, `${out.length} characters`);
    assert.ok(!out.includes(secret.slice(0, 8)), "a fragment of the secret survived the cut");
    assert.match(out, /more characters not shown\]$/);
  });

  it("leaves text under the limit whole", () => {
    assert.equal(redact("nothing secret here"), "nothing secret here");
  });
});
