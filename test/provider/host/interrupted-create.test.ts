// An interrupted create through Pulumi's real dynamic-provider host: wherever the kill lands, the
// next plain run converges to exactly one offer, sending the create again only when the earlier one
// provably created nothing. An offer this stack did not create is still refused.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HostCallError, type PropertyMap } from "../../support/provider-host";
import { temporaryRecordDir } from "../../support/records";
import { customerOffer } from "../emulator/support";
import { CONFIGURE, CrashScene, PACKAGE_ROOT, killWhen, outcomeUnknown, records, started, until } from "./crash";

describe("a create killed mid-flight, then the next plain up, through the real provider host", function () {
  this.timeout(90_000);
  const scene = new CrashScene();
  afterEach(() => scene.end());

  it("killed after the create was answered, its job still running: the next create waits for that job and sends nothing", async () => {
    await scene.start(4000);
    const recordDir = temporaryRecordDir("answered");
    const inputs = customerOffer() as PropertyMap;
    const first = await scene.run({ recordDir });
    await killWhen(first, first.up("offer", scene.offer, inputs), "the create was answered and its job is being polled", async () => (await scene.statusReads()) > 0);
    assert.equal(await scene.accepted(), 1);
    assert.equal(records(recordDir)[0]?.["jobId"] !== undefined, true, "the record holds the job");
    assert.equal((await scene.offersNamed()).length, 0, "Partner Center does not list the offer while its job runs");

    const second = await scene.run({ recordDir });
    const created = await second.up("offer", scene.offer, inputs);
    assert.equal(created.outputs.state, "live");
    assert.match(String(created.outputs.offerId), /^private-offer\//);
    assert.equal(await scene.accepted(), 1, "no second configure POST");
    assert.equal((await scene.offersNamed()).length, 1);
    assert.match(second.host.output(), /interrupted while configure job \S+ ran: waiting for that job instead of sending the create again/);
  });

  it("killed while the create job ran, the job finished before the next run: the next create takes its offer; the record goes once Pulumi holds it", async () => {
    await scene.start(1500);
    const recordDir = temporaryRecordDir("finished");
    const inputs = customerOffer() as PropertyMap;
    const first = await scene.run({ recordDir });
    await killWhen(first, first.up("offer", scene.offer, inputs), "the create job is being polled", async () => (await scene.statusReads()) > 0);
    await until("the job finished and Partner Center lists the offer", async () => (await scene.offersNamed()).length === 1);

    const second = await scene.run({ recordDir });
    const created = await second.up("offer", scene.offer, inputs);
    assert.equal(created.id, (await scene.offersNamed())[0]?.id);
    assert.equal(await scene.accepted(), 1);
    assert.equal(records(recordDir)[0]?.["offerId"], created.id, "completed with the offer id");
    // The next `pulumi up` diffs the resource: the engine holds it, so its record has done its work.
    await second.up("offer", scene.offer, inputs);
    assert.deepEqual(records(recordDir), []);
  });

  it("the engine lost the answer of a finished create: the next create adopts the offer this stack created", async () => {
    await scene.start(50);
    const recordDir = temporaryRecordDir("adopt");
    const inputs = customerOffer() as PropertyMap;
    const first = await scene.run({ recordDir });
    const created = await first.up("offer", scene.offer, inputs);
    // No checkpoint was written: the next run knows nothing of the resource.
    const second = await scene.run({ recordDir });
    const again = await second.up("offer", scene.offer, inputs);
    assert.equal(again.id, created.id);
    assert.equal(await scene.accepted(), 1);
    assert.equal((await scene.offersNamed()).length, 1);
    assert.match(second.host.output(), /adopting private-offer\/\S+: this stack created it in an earlier run that was interrupted/);
  });

  it("the create's answer was lost (connection dropped after it took effect), then the run was killed: the next run looks the name up until the job would have finished, and adopts it", async () => {
    await scene.start(3000);
    const recordDir = temporaryRecordDir("lost-answer");
    const inputs = customerOffer() as PropertyMap;
    await scene.emulator.fault({ method: "POST", path: CONFIGURE, reset: true, after: "processing" });
    const first = await scene.run({ recordDir, pollIntervalSeconds: "0.5", jobTimeoutMinutes: "1" });
    await killWhen(first, first.up("offer", scene.offer, inputs), "the provider learned that the outcome is unknown", () => outcomeUnknown(first));
    assert.equal(records(recordDir)[0]?.["jobId"], undefined, "the record says: sent, no answer");

    const second = await scene.run({ recordDir, jobTimeoutMinutes: "0.15" });
    const created = await second.up("offer", scene.offer, inputs);
    assert.equal(created.outputs.state, "live");
    assert.equal((await scene.configurePosts()).length, 1, "the create was never sent again");
    assert.equal((await scene.offersNamed()).length, 1);
    assert.match(second.host.output(), /interrupted before its answer came: looking the name up \d times until/);
    assert.match(second.host.output(), /found private-offer\/\S+: the earlier request did create it; adopting it/);
  });

  it("the create's request was lost before it took effect, then the run was killed: after the look-ups the next run sends it again, once", async () => {
    await scene.start(50);
    const recordDir = temporaryRecordDir("lost-request");
    const inputs = customerOffer() as PropertyMap;
    await scene.emulator.fault({ method: "POST", path: CONFIGURE, reset: true });
    const first = await scene.run({ recordDir, pollIntervalSeconds: "0.5", jobTimeoutMinutes: "1" });
    await killWhen(first, first.up("offer", scene.offer, inputs), "the provider learned that the outcome is unknown", () => outcomeUnknown(first));

    const second = await scene.run({ recordDir, jobTimeoutMinutes: "0.05" });
    const created = await second.up("offer", scene.offer, inputs);
    assert.equal(created.outputs.state, "live");
    assert.equal(await scene.accepted(), 1);
    assert.equal((await scene.offersNamed()).length, 1);
    assert.match(second.host.output(), /appeared: the earlier request created nothing; sending it again/);
  });

  it("an offer this stack did not create is refused, as before: no record, a name taken", async () => {
    await scene.start(50);
    const inputs = customerOffer() as PropertyMap;
    const elsewhere = await scene.run({ recordDir: temporaryRecordDir("other-stack") });
    await elsewhere.up("offer", scene.offer, inputs);
    const ours = await scene.run({ recordDir: temporaryRecordDir("this-stack") });
    const failure = await ours.up("offer", scene.offer, inputs).then(() => undefined, (e: unknown) => e);
    assert.ok(failure instanceof HostCallError, String(failure));
    assert.match(failure.details, /an offer named "Contoso FY27" already exists outside this stack: .*add `adoptExistingId: "private-offer\/\S+"`/);
    assert.equal(await scene.accepted(), 1);
  });

  it("keeps its records beside the program by default, in a directory git ignores", async () => {
    await scene.start(1500);
    const program = mkdtempSync(join(tmpdir(), "offers-program-"));
    try {
      mkdirSync(join(program, "node_modules"));
      writeFileSync(join(program, "package.json"), JSON.stringify({ name: "offers-program", private: true }));
      symlinkSync(PACKAGE_ROOT, join(program, "node_modules", "pulumi-partnercenter-private-offers"), "dir");
      const stack = await scene.run({ recordDir: "" }, program);
      const run = started(stack.up("offer", scene.offer, customerOffer() as PropertyMap));
      await until("the create job is being polled", async () => (await scene.statusReads()) > 0);
      const dir = join(program, ".partnercenter", "creates");
      const [record] = records(dir);
      assert.equal(record?.["format"], "pulumi-partnercenter-private-offers/create-record/1");
      assert.match(String(record?.["jobId"]), /\S/);
      assert.ok(!JSON.stringify(record).includes(await scene.emulator.token()), "no token in the record");
      assert.match(readFileSync(join(dir, ".gitignore"), "utf8"), /^\*$/m);
      await stack.host.kill();
      await run;
    } finally {
      rmSync(program, { recursive: true, force: true });
    }
  });
});
