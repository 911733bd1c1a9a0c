// Runs killed mid-flight through Pulumi's real dynamic-provider host: SIGKILL of the host process
// (a crash, a cancelled CI job), then the next plain run in a new host process with the same inputs
// and the same record directory, as the engine does after a crash. The host loads dist/: run
// `npm run build` first.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { privateOfferShim } from "../../../provider/resources/shims";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { serializeProvider, startProviderHost, type ProviderHost } from "../../support/provider-host";
import { HostStack } from "./stack";

export const PACKAGE_ROOT = join(__dirname, "..", "..", "..");
export const CONFIGURE = "/rp/product-ingestion/configure";
export const NAME = "Contoso FY27";

export interface RunSettings {
  /** The record directory both runs share, as one machine would; empty: the provider's default. */
  recordDir: string;
  pollIntervalSeconds?: string;
  jobTimeoutMinutes?: string;
}

export interface ListedOffer {
  id: string;
  name: string;
  state: string;
  end?: string;
}

/** Polls until `ready` is true; generous limits, since the machine may be busy. */
export async function until(what: string, ready: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An operation about to be killed: its failure (the host is gone) is the expected outcome. */
export function started(operation: Promise<unknown>): Promise<unknown> {
  return operation.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/**
 * One `pulumi` command killed mid-flight: starts `operation` on the stack's host, waits until `what`
 * holds, then kills the host with SIGKILL; returns once the operation has ended (failed).
 */
export async function killWhen(stack: HostStack, operation: Promise<unknown>, what: string, ready: () => Promise<boolean> | boolean): Promise<void> {
  const run = started(operation);
  await until(what, ready);
  await stack.host.kill();
  await run;
}

/** True once the provider said that a configure request's outcome is unknown and it is looking for it. */
export function outcomeUnknown(stack: HostStack): boolean {
  return stack.host.output().includes("the outcome of the configure request is unknown");
}

/** The create records in a directory, parsed. */
export function records(dir: string): Array<Record<string, unknown>> {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, unknown>);
}

/** One emulator and the hosts of one test; `end()` after each test. */
export class CrashScene {
  readonly hosts: ProviderHost[] = [];
  #emulator: TestEmulator | undefined;
  #offer: string | undefined;

  get emulator(): TestEmulator {
    if (!this.#emulator) throw new Error("start the scene first");
    return this.#emulator;
  }

  /** The serialized `__provider` of PrivateOffer. */
  get offer(): string {
    if (!this.#offer) throw new Error("start the scene first");
    return this.#offer;
  }

  async start(jobLatencyMs: number): Promise<this> {
    this.#offer ??= (await serializeProvider(privateOfferShim)).text;
    this.#emulator = await startTestEmulator({ jobLatencyMs });
    return this;
  }

  /** A new provider host (one `pulumi` command), configured as the engine does. */
  async run(settings: RunSettings, cwd = PACKAGE_ROOT): Promise<HostStack> {
    const host = await startProviderHost({ cwd, project: "offers", env: { PARTNER_CENTER_CREATE_RECORD_DIR: "" } });
    this.hosts.push(host);
    await host.configure(
      {
        "partnercenter:endpoint": this.emulator.apiBaseUrl,
        "partnercenter:accessToken": await this.emulator.token(),
        "partnercenter:pollIntervalSeconds": settings.pollIntervalSeconds ?? "0.05",
        "partnercenter:jobTimeoutMinutes": settings.jobTimeoutMinutes ?? "0.5",
        ...(settings.recordDir ? { "partnercenter:createRecordDir": settings.recordDir } : {}),
      },
      { secretKeys: ["partnercenter:accessToken"] },
    );
    return new HostStack(host);
  }

  /** The next `pulumi` command after `killed`: a new host, with the state the engine kept. */
  async next(killed: HostStack, settings: RunSettings): Promise<HostStack> {
    const stack = await this.run(settings);
    for (const [name, entry] of killed.state) stack.state.set(name, entry);
    return stack;
  }

  async configurePosts(): Promise<Array<{ status: number }>> {
    return (await this.emulator.requests()).filter((r) => r.method === "POST" && r.path === CONFIGURE);
  }

  /** Configure POSTs the emulator accepted (202: a job was created). */
  async accepted(): Promise<number> {
    return (await this.configurePosts()).filter((r) => r.status === 202).length;
  }

  async statusReads(): Promise<number> {
    return (await this.emulator.requests()).filter((r) => r.method === "GET" && /\/configure\/[^/]+\/status$/.test(r.path)).length;
  }

  /** Offers Partner Center lists under this name (deleted ones left out); an offer whose create job runs is not listed. */
  async offersNamed(name = NAME): Promise<ListedOffer[]> {
    const response = await this.emulator.api("/private-offer/query?$version=2026-02-01");
    const body = (await response.json()) as { privateOffers?: ListedOffer[]; value?: ListedOffer[] };
    return (body.privateOffers ?? body.value ?? []).filter((o) => o.name === name && o.state !== "deleted");
  }

  async end(): Promise<void> {
    await Promise.all(this.hosts.splice(0).map((host) => host.close()));
    await this.#emulator?.close();
    this.#emulator = undefined;
  }
}
