// An update or a delete interrupted between its withdraw and its next step, through Pulumi's real
// dynamic-provider host: state still says live with the eTag from before the withdraw. The next
// plain run carries on from the withdrawn offer; a change made elsewhere is still refused.
import assert from "node:assert/strict";
import { HostCallError, type PropertyMap } from "../../support/provider-host";
import { temporaryRecordDir } from "../../support/records";
import { customerOffer } from "../emulator/support";
import { CONFIGURE, CrashScene, killWhen, outcomeUnknown } from "./crash";
import type { HostStack } from "./stack";
import { future } from "../../support/dates";

describe("an update or delete killed between its steps, then the next plain run, through the real provider host", function () {
  this.timeout(90_000);
  const scene = new CrashScene();
  afterEach(() => scene.end());

  /**
   * Runs the update or delete until its withdraw is sent, drops its next configure request before it
   * takes effect, and kills the host while the provider looks for that request's outcome: the kill
   * lands between the two steps, with the offer withdrawn and the stack's state as before the run.
   */
  async function killBetweenSteps(first: HostStack, start: () => Promise<unknown>): Promise<void> {
    await scene.emulator.clearRequests();
    let dropping = false;
    await killWhen(first, start(), "the withdraw was sent and the next step's outcome is being looked for", async () => {
      if (!dropping && (await scene.configurePosts()).length >= 1) {
        await scene.emulator.fault({ method: "POST", path: CONFIGURE, reset: true });
        dropping = true;
      }
      return dropping && outcomeUnknown(first);
    });
  }

  it("an update killed between its withdraw and its publish: the next update publishes from the withdrawn offer, never calling its own withdraw a change outside the stack", async () => {
    await scene.start(100);
    const recordDir = temporaryRecordDir("update");
    const first = await scene.run({ recordDir, pollIntervalSeconds: "0.5", jobTimeoutMinutes: "1" });
    const before = await first.up("offer", scene.offer, customerOffer() as PropertyMap);
    const changed = customerOffer({ end: future("09-30", 1) }) as PropertyMap;
    await killBetweenSteps(first, () => first.up("offer", scene.offer, changed));
    assert.equal((await scene.offersNamed())[0]?.state, "withdrawn");
    assert.equal(first.entry("offer").outputs.eTag, before.outputs.eTag, "state still says live with the eTag from before the withdraw");

    await scene.emulator.clearRequests();
    const second = await scene.next(first, { recordDir });
    const updated = await second.up("offer", scene.offer, changed);
    assert.equal(updated.outputs.state, "live");
    assert.equal(updated.outputs.end, future("09-30", 1));
    const [live] = await scene.offersNamed();
    assert.equal(live?.state, "live");
    assert.equal(live?.end, future("09-30", 1));
    assert.equal(await scene.accepted(), 1, "only the publish: the withdraw is not sent again");
    assert.match(second.host.output(), /withdrawn, as an earlier run of this update left it when it was interrupted: continuing from there/);
    assert.doesNotMatch(second.host.output(), /outside this stack/);
  });

  it("an update changed elsewhere as well is still refused, with the advice to refresh, naming only the other change", async () => {
    await scene.start(50);
    const recordDir = temporaryRecordDir("update-edited");
    const first = await scene.run({ recordDir });
    const before = await first.up("offer", scene.offer, customerOffer() as PropertyMap);
    await scene.emulator.edit(String(before.outputs.offerId), { notes: "edited in Partner Center" });
    const failure = await first.up("offer", scene.offer, customerOffer({ end: future("09-30", 1) }) as PropertyMap).then(() => undefined, (e: unknown) => e);
    assert.ok(failure instanceof HostCallError, String(failure));
    assert.match(failure.details, /changed outside this stack since it was last read \(notes\); nothing was overwritten. Run `pulumi refresh`/);
  });

  it("a delete killed between its withdraw and its delete: the next destroy deletes the withdrawn offer", async () => {
    await scene.start(100);
    const recordDir = temporaryRecordDir("delete");
    const first = await scene.run({ recordDir, pollIntervalSeconds: "0.5", jobTimeoutMinutes: "1" });
    await first.up("offer", scene.offer, customerOffer() as PropertyMap);
    await killBetweenSteps(first, () => first.destroy("offer"));
    assert.equal((await scene.offersNamed())[0]?.state, "withdrawn");

    await scene.emulator.clearRequests();
    const second = await scene.next(first, { recordDir });
    await second.destroy("offer");
    assert.equal((await scene.offersNamed()).length, 0);
    assert.equal(await scene.accepted(), 1, "only the delete");
    assert.doesNotMatch(second.host.output(), /outside this stack/);
  });

});
