// What each dynamic resource occupies in the file backend's checkpoint, split into the parts a
// provider controls: the serialized provider (`__provider`, stored once in the inputs and once in
// the outputs), the outputs and the inputs without it, and the rest the engine adds (URN, parent,
// provider reference, property dependencies, timestamps, source positions).
//
// Sizes are of the text as the CLI writes it: the file backend writes compact JSON without escaping
// HTML characters, which is what JSON.stringify produces for the same values (the rest of the file,
// what is not a dynamic resource, stays small and shows that the sum adds up).
import { z } from "zod";

const propertyMap = z.record(z.string(), z.unknown());

const resourceSchema = z
  .object({
    urn: z.string(),
    type: z.string(),
    inputs: propertyMap.optional(),
    outputs: propertyMap.optional(),
  })
  .passthrough();

const checkpointSchema = z.object({
  version: z.number(),
  checkpoint: z
    .object({
      latest: z.object({ resources: z.array(resourceSchema).nullish() }).passthrough().nullish(),
    })
    .passthrough(),
});

/** Mean bytes per dynamic resource of the checkpoint. */
export interface ResourceStateSize {
  resources: number;
  /** `__provider` in the inputs and in the outputs together. */
  providerBytes: number;
  /** The outputs without `__provider`. */
  outputsBytes: number;
  /** The inputs without `__provider`. */
  inputsBytes: number;
  /** Everything else in the resource's entry. */
  otherBytes: number;
  /** The resource's whole entry. */
  totalBytes: number;
  /** The checkpoint file. */
  fileBytes: number;
  /** What the file holds besides the dynamic resources (the stack, the default provider, the manifest). */
  restOfFileBytes: number;
}

const PROVIDER_KEY = "__provider";

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), "utf8");

/** The member `"__provider":"<text>",` of inputs or outputs. */
function providerEntryBytes(properties: Record<string, unknown> | undefined): number {
  if (!properties || !(PROVIDER_KEY in properties)) return 0;
  return jsonBytes(PROVIDER_KEY) + 1 + jsonBytes(properties[PROVIDER_KEY]) + 1;
}

function withoutProvider(properties: Record<string, unknown> | undefined): Record<string, unknown> {
  const { [PROVIDER_KEY]: _, ...rest } = properties ?? {};
  return rest;
}

/** Sizes of the dynamic resources in a checkpoint file's text. */
export function resourceStateSize(checkpointText: string): ResourceStateSize {
  const parsed = checkpointSchema.safeParse(JSON.parse(checkpointText));
  if (!parsed.success) throw new Error(`the checkpoint file is not in the shape this benchmark reads: ${parsed.error.message.slice(0, 500)}`);
  const resources = (parsed.data.checkpoint.latest?.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"));
  const fileBytes = Buffer.byteLength(checkpointText, "utf8");
  if (resources.length === 0) {
    return { resources: 0, providerBytes: 0, outputsBytes: 0, inputsBytes: 0, otherBytes: 0, totalBytes: 0, fileBytes, restOfFileBytes: fileBytes };
  }
  let provider = 0;
  let outputs = 0;
  let inputs = 0;
  let total = 0;
  for (const resource of resources) {
    provider += providerEntryBytes(resource.inputs) + providerEntryBytes(resource.outputs);
    outputs += jsonBytes(withoutProvider(resource.outputs));
    inputs += jsonBytes(withoutProvider(resource.inputs));
    // The entry and the comma that separates it from the next.
    total += jsonBytes(resource) + 1;
  }
  const n = resources.length;
  return {
    resources: n,
    providerBytes: provider / n,
    outputsBytes: outputs / n,
    inputsBytes: inputs / n,
    otherBytes: (total - provider - outputs - inputs) / n,
    totalBytes: total / n,
    fileBytes,
    restOfFileBytes: fileBytes - total,
  };
}
