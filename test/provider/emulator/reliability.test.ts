import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import { configurePosts, customerOffer, newProcess, refresh, rejection, up, type Props, type Resource } from "./support";
import { future } from "../../support/dates";

/** What the engine records from a partial-state error: the id and properties, inputs as given. */
function recorded(error: Error & Props, inputs: Props): Resource {
  assert.equal(typeof error.id, "string", `expected a partial-state error, got: ${error.message}`);
  return { id: String(error.id), outputs: error.properties as Props, inputs };
}

async function offersNamed(emulator: ReturnType<typeof useEmulator>, name: string): Promise<unknown[]> {
  const response = await emulator.api("/private-offer/query?$version=2026-02-01");
  const body = (await response.json()) as { value?: Array<{ name: string; state: string }>; privateOffers?: Array<{ name: string; state: string }> };
  return (body.privateOffers ?? body.value ?? []).filter((o) => o.name === name && o.state !== "deleted");
}

async function offerAsStored(emulator: ReturnType<typeof useEmulator>, resource: Resource): Promise<Props> {
  const response = await emulator.api(`/private-offer/${String(resource.outputs.offerId).replace("private-offer/", "")}?$version=2026-02-01`);
  return (await response.json()) as Props;
}

describe("PrivateOffer reliability against emulator faults", function () {
  this.timeout(30_000);
  const emulator = useEmulator({ jobLatencyMs: 150 });

  it("a create whose job outlives the timeout is kept with its pending job, and the next up resumes it without posting again", async () => {
    const h = await newProcess(emulator);
    const inputs = { ...customerOffer(), jobTimeoutMinutes: 0.0005 };
    const error = await rejection(up(h.offers, inputs));
    assert.match(error.message, /next `pulumi up` waits for that job/);
    const kept = recorded(error, inputs);
    assert.match(kept.id, /^pending-job\//);
    assert.equal((kept.outputs.pendingJob as Props).action, "create");

    await emulator.clearRequests();
    const later = await newProcess(emulator);
    const resumed = await up(later.offers, customerOffer(), kept);
    assert.equal(resumed.outputs.state, "live");
    assert.match(String(resumed.outputs.offerId), /^private-offer\//);
    assert.equal(resumed.outputs.pendingJob, undefined);
    assert.equal(await configurePosts(emulator), 0, "the job was resumed, not sent again");
    assert.equal((await offersNamed(emulator, "Contoso FY27")).length, 1, "no duplicate offer");
    // Refresh gives the resource its real id.
    assert.equal((await refresh(later.offers, resumed)).id, resumed.outputs.offerId);
  });

  it("refresh of a create whose job was pending: kept pending while it runs, then the real id and outputs once it finished", async () => {
    const h = await newProcess(emulator);
    const inputs = { ...customerOffer(), jobTimeoutMinutes: 0.0005 };
    const kept = recorded(await rejection(up(h.offers, inputs)), inputs);
    const running = await refresh(h.offers, kept);
    assert.equal(running.id, kept.id);
    assert.deepEqual(running.outputs.pendingJob, kept.outputs.pendingJob);
    assert.ok(h.lines.some((l) => /is still (running|notStarted).*stays pending/.test(l)), h.lines.join("\n"));

    await new Promise((r) => setTimeout(r, 200));
    const finished = await refresh(h.offers, running);
    assert.match(finished.id, /^private-offer\//);
    assert.equal(finished.outputs.offerId, finished.id);
    assert.equal(finished.outputs.state, "live");
    assert.equal(finished.outputs.pendingJob, undefined);
    await emulator.clearRequests();
    await up(h.offers, inputs, finished);
    assert.equal(await configurePosts(emulator), 0, "nothing left to do after the refresh");
  });

  it("a create whose job fails leaves nothing behind, says what failed and what to do, and the next up creates it", async () => {
    const h = await newProcess(emulator);
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", jobResult: "failed" });
    const error = await rejection(up(h.offers, customerOffer()));
    assert.match(error.message, /could not create and publish the offer: configure job \S+ failed/);
    assert.match(error.message, /run `pulumi up` again/);
    assert.equal(error.id, undefined, "no resource recorded: nothing was created");
    assert.equal((await offersNamed(emulator, "Contoso FY27")).length, 0);

    await emulator.clearRequests();
    const created = await up((await newProcess(emulator)).offers, customerOffer());
    assert.equal(created.outputs.state, "live");
    assert.equal(await configurePosts(emulator), 1);
    assert.equal((await offersNamed(emulator, "Contoso FY27")).length, 1);
  });

  it("a stale eTag on update overwrites nothing and tells the user to run pulumi refresh", async () => {
    const h = await newProcess(emulator);
    const created = await up(h.offers, customerOffer());
    await emulator.edit(String(created.outputs.offerId), { notes: "edited in Partner Center" });
    const error = await rejection(up(h.offers, customerOffer({ end: future("09-30", 1) }), created));
    assert.match(error.message, /changed outside this stack.*nothing was overwritten. Run `pulumi refresh`/s);
    const offer = await offerAsStored(emulator, created);
    assert.equal(offer.notes, "edited in Partner Center");
    assert.equal(offer.state, "live");
    assert.equal(offer.end, future("06-30", 1));
  });

  it("an edit in Partner Center since the last refresh does not block a delete: it reads the offer first, says so, and deletes", async () => {
    const h = await newProcess(emulator);
    const created = await up(h.offers, customerOffer());
    await emulator.edit(String(created.outputs.offerId), { notes: "edited in Partner Center" });
    await emulator.clearRequests();
    await h.offers.delete!(created.id, created.outputs);
    assert.equal(await configurePosts(emulator), 2, "withdraw, then delete");
    assert.equal((await offersNamed(emulator, "Contoso FY27")).length, 0);
    const said = h.lines.filter((l) => l.includes("changed in Partner Center since the last refresh"));
    assert.equal(said.length, 1, h.lines.join("\n"));
    assert.match(said[0] ?? "", /\(notes\)/);
  });

  it("a delete whose withdraw job outlives the timeout says what to do, and the next destroy reads the offer and only deletes it", async () => {
    const h = await newProcess(emulator);
    const created = await up(h.offers, customerOffer());
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", stuck: true });
    const stale = { ...created.outputs, jobTimeoutMinutes: 0.005 };
    const error = await rejection(h.offers.delete!(created.id, stale));
    assert.match(error.message, /could not withdraw the live offer before deleting it: configure job \S+ did not finish in time/);
    assert.match(error.message, /Configure job \S+ \(withdraw\) was accepted and may still finish; run `pulumi destroy` again: it reads the offer first/);
    await emulator.clearFaults();
    const released = await fetch(`${emulator.url}/_emulator/jobs/release`, { method: "POST" });
    assert.equal(released.ok, true);
    await released.arrayBuffer();

    // The engine recorded nothing for the failed delete: the next destroy starts from the same outputs.
    await emulator.clearRequests();
    await (await newProcess(emulator)).offers.delete!(created.id, stale);
    assert.equal(await configurePosts(emulator), 1, "the withdraw finished: only the delete is sent");
    assert.equal((await offersNamed(emulator, "Contoso FY27")).length, 0);
  });

  it("deleting an offer already gone sends nothing", async () => {
    const h = await newProcess(emulator);
    const created = await up(h.offers, customerOffer());
    await h.offers.delete!(created.id, created.outputs);
    await emulator.clearRequests();
    await h.offers.delete!(created.id, created.outputs);
    assert.equal(await configurePosts(emulator), 0);
    assert.ok(h.lines.some((l) => l.includes("nothing to delete")), h.lines.join("\n"));
  });

  it("a create POST whose connection drops after it took effect is reconciled by name, never sent twice", async () => {
    const h = await newProcess(emulator);
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", reset: true, after: "processing" });
    const created = await up(h.offers, customerOffer());
    assert.equal(created.outputs.state, "live");
    assert.equal(await configurePosts(emulator), 1);
    assert.equal((await offersNamed(emulator, "Contoso FY27")).length, 1);
    assert.ok(h.lines.some((l) => l.includes("looking the offer up")), h.lines.join("\n"));
  });

  it("a failed publish after the withdraw says the offer is withdrawn, and the next up brings it live", async () => {
    const h = await newProcess(emulator);
    const created = await up(h.offers, customerOffer());
    const changed = customerOffer({ end: future("09-30", 1) });
    const live = created;
    await emulator.clearRequests();
    const withdrawThenFail = async () => {
      const pending = up(h.offers, changed, live);
      // Fail the job of the second POST: arm the fault as soon as the first POST was seen.
      for (let i = 0; i < 200; i++) {
        if ((await configurePosts(emulator)) >= 1) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", jobResult: "failed" });
      return pending;
    };
    const error = await rejection(withdrawThenFail());
    assert.match(error.message, /withdrawn: customers cannot see it/);
    assert.match(error.message, /next `pulumi up` publishes it again/);
    // The engine shows a partial-state error by its reasons: they carry the whole message.
    assert.deepEqual(error["reasons"], [error.message]);
    const kept = recorded(error, changed);
    assert.equal(kept.outputs.state, "withdrawn");

    await emulator.clearFaults();
    const converged = await up(h.offers, changed, kept);
    assert.equal(converged.outputs.state, "live");
    assert.equal(converged.outputs.end, future("09-30", 1));
  });

  it("a failed publish after waiting for an earlier run's withdraw says the offer is withdrawn", async () => {
    const h = await newProcess(emulator);
    const created = await up(h.offers, customerOffer());
    const changed = customerOffer({ end: future("09-30", 1) });
    // The withdraw's job outlives the job timeout: kept in state as pending.
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", stuck: true });
    const stuck = await rejection(up(h.offers, { ...changed, jobTimeoutMinutes: 0.0005 }, created));
    const kept = recorded(stuck, changed);
    assert.equal((kept.outputs.pendingJob as Props).action, "withdraw");
    await emulator.clearFaults();
    await emulator.releaseStuckJobs();

    // The next up waits for that withdraw, then its publish fails: the customer cannot see the offer.
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", jobResult: "failed" });
    const error = await rejection(up(h.offers, changed, kept));
    assert.match(error.message, /could not publish the withdrawn offer again/);
    assert.match(error.message, /withdrawn: customers cannot see it/);
    assert.match(error.message, /next `pulumi up` publishes it again/);
    assert.equal(recorded(error, changed).outputs.state, "withdrawn");
  });

  it("a publish job still running after the withdraw says the offer is withdrawn until it finishes", async () => {
    const h = await newProcess(emulator);
    const created = await up(h.offers, customerOffer());
    const changed = customerOffer({ end: future("09-30", 1), jobTimeoutMinutes: 0.02 });
    await emulator.clearRequests();
    const pending = up(h.offers, changed, created);
    for (let i = 0; i < 200 && (await configurePosts(emulator)) < 1; i++) await new Promise((r) => setTimeout(r, 5));
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", stuck: true });
    const error = await rejection(pending);
    assert.match(error.message, /Configure job \S+ \(publish\) was accepted and may still finish\. Until it does, the offer is withdrawn: customers cannot see it\./);
    assert.equal((recorded(error, changed).outputs.pendingJob as Props).action, "publish");
    await emulator.clearFaults();
    await emulator.releaseStuckJobs();
  });

  it("a stuck publish job is kept in state as pending, under the offer's own id", async () => {
    const h = await newProcess(emulator);
    const created = await up(h.offers, customerOffer({ state: "draft" }));
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", stuck: true });
    const inputs = customerOffer({ jobTimeoutMinutes: 0.001 });
    const error = await rejection(up(h.offers, inputs, created));
    const kept = recorded(error, inputs);
    assert.equal(kept.id, created.id);
    assert.equal((kept.outputs.pendingJob as Props).action, "publish");
    assert.equal(kept.outputs.offerId, created.outputs.offerId);
  });
});

describe("PrivateOffer secrets", function () {
  this.timeout(20_000);
  const emulator = useEmulator({ jobLatencyMs: 10 });

  it("no token, client secret or SAS signature appears in outputs, progress lines or errors", async () => {
    const h = await newProcess(emulator);
    const token = await emulator.token(emulator.softwareCompany);
    const sas = "https://files.example.com/terms.pdf?sv=2024-01-01&sig=SuperSecretSignature123";
    const created = await up(h.offers, customerOffer({ termsAndConditionsDocSasUrl: sas }));
    const error = await rejection(up(h.offers, customerOffer({ termsAndConditionsDocSasUrl: sas, jobTimeoutMinutes: 0.00001, end: future("09-30", 1) }), created));
    const text = [JSON.stringify(created.outputs), ...h.lines, error.message, JSON.stringify(error.properties ?? {})].join("\n");
    assert.ok(!text.includes(token), "an access token leaked");
    assert.ok(!h.lines.join("\n").includes("SuperSecretSignature123"), "a SAS signature leaked into progress");
    assert.ok(!error.message.includes("SuperSecretSignature123"), "a SAS signature leaked into an error");
  });
});
