// The directory of create records: whole files only, one record per key, the first one claimed by
// exactly one writer, unreadable files reported by name, and nothing of it in git.
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CreateRecordStore, CreateRecordTakenError } from "../../../provider/dynamic/create-records";
import { CreateRecordError, postingRecord, withJob, withOffer, type CreateKey } from "../../../provider/lifecycle/create-record";
import { temporaryRecordDir } from "../../support/records";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const key: CreateKey = {
  endpoint: "http://127.0.0.1:4000/rp/product-ingestion",
  account: "(default)",
  privateOfferType: "customerPromotion",
  name: "Contoso FY27",
  targets: ["beneficiary:contoso"],
};

describe("the directory of create records", () => {
  it("writes whole records, replaces them, and removes them; no temporary file is left", async () => {
    const dir = join(temporaryRecordDir("store"), "nested", "creates");
    const store = new CreateRecordStore(dir);
    assert.equal(await store.read(key), undefined, "nothing before the first write, and no directory made by reading");
    const posted = postingRecord(key, "create", T0);
    await store.claim(posted);
    assert.deepEqual(await store.read(key), posted);
    const answered = withJob(posted, "job-1", T0 + 1);
    await store.write(answered);
    assert.deepEqual(await store.read(key), answered);
    assert.deepEqual(readdirSync(dir).sort(), [".gitignore", store.fileOf(key).split("/").pop()].sort());
    assert.equal(await store.remove(key, (r) => r.offerId === "private-offer/other"), false, "only the record asked for");
    assert.equal(await store.remove(key), true);
    assert.equal(await store.read(key), undefined);
    assert.deepEqual(readdirSync(dir), [".gitignore"]);
  });

  it("keeps its records out of git: the directory ignores itself", async () => {
    const dir = temporaryRecordDir("gitignore");
    await new CreateRecordStore(dir).claim(postingRecord(key, "create", T0));
    assert.match(readFileSync(join(dir, ".gitignore"), "utf8"), /^\*$/m);
  });

  it("claims the first record of a key once: a second claim, from this process or another, is refused", async () => {
    const dir = temporaryRecordDir("claim");
    const [a, b] = [new CreateRecordStore(dir), new CreateRecordStore(dir)];
    const results = await Promise.allSettled([a.claim(postingRecord(key, "create", T0)), b.claim(postingRecord(key, "create", T0 + 5))]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    const refused = results.find((r) => r.status === "rejected");
    assert.ok(refused?.status === "rejected" && refused.reason instanceof CreateRecordTakenError);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  });

  it("an unreadable record is an error naming the file and what to do", async () => {
    const dir = temporaryRecordDir("corrupt");
    const store = new CreateRecordStore(dir);
    await store.write(withOffer(postingRecord(key, "create", T0), "private-offer/1", T0));
    writeFileSync(store.fileOf(key), "{\"format\": \"pulumi-partn");
    await assert.rejects(store.read(key), (error: unknown) => error instanceof CreateRecordError && error.message.includes(store.fileOf(key)));
  });

  it("a directory it cannot write is an error naming the setting that moves it", async () => {
    const dir = temporaryRecordDir("blocked");
    writeFileSync(join(dir, "file"), "not a directory");
    const store = new CreateRecordStore(join(dir, "file", "creates"));
    await assert.rejects(store.claim(postingRecord(key, "create", T0)), /cannot write the create record .*partnercenter:createRecordDir \(or PARTNER_CENTER_CREATE_RECORD_DIR\)/);
  });
});
