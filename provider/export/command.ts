// The export itself: list the account's offers, read each in full, and write the program. I/O is
// injected so tests can run it in-process against the emulator.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { PartnerCenterClient } from "../api/client";
import { exportOffer, isExportable, type ExportedOffer } from "./offer-args";
import type { ExportOptions } from "./options";
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
}

/** Thrown when --out exists and --force was not given. */
export class OutputExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists: pass --force to overwrite it, or choose another --out`);
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
  for (const offer of offers) {
    for (const failure of offer.failures) deps.stderr(`warning: ${offer.id} ${failure.property}: ${failure.reason}`);
  }
  if (program.secretConfig.length > 0) {
    deps.stderr("set these secrets in the stack (copy each SAS URL from Partner Center):");
    for (const entry of program.secretConfig) {
      deps.stderr(`  pulumi config set --secret ${entry.key} '<SAS URL of ${entry.offerId} ${entry.path}>'`);
    }
  }
  return { offers, program, ...(target ? { written: target } : {}) };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
