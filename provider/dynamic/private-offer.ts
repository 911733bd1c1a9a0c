// The `PrivateOffer` implementation the shim loads by package name
// (`pulumi-partnercenter-private-offers/dist/provider/dynamic/private-offer.js`, export
// `privateOfferProvider`). It turns the engine's calls into lifecycle plans and runs them.
import type * as pulumi from "@pulumi/pulumi";
import {
  diffPrivateOffer,
  describeDrift,
  normaliseOffer,
  planCreate,
  planDelete,
  planUpdate,
  plain,
  type PrivateOfferOutputs,
} from "../lifecycle";
import { checkPrivateOffer } from "../schema/check";
import { isChannelPartnerOffer, type PrivateOfferInputs } from "../schema/private-offer";
import { containsUnknown } from "../schema/unknowns";
import { splitAccount, withAccount } from "./account-input";
import { RefusedError } from "./errors";
import { OfferRun, type RunContext } from "./offer-run";
import { processRuntime, type ProviderRuntime } from "./runtime";
import type { ProviderImplementation } from "./shim";

type Props = Record<string, unknown>;

/** The inputs of create and update: checked again, since the engine may skip check on some paths. */
function parseInputs(raw: Props): PrivateOfferInputs {
  const result = checkPrivateOffer(raw);
  if (!result.ok) {
    throw new RefusedError(
      `the PrivateOffer inputs are invalid:\n  - ${result.failures.map((f) => `${f.property}: ${f.reason}`).join("\n  - ")}`,
    );
  }
  if (result.containsUnknowns) throw new Error("PrivateOffer inputs still hold values unknown until apply; nothing was sent");
  return result.inputs;
}

function subjectOf(props: Props): string {
  const name = typeof props["name"] === "string" ? props["name"] : undefined;
  const id = typeof props["offerId"] === "string" && props["offerId"] ? props["offerId"] : undefined;
  return name ? `"${name}"` : (id ?? "private offer");
}

/** Provider options the API does not store: what the new inputs say, not what the old outputs said. */
const OPTION_KEYS = ["pollIntervalSeconds", "jobTimeoutMinutes", "adoptExistingId"] as const;

function withOptionsOf(outputs: PrivateOfferOutputs, inputs: PrivateOfferInputs): PrivateOfferOutputs {
  const out: Props = { ...outputs };
  for (const key of OPTION_KEYS) {
    const value = (inputs as Props)[key];
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return plain(out) as unknown as PrivateOfferOutputs;
}

export function createPrivateOfferProvider(runtime: ProviderRuntime): ProviderImplementation {
  function context(inputs: PrivateOfferInputs | Props, account: string | undefined, subject: string): RunContext {
    const settings = runtime.settings(account);
    const pollSeconds = (inputs as Props)["pollIntervalSeconds"];
    const timeoutMinutes = (inputs as Props)["jobTimeoutMinutes"];
    return {
      runtime,
      client: runtime.client(account),
      ...(account !== undefined ? { account } : {}),
      subject,
      wait: {
        pollIntervalMs: typeof pollSeconds === "number" ? pollSeconds * 1000 : settings.pollIntervalMs,
        timeoutMs: typeof timeoutMinutes === "number" ? timeoutMinutes * 60_000 : settings.jobTimeoutMs,
      },
    };
  }

  return {
    configure(req: pulumi.dynamic.ConfigureRequest): void {
      runtime.configure(req.config);
    },

    async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
      const { account, rest, failure } = splitAccount(news);
      const result = checkPrivateOffer(rest);
      for (const warning of result.warnings) runtime.say(subjectOf(rest), `warning: ${warning.property} ${warning.reason}`);
      const failures = [...result.failures, ...(failure ? [failure] : [])];
      return { inputs: withAccount(result.inputs as Props, account), failures };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      const old = splitAccount(olds);
      const now = splitAccount(news);
      const diff = diffPrivateOffer(old.rest, now.rest as unknown as PrivateOfferInputs);
      const replaces = [...diff.replaces];
      const accountChanged = (old.account ?? "") !== (now.account ?? "") || containsUnknown(news["account"]);
      if (accountChanged && !replaces.includes("account")) replaces.push("account");
      // A job an earlier run left unfinished is waited for by the next update, even with no other change.
      const resumes = old.rest["pendingJob"] !== undefined;
      const subject = subjectOf({ ...now.rest, offerId: old.rest["offerId"] });
      if (diff.refusal) throw new RefusedError(diff.refusal);
      if (resumes) runtime.say(subject, "an earlier configure job did not finish: this update waits for it first");
      for (const line of diff.summary) runtime.say(subject, line);
      if (accountChanged) runtime.say(subject, "the account changes: the offer is replaced by one under the new account");
      // Always explicit: with no answer the engine would compare `__provider` itself.
      return {
        changes: diff.changes || accountChanged || resumes,
        replaces,
        deleteBeforeReplace: replaces.length > 0,
      };
    },

    async create(raw: Props): Promise<pulumi.dynamic.CreateResult> {
      const { account, rest } = splitAccount(raw);
      const inputs = parseInputs(rest);
      const subject = subjectOf(rest);
      const ctx = context(inputs, account, subject);
      if (!isChannelPartnerOffer(inputs) && !inputs.adoptExistingId) {
        const existing = await runtime.offersNamed(inputs.name, account);
        if (existing.length > 0) {
          const ids = existing.map((o) => `${o.id} (${o.state})`).join(", ");
          throw new RefusedError(
            `an offer named "${inputs.name}" already exists outside this stack: ${ids}. Nothing was created. ` +
              `To manage it from this stack, add \`adoptExistingId: "${existing[0]?.id}"\` to its inputs; otherwise choose another name.`,
          );
        }
      }
      const outputs = await new OfferRun(ctx, inputs).execute(planCreate(inputs));
      if (!outputs) throw new Error(`${subject}: the create finished without reading the offer back`);
      return { id: outputs.offerId, outs: withAccount(withOptionsOf(outputs, inputs), account) };
    },

    async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
      const old = splitAccount(olds);
      const { account, rest } = splitAccount(news);
      const inputs = parseInputs(rest);
      const previous = old.rest as unknown as PrivateOfferOutputs;
      const ctx = context(inputs, account, subjectOf({ ...rest, offerId: previous.offerId }));
      const outputs = (await new OfferRun(ctx, inputs, previous).execute(planUpdate(previous, inputs))) ?? previous;
      return { outs: withAccount(withOptionsOf(outputs, inputs), account) };
    },

    async delete(_id: string, props: Props): Promise<void> {
      const { account, rest } = splitAccount(props);
      const previous = rest as unknown as PrivateOfferOutputs;
      const inputs = previous as unknown as PrivateOfferInputs;
      const ctx = context(rest, account, subjectOf(rest));
      await new OfferRun(ctx, inputs, previous).execute(planDelete(previous), (outputs) => planDelete(outputs));
    },

    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
      const { account, rest } = splitAccount(props);
      const previous = rest as unknown as PrivateOfferOutputs;
      const subject = subjectOf(rest);
      const offerId = previous.offerId || (id.startsWith("private-offer/") ? id : "");
      if (!offerId) {
        runtime.say(subject, "the offer's create job has not been seen to finish; `pulumi up` waits for it");
        return { id, props };
      }
      const offer = await runtime.client(account).getPrivateOffer(offerId);
      if (!offer || offer.state === "deleted") {
        runtime.say(subject, `${offerId} no longer exists: it leaves the stack`);
        return { id: "", props: {} };
      }
      const fresh = normaliseOffer(offer, { inputs: previous, ...(previous.lastJobId ? { lastJobId: previous.lastJobId } : {}) });
      const outputs = plain({ ...fresh, ...(previous.pendingJob ? { pendingJob: previous.pendingJob } : {}) });
      for (const line of describeDrift(rest, outputs as unknown as Props)) runtime.say(subject, `drift: ${line}`);
      return { id: offer.id, props: withAccount(withOptionsOf(outputs, previous as unknown as PrivateOfferInputs), account) };
    },
  };
}

/** The implementation the shim of `PrivateOffer` delegates to. */
export const privateOfferProvider: ProviderImplementation = createPrivateOfferProvider(processRuntime);
