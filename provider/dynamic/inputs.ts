// Create and update check their inputs again: the engine skips `check` on some paths (a refresh
// followed by an update from state, an import of old state), and nothing unchecked may reach the API.
import type { CheckResult } from "../schema/check";
import { RefusedError } from "./errors";

/**
 * The checked inputs, or a refusal listing every failure with its property path. Inputs that still
 * hold values unknown until apply are never sent anywhere.
 */
export function requireValidInputs<T>(resource: string, result: CheckResult<T>): T {
  if (!result.ok) {
    throw new RefusedError(
      `the ${resource} inputs are invalid; nothing was sent:\n  - ${result.failures.map((f) => `${f.property}: ${f.reason}`).join("\n  - ")}`,
    );
  }
  if (result.containsUnknowns) throw new Error(`${resource} inputs still hold values unknown until apply; nothing was sent`);
  return result.inputs;
}
