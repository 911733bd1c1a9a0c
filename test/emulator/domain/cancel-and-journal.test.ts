import assert from "node:assert/strict";
import type { JsonObject } from "../../../emulator/contracts";
import { BASE, CONFIGURE_QUERY, ISV, OTHER, customerOffer, setUp, transition } from "./support";

type Envelope = { error: { code: string; message: string; details: unknown[] } };

describe("emulator domain: cancelling a job (POST configure/{jobId}/cancel)", () => {
  it("cancels a job that has not completed, whatever its phase, and the job then changes nothing", () => {
    const { domain, submit, status, clock } = setUp({ latency: 1000 });
    const early = submit(ISV, [customerOffer({ name: "early" })]);
    const stuck = submit(ISV, [customerOffer({ name: "stuck" })], { kind: "stuck" });
    clock.advance(600);
    const running = submit(ISV, [customerOffer({ name: "running" })]);
    clock.advance(600); // `early` is due now and completes first; `running` is past half way
    const fresh = submit(ISV, [customerOffer({ name: "fresh" })]);
    assert.equal(status(ISV, running)["jobStatus"], "running");
    assert.equal(status(ISV, fresh)["jobStatus"], "notStarted");
    assert.equal(status(ISV, stuck)["jobStatus"], "running");

    for (const jobId of [running, fresh, stuck]) {
      const cancelled = domain.cancelJob(ISV, jobId, CONFIGURE_QUERY, BASE);
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      const body = cancelled.body as JsonObject;
      assert.equal(body["jobStatus"], "completed");
      assert.equal(body["jobResult"], "cancelled");
      assert.deepEqual(body["errors"], []);
      assert.equal(body["resourceUri"], undefined);
      assert.notEqual(body["jobEnd"], "0001-01-01T00:00:00");
      assert.match(String(body["$schema"]), /configure-status\/2022-07-01$/);
    }
    clock.advance(10_000);
    for (const jobId of [running, fresh]) assert.equal(status(ISV, jobId)["jobResult"], "cancelled", "a cancelled job never completes later");
    assert.deepEqual((domain.jobDetail(ISV, running, { $version: "2023-07-15" }, BASE).body as { resources: unknown[] }).resources, []);
    assert.equal(domain.releaseStuckJobs(stuck).status, 409, "a cancelled job is not stuck any more");
    const names = (domain.queryPrivateOffers(ISV, {}, BASE).body as { privateOffers: JsonObject[] }).privateOffers.map((o) => o["name"]);
    assert.deepEqual(names, ["early"], "only the job that was not cancelled wrote its offer");
    assert.equal(status(ISV, early)["jobResult"], "succeeded");
  });

  it("refuses to cancel a job that has completed (succeeded, failed or cancelled): 400, badRequest, no details; its work stays", () => {
    const { domain, submit, status, clock, get, succeed } = setUp({ latency: 1000 });
    const offer = succeed(ISV, [customerOffer({ name: "done" })]);
    const failed = submit(ISV, [customerOffer({ name: "failing" })], { kind: "failed" });
    const cancelled = submit(ISV, [customerOffer({ name: "cancelled" })]);
    assert.equal(domain.cancelJob(ISV, cancelled, CONFIGURE_QUERY, BASE).status, 200);
    clock.advance(1000);
    assert.equal(status(ISV, failed)["jobResult"], "failed");
    const succeededJob = submit(ISV, [customerOffer({ name: "second" })]);
    clock.advance(1000);
    for (const [jobId, result] of [[succeededJob, "succeeded"], [failed, "failed"], [cancelled, "cancelled"]] as const) {
      const refused = domain.cancelJob(ISV, jobId, CONFIGURE_QUERY, BASE);
      assert.equal(refused.status, 400, jobId);
      const body = refused.body as Envelope;
      assert.equal(body.error.code, "badRequest");
      assert.deepEqual(body.error.details, []);
      assert.match(body.error.message, new RegExp(`Cannot cancel job ${jobId}: it has already completed \\(jobResult ${result}\\)`));
      assert.equal(status(ISV, jobId)["jobResult"], result, "a refused cancel changes nothing");
    }
    assert.equal(get(ISV, String(offer["id"])).status, 200);
  });

  it("a job that came due is completed before a cancel is considered: the cancel is refused, the work done", () => {
    const { domain, submit, clock, get } = setUp({ latency: 1000 });
    const jobId = submit(ISV, [customerOffer({ name: "due" })]);
    clock.advance(1000);
    assert.equal(domain.cancelJob(ISV, jobId, CONFIGURE_QUERY, BASE).status, 400);
    const detail = domain.jobDetail(ISV, jobId, { $version: "2023-07-15" }, BASE).body as { resources: JsonObject[] };
    assert.equal(get(ISV, String(detail.resources[0]?.["id"])).body["name"], "due");
  });

  it("stops only unprocessed work: cancelling a withdraw leaves live the offer an earlier job published", () => {
    const { domain, submit, succeed, get, clock } = setUp({ latency: 1000 });
    const offer = succeed(ISV, [customerOffer({ name: "kept live" })]);
    const withdraw = submit(ISV, [transition(offer, "withdrawn")]);
    assert.equal(domain.cancelJob(ISV, withdraw, CONFIGURE_QUERY, BASE).status, 200);
    clock.advance(5000);
    const after = get(ISV, String(offer["id"])).body;
    assert.equal(after["state"], "live");
    assert.equal(after["eTag"], offer["eTag"], "nothing was written to it");
  });

  it("answers 404 for an unknown job and for another account's job", () => {
    const { domain, submit } = setUp({ latency: 1000 });
    const jobId = submit(ISV, [customerOffer()]);
    assert.equal(domain.cancelJob(ISV, "00000000-0000-4000-8000-999999999999", CONFIGURE_QUERY, BASE).status, 404);
    assert.equal(domain.cancelJob(OTHER, jobId, CONFIGURE_QUERY, BASE).status, 404);
    assert.equal(domain.cancelJob(ISV, jobId, CONFIGURE_QUERY, BASE).status, 200, "the owner still can");
  });
});

describe("emulator domain: the journal of changes (takeChanges, replay)", () => {
  it("rebuilds, from a snapshot and the changes taken after it, exactly the state it came from", () => {
    const a = setUp({ latency: 1000 });
    const journal: string[] = [];
    const take = () => {
      const changes = a.domain.takeChanges();
      if (changes !== undefined) journal.push(JSON.stringify(changes));
    };
    const base = JSON.stringify(a.domain.snapshot());
    assert.equal(a.domain.takeChanges(), undefined, "nothing changed yet");

    const first = a.succeed(ISV, [customerOffer({ name: "first" })]);
    take();
    const stuck = a.submit(ISV, [customerOffer({ name: "stuck" })], { kind: "stuck" });
    const cancelled = a.submit(ISV, [customerOffer({ name: "cancelled" })]);
    a.domain.cancelJob(ISV, cancelled, CONFIGURE_QUERY, BASE);
    take();
    a.domain.acceptOffer(String(first["id"]).split("/")[1] ?? "", {});
    const second = a.succeed(ISV, [customerOffer({ name: "second" })]);
    a.succeed(ISV, [transition(second, "withdrawn")]);
    a.succeed(ISV, [transition(second, "deleted")]);
    take();
    const middle = JSON.stringify(a.domain.snapshot());
    const afterMiddle = journal.length;
    a.domain.releaseStuckJobs(stuck);
    a.clock.advance(1);
    a.domain.listProducts(ISV, {}, BASE);
    take();
    a.domain.reset();
    a.succeed(ISV, [customerOffer({ name: "after reset" })]);
    const pending = a.submit(ISV, [customerOffer({ name: "pending at the end" })]);
    take();
    assert.equal(a.domain.takeChanges(), undefined, "taking clears the marks");

    for (const [snapshot, lines] of [[base, journal], [middle, journal.slice(afterMiddle)]] as const) {
      const b = setUp({ latency: 1000 });
      b.domain.restore(JSON.parse(snapshot));
      for (const line of lines) b.domain.replay(JSON.parse(line));
      // As JSON: what is on disk (the test validator leaves `resourceName: undefined` in memory).
      assert.deepEqual(JSON.parse(JSON.stringify(b.domain.snapshot())), JSON.parse(JSON.stringify(a.domain.snapshot())));
      assert.equal(b.domain.takeChanges(), undefined, "replayed changes are not changes");
      b.clock.ms = a.clock.ms + 1000;
      assert.equal(b.status(ISV, pending)["jobResult"], "succeeded", "a replayed pending job still completes");
    }
  });

  it("refuses malformed changes, naming the property", () => {
    const { domain } = setUp();
    assert.throws(() => domain.replay({ offers: [{ key: 1 }] }), /Journaled emulator changes are not valid: offers\.0\.key/);
  });
});
