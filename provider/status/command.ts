// The status command's I/O: read the offers (and the stack's state when given), build the report,
// write it. The client and the clock are injected so tests run it in-process against the emulator.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { PartnerCenterClient } from "../api/client";
import type { StatusOptions } from "./options";
import { renderJson, renderMarkdown, renderSvg } from "./render";
import { buildStatusReport, offerIdsInStackExport, statusOfferSchema, type StatusOffer, type StatusReport } from "./report";

export interface StatusDeps {
  client: Pick<PartnerCenterClient, "queryPrivateOffers">;
  stdout: (text: string) => void;
  stderr: (line: string) => void;
  readStdin: () => Promise<string>;
  cwd: string;
  now: () => Date;
}

async function stackOfferIds(source: string, deps: StatusDeps): Promise<Set<string>> {
  const text = source === "-" ? await deps.readStdin() : await fs.readFile(path.resolve(deps.cwd, source), "utf8");
  let exported: unknown;
  try {
    exported = JSON.parse(text);
  } catch (error) {
    throw new Error(`--stack-state ${source} is not JSON (${error instanceof Error ? error.message : String(error)}): pass the output of \`pulumi stack export\``);
  }
  try {
    return offerIdsInStackExport(exported);
  } catch (error) {
    throw new Error(`--stack-state ${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function runStatus(options: StatusOptions, deps: StatusDeps): Promise<StatusReport> {
  const inStack = options.stackState !== undefined ? await stackOfferIds(options.stackState, deps) : undefined;
  const offers: StatusOffer[] = [];
  for (const listed of await deps.client.queryPrivateOffers()) {
    const parsed = statusOfferSchema.safeParse(listed);
    if (parsed.success) offers.push(parsed.data);
    else deps.stderr(`warning: ${listed.id} is left out: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  }
  const today = options.today ?? deps.now().toISOString().slice(0, 10);
  const report = buildStatusReport(offers, today, inStack);
  const text = options.format === "json" ? renderJson(report) : options.format === "svg" ? renderSvg(report) : renderMarkdown(report);
  if (options.out !== undefined) {
    const target = path.resolve(deps.cwd, options.out);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, text, "utf8");
    const attention = report.rows.filter((r) => r.attention.length > 0).length;
    deps.stderr(`wrote the status of ${report.rows.length} offer(s), ${attention} needing attention, to ${target}`);
  } else {
    deps.stdout(text);
  }
  return report;
}
