// The stack's program against the Partner Center emulator that ships with the package: a real
// `pulumi preview`, `up` and `destroy` (Automation API, inline program, local file backend), with
// no Partner Center, no Entra and no cloud account. `npm test` runs it; the Pulumi CLI must be on
// PATH.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "pulumi-partnercenter-private-offers/emulator";
import { offers } from "../offers";

let emulator: RunningEmulator;
let state: string;
let stack: Stack;

before(async () => {
  // Over TLS, as Partner Center is reached; the engine's processes trust its CA through NODE_EXTRA_CA_CERTS.
  emulator = await startEmulator({ port: 0, tls: true, jobLatencyMs: 100 });
  state = await mkdtemp(join(tmpdir(), "offers-state-"));
  const [company] = emulator.accounts;
  assert.ok(company && emulator.caCertPath);
  stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "emulator", projectName: "offers-with-tests", program: async () => offers() },
    {
      // The project folder: the engine starts the provider here, and it loads the package from node_modules.
      workDir: join(__dirname, ".."),
      envVars: {
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: "only-guards-test-state",
        NODE_EXTRA_CA_CERTS: emulator.caCertPath,
      },
    },
  );
  await stack.setAllConfig({
    "partnercenter:endpoint": { value: emulator.apiBaseUrl },
    "partnercenter:authorityHost": { value: emulator.url },
    "partnercenter:tenantId": { value: company.tenantId },
    "partnercenter:clientId": { value: company.clientId },
    "partnercenter:clientSecret": { value: company.clientSecret, secret: true },
    "partnercenter:pollIntervalSeconds": { value: "0.1" },
    "partnercenter:createRecordDir": { value: join(state, "creates") },
  });
});

after(async () => {
  await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
  await emulator?.close();
  if (state) await rm(state, { recursive: true, force: true });
});

test("preview plans one offer per customer and sends nothing", async () => {
  const preview = await stack.preview();
  assert.equal(preview.changeSummary.create, 3); // the stack and two offers
  assert.equal(emulator.requestLog.entries().filter((r) => r.method === "POST").length, 0);
});

test("up publishes every offer, and a second preview finds nothing to change", async () => {
  const up = await stack.up();
  assert.equal(up.summary.result, "succeeded");
  assert.deepEqual(up.outputs.states?.value, ["live", "live"]);
  for (const id of up.outputs.offerIds?.value as string[]) assert.match(id, /^private-offer\//);
  await stack.preview({ expectNoChanges: true, refresh: true });
});

test("destroy takes every offer down", async () => {
  const destroy = await stack.destroy();
  assert.equal(destroy.summary.result, "succeeded");
});
