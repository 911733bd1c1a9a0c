// Where one operation on an offer stands while `pulumi up` runs its plan, as a value: the offer as
// last known, the job in flight, the steps that took effect. The executor
// (provider/dynamic/offer-run.ts) performs each step and moves the run on with these functions;
// everything it decides besides sending (what a step sends, what a finished job changed, what a read
// means, what a failure says and what the engine must record) is decided here, without I/O.
import type { ConfigureEnvelope } from "../schema/api/configure";
import type { PrivateOffer } from "../schema/api/private-offer";
import type { PrivateOfferInputs } from "../schema/private-offer";
import { sentence } from "../support/errors";
import { changedOwnedFields } from "./ownership";
import { normaliseOffer, outputsFromInputs, plain, type JobAction, type OfferState, type PendingJob, type PrivateOfferOutputs } from "./outputs";
import { buildDeleteEnvelope, buildOfferEnvelope, buildWithdrawEnvelope, type OfferIdentity } from "./payload";
import type { Operation } from "./plan";
import { STATE_AFTER, describeStep, stepLine, type ConfigureStep, type Step } from "./steps";

export interface Run {
  readonly operation: Operation;
  /** What the program declares; a delete works from the offer alone. */
  readonly inputs?: PrivateOfferInputs | undefined;
  /** The offer as last known; undefined until a create has read it. */
  readonly outputs?: PrivateOfferOutputs | undefined;
  /** The configure job accepted and not seen to finish. */
  readonly pending?: PendingJob | undefined;
  readonly lastJobId?: string | undefined;
  /** The offer a create's job made, until it is read back (`offer`: as the job's detail carried it). */
  readonly created?: { id: string; offer?: PrivateOffer | undefined } | undefined;
  /** The steps that took effect, in order (reads left out). */
  readonly completed: readonly Step[];
  /** True once a job of this run succeeded: the offer then holds what the inputs say. */
  readonly wrote: boolean;
  /** True once a stale eTag was replaced by the current one: it happens once per run at most. */
  readonly rebased: boolean;
}

export function startRun(operation: Operation, inputs: PrivateOfferInputs | undefined, outputs?: PrivateOfferOutputs): Run {
  return { operation, inputs, outputs, lastJobId: outputs?.lastJobId, completed: [], wrote: false, rebased: false };
}

/** The offer's id as far as the run knows it. */
export function offerIdOf(run: Run): string | undefined {
  return run.outputs?.offerId || run.created?.id || undefined;
}

/** What a configure step sends, built from the inputs and the offer as the run knows it now. */
export function requestFor(run: Run, step: Exclude<ConfigureStep, { kind: "complete" }>): ConfigureEnvelope {
  const { inputs, outputs } = run;
  if (step.kind === "create" || step.kind === "publish") {
    if (!inputs || inputs.privateOfferType === "multipartyPromotionChannelPartner") throw new Error(`a ${step.kind} needs a publisher's inputs`);
    if (step.kind === "create") return buildOfferEnvelope(inputs, step.state);
    if (!outputs) throw new Error("a publish needs the offer's id");
    return buildOfferEnvelope(inputs, "live", outputs.eTag ? { id: outputs.offerId, eTag: outputs.eTag } : { id: outputs.offerId });
  }
  if (!outputs) throw new Error(`a ${step.kind} needs the offer's id`);
  // A job of this run dropped the eTag it made stale: what follows is sent without one.
  const who: OfferIdentity = {
    id: outputs.offerId,
    name: inputs ? ("name" in inputs ? inputs.name : (outputs.name ?? "")) : (outputs.name ?? outputs.offerId),
    privateOfferType: (inputs ?? outputs).privateOfferType,
    ...(outputs.eTag ? { eTag: outputs.eTag } : {}),
  };
  return step.kind === "withdraw" ? buildWithdrawEnvelope(who) : buildDeleteEnvelope(who);
}

export function jobAccepted(run: Run, pending: PendingJob): Run {
  return { ...run, pending };
}

/** The job finished unsuccessfully: it changed nothing, and there is nothing left to wait for. */
export function jobFailed(run: Run): Run {
  return { ...run, pending: undefined };
}

export function jobSucceeded(run: Run, jobId: string): Run {
  return { ...run, pending: undefined, lastJobId: jobId };
}

export function offerCreated(run: Run, created: { id: string; offer?: PrivateOffer | undefined }): Run {
  return { ...run, created };
}

/** A write took effect: the offer holds what the inputs say, in the state the action leaves it; its eTag changed. */
export function tookEffect(run: Run, action: JobAction): Run {
  if (!run.outputs) return { ...run, wrote: true };
  const state = STATE_AFTER[action];
  const { eTag: _stale, ...rest } = run.outputs;
  const outputs = { ...rest, ...(state ? { state } : {}), ...(run.lastJobId ? { lastJobId: run.lastJobId } : {}) } as PrivateOfferOutputs;
  return { ...run, wrote: true, outputs };
}

export function stepDone(run: Run, step: Step): Run {
  // Reads change nothing: "done before that" lists what the offer went through.
  return step.kind === "read" ? run : { ...run, completed: [...run.completed, step] };
}

/** The run carries on from the offer as read after a stale eTag. */
export function rebased(run: Run, outputs: PrivateOfferOutputs): Run {
  return { ...run, outputs, rebased: true };
}

/** Whether a write refused for a stale eTag may be judged and retried: before anything of this run was written. */
export function mayRebase(run: Run, step: Step): boolean {
  return step.kind !== "complete" && step.kind !== "awaitJob" && step.kind !== "read" && !run.rebased && !run.wrote && run.completed.length === 0 && !!run.outputs?.offerId;
}

/**
 * Whether a configure request whose answer was lost took effect, from the offer as read now: gone
 * after a delete, in the state the action leaves it, or with another eTag than before.
 */
export function tookEffectAsRead(run: Run, action: JobAction, current: PrivateOffer | undefined): boolean {
  if (current === undefined) return action === "delete";
  const expected = STATE_AFTER[action];
  return (expected !== undefined && current.state === expected) || (run.outputs?.eTag !== undefined && (current.eTag ?? undefined) !== run.outputs.eTag);
}

/** The offer read back: fields the API returns only as ids (absolute price documents) are taken from what was sent. */
export function readBack(run: Run, offer: PrivateOffer): Run {
  const inputs = run.wrote || !run.outputs ? run.inputs : run.outputs;
  if (!inputs) throw new Error("there are no inputs to read the offer against");
  return { ...run, created: run.created ? { id: run.created.id } : undefined, outputs: normaliseOffer(offer, { inputs, ...(run.lastJobId ? { lastJobId: run.lastJobId } : {}) }) };
}

/** The offer as it is just before a delete: what the delete plans from; `note` says what changed outside the stack. */
export function readBeforeDelete(run: Run, id: string, offer: PrivateOffer | undefined): { run: Run; note?: string } {
  const previous = run.outputs ?? (run.inputs ? outputsFromInputs(run.inputs, { state: "draft", offerId: id }) : undefined);
  if (!previous) throw new Error("there is nothing to read the offer against");
  if (!offer || offer.state === "deleted") {
    return { run: { ...run, outputs: plain({ ...previous, offerId: id, state: "deleted" as const }) }, note: `${id} no longer exists: there is nothing to delete` };
  }
  const current = normaliseOffer(offer, { inputs: previous, ...(run.lastJobId ? { lastJobId: run.lastJobId } : {}) });
  const changed = changedOwnedFields(previous, current).filter((key) => key !== "state");
  const note = changed.length > 0 && !run.wrote ? `changed in Partner Center since the last refresh (${changed.join(", ")}); deleting it as this stack asks` : undefined;
  return { run: { ...run, outputs: current }, ...(note ? { note } : {}) };
}

/** Why a step failed, as the executor classed the error. */
export interface Failure {
  /** The error's words, safe to print. */
  reason: string;
  kind: "jobFailed" | "staleETag" | "outcomeUnknown" | "other";
  /** The fields found changed outside the stack, when that is why it stopped. */
  changedOutside?: readonly string[];
}

/** The error for the engine: what happened, where the offer stands, what to do, and what to record. */
export interface FailureReport {
  message: string;
  reason: string;
  /** Set when anything exists: the engine records the resource with this id and these outputs. */
  partial?: { id: string; properties: Record<string, unknown> };
}

export function failureReport(run: Run, subject: string, step: Step, failure: Failure): FailureReport {
  const done = run.completed.length ? ` Done before that: ${run.completed.map((s) => describeStep(s).description).join("; ")}.` : "";
  const advice = run.operation === "delete" ? deleteAdvice(run, failure) : upAdvice(run, failure);
  const message = `${subject}: could not ${stepLine(step)}: ${sentence(failure.reason)}${done} ${advice}`;
  const properties = partialProperties(run);
  const id = offerIdOf(run) ?? (run.pending ? `pending-job/${run.pending.jobId}` : undefined);
  return { message, reason: failure.reason, ...(id && properties ? { partial: { id, properties } } : {}) };
}

/** This operation withdrew the offer: by a withdraw of its own, or by waiting for an earlier run's. */
function withdrew(run: Run): boolean {
  return run.completed.some((step) => step.kind === "withdraw" || (step.kind === "awaitJob" && step.action === "withdraw"));
}

/** What to do after a failed create or update: the next `pulumi up` resumes from the state recorded. */
function upAdvice(run: Run, failure: Failure): string {
  const { pending } = run;
  if (pending && failure.kind !== "jobFailed") {
    const hidden = withdrew(run) && pending.action === "publish" ? " Until it does, the offer is withdrawn: customers cannot see it." : "";
    return `Configure job ${pending.jobId} (${pending.action}) was accepted and may still finish.${hidden} The next \`pulumi up\` waits for that job instead of sending the change again.`;
  }
  if (withdrew(run) && run.outputs?.state === "withdrawn" && run.inputs?.state === "live") {
    return "The offer is withdrawn: customers cannot see it. The next `pulumi up` publishes it again.";
  }
  if (failure.kind === "staleETag") {
    // Only differences this stack's own steps do not explain are called changes made outside it.
    if (failure.changedOutside?.length) {
      return `The offer was changed outside this stack since it was last read (${failure.changedOutside.join(", ")}); nothing was overwritten. Run \`pulumi refresh\`, review the drift, then \`pulumi up\`.`;
    }
    return "The offer's eTag changed since this stack last read it, though none of the fields this stack manages did; nothing was overwritten. Run `pulumi refresh`, review the drift, then `pulumi up`.";
  }
  if (failure.kind === "outcomeUnknown") return "It was not sent again, and the offer shows no sign of it. Run `pulumi refresh`, then `pulumi up`.";
  return "Fix the cause, then run `pulumi up` again.";
}

/**
 * What to do after a failed delete. The engine records nothing for a failed delete, so a job
 * still running is not in state: the next `pulumi destroy` finds its effect by reading the offer.
 */
function deleteAdvice(run: Run, failure: Failure): string {
  const again = "run `pulumi destroy` again: it reads the offer first and only sends what is still needed.";
  const { pending } = run;
  if (pending && failure.kind !== "jobFailed") return `Configure job ${pending.jobId} (${pending.action}) was accepted and may still finish; ${again}`;
  if (run.outputs?.state === "withdrawn" && withdrew(run)) return `The offer is withdrawn: customers cannot see it. To finish deleting it, ${again}`;
  if (failure.kind === "outcomeUnknown") return `It was not sent again. Once the service answers, ${again}`;
  return `Fix the cause, then ${again}`;
}

/** The outputs the engine records after a failure: the offer as known, with the job still pending. */
function partialProperties(run: Run): Record<string, unknown> | undefined {
  const { pending, outputs, inputs } = run;
  const pendingJob = pending && run.lastJobId !== pending.jobId ? { pendingJob: pending } : {};
  const offerId = offerIdOf(run);
  if (outputs) {
    const { pendingJob: _old, ...rest } = outputs;
    return plain({ ...rest, ...(offerId ? { offerId } : {}), ...pendingJob });
  }
  if ((!pending && !run.created) || !inputs) return undefined;
  const state: OfferState = inputs.state === "live" ? "live" : "draft";
  return outputsFromInputs(inputs, { state, offerId: run.created?.id ?? "", ...pendingJob, ...(run.lastJobId ? { lastJobId: run.lastJobId } : {}) });
}

/** Said when the offer a channel partner names cannot be read with its credentials. */
export function notVisible(offerId: string, account: string | undefined): string {
  return (
    `${offerId} is not visible to ${account ? `account "${account}"` : "the configured account"}. ` +
    "A channel partner sees a multiparty offer once the software company has published it with this partner's seller id; " +
    "check the offer id and the `account` input."
  );
}
