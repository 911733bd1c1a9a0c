// `--data` survives SIGKILL: the emulator runs as a process, answers a burst of configure POSTs,
// is killed at once (while answers are still arriving, or right after the last one), and restarted
// on the same file. Every job whose 202 reached the client, and every offer a client read, must
// still be there, exactly once.

import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSeedFixture } from "../../fixtures/seeds/index";
import { startEmulatorProcess, type EmulatorProcess } from "./emulator-process";

const BURST = 40;
/** After how many answers each round kills the process: early, mid-burst, and right after the last one. */
const KILL_AFTER = [1, 13, 27, BURST, BURST];

function offerBody(name: string): unknown {
  const body = loadSeedFixture("csp-percentage-live").body as { resources: Record<string, unknown>[] };
  (body.resources[0] as Record<string, unknown>)["name"] = name;
  return body;
}

async function call(emulator: EmulatorProcess, method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.apiBaseUrl}${pathAndQuery}`, {
    method,
    headers: { authorization: `Bearer ${emulator.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

/**
 * Sends `BURST` configure POSTs at once and kills the process as soon as `killAfter` of them have
 * been answered. Answers the jobs whose 202 arrived in full (before or after the kill signal).
 */
async function burstThenKill(emulator: EmulatorProcess, round: number, killAfter: number): Promise<Map<string, string>> {
  const acknowledged = new Map<string, string>();
  let answered = 0;
  let killing: Promise<void> | undefined;
  await Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      const name = `durable round ${round} offer ${i}`;
      try {
        const answer = await call(emulator, "POST", "/configure?$version=2022-07-01", offerBody(name));
        assert.equal(answer.status, 202, JSON.stringify(answer.json));
        acknowledged.set((answer.json as { jobId: string }).jobId, name);
      } catch (error) {
        if (killing === undefined) throw error;
        return; // in flight when the process died: never acknowledged
      }
      answered++;
      if (answered === killAfter) killing = emulator.kill();
    }),
  );
  await (killing ?? emulator.kill());
  assert.ok(acknowledged.size >= killAfter, `${acknowledged.size} answers before the kill`);
  return acknowledged;
}

interface Known {
  /** Every acknowledged job and the offer name it asked for. */
  jobs: Map<string, string>;
  /** The offer each job created, once a client has read it from the job detail. */
  offers: Map<string, string>;
}

/** Every acknowledged job is there and completes; every offer read before is there, with the same id. */
async function verify(emulator: EmulatorProcess, known: Known, context: string): Promise<void> {
  for (const [jobId, name] of known.jobs) {
    let status = await call(emulator, "GET", `/configure/${jobId}/status?$version=2022-07-01`);
    assert.equal(status.status, 200, `${context}: job ${jobId} (${name}) is gone: ${JSON.stringify(status.json)}`);
    for (let attempt = 0; (status.json as { jobStatus: string }).jobStatus !== "completed" && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await call(emulator, "GET", `/configure/${jobId}/status?$version=2022-07-01`);
    }
    assert.equal((status.json as { jobResult: string }).jobResult, "succeeded", `${context}: job ${jobId}: ${JSON.stringify(status.json)}`);
    const detail = await call(emulator, "GET", `/configure/${jobId}?$version=2023-07-15`);
    const offerId = (detail.json as { resources: { id: string }[] }).resources.find((r) => r.id.startsWith("private-offer/"))?.id;
    assert.ok(offerId, `${context}: job ${jobId} names no offer: ${JSON.stringify(detail.json)}`);
    const earlier = known.offers.get(jobId);
    if (earlier !== undefined) assert.equal(offerId, earlier, `${context}: job ${jobId} now names another offer`);
    known.offers.set(jobId, offerId);
  }
  for (const [jobId, offerId] of known.offers) {
    const offer = await call(emulator, "GET", `/${offerId}?$version=2023-07-15`);
    assert.equal(offer.status, 200, `${context}: offer ${offerId} is gone`);
    assert.equal((offer.json as { name: string }).name, known.jobs.get(jobId));
  }
  const names: string[] = [];
  let next: string | undefined = "/private-offer/query?$version=2023-07-15";
  while (next !== undefined) {
    const page = await call(emulator, "GET", next);
    const body = page.json as { privateOffers: { name: string }[]; "@nextLink"?: string };
    names.push(...body.privateOffers.map((offer) => offer.name));
    next = body["@nextLink"]?.slice(emulator.apiBaseUrl.length);
  }
  for (const name of known.jobs.values()) {
    assert.equal(names.filter((n) => n === name).length, 1, `${context}: offer "${name}" is listed ${names.filter((n) => n === name).length} times`);
  }
}

describe("emulator durability: SIGKILL with --data", function () {
  this.timeout(240_000);
  let directory: string;
  let running: EmulatorProcess | undefined;
  beforeEach(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), "emulator-durability-"));
  });
  afterEach(async () => {
    await running?.kill();
    running = undefined;
    await fs.rm(directory, { recursive: true, force: true });
  });

  it(`loses no acknowledged job or offer when killed during and right after bursts of ${BURST} configure POSTs (${KILL_AFTER.length} rounds)`, async () => {
    const file = path.join(directory, "state.json");
    const known: Known = { jobs: new Map(), offers: new Map() };
    for (const [round, killAfter] of KILL_AFTER.entries()) {
      running = await startEmulatorProcess(["--data", file, "--job-latency-ms", "0"]);
      // What earlier rounds acknowledged survived; reading it also completes those jobs, and the
      // offers read here must survive the next kill too.
      await verify(running, known, `after restart ${round}`);
      const acknowledged = await burstThenKill(running, round, killAfter);
      for (const [jobId, name] of acknowledged) known.jobs.set(jobId, name);
    }
    running = await startEmulatorProcess(["--data", file, "--job-latency-ms", "0"]);
    await verify(running, known, "after the last restart");
    assert.ok(known.jobs.size >= KILL_AFTER.reduce((a, b) => a + b, 0));
  });

  it("keeps an acknowledged cancel, and the jobs around it, when killed right after its answer", async () => {
    const file = path.join(directory, "state.json");
    running = await startEmulatorProcess(["--data", file, "--job-latency-ms", "0"]);
    const fault = await fetch(`${running.url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ method: "POST", path: "/rp/product-ingestion/configure", stuck: true }),
    });
    assert.equal(fault.status, 201);
    const held = await call(running, "POST", "/configure?$version=2022-07-01", offerBody("held, then cancelled"));
    const kept = await call(running, "POST", "/configure?$version=2022-07-01", offerBody("kept"));
    const cancel = await call(running, "POST", `/configure/${(held.json as { jobId: string }).jobId}/cancel?$version=2022-07-01`);
    assert.equal(cancel.status, 200, JSON.stringify(cancel.json));
    await running.kill();

    running = await startEmulatorProcess(["--data", file, "--job-latency-ms", "0"]);
    const status = await call(running, "GET", `/configure/${(held.json as { jobId: string }).jobId}/status?$version=2022-07-01`);
    assert.equal((status.json as { jobResult: string }).jobResult, "cancelled");
    await verify(running, { jobs: new Map([[(kept.json as { jobId: string }).jobId, "kept"]]), offers: new Map() }, "after the restart");
  });
});
