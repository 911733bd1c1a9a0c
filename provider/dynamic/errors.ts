// Errors the dynamic provider throws to the engine. The host turns an error with `id` into a
// partial-state error: the engine records the resource with that id and `properties` as its
// outputs and fails the operation, so the next `pulumi up` calls update from there.
import { redact } from "../support/redact";

export class PartialStateError extends Error {
  readonly reasons: string[];
  constructor(
    message: string,
    /** The resource id to record; never empty (the engine would then forget the resource). */
    readonly id: string,
    /** The outputs to record: plain JSON. */
    readonly properties: Record<string, unknown>,
    reasons: string[] = [],
  ) {
    super(redact(message));
    this.name = "PartialStateError";
    this.reasons = reasons.map(redact);
  }
}

/** A refusal the user must act on (accepted offer, existing name, stale eTag); nothing was changed. */
export class RefusedError extends Error {
  constructor(message: string) {
    super(redact(message));
    this.name = "RefusedError";
  }
}
