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

/** Settings that cannot be used, naming the config key and environment variable to fix. */
export class SettingsError extends PartnerCenterError {
  constructor(readonly problems: readonly string[]) {
    super(`Partner Center settings are invalid:\n  - ${problems.join("\n  - ")}`);
  }
}
