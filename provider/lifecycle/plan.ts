// Which steps a create, update or delete needs (design §3), as data: `pulumi up` runs them
// (provider/dynamic/offer-run.ts) and `pulumi preview` renders them (diff.ts). Plans are made from
// the outputs in state and the inputs, known or not: what a step sends is built only when it runs.
import { isUnknown } from "../schema/unknowns";
import type { ChannelPartnerOfferInputs, PrivateOfferInputs } from "../schema/private-offer";
import { compareInputs, type InputComparison } from "./compare";
import type { OfferState, PrivateOfferOutputs } from "./outputs";
import { STATE_AFTER, type Step } from "./steps";

/** The engine operation a plan serves. */
export type Operation = "create" | "update" | "delete";

export type Plan =
  /** Run the steps in order. With `replanAfter`, plan again from the outputs they produce. */
  | { kind: "steps"; steps: Step[]; replanAfter: boolean }
  /** Nothing may change; `reason` says why and what to do instead. */
  | { kind: "refuse"; reason: string }
  /** The change needs a new offer: the engine replaces the resource because `properties` changed. */
  | { kind: "replace"; properties: string[]; reason: string }
  /** In a preview: the desired state is known only after apply, so which steps is too. */
  | { kind: "unknown"; reason: string };

const read = (offerId?: string): Step => ({ kind: "read", ...(offerId ? { offerId } : {}) });
const readBeforeDelete = (offerId?: string): Step => ({ kind: "read", ...(offerId ? { offerId } : {}), beforeDelete: true });

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
  return steps([{ kind: "awaitJob", jobId: pending.jobId, action: pending.action }, then === "delete" ? readBeforeDelete(offerId) : read(offerId)], true);
}

/** The outputs once the pending job succeeded, as the next plan starts from them (for a preview). */
export function afterPendingJob(outputs: PrivateOfferOutputs): PrivateOfferOutputs {
  const { pendingJob, ...rest } = outputs;
  const state = pendingJob ? STATE_AFTER[pendingJob.action] : undefined;
  return { ...rest, ...(state ? { state } : {}) } as PrivateOfferOutputs;
}

/** Create: one configure request with the offer (and its price documents), or adoption/completion of an existing offer. */
export function planCreate(inputs: PrivateOfferInputs): Plan {
  if (inputs.privateOfferType === "multipartyPromotionChannelPartner") {
    // The software company created the offer; the partner's resource takes it over and converges it.
    return steps([read(inputs.offerId)], true);
  }
  if (inputs.adoptExistingId) return planAdopt(inputs.adoptExistingId);
  return steps([{ kind: "create", state: inputs.state === "live" ? "live" : "draft" }, read()]);
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
  return steps([{ kind: "awaitJob", jobId, action, interrupted: true }, read()], true);
}

/** Update: from the offer as it is (old outputs) to the declared inputs. */
export function planUpdate(olds: PrivateOfferOutputs, news: PrivateOfferInputs): Plan {
  return planChange(olds, news).plan;
}

/** The update's plan, and the comparison of state with the program it was made from. */
export function planChange(olds: PrivateOfferOutputs, news: PrivateOfferInputs): { plan: Plan; comparison: InputComparison } {
  const comparison = compareInputs(olds, news);
  return { plan: resume(olds, "update") ?? changeSteps(olds, news, comparison), comparison };
}

function changeSteps(olds: PrivateOfferOutputs, news: PrivateOfferInputs, comparison: InputComparison): Plan {
  const fieldsChanged = comparison.fields.length > 0;
  if (!fieldsChanged && !comparison.state && comparison.replacing.length === 0) return steps([]);
  if (isAccepted(olds)) return { kind: "refuse", reason: acceptedRefusal(olds.name ?? ("name" in news ? news.name : olds.offerId), "changed") };
  if (comparison.replacing.length > 0) {
    const why = comparison.replacing.includes("account") ? "an offer stays with the account that created it; " : "";
    return { kind: "replace", properties: comparison.replacing, reason: `${why}${comparison.replacing.join(", ")} changed` };
  }
  if (isUnknown(news.state)) return { kind: "unknown", reason: "the desired state is known after apply" };
  if (news.privateOfferType === "multipartyPromotionChannelPartner") return channelPartnerSteps(olds.state, news);

  const actual: OfferState = olds.state;
  const replace = (reason: string): Plan => ({ kind: "replace", properties: fieldsChanged ? comparison.fields : ["state"], reason });
  if (actual === "deleted") return replace("the offer was deleted outside this stack");
  if (news.state === "live") {
    // A live offer is withdrawn first: the API has no edit of a live offer. The withdraw changes
    // the eTag; the offer is then ours to send again as a whole.
    if (actual === "live") return steps([{ kind: "withdraw" }, { kind: "publish", from: "live" }, read(olds.offerId)]);
    return steps([{ kind: "publish", from: actual }, read(olds.offerId)]);
  }
  // Desired: not published (draft or withdrawn).
  if (fieldsChanged) {
    return replace(
      actual === "live"
        ? "a withdrawn offer can only be edited by publishing it again; to change it unpublished it must be replaced"
        : `the API cannot edit a ${actual} offer without publishing it (a draft with an id means withdraw)`,
    );
  }
  return steps(actual === "live" ? [{ kind: "withdraw" }, read(olds.offerId)] : []);
}

function channelPartnerSteps(actual: OfferState, news: ChannelPartnerOfferInputs): Plan {
  const live = actual === "live";
  const withdraw: Step = { kind: "withdraw", channelPartner: true };
  if (news.state === "live") {
    return steps([...(live ? [withdraw] : []), { kind: "complete", offerId: news.offerId, from: actual }, read(news.offerId)]);
  }
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

/**
 * Delete, from the offer as just read: by state; the channel partner can only withdraw. After a
 * withdraw the eTag read before it is stale: the delete is sent without one (the offer is ours).
 */
export function planDeleteFromCurrent(current: PrivateOfferOutputs): Plan {
  if (!current.offerId || current.state === "deleted") return steps([]);
  if (isAccepted(current)) return { kind: "refuse", reason: acceptedRefusal(current.name ?? current.offerId, "deleted") };
  const withdraw: Step[] = current.state === "live" ? [{ kind: "withdraw", beforeDelete: true }] : [];
  // Only the software company can delete a multiparty offer; the partner takes it back from the customer.
  if (current.privateOfferType === "multipartyPromotionChannelPartner") return steps(withdraw);
  return steps([...withdraw, { kind: "delete" }]);
}
