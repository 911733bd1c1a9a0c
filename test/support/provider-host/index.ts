// Driving Pulumi's real Node.js dynamic-provider host from tests and benchmarks, without a Pulumi CLI.
export * from "./errors";
export * from "./host";
export * from "./noop-provider";
export * from "./process-usage";
export * from "./serialize";
export * from "./values";
