export * from "./certificate";
export * from "./errors";
export { GRAPH_SCOPE } from "./msal-acquirer";
export * from "./token-cache";
export * from "./token-sources";
export { describeTokenFailure } from "./token-failure";
export { TokenEndpointNetwork, fetchNetwork, msalHoldMs, type TokenRequestRetry, type TokenAttemptOutcome } from "./token-network";
