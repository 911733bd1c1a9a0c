// What a run drives through the host: the real `PrivateOffer` provider (its thin shim, loading the
// implementation built into a program directory) against an emulator, or the no-op provider, the
// floor any dynamic provider costs. Both are serialized exactly as `pulumi.dynamic.Resource` does.

import type { EmulatorControl } from "./emulator-control";
import { noopProvider, serializeProvider, startProviderHost, type ProviderHost, type SerializedProvider } from "../../test/support/provider-host";
import { createShimProvider } from "../../provider/dynamic/shim";

/** Where the provider reaches the emulator. */
export type EmulatorTarget = Pick<EmulatorControl, "url" | "apiBaseUrl" | "caCertPath" | "softwareCompany">;

export const PRIVATE_OFFER_SPECIFIER = "pulumi-partnercenter-private-offers/dist/provider/dynamic/private-offer.js";
export const PRIVATE_OFFER_EXPORT = "privateOfferProvider";
export const CLIENT_SECRET_KEY = "partnercenter:clientSecret";

export interface Timing {
  /** Seconds between two status reads of one job. */
  pollIntervalSeconds: number;
  jobTimeoutMinutes?: number;
  maxConcurrentRequests?: number;
}

export function serializedPrivateOffer(): Promise<SerializedProvider> {
  return serializeProvider(createShimProvider({ module: PRIVATE_OFFER_SPECIFIER, exportName: PRIVATE_OFFER_EXPORT }));
}

export function serializedNoop(): Promise<SerializedProvider> {
  return serializeProvider(noopProvider);
}

/** The stack config a program would set to reach the emulator over TLS with the software company's app. */
export function emulatorStackConfig(emulator: EmulatorTarget, timing: Timing): Record<string, string> {
  const account = emulator.softwareCompany;
  return {
    "partnercenter:endpoint": emulator.apiBaseUrl,
    "partnercenter:authorityHost": emulator.url,
    "partnercenter:tenantId": account.tenantId,
    "partnercenter:clientId": account.clientId,
    [CLIENT_SECRET_KEY]: account.clientSecret,
    "partnercenter:pollIntervalSeconds": String(timing.pollIntervalSeconds),
    "partnercenter:jobTimeoutMinutes": String(timing.jobTimeoutMinutes ?? 1),
    ...(timing.maxConcurrentRequests ? { "partnercenter:maxConcurrentRequests": String(timing.maxConcurrentRequests) } : {}),
  };
}

/** A configured host in the program directory, trusting the emulator's CA as NODE_EXTRA_CA_CERTS would. */
export async function startConfiguredHost(programDir: string, emulator: EmulatorTarget, timing: Timing): Promise<ProviderHost> {
  const host = await startProviderHost({ cwd: programDir, project: "offers", env: { NODE_EXTRA_CA_CERTS: emulator.caCertPath } });
  await host.configure(emulatorStackConfig(emulator, timing), { secretKeys: [CLIENT_SECRET_KEY] });
  return host;
}
