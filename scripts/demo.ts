// `npm run demo`: the demo stack (Pulumi.yaml, demo/index.ts) against the built-in emulator. Finds
// a Pulumi CLI that answers (or says in one paragraph what to install and exits 1), builds the
// package, starts the emulator over TLS with its data kept in .demo/, runs `pulumi up`, then `up`
// again with demo:round changed so a price changes, and prints each offer's id and state.
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator/server";
import { locatePulumiCli, missingCliMessage } from "./demo/locate-cli";
import { formatRows, offerRows, openDemoStack } from "./demo/stack";

const ROOT = path.resolve(__dirname, "..");
const DEMO_DIR = path.join(ROOT, ".demo");

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
  });
}

async function main(): Promise<number> {
  const cli = await locatePulumiCli({ env: process.env, projectRoot: ROOT });
  if (cli.kind === "missing") {
    process.stderr.write(`${missingCliMessage(cli.attempts)}\n`);
    return 1;
  }
  process.stdout.write(`Pulumi CLI ${cli.version} (${cli.kind === "path" ? cli.executable : "from the pulumi npm package"})\n`);
  await build();

  await fs.mkdir(path.join(DEMO_DIR, "state"), { recursive: true });
  // Offers persist with the stack's state, so a second `npm run demo` finds what the first created.
  const emulator = await startEmulator({
    tls: true,
    tlsDirectory: DEMO_DIR,
    jobLatencyMs: 500,
    dataFile: path.join(DEMO_DIR, "emulator-data.json"),
  });
  const [softwareCompany, channelPartner] = emulator.accounts;
  try {
    if (!softwareCompany || !channelPartner) throw new Error("the emulator registered fewer than two accounts");
    process.stdout.write(`emulator: ${emulator.apiBaseUrl}\n`);
    const stack = await openDemoStack({
      cli,
      workDir: ROOT,
      stackName: "demo",
      stateDir: path.join(DEMO_DIR, "state"),
      emulator: { url: emulator.url, apiBaseUrl: emulator.apiBaseUrl, caCertPath: emulator.caCertPath, softwareCompany, channelPartner },
    });
    const onOutput = (text: string) => process.stdout.write(text);

    process.stdout.write("\n== pulumi up (round 1): every offer created ==\n");
    await stack.setConfig("demo:round", { value: "1" });
    await stack.up({ onOutput, color: "auto" });

    process.stdout.write("\n== pulumi up (round 2): the per-user price changes, so the live offer is withdrawn and published again ==\n");
    await stack.setConfig("demo:round", { value: "2" });
    await stack.preview({ onOutput, color: "auto" });
    await stack.up({ onOutput, color: "auto" });

    process.stdout.write(`\nOffers in the emulator:\n${formatRows(offerRows(await stack.outputs()))}\n`);
    process.stdout.write(`\nState: ${path.join(DEMO_DIR, "state")} (delete .demo/ to start over)\n`);
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
