// Every example stands alone: copied out of the checkout as a user's project, `npm install` (with
// the packed package) and `pulumi preview` from that folder work through the real CLI against the
// emulator, with only the config its README names. The customer example is also deployed and
// destroyed, and the multiparty pair runs end to end: the channel partner completes the offer the
// software company's example published.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { cliEnvironment } from "../../scripts/cli/environment";
import { cliDir } from "../../scripts/cli/toolchain";
import { emulatorConfig } from "../../scripts/demo/stack";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { configurePosts, getOffer } from "../support/cli/partner-center";
import { installExample, packPackage, runInline, type InlineOutcome } from "../support/package";

const EXAMPLES = ["customer", "csp", "mpo-originator", "mpo-channel-partner", "saas-absolute-pricing", "vm-software-reservation", "adopt-existing", "renewal"] as const;
type Example = (typeof EXAMPLES)[number];

describe("each example as a project of its own: npm install and pulumi preview through the real CLI", function () {
  this.timeout(900_000);
  let work: string;
  let tarball: string;
  let emulator: TestEmulator;
  const projects = new Map<Example, { dir: string; name: string; state: string; home: string }>();

  before(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), "offers-examples-"));
    tarball = (await packPackage(work)).tarball;
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 100 });
  });

  after(async () => {
    await emulator?.close();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  async function project(example: Example) {
    const known = projects.get(example);
    if (known) return known;
    const { dir, name } = await installExample(example, work, tarball);
    const made = { dir, name, state: path.join(dir, ".state"), home: path.join(dir, ".home") };
    projects.set(example, made);
    return made;
  }

  /**
   * `pulumi <command>` of the example's program (index.ts, compiled on the fly as Pulumi does), signed
   * in as the software company, or as the channel partner for the channel partner's own project.
   */
  async function pulumi(example: Example, command: "preview" | "up" | "destroy", config: Record<string, string | { secret: string }> = {}): Promise<InlineOutcome> {
    const p = await project(example);
    const dir = await cliDir();
    const stackConfig: ConfigMap = { ...emulatorConfig(emulator, 0.1) };
    if (example === "mpo-channel-partner") {
      const partner = emulator.channelPartner;
      stackConfig["partnercenter:tenantId"] = { value: partner.tenantId };
      stackConfig["partnercenter:clientId"] = { value: partner.clientId };
      stackConfig["partnercenter:clientSecret"] = { value: partner.clientSecret, secret: true };
    }
    for (const [key, value] of Object.entries(config)) {
      stackConfig[`${p.name}:${key}`] = typeof value === "string" ? { value } : { value: value.secret, secret: true };
    }
    const env = cliEnvironment({ stateDir: p.state, home: p.home, cliDir: dir, passphrase: "example", ...(emulator.caCertPath ? { caCertPath: emulator.caCertPath } : {}) });
    return runInline(p.dir, { command, stackName: "dev", config: stackConfig, env, cliDir: dir, program: "index.ts" });
  }

  async function previewCreates(example: Example, config: Record<string, string | { secret: string }> = {}): Promise<void> {
    const posts = await configurePosts(emulator);
    const { summary, output } = await pulumi(example, "preview", config);
    assert.equal(summary.error, undefined, `${example}: ${summary.error}\n${output}`);
    assert.ok((summary.changeSummary?.["create"] ?? 0) >= 2, `${example} previews its offer: ${JSON.stringify(summary)}\n${output}`);
    assert.equal(await configurePosts(emulator), posts, `${example}: a preview sends nothing`);
  }

  it("customer: preview, up (the offer live in Partner Center), destroy", async () => {
    await previewCreates("customer");
    const up = await pulumi("customer", "up");
    assert.equal(up.summary.result, "succeeded", up.output);
    const offer = up.summary.outputs?.["offer"]?.value as { offerId?: string } | undefined;
    assert.equal((await getOffer(emulator, String(offer?.offerId)))?.state, "live", up.output);
    const destroy = await pulumi("customer", "destroy");
    assert.equal(destroy.summary.result, "succeeded", destroy.output);
  });

  it("csp, saas-absolute-pricing and vm-software-reservation: preview", async () => {
    await previewCreates("csp");
    await previewCreates("saas-absolute-pricing");
    await previewCreates("vm-software-reservation");
  });

  it("mpo-originator publishes, mpo-channel-partner completes the same offer under its own account", async () => {
    const sas = { secret: "https://contosoterms.blob.core.windows.net/terms/terms.pdf?sv=2024-11-04&sr=b&sp=r&sig=c2lnbmF0dXJl" };
    await previewCreates("mpo-originator", { termsSasUrl: sas, channelPartnerSellerId: emulator.channelPartner.sellerId });
    const published = await pulumi("mpo-originator", "up", { termsSasUrl: sas, channelPartnerSellerId: emulator.channelPartner.sellerId });
    assert.equal(published.summary.result, "succeeded", published.output);
    const offerId = String(published.summary.outputs?.["offerId"]?.value);
    assert.match(offerId, /^private-offer\//);

    await previewCreates("mpo-channel-partner", { offerId });
    const completed = await pulumi("mpo-channel-partner", "up", { offerId });
    assert.equal(completed.summary.result, "succeeded", completed.output);
    assert.equal(completed.summary.outputs?.["state"]?.value, "live");
  });

  it("adopt-existing: preview adopts the offer by id", async () => {
    const created = await pulumi("customer", "up");
    assert.equal(created.summary.result, "succeeded", created.output);
    const offer = created.summary.outputs?.["offer"]?.value as { offerId?: string } | undefined;
    await previewCreates("adopt-existing", { existingOfferId: String(offer?.offerId) });
  });

  it("renewal: refused while FY27 awaits acceptance; once accepted, the preview names it and up publishes the upgrade", async () => {
    await previewCreates("renewal");
    const first = await pulumi("renewal", "up");
    assert.equal(first.summary.result, "succeeded", first.output);
    const fy27Id = String(first.summary.outputs?.["fy27Id"]?.value);
    assert.match(fy27Id, /^private-offer\//);

    // Partner Center's rule, as the failed up shows it: only an accepted offer can be upgraded.
    const early = await pulumi("renewal", "up", { renew: "true" });
    assert.notEqual(early.summary.result, "succeeded", early.output);
    assert.match(early.output, /only an offer the customer has accepted can be upgraded/);

    assert.ok((await emulator.accept(fy27Id)).status < 300);
    const posts = await configurePosts(emulator);
    const preview = await pulumi("renewal", "preview", { renew: "true" });
    assert.equal(preview.summary.error, undefined, preview.output);
    assert.equal(preview.summary.changeSummary?.["create"], 1, preview.output);
    assert.ok(preview.output.includes(`upgrades the accepted offer "Woodgrove FY27" (${fy27Id}): the customer moves to this offer when that one ends`), preview.output);
    assert.equal(await configurePosts(emulator), posts, "a preview sends nothing");

    const renewed = await pulumi("renewal", "up", { renew: "true" });
    assert.equal(renewed.summary.result, "succeeded", renewed.output);
    const fy28 = await getOffer(emulator, String(renewed.summary.outputs?.["fy28Id"]?.value));
    assert.equal(fy28?.state, "live");
    assert.deepEqual(fy28?.upgradedFrom, { id: fy27Id, name: "Woodgrove FY27" });

    const settled = await pulumi("renewal", "preview", { renew: "true" });
    const changes = Object.entries(settled.summary.changeSummary ?? {}).filter(([kind, count]) => kind !== "same" && count > 0);
    assert.deepEqual(changes, [], settled.output);
  });
});
