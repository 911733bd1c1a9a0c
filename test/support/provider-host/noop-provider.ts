// The floor Pulumi itself sets: a dynamic provider that does no work (outputs are its inputs),
// driven through the same host as the real one, so benchmarks can put the provider's own CPU time,
// memory and `__provider` size next to what any dynamic provider costs.

import type * as pulumi from "@pulumi/pulumi";
import { dynamicUrn, startProviderHost, withProvider, type ProviderHost } from "./host";
import type { ProcessUsage } from "./process-usage";
import { serializeProvider, type SerializedProvider } from "./serialize";
import type { PropertyMap } from "./values";

// Methods only use their arguments and `require`, so the serialized text is the smallest a
// provider can be; ids come from the host process, not from captured state.
export const noopProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: PropertyMap, news: PropertyMap) {
    return { inputs: news };
  },
  async diff(_id: string, olds: PropertyMap, news: PropertyMap) {
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    keys.delete("__provider");
    const changed = [...keys].some((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
    return { changes: changed };
  },
  async create(inputs: PropertyMap) {
    const { randomUUID } = require("node:crypto") as typeof import("node:crypto");
    return { id: randomUUID(), outs: inputs };
  },
  async read(id: string, props: PropertyMap) {
    return { id, props };
  },
  async update(_id: string, _olds: PropertyMap, news: PropertyMap) {
    return { outs: news };
  },
  async delete() {},
};

export interface WorkMeasurement {
  operations: number;
  wallMs: number;
  /** Host CPU time spent during the work (procfs tick resolution, usually 10 ms). */
  hostCpuMs: number | undefined;
  /** Highest resident set size of the host process up to the end of the work. */
  hostPeakRssBytes: number | undefined;
}

/** Runs `work` against a host and reports what it cost the host process. */
export async function measureHostWork(host: ProviderHost, operations: number, work: () => Promise<void>): Promise<WorkMeasurement> {
  const before: ProcessUsage | undefined = host.usage();
  const started = process.hrtime.bigint();
  await work();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const after = host.usage();
  return {
    operations,
    wallMs,
    hostCpuMs: before && after ? after.cpuMs - before.cpuMs : undefined,
    hostPeakRssBytes: after?.peakRssBytes,
  };
}

export interface LifecycleMeasurement {
  serialized: Pick<SerializedProvider, "bytes" | "serializeMs" | "containsSecrets">;
  create: WorkMeasurement;
  update: WorkMeasurement;
  read: WorkMeasurement;
  delete: WorkMeasurement;
  /** Host process after start-up and configure, before any resource operation. */
  idle: ProcessUsage | undefined;
}

/**
 * Drives `count` resources of `provider` through create, update, read and delete, each phase
 * concurrently as the engine runs independent resources, in a fresh host. With the no-op provider
 * this is the per-operation floor; with a real provider (against the emulator) the same figures
 * show the provider's own overhead.
 */
export async function measureLifecycle(options: {
  provider?: pulumi.dynamic.ResourceProvider;
  count: number;
  config?: Record<string, string>;
  secretKeys?: readonly string[];
  inputs?: (index: number) => PropertyMap;
  changedInputs?: (index: number) => PropertyMap;
  cwd?: string;
}): Promise<LifecycleMeasurement> {
  const serialized = await serializeProvider(options.provider ?? noopProvider);
  const host = await startProviderHost({ cwd: options.cwd });
  try {
    await host.configure(options.config ?? {}, { secretKeys: options.secretKeys });
    const idle = host.usage();
    const indexes = [...Array(options.count).keys()];
    const urns = indexes.map((i) => dynamicUrn(`resource-${i}`));
    const inputs = indexes.map((i) => withProvider(serialized.text, options.inputs?.(i) ?? { index: i, label: `resource ${i}` }));
    const changed = indexes.map((i) =>
      withProvider(serialized.text, options.changedInputs?.(i) ?? { index: i, label: `resource ${i} (changed)` }),
    );
    const state: { id: string; outs: PropertyMap }[] = [];

    const create = await measureHostWork(host, options.count, async () => {
      const results = await Promise.all(indexes.map((i) => host.create(urns[i]!, inputs[i]!)));
      results.forEach((r, i) => (state[i] = { id: r.id, outs: r.properties }));
    });
    const update = await measureHostWork(host, options.count, async () => {
      const results = await Promise.all(
        indexes.map((i) => host.update(state[i]!.id, urns[i]!, state[i]!.outs, changed[i]!, { oldInputs: inputs[i]! })),
      );
      results.forEach((r, i) => (state[i] = { id: state[i]!.id, outs: r.properties }));
    });
    const read = await measureHostWork(host, options.count, async () => {
      await Promise.all(indexes.map((i) => host.read(state[i]!.id, urns[i]!, state[i]!.outs, changed[i]!)));
    });
    const del = await measureHostWork(host, options.count, async () => {
      await Promise.all(indexes.map((i) => host.delete(state[i]!.id, urns[i]!, state[i]!.outs, changed[i]!)));
    });
    return {
      serialized: { bytes: serialized.bytes, serializeMs: serialized.serializeMs, containsSecrets: serialized.containsSecrets },
      create,
      update,
      read,
      delete: del,
      idle,
    };
  } finally {
    await host.close();
  }
}
