// A configure POST whose outcome is unknown (a 5xx, a connection dropped after sending) is never sent
// again: the offer is looked up a few times within a few minutes, then the run stops saying whether
// anything may have been created. Driven in-process against the emulator, on a fake clock, at the
// default settings (60 s between status reads, 30 minutes of job timeout).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createPrivateOfferProvider } from "../../provider/dynamic/private-offer";
import { ProviderRuntime } from "../../provider/dynamic/runtime";
import type { ProviderImplementation } from "../../provider/dynamic/shim";
import type { RequestLogEntry } from "../../emulator";
import { FakeTime } from "../api/fake-time";
import { useEmulator } from "../support/emulator";
import { temporaryRecordDir } from "../support/records";

const CONFIGURE = "/rp/product-ingestion/configure";
const QUERY = "/rp/product-ingestion/private-offer/query";
const PRODUCT = "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51";
const PLAN = "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41";

function offer(name: string, discountPercentage = 5): Record<string, unknown> {
  return {
    privateOfferType: "customerPromotion",
    name,
    variableStartDate: true,
    end: "2030-06-30",
    acceptBy: "2029-12-31",
    beneficiaries: [{ id: "c0ffee00-1111-4222-8333-444455556666:c0ffee00-aaaa-4bbb-8ccc-ddddeeeeffff_2019-05-31", description: "Contoso" }],
    pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage }],
  };
}

describe("a configure request whose outcome is unknown: a bounded look-up, then a message that says what may exist", function () {
  this.timeout(20_000);
  const emulator = useEmulator({ jobLatencyMs: 0 });
  let time: FakeTime;
  let impl: ProviderImplementation;
  let lines: string[];
  let recordDir: string;

  beforeEach(async () => {
    time = new FakeTime();
    lines = [];
    recordDir = temporaryRecordDir("reconcile");
    const runtime = new ProviderRuntime({ env: {}, progress: (line) => lines.push(line), clientDeps: { timing: time } });
    // The default pace: 60 s between status reads, 30 minutes of job timeout.
    runtime.configure({
      "partnercenter:endpoint": emulator.apiBaseUrl,
      "partnercenter:accessToken": await emulator.token(),
      "partnercenter:createRecordDir": recordDir,
    });
    impl = createPrivateOfferProvider(runtime);
  });

  async function create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
    const checked = await impl.check!({}, inputs);
    assert.deepEqual(checked.failures ?? [], []);
    const created = await impl.create(checked.inputs as Record<string, unknown>);
    return { id: created.id, outs: created.outs as Record<string, unknown> };
  }

  const failureOf = (promise: Promise<unknown>) => promise.then(() => assert.fail("expected the operation to fail"), (e: unknown) => e as Error);
  const after = (requests: RequestLogEntry[], path: string, method: string) => {
    const firstPost = requests.findIndex((r) => r.method === "POST" && r.path === CONFIGURE);
    return requests.slice(firstPost + 1).filter((r) => r.method === method && r.path.startsWith(path));
  };

  it("a create answered 503: 4 listings within 5 minutes, not sent again, and the error says an offer may still have been created", async () => {
    await emulator.fault({ method: "POST", path: CONFIGURE, status: 503 });
    const error = await failureOf(create(offer("Unknown outcome")));
    const requests = await emulator.requests();
    assert.equal(requests.filter((r) => r.method === "POST" && r.path === CONFIGURE).length, 1, "never sent again");
    assert.equal(after(requests, QUERY, "GET").length, 4, "four listings after the POST");
    assert.deepEqual(time.sleeps, [100_000, 100_000, 100_000], "the first at once, then evenly to 5 minutes");
    assert.match(error.message, /the outcome of the configure request is unknown \(HTTP 503\); it was not re-sent\./);
    assert.match(error.message, /The name was looked up 4 times over 300 s and no offer "Unknown outcome" was found, but an offer may still have been created/);
    assert.match(error.message, /The record of this create stays, so the next `pulumi up` looks the name up until \d{4}-\d\d-\d\dT[\d:.]+Z \(partnercenter:jobTimeoutMinutes after this request\)/);
    assert.match(lines.join("\n"), /the outcome of the configure request is unknown; looking the offer up instead of sending it again \(4 times until /);
    const [record] = readdirSync(recordDir).filter((file) => file.endsWith(".json")).map((file) => JSON.parse(readFileSync(join(recordDir, file), "utf8")) as Record<string, unknown>);
    assert.ok(record && record["jobId"] === undefined && record["offerId"] === undefined, "the record says: sent, no answer");
  });

  it("a create whose answer was lost after it took effect: found by the look-up and taken, one POST", async () => {
    await emulator.fault({ method: "POST", path: CONFIGURE, reset: true, after: "processing" });
    const created = await create(offer("Lost answer"));
    assert.equal(created.outs["state"], "live");
    const requests = await emulator.requests();
    assert.equal(requests.filter((r) => r.method === "POST" && r.path === CONFIGURE).length, 1);
    assert.match(lines.join("\n"), /found private-offer\/\S+: the request did take effect/);
  });

  it("ten creates answered 503 at once share their later look-ups' listings: far fewer than 4 per create", async () => {
    await emulator.fault({ method: "POST", path: CONFIGURE, status: 503, count: 10 });
    const failures = await Promise.all(Array.from({ length: 10 }, (_, i) => failureOf(create(offer(`Parallel ${i}`)))));
    for (const failure of failures) assert.match(failure.message, /an offer may still have been created/);
    const requests = await emulator.requests();
    assert.equal(requests.filter((r) => r.method === "POST" && r.path === CONFIGURE).length, 10);
    // Each create's first look-up needs a listing started after its own POST failed (the POSTs fail one
    // after the other); the later look-ups take whichever newer listing another create started.
    const listings = after(requests, QUERY, "GET").length;
    assert.ok(listings >= 4 && listings <= 20, `${listings} listings for 10 creates of 4 look-ups each (40 unshared)`);
  });

  it("an update's withdraw answered 503: the offer is read 4 times within 5 minutes, and the error says it may still take effect", async () => {
    const created = await create(offer("Update me"));
    await emulator.clearRequests();
    time.sleeps.length = 0;
    await emulator.fault({ method: "POST", path: CONFIGURE, status: 503 });
    const news = (await impl.check!(created.outs, offer("Update me", 7))).inputs as Record<string, unknown>;
    const error = await failureOf(impl.update!(created.id, created.outs, news));
    const requests = await emulator.requests();
    assert.equal(requests.filter((r) => r.method === "POST" && r.path === CONFIGURE).length, 1, "the withdraw was not sent again, nor the publish");
    assert.equal(after(requests, `/rp/product-ingestion/private-offer/${created.id.split("/")[1]}`, "GET").length, 4);
    assert.deepEqual(time.sleeps, [100_000, 100_000, 100_000]);
    assert.match(error.message, /private-offer\/\S+ was read 4 times over 300 s and shows no sign of it yet; it may still take effect/);
  });
});
