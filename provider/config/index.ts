export * from "./errors";
export * from "./loopback";
export * from "./redact";
export * from "./settings";
