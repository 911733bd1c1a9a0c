// Offers from data files: `offersFromFile("offers.yaml")` declares one PrivateOffer per offer of the
// file. The format is in docs/offers-files.md; its JSON Schema in docs/offers-file.schema.json.
import type * as pulumi from "@pulumi/pulumi";
import { PrivateOffer } from "../resources/private-offer";
import { loadOffersFile, type OffersFileFormat } from "./load";

export { loadOffersFile, parseOffers, formatOf, OffersFileError, type LoadedOffer, type OffersFileFormat } from "./load";
export { offersFileJsonSchema, offersFileJsonSchemaText } from "./json-schema";
export { CSV_COLUMNS } from "./csv";
export type { Problem as OffersFileProblem } from "./sources";

export interface OffersFromFileOptions {
  /** `yaml` or `csv`; by default `.csv` files are CSV and every other file YAML. */
  format?: OffersFileFormat;
  /** Options of every PrivateOffer (a parent component, a provider, protect...). */
  resourceOptions?: pulumi.CustomResourceOptions;
}

/**
 * Declares a `PrivateOffer` for each offer of a YAML or CSV file, named by its resource name in the
 * file, and returns them by that name. A relative path is relative to the working directory (the
 * Pulumi project's folder when Pulumi runs the program). Every problem of the file is reported at
 * once, with its line, column and property, before any resource is declared.
 */
export function offersFromFile(file: string, options: OffersFromFileOptions = {}): Record<string, PrivateOffer> {
  const offers: Record<string, PrivateOffer> = {};
  for (const { resource, args } of loadOffersFile(file, options.format)) {
    offers[resource] = new PrivateOffer(resource, args, options.resourceOptions);
  }
  return offers;
}
