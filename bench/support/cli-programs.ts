// The two programs the CLI benchmark runs as Automation API inline programs, one resource per
// offer, both reading `bench:count` and `bench:revision` from stack config:
// - `benchOffers`: real `PrivateOffer`s against the emulator, from the package as built into the
//   program directory `bench:package` (what a user's program loads: the compiled shim, whose text
//   is what every resource's state holds);
// - `noopResources`: as many dynamic resources with the same inputs whose provider makes no HTTP
//   call (create returns at once), so the engine, the file backend and the dynamic-provider host
//   cost the same per resource minus the provider's own work: Pulumi's floor.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PrivateOffer as PrivateOfferClass, PrivateOfferArgs } from "../../provider";
import { noopProvider } from "../../test/support/provider-host/noop-provider";
import { CATALOGUE_PLAN, CATALOGUE_PRODUCT } from "./offers";

export const BENCH_NAMESPACE = "bench";

/** The programs by export name, as `ProgramRef.exportName` names them. */
export const PROGRAM_EXPORTS = { real: "benchOffers", noop: "noopResources" } as const;

interface Shape {
  count: number;
  /** 0 for the first `up`; each further revision changes every offer's discount (withdraw, then live). */
  revision: number;
}

function shape(): Shape {
  const config = new pulumi.Config(BENCH_NAMESPACE);
  return { count: config.requireNumber("count"), revision: config.getNumber("revision") ?? 0 };
}

/** A live customer offer on the emulator's seeded catalogue, named uniquely (the provider refuses a second offer of the same name). */
export function benchOfferArgs(index: number, revision: number): PrivateOfferArgs {
  const year = new Date().getUTCFullYear() + 1;
  return {
    privateOfferType: "customerPromotion",
    name: `Bench offer ${String(index).padStart(4, "0")}`,
    state: "live",
    variableStartDate: true,
    end: `${year}-12-31`,
    acceptBy: `${year}-06-30`,
    beneficiaries: [{ id: `0f3a9e2c-5b7d-4c1e-8a6f-${String(100000000000 + index)}:0f3a9e2c-5b7d-4c1e-8a6f-2d4b6c8e0a1f_2024-01-31`, description: `Customer ${index}` }],
    pricing: [{ product: CATALOGUE_PRODUCT, plan: CATALOGUE_PLAN, discountType: "percentage", discountPercentage: 5 + revision }],
  };
}

/** The `PrivateOffer` class of the package built into `dir` (dist/provider/index.js). */
function builtPrivateOffer(dir: string): typeof PrivateOfferClass {
  const entry = path.join(dir, "dist", "provider", "index.js");
  const loaded = require(entry) as Record<string, unknown>;
  const PrivateOffer = loaded["PrivateOffer"];
  if (typeof PrivateOffer !== "function") throw new Error(`${entry} exports no PrivateOffer class: build the package into ${dir} first`);
  return PrivateOffer as typeof PrivateOfferClass;
}

export function benchOffers(): void {
  const { count, revision } = shape();
  const PrivateOffer = builtPrivateOffer(new pulumi.Config(BENCH_NAMESPACE).require("package"));
  for (let i = 0; i < count; i++) new PrivateOffer(`offer-${i}`, benchOfferArgs(i, revision));
}

/** A dynamic resource whose provider answers every call from its arguments alone. */
class NoopResource extends pulumi.dynamic.Resource {
  constructor(name: string, props: pulumi.Inputs) {
    super(noopProvider, name, props, undefined, "bench", "NoopResource");
  }
}

export function noopResources(): void {
  const { count, revision } = shape();
  for (let i = 0; i < count; i++) new NoopResource(`noop-${i}`, { ...benchOfferArgs(i, revision) });
}
