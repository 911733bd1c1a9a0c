import assert from "node:assert/strict";
import { BASE, CONFIGURE_QUERY, ISV, OTHER, customerOffer, setUp, transition } from "./support";

describe("emulator domain: jobs and eTags", () => {
  it("answers 202 notStarted, then running at half the latency, then completed; effects only at completion", () => {
    const { submit, status, clock, get, domain } = setUp({ latency: 1000 });
    const posted = domain.configure(ISV, { $schema: "https://schema.mp.microsoft.com/schema/configure/2022-07-01", resources: [customerOffer()] }, CONFIGURE_QUERY, BASE);
    assert.equal(posted.status, 202);
    const body = posted.body as Record<string, unknown>;
    assert.equal(body["jobStatus"], "notStarted");
    assert.equal(body["jobResult"], "pending");
    assert.equal(body["jobEnd"], "0001-01-01T00:00:00");
    assert.match(String(body["jobStart"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.deepEqual(body["errors"], []);
    const jobId = submit(ISV, [customerOffer()]);
    clock.advance(499);
    assert.equal(status(ISV, jobId)["jobStatus"], "notStarted");
    clock.advance(1);
    assert.equal(status(ISV, jobId)["jobStatus"], "running");
    assert.equal((domain.queryPrivateOffers(ISV, { $version: "2023-07-15" }, BASE).body as { privateOffers: unknown[] }).privateOffers.length, 0);
    assert.equal(domain.jobDetail(ISV, jobId, {}, BASE).status, 400, "no detail before completion");
    clock.advance(500);
    const done = status(ISV, jobId);
    assert.equal(done["jobStatus"], "completed");
    assert.equal(done["jobResult"], "succeeded");
    assert.equal(done["resourceUri"], `https://product-ingestion.mp.microsoft.com/configure/${jobId}`);
    assert.match(String(done["jobEnd"]), /\.\d{7}Z$/);
    const detail = domain.jobDetail(ISV, jobId, { $version: "2023-07-15" }, BASE).body as { $schema: string; resources: Array<{ id: string }> };
    assert.match(detail.$schema, /configure-detail/);
    assert.equal(get(ISV, detail.resources[0]?.id ?? "").status, 200);
  });

  it("with no latency a job is complete at its first status read", () => {
    const { submit, status } = setUp({ latency: 0 });
    assert.equal(status(ISV, submit(ISV, [customerOffer()]))["jobResult"], "succeeded");
  });

  it("fault overrides: a failed job changes nothing, a stuck job runs for ever", () => {
    const { submit, status, clock, domain } = setUp();
    const failed = submit(ISV, [customerOffer({ resourceName: "po" })], { kind: "failed" });
    const stuck = submit(ISV, [customerOffer()], { kind: "stuck" });
    clock.advance(10_000_000);
    const f = status(ISV, failed);
    assert.equal(f["jobResult"], "failed");
    assert.deepEqual(f["errors"], [{ code: "internalServerError", message: (f["errors"] as Array<{ message: string }>)[0]?.message, resourceId: "po" }]);
    assert.equal(status(ISV, stuck)["jobStatus"], "running");
    assert.equal((domain.queryPrivateOffers(ISV, { $version: "2023-07-15" }, BASE).body as { privateOffers: unknown[] }).privateOffers.length, 0);
  });

  it("a released stuck job completes and writes its offer; releasing needs a stuck job", () => {
    const { submit, status, clock, domain } = setUp();
    const first = submit(ISV, [customerOffer({ name: "first" })], { kind: "stuck" });
    const second = submit(ISV, [customerOffer({ name: "second" })], { kind: "stuck" });
    const normal = submit(ISV, [customerOffer({ name: "normal" })]);
    clock.advance(10_000);
    assert.equal(domain.releaseStuckJobs("nope").status, 404);
    assert.equal(domain.releaseStuckJobs(normal).status, 409);
    assert.deepEqual(domain.releaseStuckJobs(second).body, { released: [second] });
    assert.equal(status(ISV, second)["jobResult"], "succeeded");
    assert.equal(status(ISV, first)["jobStatus"], "running");
    assert.deepEqual(domain.releaseStuckJobs().body, { released: [first] });
    assert.equal(status(ISV, first)["jobResult"], "succeeded");
    const names = (domain.queryPrivateOffers(ISV, { $version: "2023-07-15" }, BASE).body as { privateOffers: Array<{ name: string }> }).privateOffers.map((o) => o.name);
    assert.deepEqual(names.sort(), ["first", "normal", "second"]);
    assert.deepEqual(domain.releaseStuckJobs().body, { released: [] });
  });

  it("jobs are visible only to their account; unknown ids answer 404", () => {
    const { submit, domain } = setUp();
    const jobId = submit(ISV, [customerOffer()]);
    assert.equal(domain.jobStatus(OTHER, jobId, CONFIGURE_QUERY, BASE).status, 404);
    assert.equal(domain.jobStatus(ISV, "nope", CONFIGURE_QUERY, BASE).status, 404);
    assert.equal(domain.jobDetail(OTHER, jobId, CONFIGURE_QUERY, BASE).status, 404);
  });

  it("refuses a $version that differs from the envelope's", () => {
    const { domain } = setUp();
    const result = domain.configure(ISV, { $schema: "https://schema.mp.microsoft.com/schema/configure/2022-07-01", resources: [customerOffer()] }, { $version: "2023-07-15" }, BASE);
    assert.equal(result.status, 400);
    assert.equal((result.body as { error: { details: Array<{ target: string }> } }).error.details[0]?.target, "$version");
  });

  it("changes the eTag on every write and answers 412 to a stale one, creating no job", () => {
    const { succeed, domain, get } = setUp();
    const a = succeed(ISV, [customerOffer()]);
    const withdrawn = succeed(ISV, [transition(a, "withdrawn", { eTag: a["eTag"] })]);
    assert.notEqual(withdrawn["eTag"], a["eTag"]);
    const stale = domain.configure(ISV, { $schema: "https://schema.mp.microsoft.com/schema/configure/2022-07-01", resources: [customerOffer({ id: a["id"], eTag: a["eTag"] })] }, CONFIGURE_QUERY, BASE);
    assert.equal(stale.status, 412);
    const error = (stale.body as { error: { code: string; details: Array<{ target: string }> } }).error;
    assert.equal(error.code, "preconditionFailed");
    assert.equal(error.details[0]?.target, "resources[0].eTag");
    assert.equal(get(ISV, String(a["id"])).body["state"], "withdrawn");
    // Without an eTag the last writer wins.
    assert.equal(succeed(ISV, [customerOffer({ id: a["id"] })])["state"], "live");
  });

  it("200 configure calls in a row create 200 distinct jobs and offers, nothing lost or mixed up", () => {
    const { submit, status, clock, domain } = setUp();
    const jobs = Array.from({ length: 200 }, (_, i) => submit(ISV, [customerOffer({ name: `Offer ${i}` })]));
    assert.equal(new Set(jobs).size, 200);
    clock.advance(1000);
    const names = new Set<string>();
    jobs.forEach((jobId, i) => {
      assert.equal(status(ISV, jobId)["jobResult"], "succeeded");
      const detail = domain.jobDetail(ISV, jobId, {}, BASE).body as { resources: Array<{ name: string; id: string }> };
      assert.equal(detail.resources[0]?.name, `Offer ${i}`);
      names.add(detail.resources[0]?.id ?? "");
    });
    assert.equal(names.size, 200);
    const all = domain.queryPrivateOffers(ISV, { $version: "2023-07-15", $maxpagesize: "1000" }, BASE).body as { privateOffers: unknown[] };
    assert.equal(all.privateOffers.length, 200);
  });
});
