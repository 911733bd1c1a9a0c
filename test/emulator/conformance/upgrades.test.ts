// Upgrades (renewals) of accepted offers as a client meets them over HTTP: a whole renewal, each
// upgrade rule kept and broken (a failed job whose errors[] name code, message and target), and the
// request shapes refused with 400 (emulator/README.md, "Decisions", "Upgrades of accepted offers").

import { strict as assert } from "node:assert";
import type { PublisherAccount } from "../../../emulator/contracts";
import { useEmulator, type TestEmulator } from "../../support/emulator";
import { SAMPLE_PRODUCT, customerOffer } from "../domain/support";
import { configureOffer, getOfferJson, postConfigure, waitForJob, CONFIGURE_VERSION, OFFER_VERSION, type JobStatus } from "./jobs";

type Json = Record<string, unknown>;
type Envelope = { error: { code: string; message: string; details: { code: string; message: string; target?: string }[] } };

const PRODUCT = SAMPLE_PRODUCT;
const OFFER_SCHEMA = `https://schema.mp.microsoft.com/schema/private-offer/${OFFER_VERSION}`;

function envelope(...resources: Json[]): Json {
  return { $schema: `https://schema.mp.microsoft.com/schema/configure/${CONFIGURE_VERSION}`, resources };
}

/** A customer offer on two plans, July 2026 to June 2027. */
function originalOffer(overrides: Json = {}): Json {
  return customerOffer({
    variableStartDate: false,
    start: "2026-07-01",
    acceptBy: "2026-06-30",
    preparedBy: "amy@contoso.example",
    notificationContacts: ["amy@contoso.example"],
    pricing: [
      { product: PRODUCT, plan: "plan/123456", discountType: "percentage", discountPercentage: 10 },
      { product: PRODUCT, plan: "plan/987654", discountType: "percentage", discountPercentage: 5 },
    ],
    ...overrides,
  });
}

/** Its renewal: July 2027 to June 2028, 15% on plan 123456; plan 987654 carried over. */
function renewalOf(original: Json, overrides: Json = {}): Json {
  return originalOffer({
    name: "Contoso FY28",
    privateOfferType: original["privateOfferType"],
    upgradedFrom: { id: original["id"], name: original["name"] },
    start: "2027-07-01",
    end: "2028-06-30",
    acceptBy: "2027-06-30",
    notificationContacts: ["renewals@contoso.example"],
    pricing: [{ product: PRODUCT, plan: "plan/123456", discountType: "percentage", discountPercentage: 15 }],
    ...overrides,
  });
}

async function acceptedOriginal(emulator: TestEmulator, overrides: Json = {}, account?: PublisherAccount): Promise<Json> {
  const id = await configureOffer(emulator, envelope(originalOffer(overrides)), account);
  const accepted = await emulator.accept(id);
  assert.equal(accepted.status, 200, await accepted.text());
  return getOfferJson(emulator, id, account);
}

/** Posts a configure request that is accepted (202) but whose job fails; answers the job. */
async function failedJob(emulator: TestEmulator, body: Json): Promise<JobStatus> {
  const job = await postConfigure(emulator, body);
  const done = await waitForJob(emulator, job.jobId);
  assert.equal(done.jobResult, "failed", `expected the job to fail: ${JSON.stringify(done)}`);
  return done;
}

type JobErrorItem = { code: string; message: string; resourceId?: string; target?: string };

async function refusedAt(emulator: TestEmulator, body: Json, code: string, target: string, says: RegExp): Promise<JobErrorItem> {
  const done = await failedJob(emulator, body);
  const errors = (done.errors ?? []) as JobErrorItem[];
  const error = errors.find((e) => e.target === target);
  assert.ok(error, `expected an error at ${target}: ${JSON.stringify(errors)}`);
  assert.equal(error.code, code);
  assert.match(error.message, says);
  return error;
}

async function listed(emulator: TestEmulator): Promise<Json[]> {
  const response = await emulator.api(`/private-offer/query?$version=${OFFER_VERSION}`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { privateOffers: Json[] }).privateOffers;
}

describe("conformance over HTTP: upgrades of accepted offers", () => {
  const emulator = useEmulator();

  it("a full renewal: create and publish, accept, upgrade live, read both", async () => {
    const draftId = await configureOffer(emulator, envelope(originalOffer({ state: "draft" })));
    const publishedId = await configureOffer(emulator, envelope(originalOffer({ id: draftId })));
    assert.equal(publishedId, draftId);
    await emulator.accept(draftId);
    const original = await getOfferJson(emulator, draftId);
    assert.equal(original["subState"], "accepted");

    const upgradeId = await configureOffer(emulator, envelope(renewalOf(original)));
    const upgrade = await getOfferJson(emulator, upgradeId);
    assert.deepEqual(upgrade["upgradedFrom"], { id: draftId, name: "Contoso FY27" });
    assert.equal(upgrade["state"], "live");
    assert.equal(upgrade["subState"], "pendingAcceptance");
    assert.equal(upgrade["start"], "2027-07-01");
    assert.deepEqual(
      (upgrade["pricing"] as Json[]).map((item) => [item["plan"], item["discountPercentage"]]),
      [
        ["plan/123456", 15],
        ["plan/987654", 5],
      ],
      "plan 123456 repriced, plan 987654 carried over",
    );
    assert.deepEqual(upgrade["notificationContacts"], ["renewals@contoso.example"]);

    const originalAfter = await getOfferJson(emulator, draftId);
    assert.deepEqual(originalAfter, original, "the original reads as before: accepted, same eTag, no back-reference");
    const all = await listed(emulator);
    assert.deepEqual(
      all.map((offer) => [offer["id"], offer["subState"], (offer["upgradedFrom"] as Json | undefined)?.["id"]]),
      [
        [draftId, "accepted", undefined],
        [upgradeId, "pendingAcceptance", draftId],
      ],
    );

    assert.equal((await emulator.accept(upgradeId)).status, 200);
    assert.equal((await getOfferJson(emulator, upgradeId))["subState"], "accepted");
    assert.equal((await getOfferJson(emulator, draftId))["subState"], "accepted");
  });

  it("a CSP renewal for the same partners", async () => {
    const csp = { privateOfferType: "cspPromotion", acceptBy: undefined, beneficiaries: [{ id: "tenant-a", description: "A" }, { id: "tenant-b", description: "B" }] };
    const original = await acceptedOriginal(emulator, csp);
    const id = await configureOffer(emulator, envelope(renewalOf(original, { ...csp, acceptBy: undefined })));
    assert.equal((await getOfferJson(emulator, id))["privateOfferType"], "cspPromotion");
  });

  describe("each rule, broken (a failed job) and kept", () => {
    it("the original was accepted by the customer", async () => {
      const id = await configureOffer(emulator, envelope(originalOffer()));
      const pending = await getOfferJson(emulator, id);
      await refusedAt(emulator, envelope(renewalOf(pending)), "invalidState", "resources[0].upgradedFrom.id", /is live and pendingAcceptance: only an offer the customer has accepted can be upgraded/);
      await emulator.accept(id);
      await configureOffer(emulator, envelope(renewalOf(pending)));
    });

    it("the original exists and belongs to the caller's account", async () => {
      const theirs = await acceptedOriginal(emulator, {}, emulator.channelPartner);
      const error = await refusedAt(emulator, envelope(renewalOf(theirs)), "notFound", "resources[0].upgradedFrom.id", /does not exist or is not visible to this account/);
      assert.equal(error.resourceId, "resources[0]");
      await configureOffer(emulator, envelope(renewalOf(theirs)), emulator.channelPartner);
    });

    it("the same customer", async () => {
      const original = await acceptedOriginal(emulator);
      await refusedAt(emulator, envelope(renewalOf(original, { beneficiaries: [{ id: "another-billing-account", description: "Fabrikam" }] })), "invalidResource", "resources[0].beneficiaries[0].id", /must name the customer of/);
      await configureOffer(emulator, envelope(renewalOf(original)));
    });

    it("the same offer type", async () => {
      const original = await acceptedOriginal(emulator);
      await refusedAt(emulator, envelope(renewalOf(original, { privateOfferType: "cspPromotion", acceptBy: undefined })), "invalidResource", "resources[0].privateOfferType", /must be customerPromotion, the type of/);
      await configureOffer(emulator, envelope(renewalOf(original)));
    });

    it("a fixed start after the original's end", async () => {
      const original = await acceptedOriginal(emulator);
      await refusedAt(emulator, envelope(renewalOf(original, { start: "2027-06-30" })), "conflict", "resources[0].start", /is not after 2027-06-30.*Start it on 2027-07-01 or later/);
      await refusedAt(emulator, envelope(renewalOf(original, { variableStartDate: true, start: undefined })), "invalidResource", "resources[0].variableStartDate", /must not be true on an upgrade/);
      await configureOffer(emulator, envelope(renewalOf(original, { start: "2027-07-01" })));
    });

    it("upgradedFrom.name is the original's name", async () => {
      const original = await acceptedOriginal(emulator);
      await refusedAt(emulator, envelope(renewalOf(original, { upgradedFrom: { id: original["id"], name: "Contoso FY28" } })), "invalidResource", "resources[0].upgradedFrom.name", /is named "Contoso FY27"/);
      await configureOffer(emulator, envelope(renewalOf(original)));
    });

    it("pricing changes the original's plans and adds none", async () => {
      const original = await acceptedOriginal(emulator, { pricing: [{ product: PRODUCT, plan: "plan/123456", discountType: "percentage", discountPercentage: 10 }] });
      const added = { product: PRODUCT, plan: "plan/987654", discountType: "percentage", discountPercentage: 5 };
      await refusedAt(emulator, envelope(renewalOf(original, { pricing: [added] })), "invalidResource", "resources[0].pricing[0]", /is not priced in .*create a new private offer/);
      const id = await configureOffer(emulator, envelope(renewalOf(original)));
      assert.deepEqual(((await getOfferJson(emulator, id))["pricing"] as Json[]).map((item) => item["discountPercentage"]), [15]);
    });

    it("one live upgrade at a time", async () => {
      const original = await acceptedOriginal(emulator);
      const first = await configureOffer(emulator, envelope(renewalOf(original)));
      const error = await refusedAt(emulator, envelope(renewalOf(original, { name: "Contoso FY28 bis" })), "conflict", "resources[0].upgradedFrom.id", /already has a live upgrade/);
      assert.ok(error.message.includes(first), error.message);
      await configureOffer(emulator, envelope({ $schema: OFFER_SCHEMA, id: first, name: "Contoso FY28", privateOfferType: "customerPromotion", state: "withdrawn" }));
      await configureOffer(emulator, envelope(renewalOf(original, { name: "Contoso FY28 bis" })));
    });
  });

  describe("malformed upgradedFrom: 400 with the envelope, no job", () => {
    async function badRequest(body: Json, target: string, says: RegExp): Promise<void> {
      const response = await emulator.api(`/configure?$version=${CONFIGURE_VERSION}`, { method: "POST", body: JSON.stringify(body) });
      const text = await response.text();
      assert.equal(response.status, 400, text);
      const detail = (JSON.parse(text) as Envelope).error.details.find((d) => d.target === target);
      assert.ok(detail, `expected a detail at ${target}: ${text}`);
      assert.match(detail.message, says);
    }

    it("without the original's name", async () => {
      const original = { id: "private-offer/7e57b111-0000-4000-8000-0000000000aa", name: "Contoso FY27", privateOfferType: "customerPromotion" };
      await badRequest(envelope(renewalOf(original, { upgradedFrom: { id: original.id } })), "resources[0].upgradedFrom.name", /is required: the name of the offer being upgraded/);
      await badRequest(envelope(renewalOf(original, { upgradedFrom: { id: "7e57b111", name: "Contoso FY27" } })), "resources[0].upgradedFrom.id", /private-offer\/<id>/);
    });

    it("on a multiparty offer", async () => {
      const body = renewalOf({ id: "private-offer/7e57b111-0000-4000-8000-0000000000aa", name: "Contoso FY27", privateOfferType: "multipartyPromotionOriginator" }, {
        partners: [{ id: emulator.channelPartner.sellerId, location: "United States" }],
        preparedBy: undefined,
      });
      await badRequest(envelope(body), "resources[0].upgradedFrom", /is not allowed on multiparty offers/);
      const posts = (await emulator.requests()).filter((r) => r.method === "POST" && r.path.endsWith("/configure"));
      assert.deepEqual(posts.map((r) => r.status), [400]);
    });
  });
});
