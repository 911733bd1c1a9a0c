// The record of a create in flight, without storage: its key, its file name, its parsing, and what
// the next create of the same key does with it.
import assert from "node:assert/strict";
import {
  CreateRecordError,
  MAX_LOOKUPS,
  createKeyOf,
  lookUpDelays,
  matchesKey,
  parseCreateRecord,
  postingRecord,
  recordFileName,
  resumptionOf,
  withJob,
  withOffer,
  type CreateKey,
} from "../../../provider/lifecycle/create-record";
import { planAwaitCreate } from "../../../provider/lifecycle/plan";
import { BILLING_ACCOUNT, channelPartner, checked, cspMargin, customerPercentage, originator } from "./samples";

const SCOPE = { endpoint: "https://graph.microsoft.com/rp/product-ingestion", account: "(default)" };
const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const MINUTE = 60_000;

function keyOf(news: Record<string, unknown>, scope = SCOPE): CreateKey {
  const key = createKeyOf(checked(news), scope);
  assert.ok(key);
  return key;
}

describe("the key of a create", () => {
  it("is the account, the offer type, the name and the customers or partner, on one endpoint", () => {
    assert.deepEqual(keyOf(customerPercentage()), {
      ...SCOPE,
      privateOfferType: "customerPromotion",
      name: "Contoso FY27",
      targets: [`beneficiary:${BILLING_ACCOUNT.toLowerCase()}`],
    });
    assert.deepEqual(keyOf(originator()).targets, [`beneficiary:${BILLING_ACCOUNT.toLowerCase()}`, "partner:12345678"]);
    assert.equal(keyOf(cspMargin()).privateOfferType, "cspPromotion");
  });

  it("a channel partner's completion creates nothing and has none", () => {
    assert.equal(createKeyOf(checked(channelPartner()), SCOPE), undefined);
  });

  it("names one file per key: readable, and different when any part differs", () => {
    const file = recordFileName(keyOf(customerPercentage()));
    assert.match(file, /^contoso-fy27-[0-9a-f]{24}\.json$/);
    assert.equal(recordFileName(keyOf(customerPercentage())), file, "stable");
    const others = [
      keyOf({ ...customerPercentage(), name: "Contoso FY28" }),
      keyOf({ ...customerPercentage(), beneficiaries: [{ id: "other-billing-account", description: "Other" }] }),
      keyOf(customerPercentage(), { ...SCOPE, account: "channelPartner" }),
      keyOf(customerPercentage(), { ...SCOPE, endpoint: "http://127.0.0.1:4000/rp/product-ingestion" }),
    ];
    for (const other of others) assert.notEqual(recordFileName(other), file, JSON.stringify(other));
    assert.match(recordFileName(keyOf({ ...customerPercentage(), name: "(Q3) & More" })), /^q3-more-[0-9a-f]{24}\.json$/);
    assert.match(recordFileName(keyOf({ ...customerPercentage(), name: "&&" })), /^offer-[0-9a-f]{24}\.json$/);
  });

  it("holds no secret: a SAS URL in the inputs stays out of the key and the record", () => {
    const sas = "https://files.example.com/terms.pdf?sv=2024&sig=SuperSecretSignature123";
    const key = keyOf({ ...customerPercentage(), termsAndConditionsDocSasUrl: sas });
    const record = withOffer(withJob(postingRecord(key, "create", T0), "job-1", T0), "private-offer/1", T0);
    assert.ok(!JSON.stringify(record).includes("SuperSecretSignature123"));
    assert.ok(!JSON.stringify(keyOf(originator())).includes("sig=secret"));
  });
});

describe("a create record's phases and what the next create does", () => {
  const key = keyOf(customerPercentage());

  it("no record: post", () => {
    assert.deepEqual(resumptionOf(undefined), { kind: "post" });
  });

  it("written before the POST, no answer recorded: look the name up", () => {
    assert.deepEqual(resumptionOf(postingRecord(key, "create", T0)), { kind: "lookUp", postedAt: T0 });
  });

  it("answered with a job: wait for that job instead of posting", () => {
    const record = withJob(postingRecord(key, "saveDraft", T0), "job-7", T0 + 1000);
    assert.deepEqual(resumptionOf(record), { kind: "awaitJob", jobId: "job-7", action: "saveDraft", postedAt: T0 });
    assert.equal(record.updatedAt, new Date(T0 + 1000).toISOString());
  });

  it("the job created an offer: adopt it", () => {
    const record = withOffer(withJob(postingRecord(key, "create", T0), "job-7", T0), "private-offer/abc", T0);
    assert.deepEqual(resumptionOf(record), { kind: "adopt", offerId: "private-offer/abc" });
  });

  it("waiting for the earlier job is a plan: that job, the read, then converge to the inputs", () => {
    const plan = planAwaitCreate("job-7", "create");
    assert.equal(plan.kind, "steps");
    if (plan.kind !== "steps") return;
    assert.deepEqual(plan.steps.map((s) => s.kind), ["awaitJob", "read"]);
    assert.equal(plan.replanAfter, true);
  });
});

describe("reading a record file", () => {
  const key = keyOf(customerPercentage());
  const file = "/program/.partnercenter/creates/contoso.json";

  it("reads back what was written", () => {
    const record = withJob(postingRecord(key, "create", T0), "job-1", T0);
    assert.deepEqual(parseCreateRecord(JSON.stringify(record), file, key), record);
  });

  it("a file cut short, of another shape, or of another offer is a clear error naming the file, never a crash", () => {
    const record = postingRecord(key, "create", T0);
    const cases: Array<[string, RegExp]> = [
      ['{"format": "pulumi-partnercenter', /not valid JSON/],
      ["[]", /not a create record/],
      [JSON.stringify({ ...record, postedAt: "yesterday" }), /postedAt must be an ISO 8601 time/],
      [JSON.stringify({ ...record, offerId: "42" }), /offerId must be a durable id/],
      [JSON.stringify({ ...record, token: "x" }), /not a create record/],
      [JSON.stringify({ ...record, key: { ...key, name: "Another offer" } }), /records another offer \("Another offer"\)/],
    ];
    for (const [text, reason] of cases) {
      assert.throws(
        () => parseCreateRecord(text, file, key),
        (error: unknown) => error instanceof CreateRecordError && error.message.includes(file) && reason.test(error.message) && /run `pulumi up` again/.test(error.message),
        text,
      );
    }
  });
});

describe("look-ups of a create whose answer was lost", () => {
  const options = { pollIntervalMs: MINUTE, jobTimeoutMs: 30 * MINUTE };

  it("a few, until the job the request started would have finished (the job timeout after it was sent)", () => {
    const delays = lookUpDelays({ ...options, postedAt: T0, now: T0 + 2 * MINUTE });
    assert.equal(delays[0], 0, "the first look-up is immediate");
    assert.ok(delays.length <= MAX_LOOKUPS && delays.length >= 2, String(delays));
    assert.equal(delays.reduce((a, b) => a + b, 0), 28 * MINUTE, "the last one when the job timeout after the POST has passed");
    for (const delay of delays.slice(1)) assert.ok(delay >= MINUTE, "never closer than the poll interval");
  });

  it("one, when the request was sent longer ago than the job timeout", () => {
    assert.deepEqual(lookUpDelays({ ...options, postedAt: T0, now: T0 + 31 * MINUTE }), [0]);
  });

  it("now and at the deadline when less than a poll interval is left", () => {
    assert.deepEqual(lookUpDelays({ ...options, postedAt: T0, now: T0 + 29.5 * MINUTE }), [0, 0.5 * MINUTE]);
  });

  it("a time in the future (a clock set back) counts as now, never as more than the timeout", () => {
    const delays = lookUpDelays({ ...options, postedAt: T0 + 60 * MINUTE, now: T0 });
    assert.equal(delays.reduce((a, b) => a + b, 0), 30 * MINUTE);
  });
});

describe("which listed offer a record stands for", () => {
  const key = keyOf(customerPercentage());
  const listed = { id: "private-offer/1", name: "Contoso FY27", state: "live", privateOfferType: "customerPromotion" };

  it("the same name, type and customers; a listing without customers is matched by name and type", () => {
    assert.equal(matchesKey({ ...listed, beneficiaries: [{ id: BILLING_ACCOUNT.toUpperCase() }] }, key), true);
    assert.equal(matchesKey(listed, key), true);
  });

  it("never another name, type, customer, or a deleted offer", () => {
    assert.equal(matchesKey({ ...listed, name: "Contoso FY28" }, key), false);
    assert.equal(matchesKey({ ...listed, privateOfferType: "cspPromotion" }, key), false);
    assert.equal(matchesKey({ ...listed, beneficiaries: [{ id: "someone-else" }] }, key), false);
    assert.equal(matchesKey({ ...listed, state: "deleted" }, key), false);
  });
});
