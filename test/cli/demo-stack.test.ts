// The demo stack (demo/program.ts) through the real Pulumi CLI against the emulator over TLS, as a
// reviewer and a GitOps job see it: preview creates nothing, up publishes every kind of offer,
// `preview --expect-no-changes` is clean, round 2's preview names the withdrawal and the price
// before -> after in the CLI's own output, up does it, destroy leaves nothing behind.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { offerRows } from "../../scripts/demo/stack";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { configurePosts, getOffer } from "../support/cli/partner-center";
import { openCliStack, Transcript, type CliStack } from "../support/cli/stack";

const DEMO = { module: path.resolve(__dirname, "../../demo/program.ts"), exportName: "demoProgram" };

describe("the demo stack through the real Pulumi CLI", function () {
  this.timeout(300_000);
  let emulator: TestEmulator;
  let cli: CliStack;
  const out = new Transcript();

  before(async () => {
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 200 });
    cli = await openCliStack({
      program: DEMO,
      emulator,
      projectName: "demo",
      config: { "demo:round": { value: "1" } },
    });
  });

  after(async () => {
    await cli?.dispose();
    await emulator?.close();
  });

  it("preview lists every resource to create and sends no write", async () => {
    const preview = await cli.stack.preview(out);
    assert.equal(preview.changeSummary["create"], 7, out.take());
    assert.equal(await configurePosts(emulator), 0);
  });

  it("up creates and publishes every offer, the multiparty one completed by the channel partner", async () => {
    const up = await cli.stack.up(out);
    assert.equal(up.summary.result, "succeeded", out.take());
    const rows = offerRows(await cli.stack.outputs());
    assert.equal(rows.length, 5);
    for (const row of rows) {
      assert.match(row.offerId, /^private-offer\//, row.resource);
      const held = await getOffer(emulator, row.offerId);
      assert.equal(held?.state, "live", `${row.resource} in Partner Center`);
    }
    assert.equal(rows.find((r) => r.resource === "fabrikam-multiparty-partner")?.subState, "pendingAcceptance");
    out.take();
  });

  it("preview --expect-no-changes is clean, with and without --refresh", async () => {
    await emulator.clearRequests();
    await cli.stack.preview({ ...out, expectNoChanges: true });
    await cli.stack.preview({ ...out, expectNoChanges: true, refresh: true });
    const text = out.take();
    assert.doesNotMatch(text, /written outside this stack/, "the channel partner's completion is this stack's own write");
    assert.equal(await configurePosts(emulator), 0);
  });

  it("round 2's preview names the withdrawal and the price before -> after; up does exactly that", async () => {
    await cli.stack.setConfig("demo:round", { value: "2" });
    await emulator.clearRequests();
    const preview = await cli.stack.preview({ ...out, diff: true });
    const text = out.take();
    assert.equal(preview.changeSummary["update"], 2, text);
    assert.match(text, /withdraws the live offer "Woodgrove collaboration seats"/);
    assert.match(text, /\$10 per user -> \$9 per user/);
    assert.doesNotMatch(text, /offerPricingType: \S+ -> \(none\)/, "an input known only after apply is not shown as removed");
    assert.equal(await configurePosts(emulator), 0, "preview writes nothing");

    const up = await cli.stack.up(out);
    assert.equal(up.summary.result, "succeeded", out.take());
    assert.equal(up.outputs["perUserPrice"]?.value, 9);
    assert.equal(await configurePosts(emulator), 2, "withdraw, then publish again");
    const seats = offerRows(up.outputs).find((r) => r.resource === "woodgrove-seats");
    assert.equal((await getOffer(emulator, seats!.offerId))?.state, "live");
  });

  it("destroy removes every offer from Partner Center", async () => {
    const ids = offerRows(await cli.stack.outputs())
      .filter((r) => r.resource !== "fabrikam-multiparty-partner")
      .map((r) => r.offerId);
    const destroy = await cli.stack.destroy(out);
    assert.equal(destroy.summary.result, "succeeded", out.take());
    for (const id of ids) {
      const held = await getOffer(emulator, id);
      assert.ok(held === undefined || held.state === "deleted", `${id} is still ${held?.state}`);
    }
  });
});
