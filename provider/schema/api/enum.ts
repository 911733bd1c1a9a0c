import { z } from "zod";

/**
 * An enum read case-insensitively and returned in its canonical camelCase spelling: the service and
 * its samples mix `Live`/`live` and `NotStarted`/`notStarted`.
 */
export function caseInsensitiveEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const canonical = new Map(values.map((value) => [value.toLowerCase(), value]));
  return z.preprocess(
    (input) => (typeof input === "string" ? (canonical.get(input.toLowerCase()) ?? input) : input),
    z.enum(values),
  );
}
