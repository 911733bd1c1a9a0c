// An update refused for a stale eTag: what the offer as read now says about who changed it. Only the
// steps of this same update (interrupted in an earlier run) or the other seller of a multiparty offer
// may explain it; anything else is refused, naming what changed.
import assert from "node:assert/strict";
import { normaliseOffer, type PrivateOfferOutputs } from "../../../provider/lifecycle/outputs";
import { buildOfferEnvelope, type JsonObject } from "../../../provider/lifecycle/payload";
import { judgeStaleETag } from "../../../provider/lifecycle/resume";
import type { PrivateOfferInputs } from "../../../provider/schema/private-offer";
import { checked, customerPercentage, originator } from "./samples";
import { future } from "../../support/dates";

const OFFER_ID = "private-offer/0b0c7d1e-1111-4222-8333-444455556666";

/** The offer as the API returns it after a configure with these inputs. */
function apiOffer(inputs: PrivateOfferInputs, state: string, extra: JsonObject = {}): JsonObject {
  if (inputs.privateOfferType === "multipartyPromotionChannelPartner") assert.fail("publisher offers only");
  const offer = buildOfferEnvelope(inputs, "live").resources.at(-1)!;
  return { ...offer, id: OFFER_ID, state, eTag: '"e1"', ...extra };
}

function outputs(inputs: PrivateOfferInputs, state: string, extra: JsonObject = {}): PrivateOfferOutputs {
  return normaliseOffer(apiOffer(inputs, state, extra), { inputs });
}

describe("an update refused for a stale eTag", () => {
  const before = checked(customerPercentage());
  const after = checked({ ...customerPercentage(), end: future("12-31", 1) });
  const previous = outputs(before, "live", { subState: "pendingAcceptance" });

  it("goes on from a withdrawn offer when this update's own withdraw is the only difference", () => {
    const verdict = judgeStaleETag({ operation: "update", previous, offer: apiOffer(before, "withdrawn", { eTag: '"e2"' }), inputs: after });
    assert.equal(verdict.kind, "continue");
    if (verdict.kind !== "continue") return;
    assert.equal(verdict.outputs.state, "withdrawn");
    assert.equal(verdict.outputs.eTag, '"e2"', "the rest of the update sends the current eTag");
    assert.match(verdict.reason, /withdrawn, as an earlier run of this update left it/);
    assert.doesNotMatch(verdict.reason, /outside this stack/);
  });

  it("is done when the offer already is what the program declares", () => {
    const verdict = judgeStaleETag({ operation: "update", previous, offer: apiOffer(after, "live", { eTag: '"e3"' }), inputs: after });
    assert.equal(verdict.kind, "continue");
    if (verdict.kind !== "continue") return;
    assert.equal((verdict.outputs as { end?: string }).end, future("12-31", 1));
    assert.equal(verdict.outputs.eTag, '"e3"');
  });

  it("refuses any other difference, naming only what its own steps do not explain", () => {
    const edited = judgeStaleETag({ operation: "update", previous, offer: apiOffer(before, "live", { notes: "edited in Partner Center", eTag: '"e2"' }), inputs: after });
    assert.deepEqual(edited, { kind: "refuse", changed: ["notes"] });
    const withdrawnAndEdited = judgeStaleETag({
      operation: "update",
      previous,
      offer: apiOffer(before, "withdrawn", { notes: "edited", eTag: '"e2"' }),
      inputs: after,
    });
    assert.deepEqual(withdrawnAndEdited, { kind: "refuse", changed: ["notes"] }, "the withdraw is this update's own; the note is not");
  });

  it("goes on when the offer already is as declared however it got there; refuses a state this update would not reach", () => {
    const draftWanted = checked({ ...customerPercentage(), state: "draft" });
    const fromDraft = outputs(before, "draft");
    const verdict = judgeStaleETag({ operation: "update", previous: fromDraft, offer: apiOffer(before, "withdrawn"), inputs: draftWanted });
    // A draft now withdrawn: `state: draft` asks for an unpublished offer, and a withdrawn one is.
    assert.equal(verdict.kind, "continue");
    const stillLive = judgeStaleETag({ operation: "update", previous: outputs(before, "withdrawn"), offer: apiOffer(before, "live"), inputs: after });
    assert.deepEqual(stillLive, { kind: "refuse", changed: ["state"] });
  });

  it("a customer offer whose eTag moved with nothing changed is refused; a multiparty offer goes on (the other seller acted)", () => {
    assert.deepEqual(judgeStaleETag({ operation: "update", previous, offer: apiOffer(before, "live", { eTag: '"e9"' }), inputs: after }), {
      kind: "refuse",
      changed: [],
    });
    const mpo = checked(originator());
    const mpoChanged = checked({ ...originator(), notes: "Q4 deal" });
    const mpoPrevious = outputs(mpo, "live");
    const verdict = judgeStaleETag({ operation: "update", previous: mpoPrevious, offer: apiOffer(mpo, "live", { eTag: '"e9"' }), inputs: mpoChanged });
    assert.equal(verdict.kind, "continue");
    assert.match(verdict.kind === "continue" ? verdict.reason : "", /other seller acted/);
  });

  it("a delete goes on only over the other seller's changes", () => {
    const asInputs = previous as unknown as PrivateOfferInputs;
    assert.deepEqual(judgeStaleETag({ operation: "delete", previous, offer: apiOffer(before, "live", { notes: "x", eTag: '"e2"' }), inputs: asInputs }), {
      kind: "refuse",
      changed: ["notes"],
    });
  });
});
