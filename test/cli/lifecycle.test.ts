// User paths through the real CLI that the engine shapes: a change that forces a new offer (the
// CLI's replace, delete before create), drift made in Partner Center's UI found by
// `preview --refresh --expect-no-changes` and repaired by refresh + up, and a stack whose state and
// program moved to another directory, still refreshed and destroyed.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { configurePosts, getOffer } from "../support/cli/partner-center";
import { newStackFolders, openCliStack, Transcript, type CliStack } from "../support/cli/stack";
import { REPO_ROOT } from "../../scripts/cli/toolchain";

const PROGRAM = { module: path.resolve(__dirname, "programs/offers.ts"), exportName: "customerOffers" };

function offerIdOf(outputs: Record<string, { value: unknown }>): string {
  const [id] = outputs["offerIds"]?.value as string[];
  assert.match(String(id), /^private-offer\//);
  return id!;
}

describe("lifecycle paths through the real Pulumi CLI", function () {
  this.timeout(300_000);
  let emulator: TestEmulator;
  const stacks: CliStack[] = [];
  const out = new Transcript();

  before(async () => {
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 150 });
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

  it("a draft renamed: the CLI previews a replacement, deletes the old draft and creates the new one", async () => {
    const cli = await open("replace", { state: "draft", name: "Contoso draft A" });
    const first = await cli.stack.up(out);
    const oldId = offerIdOf(first.outputs);
    assert.equal((await getOffer(emulator, oldId))?.state, "draft", out.take());

    await cli.stack.setConfig("offers:name", { value: "Contoso draft B" });
    const preview = await cli.stack.preview({ ...out, diff: true });
    const shown = out.take();
    assert.equal(preview.changeSummary["replace"], 1, shown);
    assert.match(shown, /replaces the draft offer "Contoso draft A": the old offer is deleted, then a new one created \(name changed\)/);
    assert.match(shown, /\+-pulumi-nodejs:dynamic\/partnercenter:PrivateOffer: \(replace\)/);
    assert.match(shown, /\+-1 to replace/);

    await emulator.clearRequests();
    const up = await cli.stack.up(out);
    assert.equal(up.summary.resourceChanges?.["replace"], 1, out.text);
    const newId = offerIdOf(up.outputs);
    assert.notEqual(newId, oldId);
    const old = await getOffer(emulator, oldId);
    assert.ok(old === undefined || old.state === "deleted", `the old draft is ${old?.state}`);
    const created = await getOffer(emulator, newId);
    assert.equal(created?.state, "draft");
    assert.equal(created?.name, "Contoso draft B");
    assert.equal(await configurePosts(emulator), 2, "delete the old draft, create the new one");
    out.take();
  });

  it("drift made in Partner Center fails preview --refresh --expect-no-changes; refresh and up restore the offer", async () => {
    const cli = await open("drift", { name: "Contoso drift" });
    const offerId = offerIdOf((await cli.stack.up(out)).outputs);
    await cli.stack.preview({ ...out, expectNoChanges: true, refresh: true });
    out.take();

    const edited = await emulator.edit(offerId, { name: "Renamed in Partner Center" });
    assert.equal(edited.status, 200);
    const failed = await cli.stack.preview({ ...out, expectNoChanges: true, refresh: true }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(failed instanceof Error, "preview --refresh --expect-no-changes must fail on drift");
    const said = out.take() + failed.message;
    assert.match(said, /drift: name: Contoso drift -> Renamed in Partner Center/);
    assert.match(said, /no changes were expected for preview but changes were proposed/);
    assert.match(said, /exit code 7/);

    const refresh = await cli.stack.refresh(out);
    assert.equal(refresh.summary.result, "succeeded", out.text);
    const up = await cli.stack.up(out);
    assert.equal(up.summary.resourceChanges?.["update"], 1, out.text);
    const restored = await getOffer(emulator, offerId);
    assert.equal(restored?.name, "Contoso drift");
    assert.equal(restored?.state, "live");
    out.take();
    await cli.stack.preview({ ...out, expectNoChanges: true, refresh: true });
    await cli.stack.preview({ ...out, expectNoChanges: true });
    out.take();
  });

  it("state and program moved to another directory: refresh and destroy work, and the state names no path of either", async () => {
    const cli = await open("moved", { name: "Contoso moved" });
    const offerId = offerIdOf((await cli.stack.up(out)).outputs);
    out.take();

    const exported = await cli.cli(["stack", "export"]);
    assert.equal(exported.code, 0, exported.stderr);
    for (const place of [cli.workDir, cli.stateDir, os.tmpdir(), REPO_ROOT]) {
      assert.ok(!exported.stdout.includes(place), `the state names ${place}`);
    }

    const elsewhere = await newStackFolders("moved-to");
    await fs.rm(elsewhere.workDir, { recursive: true });
    await fs.rm(elsewhere.stateDir, { recursive: true });
    await fs.rm(elsewhere.home, { recursive: true });
    await fs.rename(cli.workDir, elsewhere.workDir);
    await fs.rename(cli.stateDir, elsewhere.stateDir);
    const moved = await openCliStack({ ...cli.options, workDir: elsewhere.workDir, stateDir: elsewhere.stateDir });
    stacks.push(moved);

    const refresh = await moved.stack.refresh(out);
    assert.equal(refresh.summary.result, "succeeded", out.text);
    await moved.stack.preview({ ...out, expectNoChanges: true });
    const destroy = await moved.stack.destroy(out);
    assert.equal(destroy.summary.result, "succeeded", out.text);
    const held = await getOffer(emulator, offerId);
    assert.ok(held === undefined || held.state === "deleted", `the offer is ${held?.state}`);
    out.take();
  });
});
