// A repository as `export --init` writes it, with its offers/ folder installed as a user installs it
// (the packed package of this checkout instead of the registry's), for the suites that run it
// through the real CLI: test/export/init.test.ts and test/gitops/steps.test.ts.
import { execFile } from "node:child_process";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { PartnerCenterClient } from "../../provider/api/client";
import { createAxiosTransport } from "../../provider/api/transport";
import { resolveSettings } from "../../provider/config/settings";
import { runExport, type ExportResult } from "../../provider/export/command";
import type { PublisherAccount } from "../../emulator/contracts";
import type { TestEmulator } from "../support/emulator";
import { NPM, packPackage } from "../support/package";

const run = promisify(execFile);

let packed: Promise<string> | undefined;

/** `npm pack` of this checkout, once per test process. */
export function packedTarball(): Promise<string> {
  packed ??= (async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "gitops-pack-"));
    return (await packPackage(dir)).tarball;
  })();
  return packed;
}

/** A client of the emulator for one account, trusting the emulator's CA under TLS. */
export async function emulatorClient(emulator: TestEmulator, account: PublisherAccount = emulator.softwareCompany): Promise<PartnerCenterClient> {
  const settings = resolveSettings({ "partnercenter:endpoint": emulator.apiBaseUrl, "partnercenter:accessToken": await emulator.token(account) }, {});
  const ca = emulator.caCertPath ? readFileSync(emulator.caCertPath, "utf8") : undefined;
  return new PartnerCenterClient(settings, ca ? { transport: createAxiosTransport({ timeoutMs: 30_000, maxSockets: 16, ca }) } : {});
}

export interface InitRepository {
  root: string;
  offersDir: string;
  result: ExportResult;
  stderr: string[];
}

/** `export --init <new dir>` against the emulator, in-process. */
export async function initRepository(emulator: TestEmulator, options: { project?: string; stack?: string } = {}): Promise<InitRepository> {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), "gitops-repo-"));
  const root = path.join(parent, "contoso-offers");
  const stderr: string[] = [];
  const result = await runExport(
    {
      out: "unused",
      force: false,
      settings: {},
      init: { dir: root, stack: options.stack ?? "production", ...(options.project ? { project: options.project } : {}) },
    },
    { client: await emulatorClient(emulator), stdout: () => undefined, stderr: (line) => stderr.push(line), source: emulator.apiBaseUrl, cwd: parent },
  );
  return { root, offersDir: path.join(root, "offers"), result, stderr };
}

/**
 * What the README's set-up asks (`npm install` in offers/), with this checkout's packed package in
 * place of the registry's: `npm install <tarball>` installs every dependency of package.json and
 * points the package's own entry at the tarball.
 */
export async function installOffers(offersDir: string): Promise<void> {
  await run(NPM, ["install", "--no-audit", "--no-fund", "--prefer-offline", await packedTarball()], { cwd: offersDir, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * The paths of commands the workflow's steps need (bash, curl, jq, shellcheck). A missing one fails
 * the suite, naming the package to install: GitHub's runners have them all.
 */
export function requireCommands(...names: string[]): string[] {
  const dirs = (process.env["PATH"] ?? "").split(path.delimiter).filter(Boolean);
  const missing: string[] = [];
  const found = names.map((name) => {
    const at = dirs.map((dir) => path.join(dir, name)).find((candidate) => existsSync(candidate));
    if (!at) missing.push(name);
    return at ?? "";
  });
  if (missing.length > 0) {
    throw new Error(`the GitOps suites need ${missing.join(", ")} on PATH, as GitHub's runners have them: install ${missing.join(" ")} (Debian and Ubuntu: apt-get install ${missing.join(" ")})`);
  }
  return found;
}
