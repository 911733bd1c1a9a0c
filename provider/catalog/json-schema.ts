// The published JSON Schema of offers files, in a module of its own: the package's declarations
// then reach no type of the validation library the schema is generated from.
import { offersFileJsonSchema as generated, offersFileJsonSchemaText as generatedText } from "./schema";

/** The JSON Schema of an offers file (YAML), as an object. */
export function offersFileJsonSchema(): Record<string, unknown> {
  return generated();
}

/** The published file, as written (docs/offers-file.schema.json). */
export function offersFileJsonSchemaText(): string {
  return generatedText();
}
