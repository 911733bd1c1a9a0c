// The object handed to `pulumi.dynamic.Resource` is serialized into every resource's state
// (`__provider`) by walking everything its methods reach, and refresh and destroy later run that
// serialized copy, possibly on another machine and another checkout path. So the provider object is
// a thin shim: it captures the implementation's specifier and an empty state object, and at call
// time it `require()`s this module, as the package installed in the Pulumi program's directory
// exports it, and hands the call to `dispatchShimCall`, which loads the implementation by
// specifier from the same place. Old stacks therefore run the installed (fixed) code, and no
// client, schema or credential is ever written to state.
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

export type ShimMethod = "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";

/**
 * This module as the package exports it: serialized shims require it from the program directory at
 * every call. It is written into every resource's state, like the implementations' specifiers: keep
 * this file where it is, and `dispatchShimCall` compatible, across releases.
 */
export const SHIM_RUNTIME_SPECIFIER = "pulumi-partnercenter-private-offers/dist/provider/dynamic/shim.js";

/** What one deserialized shim keeps between calls (the host deserializes each distinct `__provider` text once). */
export interface ShimState {
  ready?: Promise<ProviderImplementation | undefined>;
}

function firstLine(cause: unknown): string {
  return String(cause instanceof Error ? cause.message : cause).split("\n")[0] ?? "";
}

function withoutProvider(value: unknown): unknown {
  if (!value || typeof value !== "object") return value;
  const { __provider: _, ...rest } = value as Props;
  return rest;
}

/**
 * Runs one call of a serialized shim: `configure` (re)loads the implementation and configures it,
 * setting `state.ready` synchronously, since the host caches the provider before configure settles
 * and concurrent first calls must wait for the same configuration; a call before any configure loads
 * the implementation unconfigured. The implementation never sees `__provider`; a partial failure's
 * `properties` get it back (from the call's last argument: news, inputs or the old outputs), since
 * the host records those verbatim as the resource's outputs, and refresh and destroy find their
 * provider only there.
 *
 * Serialized shims in state call this with exactly these arguments: extend it, never change them.
 */
export function dispatchShimCall(state: ShimState, ref: ImplementationRef, method: ShimMethod, args: unknown[]): Promise<unknown> {
  if (method === "configure" || !state.ready) {
    state.ready = Promise.resolve().then(async () => {
      const implementation = loadImplementation(ref);
      if (method === "configure") await implementation?.configure?.(args[0] as pulumi.dynamic.ConfigureRequest);
      return implementation;
    });
  }
  return state.ready.then(async (implementation) => {
    if (method === "configure") return undefined;
    const run = (implementation as Partial<Record<ShimMethod, (...a: unknown[]) => Promise<unknown>>> | undefined)?.[method];
    if (typeof run !== "function") {
      throw new Error(`"${ref.module}" has no provider implementation "${ref.exportName}" with ${method}: the installed package is older or newer than the one that wrote this stack's state; install a matching version.`);
    }
    const props = (args[args.length - 1] ?? {}) as Props;
    try {
      return await run(...args.map(withoutProvider));
    } catch (error) {
      const partial = error as { id?: unknown; properties?: Props } | null;
      if (partial?.id && partial.properties && typeof partial.properties === "object") partial.properties["__provider"] = props["__provider"];
      throw error;
    }
  });
}

/**
 * The implementation, required from the program directory (the host's working directory): a
 * require anchored there finds the package in that project's node_modules, or the package itself
 * when the program is the package's own checkout.
 */
function loadImplementation(ref: ImplementationRef): ProviderImplementation | undefined {
  const programDir = process.cwd();
  try {
    const { createRequire } = require("node:module") as typeof import("node:module");
    const loaded = createRequire(`${programDir}/`)(ref.module) as Record<string, ProviderImplementation | undefined> | null;
    return loaded?.[ref.exportName];
  } catch (cause) {
    throw new Error(`Cannot load the provider implementation "${ref.module}" from ${programDir}: ${firstLine(cause)}. Install the package that provides it in this Pulumi project (npm install), then run the command again.`);
  }
}

// Everything below the `createShimProvider` line is serialized into every resource's state twice
// (the inputs and the outputs each hold `__provider`), and the file backend rewrites the whole state,
// after copying the previous one to a backup, at about two saves per resource: a `pulumi up` of N
// resources writes each byte here about 3 x N^2 (create) to 6 x N^2 (update) times, as measured in
// docs/benchmarks.md. The serializer wraps each function it emits in about 150 bytes and copies
// comments inside function bodies, so the reasoning lives here and the bodies stay short:
// - the seven methods only name themselves; one function, `shimCall`, requires this module from the
//   program directory and hands it the call, so the logic is the installed package's, not state's.
//   Methods cannot share one function: the host calls diff and update, and read and delete, with
//   arguments of the same shapes.
// - `createRequire(<program dir>/)` anchors `require` in the program directory (a trailing separator
//   names a directory): the host compiles this code with an empty file name, which disables package
//   self-reference and ties lookups to the host's own module.
// - `shimCall` calls `dispatchShimCall` before its first await, so configure sets the ready promise
//   synchronously; only a failure to reach it (no package, or one without `dispatchShimCall`) is
//   caught there: the dispatcher's own failures are rejections, which `return` passes through.
// - `state` is one per deserialized provider in the host process (the serializer emits a captured
//   object once and shares it between the functions that capture it).
// - captured names must not be globals where a program runs: the serializer leaves a global name
//   uncaptured (mocha's global `run`, for one, made a function of that name vanish from the text).
// State written by earlier shims (which loaded the implementation themselves) keeps working: they
// load the same implementation modules by the same specifiers.
export function createShimProvider(ref: ImplementationRef): pulumi.dynamic.ResourceProvider {
  if (!ref.module || !ref.exportName) {
    throw new Error("createShimProvider needs both a module specifier and an export name");
  }
  const implementation: ImplementationRef = { module: ref.module, exportName: ref.exportName };
  const runtime = SHIM_RUNTIME_SPECIFIER;
  const state: ShimState = {};

  const shimCall = async (method: ShimMethod, args: unknown[]): Promise<never> => {
    try {
      return (require("node:module") as typeof import("node:module")).createRequire(`${process.cwd()}/`)(runtime).dispatchShimCall(state, implementation, method, args) as never;
    } catch (cause) {
      throw new Error(`Cannot load the provider implementation "${implementation.module}" from ${process.cwd()}: ${String((cause as Error)?.message ?? cause).split("\n")[0]}. Install the package that provides it in this Pulumi project (npm install), then run the command again.`);
    }
  };

  return {
    configure: (...args: unknown[]) => shimCall("configure", args),
    check: (...args: unknown[]) => shimCall("check", args),
    diff: (...args: unknown[]) => shimCall("diff", args),
    create: (...args: unknown[]) => shimCall("create", args),
    read: (...args: unknown[]) => shimCall("read", args),
    update: (...args: unknown[]) => shimCall("update", args),
    delete: (...args: unknown[]) => shimCall("delete", args),
  };
}
