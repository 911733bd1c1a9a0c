// A `pulumi up` killed with SIGKILL, the whole process group at once (the program's process, the
// CLI and its plugins), as a cancelled CI job or an out-of-memory kill ends it. What the real CLI
// does next: the file backend still holds the killed run's lock, so the next `pulumi up` stops
// with "the stack is currently locked ... delete the lock file with `pulumi cancel`" and changes
// nothing; after `pulumi cancel` the engine keeps the interrupted create as a pending operation,
// and the next plain `pulumi up` warns and calls create again. The provider must find its own
// interrupted work so that at most two plain `up` runs, with no state edit and no extra flag,
// leave exactly the declared offers.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { configurePosts, getOffer, liveAndPendingByName } from "../support/cli/partner-center";
import { openCliStack, Transcript, type CliStack } from "../support/cli/stack";
import { pollUntil, runKilledAt } from "../support/cli/killed-run";

const PROGRAM = { module: path.resolve(__dirname, "programs/offers.ts"), exportName: "customerOffers" };
const CONFIGURE = "/rp/product-ingestion/configure";

/**
 * Runs `pulumi up` in a child process group and kills the group with SIGKILL once `moment` holds.
 * Returns what the run printed; fails if any process of the run (the provider host, which the CLI
 * starts in a group of its own) outlives the kill by 10 s.
 */
async function upKilledWhen(cli: CliStack, moment: () => Promise<boolean>): Promise<string> {
  const killed = await runKilledAt(cli, "up", moment);
  assert.deepEqual(killed.outlived, [], "every process of the killed run is gone within 10 s");
  return killed.printed;
}

describe("an up killed with SIGKILL, then plain pulumi up, through the real Pulumi CLI", function () {
  this.timeout(300_000);
  let emulator: TestEmulator;
  const stacks: CliStack[] = [];
  const out = new Transcript();

  before(async () => {
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 200 });
  });

  afterEach(async () => {
    await emulator.releaseStuckJobs();
    await emulator.clearFaults();
  });

  after(async () => {
    for (const stack of stacks) await stack.dispose();
    await emulator?.close();
  });

  async function open(projectName: string, config: Record<string, string>): Promise<CliStack> {
    const cli = await openCliStack({
      program: PROGRAM,
      emulator,
      projectName,
      config: Object.fromEntries(Object.entries(config).map(([k, value]) => [`offers:${k}`, { value }])),
    });
    stacks.push(cli);
    return cli;
  }

  const statusReadsOf = async (jobId: string) =>
    (await emulator.requests()).filter((r) => r.method === "GET" && r.path === `${CONFIGURE}/${jobId}/status`).length;

  /** The job id of the n-th configure POST answered (from the job listing of the request log). */
  async function jobIdsPolled(): Promise<string[]> {
    const ids = new Set<string>();
    for (const r of await emulator.requests()) {
      const match = /\/configure\/([^/]+)\/status$/.exec(r.path);
      if (match?.[1]) ids.add(match[1]);
    }
    return [...ids];
  }

  /**
   * What the user meets first after the kill: the backend's lock, named with the command that
   * removes it, and nothing sent. Then `pulumi cancel`, as the message says.
   */
  async function afterTheKill(cli: CliStack): Promise<void> {
    const posts = await configurePosts(emulator);
    const locked = await cli.stack.up(out).then(
      () => assert.fail("the killed run's lock did not stop the next up"),
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    assert.match(locked, /the stack is currently locked by 1 lock\(s\)\. Either wait for the other process\(es\) to end or delete the lock file with `pulumi cancel`/);
    assert.equal(await configurePosts(emulator), posts, "a locked stack sends nothing");
    const cancel = await cli.cli(["cancel", "--yes", "--stack", cli.stack.name]);
    assert.equal(cancel.code, 0, cancel.stderr);
    out.take();
  }

  /** Plain `pulumi up`, at most twice, until one succeeds; returns how many runs it took. */
  async function upUntilConverged(cli: CliStack): Promise<number> {
    for (let run = 1; run <= 2; run++) {
      const result = await cli.stack.up(out).then(
        (up) => up.summary.result,
        (error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (result === "succeeded") return run;
      if (run === 2) assert.fail(`two plain pulumi up runs did not converge:\n${out.text}`);
    }
    return 2;
  }

  it("killed while the create's configure job runs: the next up waits for that job, and exactly one offer exists", async () => {
    const cli = await open("crash-create", { name: "Contoso crash create" });
    await emulator.clearRequests();
    await emulator.fault({ method: "POST", path: CONFIGURE, stuck: true });
    const printed = await upKilledWhen(cli, async () => (await jobIdsPolled()).length > 0);
    assert.equal(await configurePosts(emulator), 1, printed);
    const [jobId] = await jobIdsPolled();

    // The job finishes while nothing runs: Partner Center publishes on its own schedule.
    const released = pollUntil("the next run to ask about the job", async () => (await statusReadsOf(jobId!)) >= 2).then(() =>
      emulator.releaseStuckJobs(),
    );
    await afterTheKill(cli);
    const runs = await upUntilConverged(cli);
    await released;
    const said = out.take();
    const held = (await liveAndPendingByName(emulator)).get("Contoso crash create") ?? [];
    assert.equal(held.length, 1, `offers named "Contoso crash create": ${held.map((o) => `${o.id} ${o.state}`).join(", ")}\n${said}`);
    assert.equal(held[0]!.state, "live");
    assert.equal(await configurePosts(emulator), 1, `no second create was sent (${runs} run(s))\n${said}`);
    const outputs = await cli.stack.outputs();
    assert.deepEqual(outputs["offerIds"]?.value, [held[0]!.id]);
    await cli.stack.preview({ ...out, expectNoChanges: true, refresh: true });
    out.take();
  });

  it("killed after the create's job finished but before the engine recorded it: the next up adopts this stack's offer", async () => {
    const cli = await open("crash-recorded", { name: "Contoso crash after job" });
    await emulator.clearRequests();
    await emulator.fault({ method: "POST", path: CONFIGURE, stuck: true });
    await upKilledWhen(cli, async () => (await jobIdsPolled()).length > 0);
    await emulator.releaseStuckJobs();
    const [jobId] = await jobIdsPolled();
    await pollUntil("the job to finish", async () => {
      const status = await emulator.api(`/configure/${jobId}/status?$version=2022-07-01`);
      return ((await status.json()) as { jobStatus?: string }).jobStatus === "completed";
    });
    await afterTheKill(cli);
    const runs = await upUntilConverged(cli);
    const said = out.take();
    const held = (await liveAndPendingByName(emulator)).get("Contoso crash after job") ?? [];
    assert.equal(held.length, 1, said);
    assert.equal(await configurePosts(emulator), 1, `no second create was sent (${runs} run(s))\n${said}`);
    assert.doesNotMatch(said, /already exists outside this stack/);
  });

  it("killed while an update's withdraw runs: the next up publishes the offer again with the change, and never calls its own withdraw a change made outside the stack", async () => {
    const cli = await open("crash-update", { name: "Contoso crash update", discount: "10" });
    const first = await cli.stack.up(out);
    const [offerId] = first.outputs["offerIds"]?.value as string[];
    out.take();

    await cli.stack.setConfig("offers:discount", { value: "12" });
    await emulator.clearRequests();
    await emulator.fault({ method: "POST", path: CONFIGURE, stuck: true });
    await upKilledWhen(cli, async () => (await jobIdsPolled()).length > 0);
    // The withdraw took effect after the crash: customers cannot see the offer now.
    await emulator.releaseStuckJobs();
    await pollUntil("the withdraw to finish", async () => (await getOffer(emulator, offerId!))?.state === "withdrawn");

    await afterTheKill(cli);
    const runs = await upUntilConverged(cli);
    const said = out.take();
    const offer = await getOffer(emulator, offerId!);
    assert.equal(offer?.state, "live", said);
    const pricing = offer?.["pricing"] as Array<{ discountPercentage?: number }> | undefined;
    assert.equal(pricing?.[0]?.discountPercentage, 12, said);
    assert.doesNotMatch(said, /changed outside this stack|outside this stack since/, `this stack's own withdraw is not someone else's change (${runs} run(s))`);
    assert.equal(await configurePosts(emulator, "accepted"), 2, `one withdraw, one publish\n${said}`);
    // The eTag in state predates the withdraw; the one request it cost was refused unprocessed.
    assert.ok((await configurePosts(emulator)) <= 3, said);
    await cli.stack.preview({ ...out, expectNoChanges: true, refresh: true });
    out.take();
  });
});
