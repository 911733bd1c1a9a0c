// What an update does when Partner Center refuses its first write for a stale eTag. The eTag in
// state is stale whenever the offer changed since the stack last read it: because someone else
// edited it (refuse, nothing overwritten), because the other seller of a multiparty offer acted, or
// because an earlier run of this same update was interrupted after some of its own steps (a crash
// between the withdraw and the publish leaves state saying live, with the eTag from before the
// withdraw). In the last two cases nothing that this stack does not own would be overwritten: carry
// on from the offer as it is now, with its current eTag.
import { compareInputs } from "./compare";
import { normaliseOffer, type PrivateOfferOutputs } from "./outputs";
import { changedOwnedFields, isMultiparty } from "./ownership";
import { isAccepted, planUpdate, type Operation } from "./plan";
import type { PrivateOfferInputs } from "../schema/private-offer";

export type StaleETagVerdict =
  | {
      kind: "continue";
      /** The offer as it is now: what the rest of the operation plans from. */
      outputs: PrivateOfferOutputs;
      /** One line for the user: why going on overwrites nothing. */
      reason: string;
    }
  | {
      kind: "refuse";
      /** The fields (and `state`) this stack owns that changed in ways its own steps do not explain. */
      changed: string[];
    };

export interface StaleETagContext {
  operation: Operation;
  /** The outputs the operation started from (the engine's state). */
  previous: PrivateOfferOutputs;
  /** The offer as `GET private-offer/{id}` returns it now. */
  offer: unknown;
  /** What the program declares; a delete has none. */
  inputs?: PrivateOfferInputs;
  lastJobId?: string;
}

/** True when the update from `previous` to `inputs` starts by withdrawing the live offer. */
function withdrawsFirst(previous: PrivateOfferOutputs, inputs: PrivateOfferInputs): boolean {
  if (previous.state !== "live") return false;
  const plan = planUpdate(previous, inputs);
  return plan.kind === "steps" && plan.steps[0]?.kind === "withdraw";
}

/**
 * Decides, from the offer as read after a 412, whether the operation may go on. An update goes on
 * when the only differences between state and Partner Center are what its own steps do: the offer is
 * withdrawn (the first step of this update), or it already is what the program declares. A multiparty
 * offer goes on when nothing this side owns changed. Anything else is refused with the fields that
 * changed, none of them changes this stack's own steps explain.
 */
export function judgeStaleETag(context: StaleETagContext): StaleETagVerdict {
  const { operation, previous, offer, inputs } = context;
  const job = context.lastJobId ? { lastJobId: context.lastJobId } : {};
  const current = normaliseOffer(offer, { inputs: previous, ...job });
  const changed = changedOwnedFields(previous, current);
  const update = operation === "update" ? inputs : undefined;
  const withdrawn = update !== undefined && withdrawsFirst(previous, update) && current.state === "withdrawn";

  if (update && changed.length > 0 && !isAccepted(current)) {
    // Fields the API returns only as ids (absolute price documents) read as declared.
    const declared = normaliseOffer(offer, { inputs: update, ...job });
    const comparison = compareInputs(declared, update);
    if (comparison.fields.length === 0 && comparison.replacing.length === 0 && !comparison.state) {
      return {
        kind: "continue",
        outputs: declared,
        reason: "the offer already is what the program declares: an earlier run of this update was interrupted after its last step; nothing more to send",
      };
    }
    if (withdrawn && changed.every((key) => key === "state")) {
      return {
        kind: "continue",
        outputs: current,
        reason: "the offer is withdrawn, as an earlier run of this update left it when it was interrupted: continuing from there with its current eTag",
      };
    }
  }
  if (changed.length === 0 && isMultiparty(previous)) {
    return {
      kind: "continue",
      outputs: current,
      reason: "the offer's eTag changed, but none of the fields this side of the multiparty offer owns did (the other seller acted): continuing with the current eTag",
    };
  }
  return { kind: "refuse", changed: withdrawn ? changed.filter((key) => key !== "state") : changed };
}
