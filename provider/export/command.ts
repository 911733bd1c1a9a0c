// The export itself: list the account's offers, read each in full, and write the program. I/O is
// injected so tests can run it in-process against the emulator.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { PartnerCenterClient } from "../api/client";
import { exportOffer, isExportable, type ExportedOffer } from "./offer-args";
import { dependencyPins } from "./init/manifest";
import { projectNameFor, repositoryFiles, type RepositoryFile } from "./init/repository";
import type { ExportOptions, InitOptions } from "./options";
import { renderProgram, type RenderedProgram } from "./render";

export interface ExportDeps {
  client: Pick<PartnerCenterClient, "queryPrivateOffers" | "getPrivateOffer">;
  /** Where the program text goes when `--out -`. */
  stdout: (text: string) => void;
  /** Progress and instructions for the person running the command. */
  stderr: (line: string) => void;
  /** For the header: where the offers came from (an endpoint URL; never a credential). */
  source: string;
  cwd?: string;
}

export interface ExportResult {
  offers: ExportedOffer[];
  program: RenderedProgram;
  /** Absolute path written, or undefined for stdout. */
  written?: string;
  /** With --init: the repository's root and the files written, relative to it. */
  repository?: { root: string; files: string[] };
}

/** Thrown when --out (or a file --init writes) exists and --force was not given. */
export class OutputExistsError extends Error {
  constructor(
    readonly file: string,
    advice = "pass --force to overwrite it, or choose another --out",
  ) {
    super(`${file} already exists: ${advice}`);
    this.name = "OutputExistsError";
  }
}

export async function readExportableOffers(client: ExportDeps["client"], account?: string): Promise<ExportedOffer[]> {
  const listed = (await client.queryPrivateOffers()).filter(isExportable);
  const offers: ExportedOffer[] = [];
  for (const summary of listed) {
    // The listing may be abridged; the single read is the offer as the provider will see it.
    const full = (await client.getPrivateOffer(summary.id)) ?? summary;
    if (!isExportable(full)) continue;
    offers.push(exportOffer(full, account !== undefined ? { account } : {}));
  }
  return offers;
}

export async function runExport(options: ExportOptions, deps: ExportDeps): Promise<ExportResult> {
  if (options.init) return runInit(options, options.init, deps);
  const target = options.out === "-" ? undefined : path.resolve(deps.cwd ?? process.cwd(), options.out);
  if (target && !options.force && (await exists(target))) throw new OutputExistsError(target);

  const offers = await readExportableOffers(deps.client, options.account);
  const program = renderProgram(offers, { source: deps.source });
  if (target) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, program.text, "utf8");
    deps.stderr(`wrote ${offers.length} private offer(s) to ${target}`);
  } else {
    deps.stdout(program.text);
  }
  reportToPerson(offers, program, deps);
  return { offers, program, ...(target ? { written: target } : {}) };
}

function reportToPerson(offers: readonly ExportedOffer[], program: RenderedProgram, deps: ExportDeps): void {
  for (const offer of offers) {
    for (const failure of offer.failures) deps.stderr(`warning: ${offer.id} ${failure.property}: ${failure.reason}`);
  }
  if (program.secretConfig.length > 0) {
    deps.stderr("set these secrets in the stack (copy each SAS URL from Partner Center):");
    for (const entry of program.secretConfig) {
      deps.stderr(`  pulumi config set --secret ${entry.key} '<SAS URL of ${entry.offerId} ${entry.path}>'`);
    }
  }
}

/**
 * `--init <dir>`: the repository around the program (README with the one-time set-up, the Pulumi
 * project, the GitOps workflow and its scripts). Refuses, before reading any offer, when a file it
 * would write exists and --force was not given; never deletes anything.
 */
async function runInit(options: ExportOptions, init: InitOptions, deps: ExportDeps): Promise<ExportResult> {
  const root = path.resolve(deps.cwd ?? process.cwd(), init.dir);
  const project = init.project ?? projectNameFor(root);
  const pins = dependencyPins();
  const plan = (offers: readonly ExportedOffer[], program: RenderedProgram): RepositoryFile[] =>
    repositoryFiles({ project, stack: init.stack, program, offers, pins, source: deps.source });
  if (!options.force) {
    for (const file of plan([], renderProgram([], { source: deps.source }))) {
      const target = path.join(root, file.path);
      if (await exists(target)) throw new OutputExistsError(target, "pass --force to overwrite the files --init writes, or choose another directory");
    }
  }
  const offers = await readExportableOffers(deps.client, options.account);
  const program = renderProgram(offers, { source: deps.source });
  const files = plan(offers, program);
  for (const file of files) {
    const target = path.join(root, file.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.text, { encoding: "utf8", mode: file.executable ? 0o755 : 0o644 });
    if (file.executable) await fs.chmod(target, 0o755);
  }
  deps.stderr(`wrote a repository for ${offers.length} private offer(s) to ${root}: ${files.map((f) => f.path).join(", ")}`);
  deps.stderr(`next: the one-time set-up in ${path.join(root, "README.md")}`);
  reportToPerson(offers, program, deps);
  return { offers, program, written: path.join(root, "offers/index.ts"), repository: { root, files: files.map((f) => f.path) } };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
