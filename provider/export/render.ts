// Writes the exported offers as a Pulumi TypeScript program. Pure: same offers, same text, so a
// second export of unchanged offers produces no diff in the user's repository.
import type { ExportedOffer } from "./offer-args";

/** The package name programs import the resources from. */
export const PACKAGE_NAME = "pulumi-partnercenter-private-offers";

export interface RenderOptions {
  /** What the header says the program was exported from, e.g. the endpoint. Never a credential. */
  source: string;
}

/** TypeScript source to print as is. */
class Code {
  constructor(readonly text: string) {}
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A Pulumi resource name from an offer name: lower-case words joined by `-`. */
export function resourceNameFor(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "offer";
}

function variableNameFor(resourceName: string): string {
  const camel = resourceName.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return /^[0-9]/.test(camel) ? `offer${camel}` : camel;
}

/** Appends -2, -3... to names already taken. */
function unique(base: string, taken: Set<string>, join: (base: string, n: number) => string): string {
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = join(base, n);
  taken.add(candidate);
  return candidate;
}

/** The stack config key of a secret: `<variable>-terms-sas-url` (numbered for several documents). */
export function secretConfigKey(variable: string, path: string): string {
  const index = /\[(\d+)\]/.exec(path)?.[1];
  return `${variable}-terms-sas-url${index === undefined ? "" : `-${Number(index) + 1}`}`;
}

/**
 * The offer's arguments with each SAS URL replaced by a read of a secret stack config value. Only
 * top-level arguments accept outputs, so a list of documents becomes one output built from all its
 * secrets.
 */
function withSecrets(offer: ExportedOffer, variable: string): Record<string, unknown> {
  const args = structuredClone(offer.args);
  const read = (path: string) => `config.requireSecret(${JSON.stringify(secretConfigKey(variable, path))})`;
  if (offer.secretPaths.includes("termsAndConditionsDocSasUrl")) args["termsAndConditionsDocSasUrl"] = new Code(read("termsAndConditionsDocSasUrl"));
  const docPaths = offer.secretPaths.filter((p) => p.startsWith("termsAndConditionsDocs["));
  const docs = args["termsAndConditionsDocs"];
  if (docPaths.length > 0 && Array.isArray(docs)) {
    const names = docPaths.map((_p, i) => `sasUrl${i + 1}`);
    const withNames = docs.map((doc: Record<string, unknown>, i) => ({ ...doc, sasUrl: new Code(names[i] ?? "") }));
    args["termsAndConditionsDocs"] = new Code(
      `pulumi\n    .all([${docPaths.map(read).join(", ")}])\n    .apply(([${names.join(", ")}]) => ${print(withNames, "    ")})`,
    );
  }
  return args;
}

function print(value: unknown, indent: string): string {
  if (value instanceof Code) return value.text;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = indent + "  ";
    return `[\n${value.map((v) => `${inner}${print(v, inner)},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const inner = indent + "  ";
    const lines = entries.map(([k, v]) => `${inner}${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${print(v, inner)},`);
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function comment(lines: string[]): string {
  return lines.map((line) => `// ${line}`).join("\n");
}

/** Offers in a stable order: publisher offers before channel-partner completions, then by name and id. */
export function sortOffers(offers: readonly ExportedOffer[]): ExportedOffer[] {
  const rank = (o: ExportedOffer) => (o.privateOfferType === "multipartyPromotionChannelPartner" ? 1 : 0);
  return [...offers].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export interface RenderedProgram {
  text: string;
  /** Stack config keys the program reads with `requireSecret`, with the offer and property each stands for. */
  secretConfig: { key: string; offerId: string; path: string }[];
}

export function renderProgram(offers: readonly ExportedOffer[], options: RenderOptions): RenderedProgram {
  const sorted = sortOffers(offers);
  const usesConfig = sorted.some((o) => o.secretPaths.length > 0);
  const resourceNames = new Set<string>();
  const variableNames = new Set<string>(["config", "pulumi", "PrivateOffer"]);
  const out: string[] = [
    comment([
      `Private offers exported from ${options.source} by \`${PACKAGE_NAME} export\`.`,
      "Each offer is adopted (adoptExistingId): the first `pulumi up` reads it and changes nothing.",
      "From then on, edit the inputs here and review the change with `pulumi preview`.",
    ]),
  ];
  if (usesConfig) out.push('import * as pulumi from "@pulumi/pulumi";');
  out.push(`import { PrivateOffer } from ${JSON.stringify(PACKAGE_NAME)};`, "");
  if (usesConfig) {
    out.push(
      comment(["SAS URLs of terms-and-conditions documents are secrets: set them with `pulumi config set --secret <key> <url>`."]),
      "const config = new pulumi.Config();",
      "",
    );
  }
  const secretConfig: RenderedProgram["secretConfig"] = [];
  if (sorted.length === 0) out.push("// No private offers were found for this account.", "export {};", "");
  for (const offer of sorted) {
    const resourceName = unique(resourceNameFor(offer.name), resourceNames, (b, n) => `${b}-${n}`);
    const variable = unique(variableNameFor(resourceName), variableNames, (b, n) => `${b}${n}`);
    const header = [`${offer.id}: "${offer.name}" (${offer.privateOfferType}, ${offer.state})`, ...offer.notes.map((n) => `Note: ${n}.`)];
    for (const failure of offer.failures) header.push(`Check: ${failure.property} ${failure.reason}`);
    for (const path of offer.secretPaths) secretConfig.push({ key: secretConfigKey(variable, path), offerId: offer.id, path });
    out.push(comment(header));
    out.push(`export const ${variable} = new PrivateOffer(${JSON.stringify(resourceName)}, ${print(withSecrets(offer, variable), "")});`, "");
  }
  return { text: out.join("\n"), secretConfig };
}
