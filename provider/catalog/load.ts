// Offers from a data file: read it (YAML or CSV), check its structure and then each offer with the
// provider's own check, and report every problem with the file, line, column and property.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { PrivateOfferValues } from "../resources/args";
import { checkPrivateOffer } from "../schema/check";
import { offersFile } from "./schema";
import { readCsv } from "./csv";
import { parsePathText, pathText, type Problem, type SourceFile } from "./sources";
import { readYaml } from "./yaml";

export type OffersFileFormat = "yaml" | "csv";

/** One offer of a file: the resource name and the inputs of its `PrivateOffer`. */
export interface LoadedOffer {
  resource: string;
  args: PrivateOfferValues;
}

/** Every problem of an offers file; the message lists them as `file:line:column: property: what`. */
export class OffersFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    const lines = problems.map((p) => `${file}:${p.line}:${p.column}: ${p.property}: ${p.message}`);
    super(`${file}: ${problems.length === 1 ? "1 problem" : `${problems.length} problems`} in the offers file\n  ${lines.join("\n  ")}`);
    this.name = "OffersFileError";
  }
}

/** The format a file name implies: `.csv` is CSV, everything else YAML. */
export function formatOf(file: string): OffersFileFormat {
  return path.extname(file).toLowerCase() === ".csv" ? "csv" : "yaml";
}

function structuralProblems(source: SourceFile): Problem[] {
  if (source.document === undefined || !source.locateInDocument) return [];
  const parsed = offersFile.safeParse(source.document ?? {});
  if (parsed.success) return [];
  const locate = source.locateInDocument;
  return parsed.error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ ...locate([...issue.path, key], true), property: pathText([...issue.path, key]), message: `is not a field of ${issue.path.length ? "an offer" : "an offers file"}` }));
    }
    return [{ ...locate(issue.path), property: pathText(issue.path) || "(file)", message: issue.message }];
  });
}

/** Percentage is the only discount type a file declares, so it may be left out. */
function withDiscountType(raw: Record<string, unknown>): Record<string, unknown> {
  const pricing = raw["pricing"];
  if (!Array.isArray(pricing)) return raw;
  return { ...raw, pricing: pricing.map((item: unknown) => (item !== null && typeof item === "object" && !("discountType" in item) ? { ...item, discountType: "percentage" } : item)) };
}

/** Reads offers from the text of a file; `file` names it in errors. Throws an OffersFileError. */
export function parseOffers(text: string, file: string, format: OffersFileFormat = formatOf(file)): LoadedOffer[] {
  const source = format === "csv" ? readCsv(text) : readYaml(text);
  if (source.problems.length) throw new OffersFileError(file, source.problems);
  // The file's structure, then each offer whose own part is sound through the provider's own check.
  const structural = structuralProblems(source);
  const problems = [...structural, ...(source.offerProblems ?? [])];
  const unsound = new Set(structural.map((p) => p.property.split(/[.[]/)[1]).filter((r): r is string => r !== undefined));
  const defaultsUnsound = structural.some((p) => p.property.startsWith("defaults"));
  const loaded: LoadedOffer[] = [];
  for (const offer of source.offers) {
    if (defaultsUnsound || unsound.has(offer.resource)) continue;
    const raw = withDiscountType(offer.raw);
    // Dates already past are the provider's check to judge: it knows which ones an existing offer already had.
    const checked = checkPrivateOffer(raw, { allowPastDates: true });
    for (const failure of checked.failures) {
      const where = parsePathText(failure.property === "(inputs)" ? "" : failure.property);
      problems.push({ ...offer.locate(where), property: offer.describe(where), message: failure.reason });
    }
    // Returned only when every offer passed the provider's check above (else the file is refused).
    loaded.push({ resource: offer.resource, args: raw as unknown as PrivateOfferValues });
  }
  if (problems.length) throw new OffersFileError(file, onePerPlace(problems));
  return loaded;
}

/** One problem per property (the file's structure first), in the order of the file. */
function onePerPlace(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const out = problems.filter((p) => {
    const key = p.property;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Reads offers from a YAML or CSV file (by its extension unless `format` says). Throws an OffersFileError. */
export function loadOffersFile(file: string, format?: OffersFileFormat): LoadedOffer[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(`${file}: cannot read the offers file (${code ?? String(error)}); a relative path is relative to ${process.cwd()}`);
  }
  return parseOffers(text, file, format ?? formatOf(file));
}
