// The package as a user gets it: `npm pack` on this checkout (the prepare script builds dist/),
// the tarball installed into a new project outside the checkout next to the user's own
// @pulumi/pulumi, and that project's program previewed and deployed by the real Pulumi CLI against
// the emulator. The provider's implementation then loads from the installed package, as refresh and
// destroy of a user's stack will.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliEnvironment } from "../../scripts/cli/environment";
import { cliDir } from "../../scripts/cli/toolchain";
import { installInNewProject, packPackage, runInline, type InlineOutcome, type PackedPackage } from "../support/package";
import { emulatorConfig } from "../../scripts/demo/stack";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { getOffer } from "../support/cli/partner-center";

// Shared with other suites that need the packed package; kept importable from here too.
export { installInNewProject, packPackage, type PackedPackage } from "../support/package";

const PROGRAM = `// README's example, against the emulator's catalogue.
const { PrivateOffer } = require("pulumi-partnercenter-private-offers");

module.exports = async () => {
  const offer = new PrivateOffer("contoso-fy27", {
    privateOfferType: "customerPromotion",
    name: "Contoso FY27 (installed package)",
    variableStartDate: true,
    end: "${new Date().getUTCFullYear() + 1}-12-31",
    acceptBy: "${new Date().getUTCFullYear() + 1}-03-31",
    beneficiaries: [{ id: "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31", description: "Contoso" }],
    pricing: [{
      product: "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51",
      plan: "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41",
      discountType: "percentage",
      discountPercentage: 10,
    }],
  });
  return { offerId: offer.offerId, state: offer.state };
};
`;

describe("the packed package installed into a new project, through the real Pulumi CLI", function () {
  this.timeout(600_000);
  let work: string;
  let packed: PackedPackage;
  let project: string;
  let emulator: TestEmulator;
  let state: string;
  let home: string;

  before(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), "offers-pack-"));
    packed = await packPackage(work);
    project = await installInNewProject(packed.tarball);
    await fs.writeFile(path.join(project, "index.js"), PROGRAM);
    await fs.writeFile(path.join(project, "Pulumi.yaml"), "name: installed-offers\nruntime: nodejs\n");
    await fs.copyFile(path.join(__dirname, "run-inline.cjs"), path.join(project, "run-inline.cjs"));
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 100 });
    state = await fs.mkdtemp(path.join(os.tmpdir(), "offers-user-state-"));
    home = await fs.mkdtemp(path.join(os.tmpdir(), "offers-user-home-"));
  });

  after(async () => {
    await emulator?.close();
    for (const dir of [work, project, state, home]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function pulumi(command: "preview" | "up" | "destroy"): Promise<InlineOutcome> {
    const dir = await cliDir();
    const env = cliEnvironment({ stateDir: state, home, cliDir: dir, passphrase: "user-project", ...(emulator.caCertPath ? { caCertPath: emulator.caCertPath } : {}) });
    return runInline(project, { command, stackName: "dev", config: emulatorConfig(emulator, 0.1), env, cliDir: dir });
  }

  it("npm pack holds dist/ with its types, the two commands, README and LICENSE, and no tests or stray source maps", () => {
    const files = packed.files;
    for (const expected of [
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/dynamic/private-offer.js",
      "dist/provider/dynamic/plan-pricing.js",
      "dist/emulator/cli.js",
      "bin/pulumi-partnercenter-private-offers.js",
      "bin/partnercenter-emulator.js",
      "README.md",
      "LICENSE",
      "package.json",
    ]) {
      assert.ok(files.includes(expected), `the tarball lacks ${expected}`);
    }
    assert.deepEqual(files.filter((f) => /(^|\/)test\//.test(f) || f.endsWith(".test.js")), [], "no tests");
    assert.deepEqual(files.filter((f) => f.endsWith(".map")), [], "no source maps without their sources");
    assert.deepEqual(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")), [], "no TypeScript sources");
  });

  it("installs next to the user's own @pulumi/pulumi (a peer dependency, one SDK for program and provider)", async () => {
    const manifest = JSON.parse(await fs.readFile(path.join(project, "node_modules/pulumi-partnercenter-private-offers/package.json"), "utf8")) as {
      peerDependencies?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    assert.match(manifest.peerDependencies?.["@pulumi/pulumi"] ?? "", /<4/);
    assert.equal(manifest.dependencies?.["@pulumi/pulumi"], undefined);
    await assert.rejects(fs.access(path.join(project, "node_modules/pulumi-partnercenter-private-offers/node_modules/@pulumi/pulumi")));
  });

  it("pulumi preview, up and destroy of the user's program against the emulator", async () => {
    const preview = await pulumi("preview");
    assert.deepEqual(preview.summary.changeSummary, { create: 2 }, preview.output);

    const up = await pulumi("up");
    assert.equal(up.summary.result, "succeeded", up.output);
    const outputs = up.summary.outputs ?? {};
    const offerId = String(outputs["offerId"]?.value);
    assert.equal((await getOffer(emulator, offerId))?.state, "live", up.output);

    const destroy = await pulumi("destroy");
    assert.equal(destroy.summary.result, "succeeded", destroy.output);
    const gone = await getOffer(emulator, offerId);
    assert.ok(gone === undefined || gone.state === "deleted");
  });
});
