// `npm run demo`: the demo stack (Pulumi.yaml, demo/program.ts) through the real Pulumi CLI against
// the built-in emulator. `npm run demo` starts it through tools/with-toolchain.cjs, which brings the
// pinned Node.js and the CLI (built from Pulumi's Go modules on first use). It builds the package,
// starts the emulator over TLS with its data kept in .demo/, previews and runs `pulumi up`, then
// previews and runs `up` again with demo:round 2 (a lower per-user price, so the live offer is
// withdrawn and published again), checks that preview --refresh finds nothing to change, refreshes,
// and prints each offer's id and state as Partner Center holds it.
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator/server";
import { cliDir } from "./cli/toolchain";
import { formatRows, offerRowsFromState, openDemoStack } from "./demo/stack";

const ROOT = path.resolve(__dirname, "..");
const DEMO_DIR = path.join(ROOT, ".demo");

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
  });
}

function heading(text: string): void {
  process.stdout.write(`\n== ${text} ==\n`);
}

async function main(): Promise<number> {
  const dir = await cliDir();
  process.stdout.write(`Node.js ${process.version}; Pulumi CLI in ${path.relative(ROOT, dir) || dir}\n`);
  await build();

  await fs.mkdir(path.join(DEMO_DIR, "state"), { recursive: true });
  await fs.mkdir(path.join(DEMO_DIR, "home"), { recursive: true });
  // Offers persist beside the stack's state, so a second `npm run demo` finds what the first created.
  const emulator = await startEmulator({
    tls: true,
    tlsDirectory: DEMO_DIR,
    jobLatencyMs: 500,
    dataFile: path.join(DEMO_DIR, "emulator-data.json"),
  });
  const [softwareCompany, channelPartner] = emulator.accounts;
  try {
    if (!softwareCompany || !channelPartner) throw new Error("the emulator registered fewer than two accounts");
    process.stdout.write(`Partner Center emulator: ${emulator.apiBaseUrl}\n`);
    const stack = await openDemoStack({
      workDir: ROOT,
      stackName: "demo",
      stateDir: path.join(DEMO_DIR, "state"),
      home: path.join(DEMO_DIR, "home"),
      createRecordDir: path.join(DEMO_DIR, "creates"),
      emulator: { url: emulator.url, apiBaseUrl: emulator.apiBaseUrl, caCertPath: emulator.caCertPath, softwareCompany, channelPartner },
    });
    const onOutput = (text: string) => process.stdout.write(text);

    heading("round 1: pulumi preview, then pulumi up (every offer created and published)");
    await stack.setConfig("demo:round", { value: "1" });
    await stack.preview({ onOutput, color: "auto" });
    await stack.up({ onOutput, color: "auto" });

    heading("round 2: the per-user price goes from $10 to $9; pulumi preview says what happens to the live offer");
    await stack.setConfig("demo:round", { value: "2" });
    await stack.preview({ onOutput, color: "auto", diff: true });
    heading("round 2: pulumi up");
    await stack.up({ onOutput, color: "auto" });

    heading("pulumi preview --refresh --expect-no-changes: the stack and Partner Center agree");
    await stack.preview({ onOutput, color: "auto", expectNoChanges: true, refresh: true });
    heading("pulumi refresh: the stack takes in what Partner Center holds now (the channel partner's completion)");
    await stack.refresh({ onOutput, color: "auto" });

    process.stdout.write(`\nOffers in Partner Center (the emulator):\n${formatRows(offerRowsFromState(await stack.exportStack()))}\n`);
    process.stdout.write(`\nState: ${path.relative(ROOT, path.join(DEMO_DIR, "state"))} (delete .demo/ to start over)\n`);
    return 0;
  } finally {
    await emulator.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
