import assert from "node:assert/strict";
import { checkPrivateOffer } from "../../../provider/schema/check";
import type { PrivateOfferInputs } from "../../../provider/schema/private-offer";
import { canonical } from "../../../provider/lifecycle/compare";
import { describeDrift, diffPrivateOffer } from "../../../provider/lifecycle/diff";
import { normaliseOffer, type PrivateOfferOutputs } from "../../../provider/lifecycle/outputs";
import { buildChannelPartnerCompletion, buildOfferEnvelope, type JsonObject } from "../../../provider/lifecycle/payload";
import { changedOwnedFields } from "../../../provider/lifecycle/ownership";
import { planCreate, planDelete, planDeleteFromCurrent, planUpdate, type Plan } from "../../../provider/lifecycle/plan";
import { requestFor, startRun, tookEffect } from "../../../provider/lifecycle/run";
import { describeStep, type Step } from "../../../provider/lifecycle/steps";
import { loadSeedFixture } from "../../fixtures/seeds";
import { channelPartner, checked, customerPercentage, customerSaas, originator } from "./samples";
import { future } from "../../support/dates";

const OFFER_ID = "private-offer/0b0c7d1e-1111-4222-8333-444455556666";
/** A day before the documentation's samples' dates (January 2022). */
const SEED_DAY = { now: () => Date.parse("2021-12-01T00:00:00Z") };

/** What the API would answer to GET after a configure with these inputs. */
function asRead(inputs: PrivateOfferInputs, state: string, extra: JsonObject = {}): PrivateOfferOutputs {
  if (inputs.privateOfferType === "multipartyPromotionChannelPartner") assert.fail("publisher offers only");
  const [offer] = buildOfferEnvelope(inputs, "live").resources.slice(-1);
  return normaliseOffer({ ...offer, id: OFFER_ID, state, eTag: '"e1"', ...extra }, { inputs });
}

function stepsOf(plan: Plan): string[] {
  assert.equal(plan.kind, "steps", JSON.stringify(plan));
  if (plan.kind !== "steps") return [];
  return plan.steps.map((s) => (s.kind === "create" ? `create:${s.state}` : s.kind));
}

function stepAt(plan: Plan, index: number): Step {
  const step = plan.kind === "steps" ? plan.steps[index] : undefined;
  if (!step) assert.fail(`no step ${index} in ${JSON.stringify(plan)}`);
  return step;
}

/** What a configure step sends, for the run as it stands (`after`: the withdraw before it took effect). */
function sent(step: Step, inputs: PrivateOfferInputs | undefined, outputs: PrivateOfferOutputs, after?: "withdraw"): JsonObject {
  if (step.kind === "awaitJob" || step.kind === "read" || step.kind === "complete") assert.fail(`${step.kind} sends no request of its own`);
  const run = startRun("update", inputs, outputs);
  return requestFor(after ? tookEffect(run, after) : run, step).resources.at(-1)!;
}

describe("payloads against the seed samples", () => {
  const seeds = [
    "csp-percentage-live",
    "csp-restricted-to-customer",
    "mpo-originator-percentage",
    "mpo-originator-absolute-existing-plan",
    "mpo-originator-saas-flat-rate",
    "mpo-originator-saas-per-user",
    "mpo-originator-vm-software-reservation",
  ];
  for (const name of seeds) {
    it(`${name}: API document -> inputs -> configure request, nothing lost`, () => {
      const envelope = loadSeedFixture(name).body as { resources: JsonObject[] };
      const offer = envelope.resources.at(-1)!;
      const documents = new Map(envelope.resources.slice(0, -1).map((r) => [r["resourceName"], r]));
      // The price documents as a PrivateOfferPlanPricing would output them.
      const pricing = ((offer["pricing"] ?? []) as JsonObject[]).map((item) => {
        const ref = item["priceDetails"] as JsonObject | undefined;
        if (!ref) return item;
        const { resourceName: _name, ...document } = documents.get(ref["resourceName"])!;
        return { ...item, priceDetails: document };
      });
      const asUser = normaliseOffer({ ...offer, id: OFFER_ID }, { inputs: { privateOfferType: offer["privateOfferType"], pricing } as unknown as PrivateOfferInputs });
      const { offerId: _id, state, subState: _s, eTag: _e, acceptanceLinks: _a, lastModified: _l, ...userInputs } = asUser;
      // The documentation's samples are dated 2021 and 2022: checked on a day they were written for.
      const inputs = checked({ ...userInputs, state }, { clock: SEED_DAY });
      if (inputs.privateOfferType === "multipartyPromotionChannelPartner") assert.fail("publisher seed expected");
      const built = buildOfferEnvelope(inputs, "live");
      const strip = (r: JsonObject) => {
        const copy: JsonObject = { ...r };
        delete copy["$schema"];
        delete copy["resourceName"];
        if (Array.isArray(copy["pricing"])) copy["pricing"] = (copy["pricing"] as JsonObject[]).map((p) => ({ ...p, priceDetails: p["priceDetails"] ? "ref" : undefined }));
        return canonical(copy);
      };
      assert.deepEqual(built.resources.map(strip), envelope.resources.map(strip));
      assert.equal(built.resources.length, envelope.resources.length);
      for (const r of built.resources.slice(0, -1)) {
        const ref = (built.resources.at(-1)!["pricing"] as JsonObject[]).some((p) => (p["priceDetails"] as JsonObject | undefined)?.["resourceName"] === r["resourceName"]);
        assert.ok(ref, "each price document is referenced by resourceName from the offer");
      }
    });
  }

  it("the channel partner's completion: the offer as read plus markup, preparedBy and its own parts", () => {
    const seed = (loadSeedFixture("mpo-channel-partner-completion").body as { resources: JsonObject[] }).resources[0]!;
    const read: JsonObject = {
      ...seed,
      id: OFFER_ID,
      subState: "pendingPartnerAction",
      originatorPricing: (seed["originatorPricing"] as JsonObject[]).map(({ markupPercentage: _m, ...item }) => item),
    };
    const item = (seed["originatorPricing"] as JsonObject[])[0]!;
    const inputs = checked({
      ...channelPartner(),
      offerId: OFFER_ID,
      preparedBy: seed["preparedBy"],
      termsAndConditionsDocs: seed["termsAndConditionsDocs"],
      notificationContacts: seed["notificationContacts"],
      markups: [{ product: item["product"], plan: item["plan"], markupPercentage: item["markupPercentage"] }],
    });
    if (inputs.privateOfferType !== "multipartyPromotionChannelPartner") assert.fail();
    const completion = buildChannelPartnerCompletion(read, inputs);
    assert.deepEqual(completion.problems, []);
    const [sent] = completion.envelope.resources;
    assert.deepEqual(canonical({ ...sent, $schema: undefined, resourceName: undefined, id: undefined }), canonical({ ...seed, $schema: undefined, resourceName: undefined }));
  });

  it("the channel partner's completion names every pricing item that lacks a markup", () => {
    const inputs = checked({ ...channelPartner(), markups: [] });
    if (inputs.privateOfferType !== "multipartyPromotionChannelPartner") assert.fail();
    const completion = buildChannelPartnerCompletion({ id: OFFER_ID, originatorPricing: [{ product: "product/p", plan: "plan/q", discountType: "percentage", discountPercentage: 5 }] }, inputs);
    assert.match(completion.problems[0] ?? "", /originatorPricing\[0\].*needs a markup.*plan: "plan\/q"/);
  });

  it("refuses to build a request that still holds unknown values", () => {
    const inputs = { ...checked(customerPercentage()), end: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } as PrivateOfferInputs;
    if (inputs.privateOfferType === "multipartyPromotionChannelPartner") assert.fail();
    assert.throws(() => buildOfferEnvelope(inputs, "live"), /unknown until apply/);
  });
});

describe("the plan of steps for each situation", () => {
  const inputs = checked(customerPercentage());
  const changed = checked({ ...customerPercentage(), end: future("12-31", 1) });

  it("create: one configure with the offer and its price documents, then read", () => {
    const saas = checked(customerSaas());
    const plan = planCreate(saas);
    assert.deepEqual(stepsOf(plan), ["create:live", "read"]);
    const step = stepAt(plan, 0);
    if (step.kind !== "create" || saas.privateOfferType === "multipartyPromotionChannelPartner") assert.fail();
    assert.equal(requestFor(startRun("create", saas), step).resources.length, 2);
  });
  it("create with adoptExistingId: read the existing offer, then converge it", () => {
    const plan = planCreate(checked({ ...customerPercentage(), adoptExistingId: OFFER_ID }));
    assert.deepEqual(stepsOf(plan), ["read"]);
    assert.equal(plan.kind === "steps" && plan.replanAfter, true);
  });
  it("update of a live offer not accepted: withdraw with the eTag, then publish, then read", () => {
    const olds = asRead(inputs, "live", { subState: "pendingAcceptance" });
    const plan = planUpdate(olds, changed);
    assert.deepEqual(stepsOf(plan), ["withdraw", "publish", "read"]);
    const withdraw = sent(stepAt(plan, 0), changed, olds);
    assert.equal(withdraw["state"], "withdrawn");
    assert.equal(withdraw["eTag"], '"e1"');
    const publish = sent(stepAt(plan, 1), changed, olds, "withdraw");
    assert.equal(publish["state"], "live");
    assert.equal(publish["id"], OFFER_ID);
    assert.equal(publish["eTag"], undefined, "the withdraw made the eTag stale");
  });
  it("update of a withdrawn offer: publish it with the changes", () => {
    assert.deepEqual(stepsOf(planUpdate(asRead(inputs, "withdrawn"), changed)), ["publish", "read"]);
  });
  it("draft -> live: publish the draft with its id and eTag", () => {
    const olds = asRead(inputs, "draft");
    const plan = planUpdate(olds, inputs);
    assert.deepEqual(stepsOf(plan), ["publish", "read"]);
    const publish = sent(stepAt(plan, 0), inputs, olds);
    assert.deepEqual([publish["id"], publish["eTag"], publish["state"]], [OFFER_ID, '"e1"', "live"]);
  });
  it("a draft that stays draft but changes: replace", () => {
    const plan = planUpdate(asRead(inputs, "draft"), checked({ ...customerPercentage(), end: future("12-31", 1), state: "draft" }));
    assert.equal(plan.kind, "replace");
  });
  it("accepted by the customer: refuse, saying why and what to do", () => {
    const plan = planUpdate(asRead(inputs, "live", { subState: "Accepted" }), changed);
    assert.equal(plan.kind, "refuse");
    assert.match(plan.kind === "refuse" ? plan.reason : "", /accepted by the customer.*binding.*upgradedFrom/);
  });
  it("nothing to do when only provider options change", () => {
    assert.deepEqual(stepsOf(planUpdate(asRead(inputs, "live"), checked({ ...customerPercentage(), pollIntervalSeconds: 1 }))), []);
  });
  it("delete reads the offer first, whatever state says, and plans again from what it finds", () => {
    const plan = planDelete(asRead(inputs, "live"));
    assert.deepEqual(stepsOf(plan), ["read"]);
    assert.equal(plan.kind === "steps" && plan.replanAfter, true);
    const first = stepAt(plan, 0);
    assert.equal(first.kind === "read" && first.beforeDelete, true);
    assert.deepEqual(stepsOf(planDelete({ ...asRead(inputs, "live"), offerId: "" })), []);
  });
  it("delete an offer found gone or deleted: nothing to send", () => {
    assert.deepEqual(stepsOf(planDeleteFromCurrent(asRead(inputs, "deleted"))), []);
  });
  it("delete a draft or withdrawn offer: one delete with the eTag just read", () => {
    assert.deepEqual(stepsOf(planDeleteFromCurrent(asRead(inputs, "draft"))), ["delete"]);
    const current = asRead(inputs, "withdrawn", { eTag: '"fresh"' });
    const plan = planDeleteFromCurrent(current);
    assert.deepEqual(stepsOf(plan), ["delete"]);
    const request = sent(stepAt(plan, 0), undefined, current);
    assert.deepEqual([request["state"], request["eTag"], request["name"]], ["deleted", '"fresh"', "Contoso FY27"]);
  });
  it("delete a live offer: withdraw, then delete without the eTag the withdraw made stale", () => {
    const current = asRead(inputs, "live");
    const plan = planDeleteFromCurrent(current);
    assert.deepEqual(stepsOf(plan), ["withdraw", "delete"]);
    assert.equal(sent(stepAt(plan, 1), undefined, current, "withdraw")["eTag"], undefined);
  });
  it("delete an accepted offer: refuse", () => {
    const plan = planDeleteFromCurrent(asRead(inputs, "live", { subState: "accepted" }));
    assert.match(plan.kind === "refuse" ? plan.reason : "", /can no longer be deleted.*pulumi state delete/);
  });
  it("delete by the channel partner: withdraw only", () => {
    const partner = checked(channelPartner());
    const olds = normaliseOffer({ id: OFFER_ID, name: "MPO", state: "live", privateOfferType: "multiPartyPromotionChannelPartner" }, { inputs: partner });
    assert.deepEqual(stepsOf(planDeleteFromCurrent(olds)), ["withdraw"]);
    const draftView = normaliseOffer({ id: OFFER_ID, name: "MPO", state: "draft" }, { inputs: partner });
    assert.deepEqual(stepsOf(planDeleteFromCurrent(draftView)), []);
  });
  it("a failed step names the action in a few words and the customer impact apart", () => {
    const withdraw = describeStep(stepAt(planUpdate(asRead(inputs, "live"), changed), 0));
    assert.equal(withdraw.description, "withdraw the live offer");
    assert.equal(withdraw.impact, "customers cannot see a withdrawn offer until it is published again");
  });
  it("channel partner: create reads the shared offer, then completes it", () => {
    const partner = checked(channelPartner());
    assert.deepEqual(stepsOf(planCreate(partner)), ["read"]);
    if (partner.privateOfferType !== "multipartyPromotionChannelPartner") assert.fail();
    const olds = normaliseOffer({ id: partner.offerId, name: "MPO", state: "draft", subState: "pendingPartnerAction" }, { inputs: partner });
    assert.deepEqual(stepsOf(planUpdate(olds, partner)), ["complete", "read"]);
    // Another shared offer is another resource: replaced, in the plan as in the preview.
    assert.equal(planUpdate(olds, { ...partner, offerId: OFFER_ID }).kind, "replace");
  });
  it("a job left pending is resumed first, then the rest is planned again", () => {
    const olds = { ...asRead(inputs, "live"), pendingJob: { jobId: "job-1", action: "withdraw" as const } };
    const plan = planUpdate(olds, changed);
    assert.deepEqual(stepsOf(plan), ["awaitJob", "read"]);
    assert.equal(plan.kind === "steps" && plan.replanAfter, true);
    assert.deepEqual(stepsOf(planDelete(olds)), ["awaitJob", "read"]);
  });
});

describe("fields each side of a multiparty offer owns", () => {
  const partner = checked(channelPartner());
  const partnerView = (extra: JsonObject = {}) =>
    normaliseOffer({ id: OFFER_ID, name: "MPO", state: "live", eTag: '"e1"', notes: "ours", ...extra }, { inputs: partner });
  it("the other side's changes (eTag, subState, the originator's name) are not this side's", () => {
    const before = partnerView();
    assert.deepEqual(changedOwnedFields(before, partnerView({ eTag: '"e2"', subState: "pendingAcceptance", name: "Renamed" })), []);
  });
  it("a change to a field this side owns, or to the state, is", () => {
    assert.deepEqual(changedOwnedFields(partnerView(), partnerView({ notes: "edited" })), ["notes"]);
    assert.deepEqual(changedOwnedFields(partnerView(), partnerView({ state: "withdrawn", preparedBy: "x@example.com" })), ["state", "preparedBy"]);
  });
});

describe("normalising an offer read from the API", () => {
  it("reads enums case-insensitively, keeps price documents for durable ids, and is plain JSON", () => {
    const inputs = checked(customerSaas());
    const outputs = normaliseOffer(
      {
        id: OFFER_ID,
        name: "Contoso seats",
        state: "Live",
        subState: "pendingAcceptance",
        privateOfferType: "CustomerPromotion",
        offerPricingType: "SaasNewCustomizedPlans",
        variableStartDate: true,
        end: future("06-30", 1),
        acceptBy: future("12-31"),
        preparedBy: "amy@contoso.com",
        beneficiaries: [{ id: "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31", description: "Contoso" }],
        pricing: [{ ...(inputs as { pricing: JsonObject[] }).pricing[0], discountType: "Absolute", priceDetails: "price-and-availability-private-offer-plan/x/7", productName: "RO" }],
        acceptanceLinks: [{ beneficiaryId: "b", link: "https://portal.azure.com/#accept" }],
        eTag: '"e2"',
        lastModified: "2026-11-21",
        validations: [],
      },
      { inputs, lastJobId: "job-9" },
    );
    assert.equal(outputs.state, "live");
    assert.equal(outputs.privateOfferType, "customerPromotion");
    assert.equal(outputs.lastJobId, "job-9");
    assert.deepEqual(outputs.acceptanceLinks, [{ beneficiaryId: "b", link: "https://portal.azure.com/#accept" }]);
    const diff = diffPrivateOffer(outputs as unknown as JsonObject, inputs);
    assert.equal(diff.changes, false, JSON.stringify(diff));
    assert.equal(JSON.stringify(outputs).includes("undefined"), false);
    const walk = (v: unknown): void => {
      assert.notEqual(v, undefined);
      if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(outputs);
  });
  it("turns a malformed answer into a clear error", () => {
    assert.throws(() => normaliseOffer({ name: "x" }, { inputs: checked(customerPercentage()) }), /cannot read.*nothing was changed/);
  });
});

describe("diff and its preview summary", () => {
  const inputs = checked(customerPercentage());

  it("ignores __provider and an unchanged offer", () => {
    const diff = diffPrivateOffer({ ...asRead(inputs, "live"), __provider: "old code" } as unknown as JsonObject, { ...inputs, __provider: "new code" } as unknown as PrivateOfferInputs);
    assert.equal(diff.changes, false);
  });
  it("a changed discount on a live offer: withdraw then live, with the price before -> after", () => {
    const news = checked({ ...customerPercentage(), pricing: [{ ...(customerPercentage()["pricing"] as JsonObject[])[0], discountPercentage: 10 }] });
    const diff = diffPrivateOffer(asRead(inputs, "live") as unknown as JsonObject, news);
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);
    assert.match(diff.summary[0] ?? "", /withdraws the live offer "Contoso FY27": customers cannot see it until it is live again/);
    assert.ok(diff.summary.some((l) => /plan\/.*: 5% off -> 10% off/.test(l)), diff.summary.join("\n"));
  });
  it("an absolute price change, per plan and term", () => {
    const saas = checked(customerSaas());
    const news = structuredClone(customerSaas());
    const doc = ((news["pricing"] as JsonObject[])[0]!["priceDetails"]) as { pricing: { recurrentPrice: { prices: { pricePerPaymentInUsd: number }[] } } };
    doc.pricing.recurrentPrice.prices[0]!.pricePerPaymentInUsd = 12;
    const diff = diffPrivateOffer(asRead(saas, "live") as unknown as JsonObject, checked(news));
    assert.ok(diff.summary.some((l) => /monthly term, paid monthly: \$10 per user -> \$12 per user/.test(l)), diff.summary.join("\n"));
  });
  it("a draft that changes and stays draft: replaced, deleting the old draft first", () => {
    const diff = diffPrivateOffer(asRead(inputs, "draft") as unknown as JsonObject, checked({ ...customerPercentage(), state: "draft", end: future("12-31", 1) }));
    assert.deepEqual(diff.replaces, ["end"]);
    assert.equal(diff.deleteBeforeReplace, true);
    assert.match(diff.summary[0] ?? "", /replaces the draft offer/);
  });
  it("publishing a draft says the customer can accept it", () => {
    const diff = diffPrivateOffer(asRead(inputs, "draft") as unknown as JsonObject, inputs);
    assert.match(diff.summary[0] ?? "", /publishes the draft "Contoso FY27": the customer can see and accept it/);
  });
  it("an accepted offer: refused in preview", () => {
    const diff = diffPrivateOffer(asRead(inputs, "live", { subState: "accepted" }) as unknown as JsonObject, checked({ ...customerPercentage(), end: future("12-31", 1) }));
    assert.match(diff.refusal ?? "", /accepted by the customer/);
  });
  it("a value unknown in preview counts as a change and says so", () => {
    const diff = diffPrivateOffer(asRead(inputs, "live") as unknown as JsonObject, { ...inputs, end: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } as PrivateOfferInputs);
    assert.equal(diff.changes, true);
    assert.ok(diff.summary.includes("end: known after apply"));
  });
  it("changing the offer type replaces it", () => {
    const diff = diffPrivateOffer(asRead(inputs, "live") as unknown as JsonObject, checked({ ...customerPercentage(), privateOfferType: "multipartyPromotionOriginator", preparedBy: undefined, partner: { id: "1", name: "P" } }));
    assert.ok(diff.replaces.includes("privateOfferType"));
  });
});

describe("the account option", () => {
  const inputs = checked(customerPercentage());
  it("is kept in the outputs read back, never in the configure request", () => {
    const withAccount = checked({ ...customerPercentage(), account: "seller" });
    assert.equal(asRead(withAccount, "live").account, "seller");
    if (withAccount.privateOfferType === "multipartyPromotionChannelPartner") assert.fail("a publisher's offer");
    assert.ok(!JSON.stringify(buildOfferEnvelope(withAccount, "live")).includes("seller"));
  });
  it("a change of account replaces the offer, in preview and in the plan, and says why", () => {
    const moved = checked({ ...customerPercentage(), account: "other" });
    const diff = diffPrivateOffer(asRead(inputs, "live") as unknown as JsonObject, moved);
    assert.deepEqual(diff.replaces, ["account"]);
    assert.equal(diff.deleteBeforeReplace, true);
    assert.ok(diff.summary.some((l) => /stays with the publisher account that created it/.test(l)), diff.summary.join("\n"));
    assert.equal(planUpdate(asRead(inputs, "live"), moved).kind, "replace");
  });
  it("an account unknown in preview may replace the offer", () => {
    const diff = diffPrivateOffer(asRead(inputs, "live") as unknown as JsonObject, { ...inputs, account: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } as PrivateOfferInputs);
    assert.deepEqual(diff.replaces, ["account"]);
  });
  it("an accepted offer cannot move to another account", () => {
    const diff = diffPrivateOffer(asRead(inputs, "live", { subState: "accepted" }) as unknown as JsonObject, checked({ ...customerPercentage(), account: "other" }));
    assert.match(diff.refusal ?? "", /accepted by the customer/);
  });
  it("an empty account name fails check at its path", () => {
    const result = checkPrivateOffer({ ...customerPercentage(), account: " " });
    assert.ok(result.failures.some((f) => f.property === "account" && /profile in the stack config partnercenter:accounts/.test(f.reason)), JSON.stringify(result.failures));
  });
});

describe("drift on refresh", () => {
  it("reports state, acceptance, eTag and field changes made outside the stack", () => {
    const inputs = checked(customerPercentage());
    const before = asRead(inputs, "live", { subState: "pendingAcceptance" });
    const after = asRead(inputs, "live", { subState: "accepted", eTag: '"e9"', end: future("09-30", 1) });
    const drift = describeDrift(before as unknown as JsonObject, after as unknown as JsonObject);
    assert.ok(drift.some((l) => /subState: pendingAcceptance -> accepted \(the customer accepted/.test(l)), drift.join("\n"));
    assert.ok(drift.includes(`end: ${future("06-30", 1)} -> ${future("09-30", 1)}`), drift.join("\n"));
    assert.ok(drift.some((l) => l.startsWith("eTag changed")), drift.join("\n"));
    assert.deepEqual(describeDrift(before as unknown as JsonObject, before as unknown as JsonObject), []);
  });
  it("a multiparty offer the other seller wrote is not called a write outside the stack", () => {
    const inputs = checked(originator());
    const before = asRead(inputs, "live", { subState: "pendingPartnerAction" });
    const after = asRead(inputs, "live", { subState: "pendingAcceptance", eTag: '"e9"' });
    const drift = describeDrift(before as unknown as JsonObject, after as unknown as JsonObject);
    assert.ok(drift.includes("subState: pendingPartnerAction -> pendingAcceptance"), drift.join("\n"));
    assert.ok(drift.includes("eTag changed: the other seller of this multiparty offer wrote it (nothing this side owns differs)"), drift.join("\n"));
    assert.ok(!drift.some((l) => /outside this stack/.test(l)), drift.join("\n"));
    const edited = asRead(inputs, "live", { subState: "pendingPartnerAction", eTag: '"e9"', end: future("09-30", 1) });
    assert.ok(describeDrift(before as unknown as JsonObject, edited as unknown as JsonObject).some((l) => /written outside this stack/.test(l)));
  });
});
