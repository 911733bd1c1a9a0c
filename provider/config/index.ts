export * from "./errors";
export * from "./loopback";
export * from "./profiles";
export * from "./settings";
