// The create record inside one provider process against the emulator, with an injected clock and
// sleep: how many look-ups a lost answer costs at the default settings, what a record that cannot be
// read does, and two resources creating the same offer at once.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { CreateRecordStore } from "../../../provider/dynamic/create-records";
import { createPrivateOfferProvider } from "../../../provider/dynamic/private-offer";
import { ProviderRuntime } from "../../../provider/dynamic/runtime";
import { createKeyOf, postingRecord, type CreateKey } from "../../../provider/lifecycle/create-record";
import { checkPrivateOffer } from "../../../provider/schema/check";
import { useEmulator } from "../../support/emulator";
import { temporaryRecordDir } from "../../support/records";
import { configurePosts, customerOffer, rejection, up, type Props } from "./support";

const MINUTE = 60_000;

describe("create records in one provider process, against the emulator", function () {
  this.timeout(20_000);
  const emulator = useEmulator({ jobLatencyMs: 0 });

  /** A provider process whose waits take no time: every sleep is recorded and returns at once. */
  async function process(recordDir: string, extra: Record<string, string> = {}) {
    const slept: number[] = [];
    const lines: string[] = [];
    const runtime = new ProviderRuntime({
      env: {},
      progress: (line) => lines.push(line),
      clientDeps: { timing: { sleep: async (ms) => void slept.push(ms) } },
    });
    runtime.configure({
      "partnercenter:endpoint": emulator.apiBaseUrl,
      "partnercenter:accessToken": await emulator.token(),
      "partnercenter:createRecordDir": recordDir,
      ...extra,
    });
    return { offers: createPrivateOfferProvider(runtime), slept, lines };
  }

  function keyOf(inputs: Props): CreateKey {
    const checked = checkPrivateOffer(inputs);
    assert.ok(checked.ok);
    const key = createKeyOf(checked.inputs, { endpoint: emulator.apiBaseUrl, account: "(default)" });
    assert.ok(key);
    return key;
  }

  const queries = async () => (await emulator.requests()).filter((r) => r.method === "GET" && r.path.endsWith("/private-offer/query")).length;

  it("a request sent a minute ago with no answer: four look-ups over the 29 minutes left of the job timeout, not thirty, then one create", async () => {
    const recordDir = temporaryRecordDir("lookups");
    const inputs = customerOffer();
    await new CreateRecordStore(recordDir).write(postingRecord(keyOf(inputs), "create", Date.now() - MINUTE));
    const p = await process(recordDir);
    const created = await up(p.offers, inputs);
    assert.equal(created.outputs.state, "live");
    assert.equal(await queries(), 4, "one name look-up each time, the last also answering the name check");
    assert.equal(await configurePosts(emulator), 1);
    const waits = p.slept.filter((ms) => ms >= MINUTE);
    assert.equal(waits.length, 3);
    const waited = waits.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(waited - 29 * MINUTE) < 5_000, `waited ${waited} ms in all`);
    assert.ok(p.lines.some((l) => l.includes("looking the name up 4 times until")), p.lines.join("\n"));
  });

  it("a record that cannot be read stops the create before anything is sent, naming the file", async () => {
    const recordDir = temporaryRecordDir("corrupt");
    const inputs = customerOffer();
    const store = new CreateRecordStore(recordDir);
    writeFileSync(store.fileOf(keyOf(inputs)), "{ not a record");
    const p = await process(recordDir);
    const error = await rejection(up(p.offers, inputs));
    assert.match(error.message, new RegExp(`the create record ${store.fileOf(keyOf(inputs)).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} cannot be used: it is not valid JSON`));
    assert.equal(await configurePosts(emulator), 0);
  });

  it("two resources creating the same offer at once: one is sent, the other refused with what to do", async () => {
    const p = await process(temporaryRecordDir("twice"));
    const results = await Promise.allSettled([up(p.offers, customerOffer()), up(p.offers, customerOffer())]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assert.equal(refused.length, 1, JSON.stringify(results.map((r) => r.status)));
    assert.match(String((refused[0]?.reason as Error).message), /another create of an offer with this name, type and customers is in progress .* Nothing was sent/);
    assert.equal(await configurePosts(emulator), 1);
  });

  it("a create whose job failed leaves no record behind", async () => {
    const recordDir = temporaryRecordDir("failed");
    const inputs = customerOffer();
    await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", jobResult: "failed" });
    const p = await process(recordDir);
    await rejection(up(p.offers, inputs));
    assert.equal(await new CreateRecordStore(recordDir).read(keyOf(inputs)), undefined);
  });
});
