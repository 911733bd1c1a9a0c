import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  ApiRequestError,
  ConfigureOutcomeUnknownError,
  JobFailedError,
  JobTimeoutError,
  PartnerCenterClient,
  type JobProgress,
} from "../../provider/api";
import { configureEnvelope } from "../../provider/schema/api/configure";
import type { AccessTokenSource } from "../../provider/auth/token-cache";
import { resolveSettings } from "../../provider/config/settings";
import { offerStateChange, sampleCustomerOffer } from "../../examples/client/sample-offer";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { FakeTime } from "./fake-time";

const API = "/rp/product-ingestion";

/** Tokens from the emulator's token endpoint, counted. */
class EmulatorTokens implements AccessTokenSource {
  readonly description = "clientSecret credential of the emulator's first application";
  acquisitions = 0;
  constructor(private readonly emulator: TestEmulator) {}
  async getToken(): Promise<string> {
    this.acquisitions++;
    return this.emulator.token();
  }
}

describe("product-ingestion client against the emulator", function () {
  this.timeout(20_000);
  let emulator: TestEmulator;
  let time: FakeTime;
  let catalog: { product: string; plan: string };
  const logs: string[] = [];

  before(async () => {
    time = new FakeTime();
    // Jobs take two minutes of the shared fake clock: polling cadence is exact and instant.
    emulator = await startTestEmulator({ jobLatencyMs: 120_000, clock: time.clock });
  });
  after(async () => emulator.close());
  beforeEach(async () => {
    await emulator.reset();
    logs.length = 0;
  });

  function client(overrides: Record<string, string> = {}): PartnerCenterClient {
    const settings = resolveSettings(
      { endpoint: emulator.apiBaseUrl, accessToken: "replaced-by-injected-tokens", pollIntervalSeconds: "60", maxRetries: "3", ...overrides },
      {},
    );
    return new PartnerCenterClient(settings, { timing: time, tokens: new EmulatorTokens(emulator), log: (line) => logs.push(line) });
  }

  async function firstPlan(pc: PartnerCenterClient): Promise<{ product: string; plan: string }> {
    if (catalog) return catalog;
    const [product] = await pc.listProducts();
    assert.ok(product, "the emulator's catalogue has products");
    const [plan] = await pc.listPlans(product.id);
    assert.ok(plan);
    catalog = { product: product.id, plan: plan.id };
    return catalog;
  }

  /** The request log records an exchange when its connection closes, which can trail the client's error. */
  async function postsEventually(expected: number): Promise<number> {
    for (let i = 0; i < 100; i++) {
      const posts = (await apiRequests()).filter((r) => r.method === "POST").length;
      if (posts >= expected) return posts;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return (await apiRequests()).filter((r) => r.method === "POST").length;
  }

  async function apiRequests(): Promise<Array<{ method: string; path: string; status: number; at: number }>> {
    const start = Date.parse("2026-11-21T09:00:00Z");
    return (await emulator.requests())
      .filter((r) => r.path.startsWith(API))
      .map((r) => ({ method: r.method, path: r.path.slice(API.length), status: r.status, at: Date.parse(r.time) - start }));
  }

  it("creates, withdraws, re-publishes and deletes an offer with the minimum requests, polling at the interval", async () => {
    const pc = client();
    const { product, plan } = await firstPlan(pc);
    await emulator.clearRequests();
    const progress: JobProgress[] = [];
    const started = time.nowMs;

    const created = await pc.configureAndWait(configureEnvelope([sampleCustomerOffer({ name: "Contoso FY27", product, plan, discountPercentage: 5, state: "live" })]), {
      onProgress: (p) => progress.push(p),
    });
    const detail = await pc.getJobDetail(created.jobId);
    const id = detail.resources.find((r) => r.id?.startsWith("private-offer/"))?.id;
    assert.ok(id);
    const offer = await pc.getPrivateOffer(id);
    assert.equal(offer?.state, "live");

    const log = await apiRequests();
    assert.deepEqual(log.map((r) => `${r.method} ${r.path.replace(created.jobId, "{job}").replace(id.slice(14), "{guid}")} ${r.status}`), [
      "POST /configure 202",
      "GET /configure/{job}/status 200",
      "GET /configure/{job}/status 200",
      "GET /configure/{job}/status 200",
      "GET /configure/{job} 200",
      "GET /private-offer/{guid} 200",
    ]);
    const statusTimes = log.filter((r) => r.path.endsWith("/status")).map((r) => r.at - (started - Date.parse("2026-11-21T09:00:00Z")));
    assert.equal(statusTimes[0], 5_000, "first read after a short delay");
    for (let i = 1; i < statusTimes.length; i++) assert.ok(statusTimes[i]! - statusTimes[i - 1]! >= 60_000, "then no faster than a minute");
    assert.deepEqual(progress.map((p) => p.state), ["notStarted", "running"]);

    await pc.configureAndWait(configureEnvelope([offerStateChange(offer!, "withdrawn")]));
    assert.equal((await pc.getPrivateOffer(id))?.state, "withdrawn");
    await pc.configureAndWait(configureEnvelope([sampleCustomerOffer({ id, name: "Contoso FY27", product, plan, discountPercentage: 7, state: "live" })]));
    assert.equal((await pc.getPrivateOffer(id))?.state, "live");
    await pc.configureAndWait(configureEnvelope([offerStateChange(offer!, "withdrawn")]));
    await pc.configureAndWait(configureEnvelope([offerStateChange(offer!, "deleted")]));
    assert.equal(await pc.getPrivateOffer(id), undefined);
    assert.equal((await apiRequests()).filter((r) => r.method === "POST").length, 5, "one POST per step, none repeated");
  });

  it("reads the catalogue, the pricing template and every page of offers", async () => {
    const pc = client({ pollIntervalSeconds: "1" });
    const { product, plan } = await firstPlan(pc);
    const template = await pc.getPricingTemplate(product, plan);
    assert.equal(template.plan, plan);
    for (let i = 0; i < 3; i++) await pc.configureAndWait(configureEnvelope([sampleCustomerOffer({ name: `Offer ${i}`, product, plan, discountPercentage: 5, state: "draft" })]));
    const offers = await pc.queryPrivateOffers();
    assert.deepEqual(offers.map((o) => o.name).sort(), ["Offer 0", "Offer 1", "Offer 2"]);
    assert.equal((await pc.findPrivateOffersByName("Offer 1")).length, 1);
  });

  it("honours 429 Retry-After and retries 503 on reads, counting each attempt", async () => {
    const pc = client();
    await firstPlan(pc);
    await emulator.clearRequests();
    time.sleeps.length = 0;
    await emulator.fault([
      { method: "GET", path: `${API}/product`, status: 429, retryAfterSeconds: 4 },
      { method: "GET", path: `${API}/plan`, status: 503, count: 2 },
    ]);
    await pc.listProducts();
    await pc.listPlans(catalog.product);
    const log = await apiRequests();
    assert.deepEqual(log.map((r) => `${r.path} ${r.status}`), ["/product 429", "/product 200", "/plan 503", "/plan 503", "/plan 200"]);
    assert.equal(time.sleeps[0], 4_000);
  });

  it("keeps waiting through 503s and dropped connections on status reads", async () => {
    const pc = client();
    const { product, plan } = await firstPlan(pc);
    await emulator.fault([
      { method: "GET", path: `${API}/configure/*/status`, status: 503 },
      { method: "GET", path: `${API}/configure/*/status`, reset: true },
    ]);
    const states: string[] = [];
    const job = await pc.configureAndWait(configureEnvelope([sampleCustomerOffer({ name: "Through faults", product, plan, discountPercentage: 5, state: "live" })]), {
      onProgress: (p) => states.push(p.state),
    });
    assert.equal(job.jobResult, "succeeded");
    assert.deepEqual(states.slice(0, 2), ["unknown", "unknown"]);
    const statusReads = (await apiRequests()).filter((r) => r.path.endsWith("/status"));
    assert.equal(statusReads.length, 3, "two failed reads at the interval, then the completed one");
  });

  it("never duplicates a create when the connection drops before or after the service processed it", async () => {
    const pc = client();
    const { product, plan } = await firstPlan(pc);
    for (const after of [undefined, "processing" as const]) {
      await emulator.reset();
      await emulator.fault({ method: "POST", path: `${API}/configure`, reset: true, ...(after ? { after } : {}) });
      const name = `Reset ${after ?? "before"}`;
      await assert.rejects(pc.configure(configureEnvelope([sampleCustomerOffer({ name, product, plan, discountPercentage: 5, state: "live" })])), ConfigureOutcomeUnknownError);
      assert.equal(await postsEventually(1), 1, "the configure POST was sent once");
      // Reconcile as the error says: once a job would have finished, look the offer up by name.
      await time.sleep(180_000);
      const found = await pc.findPrivateOffersByName(name);
      assert.equal(found.length, after ? 1 : 0);
    }
  });

  it("re-sends a configure POST only when the service refused it with 429", async () => {
    const pc = client();
    const { product, plan } = await firstPlan(pc);
    await emulator.fault({ method: "POST", path: `${API}/configure`, status: 429, retryAfterSeconds: 2 });
    await pc.configureAndWait(configureEnvelope([sampleCustomerOffer({ name: "Throttled", product, plan, discountPercentage: 5, state: "live" })]));
    assert.deepEqual((await apiRequests()).filter((r) => r.method === "POST").map((r) => r.status), [429, 202]);
    assert.equal((await pc.findPrivateOffersByName("Throttled")).length, 1);

    await emulator.fault({ method: "POST", path: `${API}/configure`, status: 503 });
    await assert.rejects(pc.configure(configureEnvelope([sampleCustomerOffer({ name: "Unknown", product, plan, discountPercentage: 5, state: "live" })])), ConfigureOutcomeUnknownError);
    assert.deepEqual((await apiRequests()).filter((r) => r.method === "POST").map((r) => r.status), [429, 202, 503]);
  });

  it("times out a slow read and retries it, but does not re-send a slow configure", async () => {
    const pc = client({ requestTimeoutSeconds: "0.2" });
    const { product, plan } = await firstPlan(pc);
    await emulator.fault({ method: "GET", path: `${API}/product`, delayMs: 1_000 });
    assert.ok((await pc.listProducts()).length > 0);
    await emulator.fault({ method: "POST", path: `${API}/configure`, delayMs: 1_000 });
    await assert.rejects(pc.configure(configureEnvelope([sampleCustomerOffer({ name: "Slow", product, plan, discountPercentage: 5, state: "live" })])), ConfigureOutcomeUnknownError);
    assert.equal(await postsEventually(1), 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await apiRequests()).filter((r) => r.method === "POST").length, 1, "and not re-sent later");
  });

  it("reports a failed job with its id and errors", async () => {
    const pc = client();
    const { product, plan } = await firstPlan(pc);
    await emulator.fault({ method: "POST", path: `${API}/configure`, jobResult: "failed" });
    const error = await pc
      .configureAndWait(configureEnvelope([sampleCustomerOffer({ name: "Fails", product, plan, discountPercentage: 5, state: "live" })]))
      .then(() => assert.fail("expected the job to fail"), (e: unknown) => e);
    assert.ok(error instanceof JobFailedError);
    assert.ok(error.errors.length > 0);
    assert.match(error.message, new RegExp(`configure job ${error.jobId} failed`));
  });

  it("stops waiting for a stuck job at the configured timeout", async () => {
    const pc = client({ jobTimeoutMinutes: "5" });
    const { product, plan } = await firstPlan(pc);
    await emulator.fault({ method: "POST", path: `${API}/configure`, stuck: true });
    const job = await pc.configure(configureEnvelope([sampleCustomerOffer({ name: "Stuck", product, plan, discountPercentage: 5, state: "live" })]));
    await assert.rejects(pc.waitForJob(job.jobId), (e: unknown) => e instanceof JobTimeoutError && e.jobId === job.jobId);
    const reads = (await apiRequests()).filter((r) => r.path.endsWith("/status"));
    assert.ok(reads.length <= 6, `${reads.length} status reads in five minutes`);
  });

  it("maps a request-level rejection to a readable error with the property path, and logs nothing secret", async () => {
    const pc = client();
    const { product, plan } = await firstPlan(pc);
    const bad = sampleCustomerOffer({ name: "x".repeat(200), product, plan, discountPercentage: 5, state: "live" });
    const error = await pc.configure(configureEnvelope([bad])).then(() => assert.fail("expected 400"), (e: unknown) => e);
    assert.ok(error instanceof ApiRequestError);
    assert.equal(error.httpStatus, 400);
    assert.match(error.message, /resources\[0\]\.name/);
    const token = await emulator.token();
    for (const text of [error.message, String(error), inspect(error), JSON.stringify(error), ...logs]) {
      assert.ok(!text.includes(token), "no token in errors or logs");
    }
  });
});
