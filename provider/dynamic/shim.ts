// The object handed to `pulumi.dynamic.Resource` is serialized into every resource's state
// (`__provider`) by walking everything its methods reach, and refresh and destroy later run that
// serialized copy, possibly on another machine and another checkout path. So the provider object is
// a thin shim: it captures two strings and an empty state object, and at call time it `require()`s
// the real implementation by package specifier from the Pulumi program's directory. Old stacks
// therefore run the installed (fixed) implementation, and no client, schema or credential is ever
// written to state.
//
// Everything reachable from the returned object must stay serializable by Pulumi's closure
// serializer: no imports used inside the methods (they `require` what they need), no `this`
// (the serializer binds it to undefined), no classes.

import type * as pulumi from "@pulumi/pulumi";

/** Where the shim finds the implementation when a method is called. */
export interface ImplementationRef {
  /**
   * A module specifier resolvable from the Pulumi program's directory, through the package's
   * `exports` (`./dist/*`), e.g. `pulumi-partnercenter-private-offers/dist/provider/dynamic/offer.js`.
   * It is written into every resource's state: keep it stable across releases.
   */
  module: string;
  /** The export of that module holding the {@link ProviderImplementation}. */
  exportName: string;
}

type Props = Record<string, unknown>;

/**
 * What the implementation module exports. It receives inputs and outputs without `__provider`
 * (the host adds it back to every result), and errors it throws reach the host unchanged, so an
 * error carrying `id` and `properties` becomes a partial-state error that keeps the resource.
 */
export interface ProviderImplementation {
  configure?(req: pulumi.dynamic.ConfigureRequest): Promise<void> | void;
  check?(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff?(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read?(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update?(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete?(id: string, props: Props): Promise<void>;
}

/** The name of the file the shim pretends to require from, inside the program directory. */
const RESOLVE_FROM = "__partnercenter_provider_shim__.js";

export function createShimProvider(ref: ImplementationRef): pulumi.dynamic.ResourceProvider {
  if (!ref.module || !ref.exportName) {
    throw new Error("createShimProvider needs both a module specifier and an export name");
  }
  const specifier = ref.module;
  const exportName = ref.exportName;
  // One per deserialized provider in the host process: the serializer emits captured objects once
  // and shares them between the methods that capture them.
  const state: { ready?: Promise<ProviderImplementation> } = {};

  function load(): ProviderImplementation {
    const nodeModule = require("node:module") as typeof import("node:module");
    const nodePath = require("node:path") as typeof import("node:path");
    // The host compiles this code with an empty file name, which disables package self-reference
    // and ties lookups to the host's own module. A require anchored in the program directory
    // resolves the package from that project's node_modules, or from the package itself when the
    // program is the package's own checkout.
    const programDir = process.cwd();
    let loaded: unknown;
    try {
      loaded = nodeModule.createRequire(nodePath.join(programDir, RESOLVE_FROM))(specifier);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
      throw new Error(
        `Cannot load the provider implementation "${specifier}" from ${programDir}: ${reason}. ` +
          `Install the package that provides it in this Pulumi project (npm install), then run the command again.`,
      );
    }
    const implementation = (loaded as Record<string, unknown> | null)?.[exportName] as ProviderImplementation | undefined;
    if (typeof implementation !== "object" || implementation === null || typeof implementation.create !== "function") {
      throw new Error(
        `"${specifier}" has no provider implementation named "${exportName}": ` +
          `the installed package is older or newer than the one that wrote this stack's state; install a matching version.`,
      );
    }
    return implementation;
  }

  function ready(): Promise<ProviderImplementation> {
    if (!state.ready) state.ready = Promise.resolve().then(load);
    return state.ready;
  }

  function withoutProvider(props: Props): Props {
    const { __provider: _ignored, ...rest } = props;
    return rest;
  }

  /**
   * The host records a partial failure's `properties` verbatim as the resource's outputs, without
   * adding `__provider` back; refresh and destroy find their provider only there, so it goes in here.
   */
  function keepProviderIn(error: unknown, props: Props): unknown {
    const partial = error as { id?: unknown; properties?: unknown } | null;
    if (partial && typeof partial === "object" && partial.id && partial.properties && typeof partial.properties === "object") {
      (partial.properties as Props)["__provider"] = props["__provider"];
    }
    return error;
  }

  return {
    configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      // Set synchronously: the host caches this object before configure settles, and concurrent
      // first calls must wait for the same configuration instead of running unconfigured.
      state.ready = Promise.resolve().then(async () => {
        const implementation = load();
        if (implementation.configure) await implementation.configure(req);
        return implementation;
      });
      return state.ready.then(() => undefined);
    },

    async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
      const implementation = await ready();
      if (!implementation.check) return { inputs: news };
      return implementation.check(withoutProvider(olds), withoutProvider(news));
    },

    async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      const implementation = await ready();
      if (!implementation.diff) return {};
      return implementation.diff(id, withoutProvider(olds), withoutProvider(news));
    },

    async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
      const implementation = await ready();
      try {
        return await implementation.create(withoutProvider(inputs));
      } catch (error) {
        throw keepProviderIn(error, inputs);
      }
    },

    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
      const implementation = await ready();
      if (!implementation.read) return { id, props };
      return implementation.read(id, withoutProvider(props));
    },

    async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
      const implementation = await ready();
      if (!implementation.update) {
        throw new Error(`"${specifier}" (${exportName}) cannot update resources in place`);
      }
      try {
        return await implementation.update(id, withoutProvider(olds), withoutProvider(news));
      } catch (error) {
        throw keepProviderIn(error, news);
      }
    },

    async delete(id: string, props: Props): Promise<void> {
      const implementation = await ready();
      if (implementation.delete) await implementation.delete(id, withoutProvider(props));
    },
  };
}
