// The demo stack through Pulumi's Automation API: a local file backend inside the project, the
// emulator's TLS certificate trusted by the engine's processes, and stack config pointing the
// provider (and the channel partner's profile) at the emulator. Shared by `npm run demo` and the
// opt-in end-to-end suite.
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import type { PublisherAccount } from "../../emulator/contracts";
import type { CliLocation } from "./locate-cli";

/** Only guards the local demo state; it protects no real secret. */
export const DEMO_PASSPHRASE = "partnercenter-demo-local-state";

export interface EmulatorEndpoints {
  /** The emulator's origin (the Entra authority host). */
  url: string;
  apiBaseUrl: string;
  caCertPath?: string;
  softwareCompany: PublisherAccount;
  channelPartner: PublisherAccount;
}

export interface DemoStackOptions {
  cli: Exclude<CliLocation, { kind: "missing" }>;
  /** The Pulumi project directory (where Pulumi.yaml is). */
  workDir: string;
  stackName: string;
  /** Directory of the file backend. */
  stateDir: string;
  emulator: EmulatorEndpoints;
  /** Seconds between job-status reads; the emulator finishes jobs in well under a second. */
  pollIntervalSeconds?: number;
}

/** The stack config that points the provider at the emulator: both accounts' credentials as secrets. */
export function emulatorConfig(emulator: EmulatorEndpoints, pollIntervalSeconds = 0.25): ConfigMap {
  const company = emulator.softwareCompany;
  const partner = emulator.channelPartner;
  return {
    "partnercenter:endpoint": { value: emulator.apiBaseUrl },
    "partnercenter:authorityHost": { value: emulator.url },
    "partnercenter:tenantId": { value: company.tenantId },
    "partnercenter:clientId": { value: company.clientId },
    "partnercenter:clientSecret": { value: company.clientSecret, secret: true },
    "partnercenter:pollIntervalSeconds": { value: String(pollIntervalSeconds) },
    "partnercenter:accounts": {
      value: JSON.stringify({
        channelPartner: { tenantId: partner.tenantId, clientId: partner.clientId, clientSecret: partner.clientSecret },
      }),
      secret: true,
    },
    "demo:channelPartnerSellerId": { value: partner.sellerId },
  };
}

export async function openDemoStack(options: DemoStackOptions): Promise<Stack> {
  const cli = options.cli;
  const pulumiCommand = await PulumiCommand.get(cli.kind === "npm" ? { root: cli.root } : {});
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${options.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: DEMO_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  // The engine starts the language host and the dynamic-provider host: they must trust the emulator.
  if (options.emulator.caCertPath) envVars["NODE_EXTRA_CA_CERTS"] = options.emulator.caCertPath;
  // The npm package's CLI keeps its language plugins beside it; the engine looks for them on PATH.
  if (cli.kind === "npm") envVars["PATH"] = `${path.dirname(cli.executable)}${path.delimiter}${process.env["PATH"] ?? ""}`;
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName, workDir: options.workDir },
    { pulumiCommand, envVars },
  );
  await stack.setAllConfig(emulatorConfig(options.emulator, options.pollIntervalSeconds));
  return stack;
}

/** One row per offer of the demo program's `offers` output. */
export interface OfferRow {
  resource: string;
  offerId: string;
  state: string;
  subState: string;
}

export function offerRows(outputs: Record<string, { value: unknown }>): OfferRow[] {
  const offers = outputs["offers"]?.value;
  if (offers === null || typeof offers !== "object") return [];
  return Object.entries(offers as Record<string, Record<string, unknown>>).map(([resource, o]) => ({
    resource,
    offerId: typeof o["offerId"] === "string" ? o["offerId"] : "",
    state: typeof o["state"] === "string" ? o["state"] : "",
    subState: typeof o["subState"] === "string" ? o["subState"] : "",
  }));
}

export function formatRows(rows: readonly OfferRow[]): string {
  const header: OfferRow = { resource: "resource", offerId: "offer id", state: "state", subState: "sub-state" };
  const all = [header, ...rows];
  const width = (key: keyof OfferRow) => Math.max(...all.map((r) => r[key].length));
  const line = (r: OfferRow) =>
    [r.resource.padEnd(width("resource")), r.offerId.padEnd(width("offerId")), r.state.padEnd(width("state")), r.subState].join("  ");
  return all.map(line).join("\n");
}
