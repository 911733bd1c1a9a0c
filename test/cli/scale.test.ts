// A hundred offers in one `pulumi up` at the CLI's default parallelism: every offer is created and
// published exactly once (one configure POST each, no duplicate name), and one destroy removes them.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { configurePosts, liveAndPendingByName } from "../support/cli/partner-center";
import { openCliStack, Transcript, type CliStack } from "../support/cli/stack";

const PROGRAM = { module: path.resolve(__dirname, "programs/offers.ts"), exportName: "customerOffers" };
const OFFERS = 100;

describe(`${OFFERS} offers in one up through the real Pulumi CLI`, function () {
  this.timeout(600_000);
  let emulator: TestEmulator;
  let cli: CliStack;
  const out = new Transcript();

  before(async () => {
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 500 });
    cli = await openCliStack({
      program: PROGRAM,
      emulator,
      projectName: "hundred",
      pollIntervalSeconds: 0.25,
      config: { "offers:count": { value: String(OFFERS) }, "offers:name": { value: "Contoso seat" } },
    });
  });

  after(async () => {
    await cli?.dispose();
    await emulator?.close();
  });

  it("creates and publishes each offer exactly once", async () => {
    const up = await cli.stack.up(out);
    assert.equal(up.summary.result, "succeeded", out.text.slice(-4000));
    assert.equal(up.summary.resourceChanges?.["create"], OFFERS + 1);
    const byName = await liveAndPendingByName(emulator);
    assert.equal(byName.size, OFFERS);
    for (let i = 1; i <= OFFERS; i++) {
      const held = byName.get(`Contoso seat ${i}`) ?? [];
      assert.equal(held.length, 1, `Contoso seat ${i}: ${held.length} offers`);
      assert.equal(held[0]!.state, "live");
    }
    assert.equal(await configurePosts(emulator), OFFERS, "one configure POST per offer");
    out.take();
  });

  it("destroy removes all of them", async () => {
    const destroy = await cli.stack.destroy(out);
    assert.equal(destroy.summary.result, "succeeded", out.text.slice(-4000));
    assert.equal((await liveAndPendingByName(emulator)).size, 0);
    out.take();
  });
});
