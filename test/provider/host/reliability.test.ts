// A configure job slower than the provider's job timeout, through Pulumi's real dynamic-provider
// host (run `npm run build` first): the first `up` ends in partial state carrying the pending job,
// refresh keeps it pending while it runs, and the next `up` waits for that job instead of posting.
import assert from "node:assert/strict";
import { join } from "node:path";
import { privateOfferShim } from "../../../provider/resources/shims";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { HostCallError, serializeProvider, startProviderHost, type PropertyMap, type ProviderHost } from "../../support/provider-host";
import { customerOffer } from "../emulator/support";
import { HostStack } from "./stack";

const PACKAGE_ROOT = join(__dirname, "..", "..", "..");
/** The job takes 0.6 s; the provider waits 0.3 s (0.005 minutes) for it. */
const JOB_LATENCY_MS = 600;
const JOB_TIMEOUT_MINUTES = "0.005";

describe("a configure job slower than the job timeout, through the real provider host", function () {
  this.timeout(30_000);
  let emulator: TestEmulator;
  const hosts: ProviderHost[] = [];

  async function newHost(): Promise<ProviderHost> {
    const host = await startProviderHost({ cwd: PACKAGE_ROOT, project: "offers" });
    hosts.push(host);
    await host.configure(
      {
        "partnercenter:endpoint": emulator.apiBaseUrl,
        "partnercenter:accessToken": await emulator.token(),
        "partnercenter:pollIntervalSeconds": "0.02",
        "partnercenter:jobTimeoutMinutes": JOB_TIMEOUT_MINUTES,
      },
      { secretKeys: ["partnercenter:accessToken"] },
    );
    return host;
  }

  const posts = async () => (await emulator.requests()).filter((r) => r.method === "POST" && r.path.endsWith("/configure")).length;

  before(async () => {
    emulator = await startTestEmulator({ jobLatencyMs: JOB_LATENCY_MS });
  });

  after(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    await emulator?.close();
  });

  it("keeps the offer with its pending job, refreshes it as pending, and the next up waits for that job with zero new POSTs", async () => {
    const offer = (await serializeProvider(privateOfferShim)).text;
    const inputs = customerOffer({ name: "Slow job" }) as PropertyMap;
    const first = new HostStack(await newHost());
    const failure = await first.up("slow", offer, inputs).then(() => undefined, (e: unknown) => e);
    assert.ok(failure instanceof HostCallError && failure.partialState, `expected partial state, got ${String(failure)}`);
    assert.match(failure.details, /did not finish in time/);
    assert.match(failure.details, /next `pulumi up` waits for that job instead of sending the change again/);
    const kept = first.entry("slow");
    assert.match(kept.id, /^pending-job\//);
    assert.equal((kept.outputs.pendingJob as PropertyMap).action, "create");
    assert.equal(kept.outputs.__provider, offer, "refresh and destroy find their provider in the recorded state");
    assert.equal(await posts(), 1);

    // A refresh while the job runs keeps it pending.
    const refreshed = await first.refresh("slow");
    assert.equal(refreshed?.id, kept.id);
    assert.match(first.host.output(), /stays pending/);

    // The next `pulumi up`, in a new host process, waits for the same job.
    const second = new HostStack(await newHost());
    second.state.set("slow", first.entry("slow"));
    const resumed = await second.up("slow", offer, inputs);
    assert.equal(resumed.outputs.state, "live");
    assert.equal(resumed.outputs.pendingJob, undefined);
    assert.equal(await posts(), 1, "zero new configure POSTs: the job was waited for, not sent again");
    // Refresh gives the resource the offer's own id.
    assert.equal((await second.refresh("slow"))?.id, resumed.outputs.offerId);
  });
});
