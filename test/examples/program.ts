// Runs a Pulumi program under `pulumi.runtime.setMocks`, standing in for the engine and for the
// provider: every resource's inputs go through the provider's own `check` (so an example that
// `pulumi preview` would reject fails here), a plan-pricing document is merged with the plan's
// public template from the emulator's catalogue, and offers come back live with an id.
import { createHash } from "node:crypto";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { catalogue, findPlan, findProduct } from "../../emulator/domain/catalogue";
import { checkPlanPricing, checkPrivateOffer, type CheckFailure } from "../../provider/schema/check";
import { mergePlanPricing } from "../../provider/lifecycle/plan-pricing";
import { planPricingDocument } from "../../provider/schema/plan-pricing";

export interface Registered {
  type: string;
  name: string;
  /** Inputs as the provider receives them (without `__provider` and the declared output placeholders). */
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

export interface ProgramRun {
  resources: Registered[];
  /** The module's exports, resolved. */
  exports: Record<string, unknown>;
}

const OUTPUT_PLACEHOLDERS = ["offerId", "subState", "eTag", "acceptanceLinks", "lastJobId", "pendingJob", "document"];

/** Pulumi's marker of a secret value in the property map a provider receives. */
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Secrets revealed, as the engine does for the dynamic-provider host (it does not accept secrets). */
function reveal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reveal);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIGNATURE) return reveal(record["value"]);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, reveal(v)]));
  }
  return value;
}

/** A stable offer id per resource name, so two runs of a program can be compared. */
export function mockOfferId(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  return `private-offer/${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function inputsOf(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(reveal(raw) as Record<string, unknown>)) {
    if (key === "__provider" || value === undefined) continue;
    if (OUTPUT_PLACEHOLDERS.includes(key) && raw["privateOfferType"] !== "multipartyPromotionChannelPartner") continue;
    if (key === "name" && raw["privateOfferType"] === undefined) continue;
    out[key] = value;
  }
  return out;
}

function templateFor(product: string, plan: string): unknown {
  const p = findProduct(product);
  const found = p ? findPlan(p, plan) : undefined;
  return { product, plan, ...(found?.template ?? {}) };
}

const mocks: pulumi.runtime.Mocks = {
  newResource(args) {
    const raw = args.inputs as Record<string, unknown>;
    const { account: _account, ...inputs } = inputsOf(raw);
    if (args.type.endsWith(":PrivateOfferPlanPricing")) {
      const checked = checkPlanPricing(inputs);
      if (!checked.ok) return { id: `${args.name}-invalid`, state: { ...raw, __failures: checked.failures } };
      const template = planPricingDocument.parse(templateFor(checked.inputs.product, checked.inputs.plan));
      return { id: `plan-pricing/${args.name}`, state: { ...raw, document: mergePlanPricing(checked.inputs, template) } };
    }
    const checked = checkPrivateOffer(inputs);
    const offerId =
      inputs["privateOfferType"] === "multipartyPromotionChannelPartner"
        ? String(inputs["offerId"])
        : String(inputs["adoptExistingId"] ?? mockOfferId(args.name));
    const state = {
      ...raw,
      offerId,
      state: String(inputs["state"] ?? "live"),
      subState: "pendingAcceptance",
      acceptanceLinks: [],
      ...(checked.ok ? {} : { __failures: checked.failures }),
    };
    return { id: offerId, state };
  },
  call(args) {
    return args.inputs as Record<string, unknown>;
  },
};

function resolve<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((done) => pulumi.output(value).apply((v) => done(v as T)));
}

/**
 * Loads the program at `programDir/index.ts` under mocks with the given stack config and waits for
 * every resource it registers.
 */
export async function runProgram(programDir: string, config: Record<string, string> = {}, project = "example"): Promise<ProgramRun> {
  const registered: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const result = mocks.newResource(args);
        const state = (result as { state: Record<string, unknown> }).state;
        const { __failures, ...rest } = state;
        registered.push({
          type: args.type,
          name: args.name,
          inputs: inputsOf(args.inputs as Record<string, unknown>),
          failures: (__failures as CheckFailure[] | undefined) ?? [],
        });
        return { ...(result as { id: string }), state: rest };
      },
      call: mocks.call,
    },
    project,
    "test",
    false,
  );
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `${project}:${k}`, v])));
  const entry = require.resolve(path.join(programDir, "index.ts"));
  delete require.cache[entry];
  // A program module exports its outputs, or one function whose result they are (as Pulumi runs it).
  const loaded = require(entry) as Record<string, unknown> | (() => Promise<Record<string, unknown>> | Record<string, unknown>);
  const exports = typeof loaded === "function" ? await loaded() : loaded;
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(exports)) {
    resolved[key] = value instanceof pulumi.CustomResource ? await resolve(value.urn) : await resolve(value as pulumi.Input<unknown>);
  }
  // Resources the program does not export still register; give their registrations a turn.
  await new Promise((done) => setTimeout(done, 20));
  return { resources: registered, exports: resolved };
}

export { catalogue };
