import assert from "node:assert/strict";
import * as net from "node:net";
import { engineAddressFrom, systemProbe, watchForOrphaning, type OrphanProbe } from "../../../provider/dynamic/orphan-watch";

/** A schedule the test steps by hand. */
function manualSchedule() {
  const pending: Array<() => void> = [];
  return {
    schedule: (check: () => void) => void pending.push(check),
    async tick() {
      const next = pending.shift();
      assert.ok(next, "a check is scheduled");
      next();
      await new Promise((resolve) => setImmediate(resolve));
    },
    get scheduled() {
      return pending.length;
    },
  };
}

describe("the provider stops once the engine that started it is gone", () => {
  it("keeps watching while the parent and the engine are there", async () => {
    const clock = manualSchedule();
    const reasons: string[] = [];
    const probe: OrphanProbe = { parentPid: () => 42, engineAnswers: async () => true };
    watchForOrphaning({ engineAddress: "127.0.0.1:5000", probe, schedule: clock.schedule, onOrphaned: (r) => reasons.push(r) });
    for (let i = 0; i < 3; i++) await clock.tick();
    assert.deepEqual(reasons, []);
    assert.equal(clock.scheduled, 1);
  });

  it("stops when its parent changes (the CLI was killed and the host was adopted by init)", async () => {
    const clock = manualSchedule();
    let parent = 42;
    const reasons: string[] = [];
    const probe: OrphanProbe = { parentPid: () => parent, engineAnswers: async () => true };
    watchForOrphaning({ engineAddress: undefined, probe, schedule: clock.schedule, onOrphaned: (r) => reasons.push(r) });
    await clock.tick();
    parent = 1;
    await clock.tick();
    assert.deepEqual(reasons, ["the Pulumi CLI that started this provider has exited"]);
    assert.equal(clock.scheduled, 0, "no check after stopping");
  });

  it("stops when the engine's address refuses connections (a shell between the CLI and the host outlived the CLI)", async () => {
    const clock = manualSchedule();
    let answers = true;
    const reasons: string[] = [];
    const probe: OrphanProbe = { parentPid: () => 42, engineAnswers: async () => answers };
    watchForOrphaning({ engineAddress: "127.0.0.1:5000", probe, schedule: clock.schedule, onOrphaned: (r) => reasons.push(r) });
    await clock.tick();
    answers = false;
    await clock.tick();
    assert.deepEqual(reasons, ["the Pulumi engine at 127.0.0.1:5000 no longer answers"]);
  });

  it("can be stopped", async () => {
    const clock = manualSchedule();
    const reasons: string[] = [];
    const stop = watchForOrphaning({ engineAddress: undefined, probe: { parentPid: () => 1 + reasons.length, engineAnswers: async () => true }, schedule: clock.schedule, onOrphaned: (r) => reasons.push(r) });
    stop();
    await clock.tick();
    assert.deepEqual(reasons, []);
  });

  it("finds the engine's address among the host's arguments", () => {
    assert.equal(engineAddressFrom(["node", "/x/dynamic-provider/index.js", "127.0.0.1:38277"]), "127.0.0.1:38277");
    assert.equal(engineAddressFrom(["node", "script.js"]), undefined);
    assert.equal(engineAddressFrom(["node", "script.js", "127.0.0.1:0"]), undefined, "port 0 names no engine");
  });

  it("probes a real address: a listener answers, a closed port refuses", async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    assert.equal(await systemProbe.engineAnswers(`127.0.0.1:${port}`), true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.equal(await systemProbe.engineAnswers(`127.0.0.1:${port}`), false);
  });
});
