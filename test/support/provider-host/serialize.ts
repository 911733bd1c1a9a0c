// Serializes a dynamic provider exactly as `pulumi.dynamic.Resource` does before it stores the text
// in the `__provider` input: `runtime.serializeFunction(() => provider, { allowSecrets: true })`
// (node_modules/@pulumi/pulumi/dynamic/index.js, serializeFunctionMaybeSecret).

import * as pulumi from "@pulumi/pulumi";

export const PROVIDER_KEY = "__provider";

export interface SerializedProvider {
  /** The module text the host loads with require-from-string and calls `.handler()` on. */
  text: string;
  /** True when the closure captured a secret Output; the engine then stores `__provider` as a secret. */
  containsSecrets: boolean;
  /** UTF-8 size of `text`, i.e. what every resource of this provider adds to the state. */
  bytes: number;
  /** Wall time the serializer took. */
  serializeMs: number;
}

export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<SerializedProvider> {
  const started = process.hrtime.bigint();
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  const serializeMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    text: serialized.text,
    containsSecrets: serialized.containsSecrets,
    bytes: Buffer.byteLength(serialized.text, "utf8"),
    serializeMs,
  };
}
