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

type Method = "check" | "diff" | "create" | "read" | "update" | "delete";

// Everything below the `createShimProvider` line is serialized into every resource's state, comments
// inside function bodies included, so the reasoning lives here:
// - `state` is one per deserialized provider in the host process (the serializer emits a captured
//   object once and shares it between the functions that capture it).
// - `load` anchors `require` in the program directory: the host compiles this code with an empty file
//   name, which disables package self-reference and ties lookups to the host's own module; a require
//   from the program directory finds the package in that project's node_modules, or the package
//   itself when the program is the package's own checkout.
// - `configure` sets `state.ready` synchronously: the host caches the provider before configure
//   settles, and concurrent first calls must wait for the same configuration.
// - `call` strips `__provider` from what the implementation sees, and puts it back into a partial
//   failure's `properties`: the host records those verbatim as the resource's outputs, and refresh and
//   destroy find their provider only there.
export function createShimProvider(ref: ImplementationRef): pulumi.dynamic.ResourceProvider {
  if (!ref.module || !ref.exportName) {
    throw new Error("createShimProvider needs both a module specifier and an export name");
  }
  const specifier = ref.module;
  const exportName = ref.exportName;
  const state: { ready?: Promise<ProviderImplementation> } = {};

  function load(): ProviderImplementation {
    const programDir = process.cwd();
    let loaded: unknown;
    try {
      const { createRequire } = require("node:module") as typeof import("node:module");
      const { join } = require("node:path") as typeof import("node:path");
      loaded = createRequire(join(programDir, RESOLVE_FROM))(specifier);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
      throw new Error(`Cannot load the provider implementation "${specifier}" from ${programDir}: ${reason}. Install the package that provides it in this Pulumi project (npm install), then run the command again.`);
    }
    const implementation = (loaded as Record<string, ProviderImplementation | undefined> | null)?.[exportName];
    if (typeof implementation?.create !== "function") {
      throw new Error(`"${specifier}" has no provider implementation named "${exportName}": the installed package is older or newer than the one that wrote this stack's state; install a matching version.`);
    }
    return implementation;
  }

  async function call(method: Method, args: unknown[], props: Props): Promise<never> {
    if (!state.ready) state.ready = Promise.resolve().then(load);
    const implementation = (await state.ready) as unknown as Record<Method, ((...a: unknown[]) => Promise<never>) | undefined>;
    const run = implementation[method];
    if (!run) throw new Error(`the installed provider implementation has no ${method}: install the version of the package that wrote this stack's state`);
    try {
      return await run(...args.map((a) => (a && typeof a === "object" ? (({ __provider: _, ...rest }: Props) => rest)(a as Props) : a)));
    } catch (error) {
      const partial = error as { id?: unknown; properties?: Props } | null;
      if (partial?.id && partial.properties && typeof partial.properties === "object") partial.properties["__provider"] = props["__provider"];
      throw error;
    }
  }

  return {
    configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      state.ready = Promise.resolve().then(async () => {
        const implementation = load();
        if (implementation.configure) await implementation.configure(req);
        return implementation;
      });
      return state.ready.then(() => undefined);
    },
    check: (olds: Props, news: Props) => call("check", [olds, news], news),
    diff: (id: string, olds: Props, news: Props) => call("diff", [id, olds, news], news),
    create: (inputs: Props) => call("create", [inputs], inputs),
    read: (id: string, props: Props) => call("read", [id, props], props),
    update: (id: string, olds: Props, news: Props) => call("update", [id, olds, news], news),
    delete: (id: string, props: Props) => call("delete", [id, props], props),
  };
}
