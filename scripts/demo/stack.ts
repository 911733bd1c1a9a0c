// The demo stack through Pulumi's Automation API and the real CLI: the project of the root
// Pulumi.yaml, its program (demo/program.ts) run inline, a local file backend and PULUMI_HOME
// inside the project, the emulator's TLS certificate trusted by the engine's processes, and stack
// config pointing the provider (and the channel partner's profile) at the emulator. The real-CLI
// suites share `emulatorConfig`.
import * as path from "node:path";
import { LocalWorkspace, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { demoProgram } from "../../demo/program";
import type { PublisherAccount } from "../../emulator/contracts";
import { cliEnvironment } from "../cli/environment";
import { cliDir, pulumiCommand } from "../cli/toolchain";

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
  /** The Pulumi project directory (where Pulumi.yaml is). */
  workDir: string;
  stackName: string;
  /** Directory of the file backend. */
  stateDir: string;
  /** PULUMI_HOME of the demo's CLI processes. */
  home: string;
  emulator: EmulatorEndpoints;
  /** Seconds between job-status reads; the emulator finishes jobs in well under a second. */
  pollIntervalSeconds?: number;
  /** Where the provider keeps its records of creates in flight (default: beside the program). */
  createRecordDir?: string;
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
  const envVars = cliEnvironment({
    stateDir: options.stateDir,
    home: options.home,
    cliDir: await cliDir(),
    passphrase: DEMO_PASSPHRASE,
    ...(options.emulator.caCertPath ? { caCertPath: options.emulator.caCertPath } : {}),
  });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName, projectName: path.basename(options.workDir), program: async () => demoProgram() },
    { workDir: options.workDir, pulumiCommand: await pulumiCommand(), envVars },
  );
  await stack.setAllConfig({
    ...emulatorConfig(options.emulator, options.pollIntervalSeconds),
    ...(options.createRecordDir ? { "partnercenter:createRecordDir": { value: options.createRecordDir } } : {}),
  });
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

/**
 * One row per `PrivateOffer` as the stack's state holds it (after a refresh: as Partner Center holds
 * it); the stack's outputs change only with `up`.
 */
export function offerRowsFromState(deployment: { deployment?: { resources?: unknown[] } }): OfferRow[] {
  const rows: OfferRow[] = [];
  for (const resource of deployment.deployment?.resources ?? []) {
    const r = resource as { urn?: string; type?: string; outputs?: Record<string, unknown> };
    if (!r.type?.endsWith(":PrivateOffer") || !r.urn) continue;
    const text = (key: string) => (typeof r.outputs?.[key] === "string" ? (r.outputs[key] as string) : "");
    rows.push({ resource: r.urn.slice(r.urn.lastIndexOf("::") + 2), offerId: text("offerId"), state: text("state"), subState: text("subState") });
  }
  return rows.sort((a, b) => a.resource.localeCompare(b.resource));
}

export function formatRows(rows: readonly OfferRow[]): string {
  const header: OfferRow = { resource: "resource", offerId: "offer id", state: "state", subState: "sub-state" };
  const all = [header, ...rows];
  const width = (key: keyof OfferRow) => Math.max(...all.map((r) => r[key].length));
  const line = (r: OfferRow) =>
    [r.resource.padEnd(width("resource")), r.offerId.padEnd(width("offerId")), r.state.padEnd(width("state")), r.subState].join("  ");
  return all.map(line).join("\n");
}
