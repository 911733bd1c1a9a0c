import { PartnerCenterError } from "../support/errors";

/** Settings that cannot be used, naming the config key and environment variable to fix. */
export class SettingsError extends PartnerCenterError {
  constructor(readonly problems: readonly string[]) {
    super(`Partner Center settings are invalid:\n  - ${problems.join("\n  - ")}`);
  }
}
