// One thing an operation does to an offer, as plain data: what a plan is made of, what `pulumi up`
// runs (provider/dynamic/offer-run.ts), what the preview says before it and the progress lines while
// it runs, and what the advice after a failure is chosen from. The words for each kind of step are
// here, so the preview and the run cannot tell two stories.
import type { JobAction, OfferState } from "./outputs";

export type Step =
  /** POST the offer with the price documents of its absolute prices, new, live or as a draft; wait for its job. */
  | { kind: "create"; state: "live" | "draft" }
  /** POST the whole offer with its id and `state: live`; wait. `from`: the state it is published from. */
  | { kind: "publish"; from: OfferState }
  /** POST `state: withdrawn` with the offer's id, name, type and eTag; wait. */
  | { kind: "withdraw"; beforeDelete?: true; channelPartner?: true }
  /** POST `state: deleted`; wait. */
  | { kind: "delete" }
  /** GET the offer the software company shared, POST the channel partner's completion of it, live; wait. */
  | { kind: "complete"; offerId: string; from: OfferState }
  /** Wait for a configure job that an earlier operation started and did not see finish. */
  | { kind: "awaitJob"; jobId: string; action: JobAction; interrupted?: true }
  /**
   * GET the offer (by id, or the one the last job created) into the outputs. With `beforeDelete`,
   * an offer gone or deleted reads as deleted instead of failing, and an edit made outside the
   * stack is reported in one line.
   */
  | { kind: "read"; offerId?: string; beforeDelete?: true };

/** The steps that POST a configure request. */
export type ConfigureStep = Extract<Step, { kind: "create" | "publish" | "withdraw" | "delete" | "complete" }>;

export function isConfigureStep(step: Step): step is ConfigureStep {
  return step.kind !== "awaitJob" && step.kind !== "read";
}

/** What the configure job of a step does, as recorded with a job still pending. */
export function actionOf(step: ConfigureStep): JobAction {
  if (step.kind === "create") return step.state === "live" ? "create" : "saveDraft";
  return step.kind;
}

/** The offer's state once a job of this kind succeeded. */
export const STATE_AFTER: Partial<Record<JobAction, OfferState>> = { withdraw: "withdrawn", publish: "live", delete: "deleted", complete: "live" };

const HIDDEN = "customers cannot see a withdrawn offer until it is published again";

/**
 * A step as progress lines and failures name it: a short verb phrase ("withdraw the live offer")
 * and, apart from it, what customers notice while its effect lasts.
 */
export function describeStep(step: Step): { description: string; impact?: string } {
  switch (step.kind) {
    case "create":
      return { description: step.state === "live" ? "create and publish the offer" : "create the offer as a draft" };
    case "publish":
      return {
        description: step.from === "live" ? "publish the offer again with the changes" : step.from === "draft" ? "publish the draft" : "publish the withdrawn offer again",
      };
    case "withdraw":
      if (step.beforeDelete) return { description: "withdraw the live offer before deleting it" };
      if (step.channelPartner) return { description: "withdraw the offer from the customer", impact: "the customer cannot see a withdrawn offer until it is published again" };
      return { description: "withdraw the live offer", impact: HIDDEN };
    case "delete":
      return { description: "delete the offer" };
    case "complete":
      return { description: "complete the offer and publish it to the customer" };
    case "awaitJob":
      return { description: `wait for the ${step.action} job ${step.jobId} ${step.interrupted ? "that an interrupted run started" : "started earlier"}` };
    case "read":
      return { description: step.beforeDelete ? "read the offer before deleting it" : "read the offer back" };
  }
}

/** A step in one line: what it does, and in brackets what customers notice. */
export function stepLine(step: Step): string {
  const { description, impact } = describeStep(step);
  return impact ? `${description} (${impact})` : description;
}

/** A step as the preview tells a reviewer what it will do to the offer called `quoted`; reads say nothing. */
export function previewLine(step: Step, quoted: string): string | undefined {
  switch (step.kind) {
    case "create":
      return step.state === "live" ? `creates and publishes ${quoted}` : `creates ${quoted} as a draft`;
    case "publish":
    case "complete":
      if (step.from === "live") return `publishes ${quoted} again with the changes`;
      if (step.from === "draft") return `publishes the draft ${quoted}: the customer can see and accept it`;
      return `publishes the withdrawn offer ${quoted} again: the customer can see and accept it`;
    case "withdraw":
      return step.beforeDelete ? `withdraws the live offer ${quoted} before deleting it` : `withdraws the live offer ${quoted}: customers cannot see it until it is live again`;
    case "delete":
      return `deletes ${quoted}`;
    case "awaitJob":
      return `an earlier configure job (${step.action}, ${step.jobId}) did not finish: this update waits for it first`;
    case "read":
      return undefined;
  }
}
