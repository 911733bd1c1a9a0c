export * from "./errors";
export * from "./redact";
export * from "./timing";
