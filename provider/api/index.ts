export * from "./client";
export * from "./errors";
export * from "./job-waiter";
export * from "./limiter";
export * from "./retry-policy";
export type { Transport, HttpRequest, HttpResponse, NetworkFailure, Exchange } from "./transport";
export { createAxiosTransport } from "./transport";
