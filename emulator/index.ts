// The emulator's public surface: start it in-process, or read the seams its parts share.

export { startEmulator, DEFAULT_JOB_LATENCY_MS, type EmulatorOptions, type RunningEmulator } from "./server";
export { defaultAccounts, emulatorAccounts, parseClientOption } from "./authority/index";
export type { RequestLogEntry } from "./http/request-log";
export type { FaultSpec } from "./faults/schema";
export type * from "./contracts";
