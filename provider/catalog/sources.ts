// An offers file read into plain offer inputs, each with a way to find where a property was
// written (line and column), so that every error points into the file: the shapes both readers
// (yaml.ts, csv.ts) produce, and property paths as text.
import type { PropertyPath } from "../schema/unknowns";

export interface Position {
  line: number;
  column: number;
}

/** A problem in the file: where, which property (a path such as `offers.contoso.pricing[0].plan`), what. */
export interface Problem extends Position {
  property: string;
  message: string;
}

/** One offer read from a file: its resource name, its raw inputs, and where a property of it was written. */
export interface SourceOffer {
  resource: string;
  /** The inputs as written (YAML: the entry merged over `defaults`). */
  raw: Record<string, unknown>;
  /** How the property path of an input is shown in errors (`offers.contoso.end`, or `row 4, end`). */
  describe(path: PropertyPath): string;
  locate(path: PropertyPath): Position;
}

export interface SourceFile {
  offers: SourceOffer[];
  /** Problems that stop the file from being read at all: syntax, unknown or missing columns. */
  problems: Problem[];
  /** Problems of single offers found while reading (CSV rows), reported with the offers' own. */
  offerProblems?: Problem[];
  /** The document as parsed, for the structural check (YAML only). */
  document?: unknown;
  /** Where a path of the whole document was written (YAML only); with `atKey`, its key. */
  locateInDocument?(path: PropertyPath, atKey?: boolean): Position;
}

/** `a.b[0].c` from a property path. */
export function pathText(path: PropertyPath): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out;
}

/** The path of `pricing[1].discountPercentage`, as the provider's check reports properties. */
export function parsePathText(text: string): PropertyPath {
  const out: (string | number)[] = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return out;
}
