export * from "./errors";
export * from "./loopback";
export * from "./profiles";
export * from "./review";
export * from "./settings";
export * from "./suggest";
export * from "./tls";
