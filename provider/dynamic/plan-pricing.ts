// The `PrivateOfferPlanPricing` implementation the shim loads by package name
// (`pulumi-partnercenter-private-offers/dist/provider/dynamic/plan-pricing.js`, export
// `planPricingProvider`). The document exists only inside the configure requests of the offers that
// use it, so create and update read the plan's template (a wrong product or plan fails here, before
// any offer is sent) and merge; delete is local.
import type * as pulumi from "@pulumi/pulumi";
import { ApiRequestError } from "../api/errors";
import { diffPlanPricing } from "../lifecycle";
import { checkPlanPricing } from "../schema/check";
import { mergePlanPricing, planPricingDocument, type PlanPricingInputs } from "../schema/plan-pricing";
import { splitAccount, withAccount } from "./account-input";
import { RefusedError } from "./errors";
import { processRuntime, type ProviderRuntime } from "./runtime";
import type { ProviderImplementation } from "./shim";

type Props = Record<string, unknown>;

function parseInputs(raw: Props): PlanPricingInputs {
  const result = checkPlanPricing(raw);
  if (!result.ok) {
    throw new RefusedError(
      `the PrivateOfferPlanPricing inputs are invalid:\n  - ${result.failures.map((f) => `${f.property}: ${f.reason}`).join("\n  - ")}`,
    );
  }
  if (result.containsUnknowns) throw new Error("PrivateOfferPlanPricing inputs still hold values unknown until apply");
  return result.inputs;
}

/** Stable per product and plan: the document has no id of its own until an offer's job writes it. */
function idOf(inputs: PlanPricingInputs): string {
  return `plan-pricing/${inputs.product.replace(/^product\//, "")}/${inputs.plan.replace(/^plan\//, "")}`;
}

export function createPlanPricingProvider(runtime: ProviderRuntime): ProviderImplementation {
  async function outputsFor(raw: Props): Promise<{ id: string; outs: Props }> {
    const { account, rest } = splitAccount(raw);
    const inputs = parseInputs(rest);
    const label = `${inputs.product} ${inputs.plan}`;
    let template: unknown;
    try {
      template = await runtime.client(account).getPricingTemplate(inputs.product, inputs.plan);
    } catch (error) {
      if (error instanceof ApiRequestError && (error.httpStatus === 404 || error.httpStatus === 400)) {
        throw new RefusedError(
          `${label}: Partner Center has no pricing template for this product and plan (${error.code}: ${error.apiMessage}). ` +
            "Check `product` and `plan`: the plan must be a public plan of that product, visible to this account.",
        );
      }
      throw error;
    }
    const parsed = planPricingDocument.safeParse({ ...(template as Props), product: inputs.product, plan: inputs.plan });
    if (!parsed.success) {
      throw new Error(
        `${label}: the pricing template Partner Center returned is not understood (` +
          parsed.error.issues.map((i) => `${i.path.join(".") || "(document)"}: ${i.message}`).join("; ") +
          "); nothing was changed",
      );
    }
    const document = mergePlanPricing(inputs, parsed.data);
    return { id: idOf(inputs), outs: withAccount({ ...(inputs as unknown as Props), document }, account) };
  }

  return {
    configure(req: pulumi.dynamic.ConfigureRequest): void {
      runtime.configure(req.config);
    },

    async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
      const { account, rest, failure } = splitAccount(news);
      const result = checkPlanPricing(rest);
      const failures = [...result.failures, ...(failure ? [failure] : [])];
      return { inputs: withAccount(result.inputs as unknown as Props, account), failures };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      const old = splitAccount(olds);
      const now = splitAccount(news);
      const diff = diffPlanPricing(old.rest, now.rest as unknown as PlanPricingInputs);
      const subject = `${String(now.rest["product"])} ${String(now.rest["plan"])}`;
      for (const line of diff.summary) runtime.say(subject, line);
      const accountChanged = (old.account ?? "") !== (now.account ?? "");
      return { changes: diff.changes || accountChanged, replaces: diff.replaces, deleteBeforeReplace: false };
    },

    create: (inputs: Props) => outputsFor(inputs),

    async update(_id: string, _olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
      return { outs: (await outputsFor(news)).outs };
    },

    // Nothing to delete: the document lives in the offers' configure requests only.
    async delete(): Promise<void> {},

    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
      return { id, props };
    },
  };
}

/** The implementation the shim of `PrivateOfferPlanPricing` delegates to. */
export const planPricingProvider: ProviderImplementation = createPlanPricingProvider(processRuntime);
