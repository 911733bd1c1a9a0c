// Which configure requests a create, update or delete needs (design §3), as data the dynamic
// provider executes in order. Steps that carry an envelope are sent as they are; a channel
// partner's completion is built from the offer as read just before it is sent.
import { containsUnknown } from "../schema/unknowns";
import type { ChannelPartnerOfferInputs, PrivateOfferInputs, PublisherOfferInputs } from "../schema/private-offer";
import type { ConfigureEnvelope } from "../schema/api/configure";
import { buildDeleteEnvelope, buildOfferEnvelope, buildWithdrawEnvelope, type OfferIdentity } from "./payload";
import { compareInputs } from "./compare";
import type { JobAction, OfferState, PrivateOfferOutputs } from "./outputs";

/**
 * One thing an operation does. `description` is a short verb phrase ("withdraw the live offer");
 * `impact`, when there is one, is what customers notice while the step's effect lasts.
 */
export type Step = (
  /** Wait for a configure job started by an earlier, interrupted operation. */
  | { kind: "awaitJob"; jobId: string; action: JobAction }
  /** POST this envelope to `configure` and wait for its job. */
  | { kind: "configure"; action: JobAction; envelope: ConfigureEnvelope }
  /** GET the offer, build the completion with `buildChannelPartnerCompletion`, POST it and wait. */
  | { kind: "completeAsChannelPartner"; offerId: string }
  /**
   * GET the offer (by id, or the one the last job created) and turn it into outputs. With
   * `beforeDelete`, an offer that is gone or deleted reads as deleted instead of failing, and a
   * change made outside the stack is reported in one line.
   */
  | { kind: "read"; offerId?: string; beforeDelete?: true }
) & { description: string; impact?: string };

/** The engine operation a plan serves. */
export type Operation = "create" | "update" | "delete";

export type Plan =
  /** Run the steps in order. With `replanAfter`, plan again from the outputs they produce. */
  | { kind: "steps"; steps: Step[]; replanAfter: boolean }
  /** Nothing may change; `reason` says why and what to do instead. */
  | { kind: "refuse"; reason: string }
  /** The change needs a new offer: the engine replaces the resource (see the diff's `replaces`). */
  | { kind: "replace"; reason: string };

const read = (offerId?: string): Step => ({ kind: "read", ...(offerId ? { offerId } : {}), description: "read the offer back" });
const readBeforeDelete = (offerId?: string): Step => ({
  kind: "read",
  ...(offerId ? { offerId } : {}),
  beforeDelete: true,
  description: "read the offer before deleting it",
});

function steps(list: Step[], replanAfter = false): Plan {
  return { kind: "steps", steps: list, replanAfter };
}

/** True once the customer has accepted: the offer is a binding agreement and can no longer change. */
export function isAccepted(outputs: Pick<PrivateOfferOutputs, "subState">): boolean {
  return typeof outputs.subState === "string" && outputs.subState.toLowerCase() === "accepted";
}

export function acceptedRefusal(name: string, action: "changed" | "deleted"): string {
  const what =
    action === "changed"
      ? "To change the terms, create a new PrivateOffer with `upgradedFrom: { id, name }` naming this one (it takes effect when this one ends), and leave this resource's inputs as they are."
      : "To stop managing it here, remove it from the stack's state with `pulumi state delete <urn>`; to end it early, contact Microsoft support.";
  return `offer "${name}" was accepted by the customer: it is a binding agreement and can no longer be ${action}. ${what}`;
}

function resume(outputs: PrivateOfferOutputs, then: "update" | "delete"): Plan | undefined {
  const pending = outputs.pendingJob;
  if (!pending) return undefined;
  const offerId = outputs.offerId || undefined;
  return steps(
    [
      { kind: "awaitJob", jobId: pending.jobId, action: pending.action, description: `wait for the ${pending.action} job ${pending.jobId} started earlier` },
      then === "delete" ? readBeforeDelete(offerId) : read(offerId),
    ],
    true,
  );
}

function assertKnown(inputs: PrivateOfferInputs): void {
  if (containsUnknown(inputs)) throw new Error("cannot plan with inputs that are unknown until apply");
}

/** The state a configure request asks for to reach a desired state. A new offer cannot be created withdrawn. */
function writeStateFor(desired: PrivateOfferInputs["state"]): "live" | "draft" {
  return desired === "live" ? "live" : "draft";
}

/** Create: one configure request with the offer (and its price documents), or adoption/completion of an existing offer. */
export function planCreate(inputs: PrivateOfferInputs): Plan {
  assertKnown(inputs);
  if (inputs.privateOfferType === "multipartyPromotionChannelPartner") {
    // The software company created the offer; the partner's resource takes it over and converges it.
    return steps([read(inputs.offerId)], true);
  }
  if (inputs.adoptExistingId) return planAdopt(inputs.adoptExistingId);
  const state = writeStateFor(inputs.state);
  return steps([
    {
      kind: "configure",
      action: state === "live" ? "create" : "saveDraft",
      envelope: buildOfferEnvelope(inputs, state),
      description: state === "live" ? "create and publish the offer" : "create the offer as a draft",
    },
    read(),
  ]);
}

/** Take over an existing offer: read it, then converge it to the inputs as an update would. */
export function planAdopt(offerId: string): Plan {
  return steps([read(offerId)], true);
}

/**
 * Finish a create that an earlier, interrupted run sent: wait for its job instead of sending the
 * request again, read the offer it created, then converge it to the inputs (they may have changed).
 */
export function planAwaitCreate(jobId: string, action: "create" | "saveDraft"): Plan {
  return steps(
    [
      { kind: "awaitJob", jobId, action, description: `wait for the ${action} job ${jobId} that an interrupted run started` },
      read(),
    ],
    true,
  );
}

function identity(outputs: PrivateOfferOutputs, inputs: PrivateOfferInputs, withETag: boolean): OfferIdentity {
  const name = inputs.privateOfferType === "multipartyPromotionChannelPartner" ? (outputs.name ?? "") : inputs.name;
  return {
    id: outputs.offerId,
    name,
    privateOfferType: inputs.privateOfferType,
    ...(withETag && outputs.eTag ? { eTag: outputs.eTag } : {}),
  };
}

const WITHDRAW = "withdraw the live offer";
const WITHDRAWN_IMPACT = "customers cannot see a withdrawn offer until it is published again";

/** Update: from the offer as it is (old outputs) to the declared inputs. */
export function planUpdate(olds: PrivateOfferOutputs, news: PrivateOfferInputs): Plan {
  assertKnown(news);
  const resumed = resume(olds, "update");
  if (resumed) return resumed;
  const comparison = compareInputs(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
  const fieldsChanged = comparison.fields.length > 0;
  if (!fieldsChanged && !comparison.state && comparison.replacing.length === 0) return steps([]);
  if (isAccepted(olds)) return { kind: "refuse", reason: acceptedRefusal(olds.name ?? ("name" in news ? news.name : olds.offerId), "changed") };
  if (comparison.replacing.length > 0) {
    return { kind: "replace", reason: `an offer stays with the account that created it; ${comparison.replacing.join(", ")} changed` };
  }
  if (news.privateOfferType === "multipartyPromotionChannelPartner") return planChannelPartnerUpdate(olds, news);

  const actual: OfferState = olds.state;
  if (actual === "deleted") return { kind: "replace", reason: "the offer was deleted outside this stack" };
  if (news.state === "live") {
    if (actual === "live") {
      return steps([
        { kind: "configure", action: "withdraw", envelope: buildWithdrawEnvelope(identity(olds, news, true)), description: WITHDRAW, impact: WITHDRAWN_IMPACT },
        // The withdraw changed the eTag; the offer is now ours to re-submit as a whole.
        { kind: "configure", action: "publish", envelope: buildOfferEnvelope(news, "live", { id: olds.offerId }), description: "publish the offer again with the changes" },
        read(olds.offerId),
      ]);
    }
    const description = actual === "draft" ? "publish the draft" : "publish the withdrawn offer again";
    return steps([
      { kind: "configure", action: "publish", envelope: buildOfferEnvelope(news, "live", existing(olds)), description },
      read(olds.offerId),
    ]);
  }
  // Desired: not published (draft or withdrawn).
  if (actual === "live") {
    if (fieldsChanged) {
      return { kind: "replace", reason: "a withdrawn offer can only be edited by publishing it again; to change it unpublished it must be replaced" };
    }
    return steps([
      { kind: "configure", action: "withdraw", envelope: buildWithdrawEnvelope(identity(olds, news, true)), description: WITHDRAW, impact: WITHDRAWN_IMPACT },
      read(olds.offerId),
    ]);
  }
  if (fieldsChanged) {
    return { kind: "replace", reason: `the API cannot edit a ${actual} offer without publishing it (a draft with an id means withdraw)` };
  }
  return steps([]);
}

function existing(olds: PrivateOfferOutputs): { id: string; eTag?: string } {
  return olds.eTag ? { id: olds.offerId, eTag: olds.eTag } : { id: olds.offerId };
}

function planChannelPartnerUpdate(olds: PrivateOfferOutputs, news: ChannelPartnerOfferInputs): Plan {
  const live = olds.state === "live";
  const withdraw: Step = {
    kind: "configure",
    action: "withdraw",
    envelope: buildWithdrawEnvelope(identity(olds, news, true)),
    description: "withdraw the offer from the customer",
    impact: "the customer cannot see a withdrawn offer until it is published again",
  };
  const complete: Step = { kind: "completeAsChannelPartner", offerId: news.offerId, description: "complete the offer and publish it to the customer" };
  if (news.state === "live") return steps([...(live ? [withdraw] : []), complete, read(news.offerId)]);
  return steps(live ? [withdraw, read(news.offerId)] : []);
}

/**
 * Delete, first step: read the offer as it is now. State kept from the last run can be stale (a
 * failed delete records nothing, so a withdraw that finished after the run gave up is not in it),
 * and the eTag sent must be the current one. `planDeleteFromCurrent` then decides from what was read.
 */
export function planDelete(olds: PrivateOfferOutputs): Plan {
  const resumed = resume(olds, "delete");
  if (resumed) return resumed;
  if (!olds.offerId || olds.state === "deleted") return steps([]);
  return steps([readBeforeDelete(olds.offerId)], true);
}

/** Delete, from the offer as just read: by state; the channel partner can only withdraw. */
export function planDeleteFromCurrent(current: PrivateOfferOutputs): Plan {
  if (!current.offerId || current.state === "deleted") return steps([]);
  const name = current.name ?? current.offerId;
  if (isAccepted(current)) return { kind: "refuse", reason: acceptedRefusal(name, "deleted") };
  const who = { id: current.offerId, name, privateOfferType: current.privateOfferType };
  const withdraw: Step = {
    kind: "configure",
    action: "withdraw",
    envelope: buildWithdrawEnvelope({ ...who, ...(current.eTag ? { eTag: current.eTag } : {}) }),
    description: "withdraw the live offer before deleting it",
  };
  if (current.privateOfferType === "multipartyPromotionChannelPartner") {
    // Only the software company can delete a multiparty offer; the partner takes it back from the customer.
    return steps(current.state === "live" ? [withdraw] : []);
  }
  const remove = (withETag: boolean): Step => ({
    kind: "configure",
    action: "delete",
    // After a withdraw of this run the eTag read before it is stale; the offer is ours to delete.
    envelope: buildDeleteEnvelope({ ...who, ...(withETag && current.eTag ? { eTag: current.eTag } : {}) }),
    description: "delete the offer",
  });
  if (current.state === "live") return steps([withdraw, remove(false)]);
  return steps([remove(true)]);
}

export type { PublisherOfferInputs };
