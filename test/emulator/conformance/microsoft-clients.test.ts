// The API as Microsoft's own clients call it, and the decisions the emulator README records:
// calls without `$version` (the marketplace GitHub Action's product_ingestion.ps1 sends none),
// unknown versions refused on reads as on writes, `POST configure/{jobId}/cancel`, the documented
// sample whose acceptBy is after its end, and customerContractRenewal on the 2023-07-15 schema.

import { strict as assert } from "node:assert";
import type { JsonObject } from "../../../emulator/contracts";
import { loadSeedFixture } from "../../fixtures/seeds/index";
import { useEmulator, type TestEmulator } from "../../support/emulator";
import { waitForJob, type JobStatus } from "./jobs";

type Envelope = { error: { code: string; message: string; details: { code: string; message: string; target?: string }[] } };
type Resource = JsonObject & { $schema: string };

/** The samples' dates are in 2022. */
const clock = { now: () => Date.parse("2021-11-15T09:00:00Z") };

function cspOffer(name: string): { $schema: string; resources: Resource[] } {
  const body = loadSeedFixture("csp-percentage-live").body as { $schema: string; resources: Resource[] };
  (body.resources[0] as Resource)["name"] = name;
  return body;
}

/** The documented originator sample, addressed to the emulator's channel partner. */
function originatorSample(emulator: TestEmulator): { $schema: string; resources: Resource[] } {
  const body = loadSeedFixture("mpo-originator-percentage").body as { $schema: string; resources: Resource[] };
  const offer = body.resources[0] as Resource;
  offer["partners"] = [{ id: emulator.channelPartner.sellerId, partnerName: "Market Place Test", location: "United States" }];
  return body;
}

async function json<T>(response: Response, status: number, what: string): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, `${what}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** POSTs without `$version`, as product_ingestion.ps1 does, and answers the job. */
async function post(emulator: TestEmulator, body: unknown): Promise<JobStatus> {
  return json<JobStatus>(await emulator.api("/configure", { method: "POST", body: JSON.stringify(body) }), 202, "POST configure without $version");
}

async function offerIdOf(emulator: TestEmulator, jobId: string): Promise<string> {
  const detail = await json<{ $schema: string; resources: { id: string }[] }>(await emulator.api(`/configure/${jobId}`), 200, "job detail");
  const id = detail.resources.find((r) => r.id.startsWith("private-offer/"))?.id;
  assert.ok(id, JSON.stringify(detail));
  return id;
}

describe("conformance over HTTP: the API as Microsoft's clients call it", () => {
  const emulator = useEmulator({ clock });

  it("serves product_ingestion.ps1's calls, none of which carries $version, with the documented version of each route", async () => {
    // GetProductDurableId, GetPlanDurableId
    const products = await json<{ value: { id: string; $schema: string }[] }>(await emulator.api("/product?externalId=contoso-analytics"), 200, "product");
    const product = products.value[0];
    assert.ok(product);
    assert.match(product.$schema, /\/product\/2022-07-01$/);
    const plans = await json<{ value: { id: string }[] }>(await emulator.api(`/plan?product=${product.id}&externalId=analytics-standard`), 200, "plan");
    assert.match(plans.value[0]?.id ?? "", /^plan\//);
    // PostConfigure, then WaitForJobComplete and GetConfigureJobDetail
    const job = await post(emulator, cspOffer("no version anywhere"));
    const status = await json<JobStatus & { $schema: string }>(await emulator.api(`/configure/${job.jobId}/status`), 200, "status");
    assert.equal(status.jobStatus, "completed");
    assert.match(status.$schema, /configure-status\/2022-07-01$/);
    const detail = await json<{ $schema: string; resources: { id: string }[] }>(await emulator.api(`/configure/${job.jobId}`), 200, "detail");
    assert.match(detail.$schema, /configure-detail\/2023-07-15$/, "the job detail's version in the private-offer pages");
    const offerId = detail.resources[0]?.id ?? "";
    // The private-offer reads and the pricing template
    const offer = await json<JsonObject>(await emulator.api(`/${offerId}`), 200, "offer");
    assert.equal(offer["name"], "no version anywhere");
    const page = await json<{ privateOffers: unknown[]; "@nextLink"?: string }>(
      await emulator.api("/private-offer/query?$maxpagesize=1"),
      200,
      "query",
    );
    assert.equal(page.privateOffers.length, 1);
    const template = await json<{ $schema: string }>(
      await emulator.api("/price-and-availability-private-offer-plan/7ba807c8-386a-4efe-80f1-b97bf8a554f8?plan=plan/987654"),
      200,
      "pricing template",
    );
    assert.match(template.$schema, /price-and-availability-private-offer-plan\/2025-06-01$/);
    // Cancel, on a job a stuck fault holds
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", stuck: true });
    const held = await post(emulator, cspOffer("held"));
    const cancelled = await json<JobStatus>(await emulator.api(`/configure/${held.jobId}/cancel`, { method: "POST" }), 200, "cancel");
    assert.equal(cancelled.jobResult, "cancelled");
    const log = await emulator.requests();
    assert.ok(log.length >= 9 && log.every((entry) => !("$version" in entry.query)), "no call sent $version");
    assert.ok(log.every((entry) => entry.status < 300), JSON.stringify(log.map((e) => [e.path, e.status])));
  });

  it("refuses an unknown $version on every read with 400, as on writes, instead of answering and echoing it", async () => {
    const job = await post(emulator, cspOffer("versions"));
    const offerId = await offerIdOf(emulator, (await waitForJob(emulator, job.jobId)).jobId);
    const reads = [
      `/configure/${job.jobId}/status`,
      `/configure/${job.jobId}`,
      `/${offerId}`,
      "/private-offer/query",
      "/product",
      "/plan?product=product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51",
      "/price-and-availability-private-offer-plan/7ba807c8-386a-4efe-80f1-b97bf8a554f8?plan=plan/987654",
    ];
    for (const version of ["banana", "2099-01-01", "2023-07-16"]) {
      for (const read of [...reads, "/configure"]) {
        const url = `${read}${read.includes("?") ? "&" : "?"}$version=${version}`;
        const init = read === "/configure" ? { method: "POST", body: JSON.stringify(cspOffer("never")) } : {};
        const body = await json<Envelope>(await emulator.api(url, init), 400, `${read} with $version ${version}`);
        assert.equal(body.error.details[0]?.target, "$version");
        assert.match(body.error.message, /is not a version of this API/);
      }
    }
    // A known version on a read is a maximum: the newest version not later than it, never an echo.
    const detail = await json<{ $schema: string }>(await emulator.api(`/configure/${job.jobId}?$version=2026-02-01`), 200, "detail");
    assert.match(detail.$schema, /configure-detail\/2023-07-15$/);
    await post(emulator, cspOffer("second page"));
    const page = await json<{ "@nextLink"?: string }>(await emulator.api("/private-offer/query?$version=2025-06-01&$maxpagesize=1"), 200, "query");
    assert.match(page["@nextLink"] ?? "", /[?&]\$version=2024-09-30(&|$)/);
    const names = (await json<{ privateOffers: { name: string }[] }>(await emulator.api("/private-offer/query"), 200, "query")).privateOffers.map((o) => o.name);
    assert.ok(!names.includes("never"), "no refused POST created anything");
  });
});

describe("conformance over HTTP: POST configure/{jobId}/cancel", () => {
  const emulator = useEmulator({ clock });

  it("cancels a job still running: completed, cancelled, and nothing it asked for happens", async () => {
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", stuck: true });
    const job = await post(emulator, cspOffer("cancelled before it ran"));
    const cancelled = await json<JobStatus & { jobEnd: string; resourceUri?: string }>(
      await emulator.api(`/configure/${job.jobId}/cancel?$version=2022-07-01`, { method: "POST" }),
      200,
      "cancel",
    );
    assert.equal(cancelled.jobStatus, "completed");
    assert.equal(cancelled.jobResult, "cancelled");
    assert.deepEqual(cancelled.errors, []);
    assert.equal(cancelled.resourceUri, undefined);
    assert.equal((await waitForJob(emulator, job.jobId)).jobResult, "cancelled");
    const detail = await json<{ resources: unknown[] }>(await emulator.api(`/configure/${job.jobId}`), 200, "detail");
    assert.deepEqual(detail.resources, []);
    await emulator.releaseStuckJobs();
    const list = await json<{ privateOffers: unknown[] }>(await emulator.api("/private-offer/query"), 200, "query");
    assert.equal(list.privateOffers.length, 0);
  });

  it("refuses with 400 and the envelope a job that cannot be cancelled any more; what it did stays", async () => {
    const job = await post(emulator, cspOffer("already done"));
    const offerId = await offerIdOf(emulator, (await waitForJob(emulator, job.jobId)).jobId);
    const refused = await json<Envelope>(await emulator.api(`/configure/${job.jobId}/cancel`, { method: "POST" }), 400, "cancel");
    assert.equal(refused.error.code, "badRequest");
    assert.deepEqual(refused.error.details, []);
    assert.match(refused.error.message, /Cannot cancel job .*: it has already completed \(jobResult succeeded\)/);
    assert.equal((await emulator.api(`/${offerId}`)).status, 200);
  });

  it("answers 404 for an unknown job or another account's, and 405 to a GET", async () => {
    const unknown = await json<Envelope>(await emulator.api("/configure/00000000-0000-4000-8000-000000000000/cancel", { method: "POST" }), 404, "unknown");
    assert.equal(unknown.error.code, "notFound");
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", stuck: true });
    const job = await post(emulator, cspOffer("someone else's"));
    await json<Envelope>(await emulator.api(`/configure/${job.jobId}/cancel`, { method: "POST", account: emulator.channelPartner }), 404, "other account");
    const get = await emulator.api(`/configure/${job.jobId}/cancel`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get("allow"), "POST");
  });

  it("can be faulted like any route (`configure/*/cancel`)", async () => {
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure/*/cancel", status: 503 });
    const response = await emulator.api("/configure/any/cancel", { method: "POST" });
    assert.equal(response.status, 503);
  });
});

describe("conformance over HTTP: decisions recorded in the emulator README", () => {
  const emulator = useEmulator({ clock });

  it("accepts the documentation's own multiparty sample as written, acceptBy (2022-02-28) after end (2022-01-31), and keeps both dates", async () => {
    const sample = originatorSample(emulator);
    const offer = sample.resources[0] as Resource;
    offer["acceptBy"] = "2022-02-28"; // the fixture moved it to the end date; this is the sample's own value
    assert.ok(String(offer["acceptBy"]) > String(offer["end"]));
    const job = await waitForJob(emulator, (await post(emulator, sample)).jobId);
    assert.equal(job.jobResult, "succeeded", JSON.stringify(job.errors));
    const stored = await json<JsonObject>(await emulator.api(`/${await offerIdOf(emulator, job.jobId)}`), 200, "offer");
    assert.equal(stored["end"], "2022-01-31");
    assert.equal(stored["acceptBy"], "2022-02-28");
  });

  it("refuses customerContractRenewal on a 2023-07-15 resource with 400 naming the version that has it; 2026-02-01 keeps it", async () => {
    const current = originatorSample(emulator);
    const job = await waitForJob(emulator, (await post(emulator, current)).jobId);
    assert.equal(job.jobResult, "succeeded");
    const stored = await json<JsonObject>(await emulator.api(`/${await offerIdOf(emulator, job.jobId)}`), 200, "offer");
    assert.equal(stored["customerContractRenewal"], false);

    const older = originatorSample(emulator);
    const offer = older.resources[0] as Resource;
    offer.$schema = "https://schema.mp.microsoft.com/schema/private-offer/2023-07-15";
    offer["name"] = "renewal on 2023-07-15";
    const refused = await json<Envelope>(await emulator.api("/configure", { method: "POST", body: JSON.stringify(older) }), 400, "2023-07-15");
    const detail = refused.error.details.find((d) => d.target === "resources[0].customerContractRenewal");
    assert.ok(detail, JSON.stringify(refused));
    assert.match(detail.message, /needs private-offer 2026-02-01; this resource uses 2023-07-15/);
    delete offer["customerContractRenewal"];
    assert.equal((await waitForJob(emulator, (await post(emulator, older)).jobId)).jobResult, "succeeded", "without it the 2023-07-15 sample is fine");
  });
});
