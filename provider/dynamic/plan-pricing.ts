// The `PrivateOfferPlanPricing` implementation the shim loads by package name
// (`pulumi-partnercenter-private-offers/dist/provider/dynamic/plan-pricing.js`, export
// `planPricingProvider`). The document exists only inside the configure requests of the offers that
// use it, so create and update read the plan's template (a wrong product or plan fails here, before
// any offer is sent) and merge; delete is local.
import type * as pulumi from "@pulumi/pulumi";
import { ApiRequestError } from "../api/errors";
import { diffPlanPricing, mergePlanPricing } from "../lifecycle";
import { checkPlanPricing } from "../schema/check";
import { planPricingDocument, type PlanPricingInputs } from "../schema/plan-pricing";
import { RefusedError } from "./errors";
import { requireValidInputs } from "./inputs";
import { preflightOf, withSettingsHints } from "./preflight";
import type { ImplementationOptions } from "./private-offer";
import { processRuntime, type ProviderRuntime } from "./runtime";
import type { ProviderImplementation } from "./shim";

type Props = Record<string, unknown>;

/** Stable per product and plan: the document has no id of its own until an offer's job writes it. */
function idOf(inputs: PlanPricingInputs): string {
  return `plan-pricing/${inputs.product.replace(/^product\//, "")}/${inputs.plan.replace(/^plan\//, "")}`;
}

export function createPlanPricingProvider(runtime: ProviderRuntime, options: Pick<ImplementationOptions, "preflight"> = {}): ProviderImplementation {
  const preflight = options.preflight ?? preflightOf(runtime);
  async function outputsFor(raw: Props): Promise<{ id: string; outs: Props }> {
    const inputs = requireValidInputs("PrivateOfferPlanPricing", checkPlanPricing(raw));
    const label = `${inputs.product} ${inputs.plan}`;
    let template: unknown;
    try {
      template = await runtime.client(inputs.account).getPricingTemplate(inputs.product, inputs.plan);
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
    return { id: idOf(inputs), outs: { ...inputs, document } };
  }

  return withSettingsHints(preflight, {
    configure(req: pulumi.dynamic.ConfigureRequest): void {
      preflight.configured(req.config);
      runtime.configure(req.config);
    },

    async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
      const result = checkPlanPricing(news);
      return { inputs: result.inputs, failures: [...preflight.settingsFailures(news), ...result.failures] };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      // The account only decides whose template is read: a change re-reads it, the document stays.
      const diff = diffPlanPricing(olds, news);
      const subject = `${String(news["product"])} ${String(news["plan"])}`;
      for (const line of diff.summary) runtime.say(subject, line);
      return { changes: diff.changes, replaces: diff.replaces, deleteBeforeReplace: false };
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
  });
}

/** The implementation the shim of `PrivateOfferPlanPricing` delegates to. */
export const planPricingProvider: ProviderImplementation = createPlanPricingProvider(processRuntime);
