// Many creates in one `pulumi up` share one listing of the account's offers (the name check) and one
// token: one transient failure of either must be retried once for all of them, not fail the run.
// Driven through Pulumi's real dynamic-provider host against the emulator, the provider built from
// the working tree (or a revision, to measure what an earlier commit did).

import { startTlsEmulator, type EmulatorControl, type FaultInput } from "../../bench/support/emulator-control";
import { StackDriver, type OperationFailure } from "../../bench/support/engine";
import { declaredOffers } from "../../bench/support/offers";
import { prepareProgramDirectory, type ProgramDirectory, type ProgramSource } from "../../bench/support/program";
import { serializedPrivateOffer, startConfiguredHost } from "../../bench/support/subjects";

export const QUERY_PATH = "/rp/product-ingestion/private-offer/query";
const CONFIGURE_PATH = "/rp/product-ingestion/configure";

export interface ParallelCreatesResult {
  creates: number;
  succeeded: number;
  failures: OperationFailure[];
  /** Offers of each declared name in the emulator afterwards (deleted ones excluded). */
  duplicates: number;
  missing: number;
  /** Requests the emulator saw, with their statuses. */
  queryStatuses: number[];
  tokenStatuses: number[];
  acceptedConfigurePosts: number;
  wallMs: number;
}

export interface ParallelCreatesScene {
  program: ProgramDirectory;
  emulator: EmulatorControl;
  close(): Promise<void>;
}

export async function startParallelCreatesScene(source: ProgramSource = "worktree"): Promise<ParallelCreatesScene> {
  const program = prepareProgramDirectory(source);
  const emulator = await startTlsEmulator({ jobLatencyMs: 100 });
  return {
    program,
    emulator,
    async close() {
      await emulator.close();
      program.remove();
    },
  };
}

/** `count` creates in one run, with the given faults injected before it starts. */
export async function runParallelCreates(scene: ParallelCreatesScene, count: number, faults: (tenantId: string) => FaultInput[]): Promise<ParallelCreatesResult> {
  const { emulator } = scene;
  await emulator.reset();
  const provider = (await serializedPrivateOffer()).text;
  const host = await startConfiguredHost(scene.program.dir, emulator, { pollIntervalSeconds: 0.05, jobTimeoutMinutes: 1 });
  try {
    emulator.clearRequests();
    emulator.fault(faults(emulator.softwareCompany.tenantId));
    const declared = declaredOffers(count, 0);
    const stack = new StackDriver(host, provider);
    const started = Date.now();
    const report = await stack.up(declared);
    const wallMs = Date.now() - started;
    // Taken before listing the offers below, which the emulator control does through the API itself.
    const requests = emulator.requests();
    emulator.clearFaults();
    const offers = (await emulator.offers()).filter((offer) => offer.state !== "deleted");
    let duplicates = 0;
    let missing = 0;
    for (const resource of declared) {
      const named = offers.filter((offer) => offer.name === resource.inputs["name"]).length;
      if (named === 0) missing++;
      if (named > 1) duplicates += named - 1;
    }
    const tokenPath = `/${emulator.softwareCompany.tenantId}/oauth2/v2.0/token`;
    return {
      creates: count,
      succeeded: count - new Set(report.failures.map((f) => f.name)).size,
      failures: report.failures,
      duplicates,
      missing,
      queryStatuses: requests.filter((r) => r.method === "GET" && r.path === QUERY_PATH).map((r) => r.status),
      tokenStatuses: requests.filter((r) => r.path === tokenPath).map((r) => r.status),
      acceptedConfigurePosts: requests.filter((r) => r.method === "POST" && r.path === CONFIGURE_PATH && r.status === 202).length,
      wallMs,
    };
  } finally {
    await host.close();
  }
}

/** One line of figures for the test's output and the docs. */
export function describeResult(result: ParallelCreatesResult): string {
  return (
    `${result.succeeded}/${result.creates} creates succeeded, ${result.failures.length} failed, ${result.duplicates} duplicated, ${result.missing} missing; ` +
    `offer query statuses [${result.queryStatuses.join(", ")}], token request statuses [${result.tokenStatuses.join(", ")}], ` +
    `${result.acceptedConfigurePosts} configure POSTs accepted, ${(result.wallMs / 1000).toFixed(1)} s`
  );
}
