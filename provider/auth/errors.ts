import { PartnerCenterError } from "../support/errors";

/** No token could be obtained for the configured credential. */
export class TokenAcquisitionError extends PartnerCenterError {
  constructor(
    readonly credentialDescription: string,
    reason: string,
    readonly code?: string,
  ) {
    super(`Could not obtain an access token with the ${credentialDescription}: ${reason}`);
  }
}
