// How this package's errors and messages read: the redacted root error class, and the few phrasings
// every layer shares (an error's text, a sentence, a duration).
import { inspect } from "node:util";
import { redact } from "./redact";

/**
 * The root of every error this package throws about settings, credentials and the API. Its message,
 * `toString()` and `util.inspect` rendering are redacted, and it never keeps a reference to a raw
 * HTTP error (which would carry request headers).
 */
export class PartnerCenterError extends Error {
  constructor(message: string) {
    super(redact(message));
    this.name = new.target.name;
    if (this.stack) this.stack = redact(this.stack);
  }

  override toString(): string {
    return redact(`${this.name}: ${this.message}`);
  }

  [inspect.custom](): string {
    return redact(this.stack ?? this.toString());
  }
}

/** The error's message, or its text; safe to print. */
export function messageOf(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

/** The text as a sentence: one full stop at its end, whether or not it brought its own. */
export function sentence(text: string): string {
  return /[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text}.`;
}

/** A duration for people: tenths of a second below ten seconds, whole seconds above. */
export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
