// Opt-in end-to-end suite: the real Pulumi CLI runs `preview`, `up`, `refresh` and `destroy` on the
// demo stack through the Automation API, against the emulator over TLS, with a throw-away file
// backend. Runs only with PULUMI_E2E=1 and a Pulumi CLI that answers (`npm run test:e2e`);
// otherwise it says why it skipped. It builds dist/ first (`npm run build`), as `npm run demo` does.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { locatePulumiCli } from "../../scripts/demo/locate-cli";
import { offerRows, openDemoStack } from "../../scripts/demo/stack";
import { startTestEmulator, type TestEmulator } from "../support/emulator";

const REPO = path.resolve(__dirname, "../..");

describe("end to end with the Pulumi CLI (opt-in: PULUMI_E2E=1)", function () {
  this.timeout(600_000);
  let emulator: TestEmulator | undefined;
  let stack: Stack | undefined;
  let output = "";
  const onOutput = (text: string) => {
    output += text;
  };

  before(async function () {
    if (process.env["PULUMI_E2E"] !== "1") {
      console.log("    skipped: set PULUMI_E2E=1 to run `pulumi up/preview/refresh/destroy` for real (npm run test:e2e)");
      this.skip();
    }
    const cli = await locatePulumiCli({ env: process.env, projectRoot: REPO });
    if (cli.kind === "missing") {
      console.log(`    skipped: no Pulumi CLI can run here (${cli.attempts.join("; ")}); install it from https://www.pulumi.com/docs/install/`);
      this.skip();
    }
    await promisify(execFile)(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { cwd: REPO });
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 200 });
    const stateDir = await fs.mkdtemp(path.join(os.tmpdir(), "pulumi-e2e-state-"));
    stack = await openDemoStack({
      cli,
      workDir: REPO,
      stackName: `e2e-${process.pid}`,
      stateDir,
      pollIntervalSeconds: 0.1,
      emulator: {
        url: emulator.url,
        apiBaseUrl: emulator.apiBaseUrl,
        ...(emulator.caCertPath ? { caCertPath: emulator.caCertPath } : {}),
        softwareCompany: emulator.softwareCompany,
        channelPartner: emulator.channelPartner,
      },
    });
    await stack.setConfig("demo:round", { value: "1" });
  });

  after(async () => {
    if (stack) await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    // The stack settings file Pulumi wrote beside Pulumi.yaml for this run.
    if (stack) await fs.rm(path.join(REPO, `Pulumi.${stack.name}.yaml`), { force: true });
    await emulator?.close();
  });

  it("preview lists every resource to create and creates nothing", async () => {
    const preview = await stack!.preview({ onOutput });
    assert.equal(preview.changeSummary["create"], 7);
    const writes = (await emulator!.requests()).filter((r) => r.method === "POST");
    assert.deepEqual(writes.filter((r) => r.path.endsWith("/configure")), []);
  });

  it("up creates and publishes every offer, the multiparty one completed by the channel partner", async () => {
    const up = await stack!.up({ onOutput });
    assert.equal(up.summary.result, "succeeded");
    const rows = offerRows(await stack!.outputs());
    assert.equal(rows.length, 5);
    for (const row of rows) {
      assert.match(row.offerId, /^private-offer\//, row.resource);
      assert.equal(row.state, "live", row.resource);
    }
    const partner = rows.find((r) => r.resource === "fabrikam-multiparty-partner");
    assert.equal(partner!.subState, "pendingAcceptance", "the customer can accept once the partner published");
  });

  it("refresh finds no drift, and a second up changes nothing", async () => {
    const refresh = await stack!.refresh({ onOutput });
    assert.equal(refresh.summary.result, "succeeded");
    const up = await stack!.up({ onOutput });
    assert.deepEqual(Object.keys(up.summary.resourceChanges ?? {}).filter((k) => k !== "same"), []);
  });

  it("a price change: the preview says the live offer is withdrawn and the price before -> after", async () => {
    await stack!.setConfig("demo:round", { value: "2" });
    output = "";
    const preview = await stack!.preview({ onOutput, diff: true });
    assert.ok((preview.changeSummary["update"] ?? 0) >= 1);
    assert.match(output, /withdraws the live offer "Woodgrove collaboration seats"/);
    assert.match(output, /10 -> .*9/);
    const up = await stack!.up({ onOutput });
    assert.equal(up.summary.result, "succeeded");
    assert.equal((await stack!.outputs())["perUserPrice"]?.value, 9);
  });

  it("destroy removes every offer from Partner Center", async () => {
    const ids = offerRows(await stack!.outputs()).filter((r) => r.resource !== "fabrikam-multiparty-partner").map((r) => r.offerId);
    const destroy = await stack!.destroy({ onOutput });
    assert.equal(destroy.summary.result, "succeeded");
    for (const id of ids) {
      const response = await emulator!.api(`/private-offer/${id.replace("private-offer/", "")}?$version=2023-07-15`);
      const body = response.status === 200 ? ((await response.json()) as { state?: string }) : undefined;
      assert.ok(response.status === 404 || body?.state === "deleted", `${id} still exists (${response.status} ${body?.state})`);
    }
  });
});
