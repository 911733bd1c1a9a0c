export * from "./errors";
export * from "./loopback";
export * from "../support/redact";
export * from "./settings";
