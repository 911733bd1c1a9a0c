// Create and update check their inputs again: the engine skips `check` on some paths (a refresh
// followed by an update from state, an import of old state), and nothing unchecked may reach the API.
import type { CheckResult } from "../schema/check";
import { RefusedError } from "./errors";

/**
 * The checked inputs, or a refusal listing every failure with its property path. Inputs that still
 * hold values unknown until apply are never sent anywhere.
 */
export function requireValidInputs<T>(resource: string, result: CheckResult<T>): T {
  const inputs = checkedInputs(resource, result);
  if (result.containsUnknowns) throw new Error(`${resource} inputs still hold values unknown until apply; nothing was sent`);
  return inputs;
}

/** The checked inputs for a preview, which may hold values unknown until apply; a refusal when invalid. */
export function checkedInputs<T>(resource: string, result: CheckResult<T>): T {
  if (!result.ok) {
    throw new RefusedError(
      `the ${resource} inputs are invalid; nothing was sent:\n  - ${result.failures.map((f) => `${f.property}: ${f.reason}`).join("\n  - ")}`,
    );
  }
  return result.inputs;
}
