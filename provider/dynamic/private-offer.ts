// The `PrivateOffer` implementation the shim loads by package name
// (`pulumi-partnercenter-private-offers/dist/provider/dynamic/private-offer.js`, export
// `privateOfferProvider`). It turns the engine's calls into lifecycle plans and runs them.
import type * as pulumi from "@pulumi/pulumi";
import {
  diffPrivateOffer,
  describeDrift,
  normaliseOffer,
  offerInJobDetail,
  outputsFromState,
  planCreate,
  planDelete,
  planDeleteFromCurrent,
  planUpdate,
  plain,
  withOptionsOf,
  type Operation,
  type PrivateOfferOutputs,
} from "../lifecycle";
import { checkPrivateOffer } from "../schema/check";
import { isUnknown } from "../schema/unknowns";
import type { Clock } from "../support/timing";
import { isChannelPartnerOffer, type PrivateOfferInputs } from "../schema/private-offer";
import { createPublisherOffer, forgetRecordedCreate } from "./create";
import { RefusedError } from "./errors";
import { checkedInputs, requireValidInputs } from "./inputs";
import { OfferRun } from "./offer-run";
import { preflightOf, withSettingsHints, type Preflight } from "./preflight";
import { withUpgradeResolved } from "./upgrade";
import type { RunContext } from "./run-context";
import { processRuntime, type ProviderRuntime } from "./runtime";
import type { ProviderImplementation } from "./shim";

type Props = Record<string, unknown>;

function subjectOf(props: Props): string {
  const name = typeof props["name"] === "string" ? props["name"] : undefined;
  const id = typeof props["offerId"] === "string" && props["offerId"] ? props["offerId"] : undefined;
  return name ? `"${name}"` : (id ?? "private offer");
}

function accountOf(props: Props): { account?: string } {
  return typeof props["account"] === "string" ? { account: props["account"] } : {};
}

/** What an implementation takes beside its runtime (tests inject them). */
export interface ImplementationOptions {
  /** Where check's "today" comes from (dates already past); default the runtime's clock. */
  clock?: Clock;
  /** What check learns from the whole run (settings, names); default the one of the runtime. */
  preflight?: Preflight;
}

/** The inputs the engine hands back as `olds`, without its own keys. */
function previousOf(olds: Props): Props {
  return Object.fromEntries(Object.entries(olds).filter(([key]) => !key.startsWith("__")));
}

/** What the preview of a new offer says of the accepted offer it upgrades, if any. */
export function describeUpgrade(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const ending = ": the customer moves to this offer when that one ends";
  if (typeof value === "string") {
    return isUnknown(value)
      ? "upgrades an accepted offer known after apply"
      : `upgrades the accepted offer ${value} (its name is read from Partner Center when this one is created)${ending}`;
  }
  const { id, name } = value as { id?: unknown; name?: unknown };
  if (typeof id !== "string" || isUnknown(id)) return "upgrades an accepted offer known after apply";
  return `upgrades the accepted offer ${typeof name === "string" && !isUnknown(name) ? `"${name}" (${id})` : id}${ending}`;
}

export function createPrivateOfferProvider(runtime: ProviderRuntime, options: ImplementationOptions = {}): ProviderImplementation {
  const clock = options.clock ?? runtime.timing.clock;
  const preflight = options.preflight ?? preflightOf(runtime);
  const parseInputs = (raw: Props, previous: Props = {}): PrivateOfferInputs =>
    requireValidInputs("PrivateOffer", checkPrivateOffer(raw, { clock, previous }));

  function context(operation: Operation, inputs: PrivateOfferInputs | PrivateOfferOutputs, subject: string): RunContext {
    const account = inputs.account;
    const settings = runtime.settings(account);
    const pollSeconds = inputs.pollIntervalSeconds;
    const timeoutMinutes = inputs.jobTimeoutMinutes;
    return {
      operation,
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

  /**
   * Refresh of an offer whose create job was accepted but not seen to finish: the job decides. Once
   * it succeeded, the resource takes the real `private-offer/...` id and the offer's outputs; a failed
   * job created nothing, so the resource leaves the stack; a job still running stays pending.
   */
  async function readPendingCreate(id: string, previous: PrivateOfferOutputs, subject: string): Promise<pulumi.dynamic.ReadResult> {
    const pending = previous.pendingJob;
    const client = runtime.client(previous.account);
    if (!pending) {
      runtime.say(subject, "no offer id and no job to wait for: the create never started; the next `pulumi up` creates it");
      return { id: "", props: {} };
    }
    const job = await client.getJobStatus(pending.jobId);
    if (job.jobStatus !== "completed") {
      runtime.say(subject, `configure job ${pending.jobId} (${pending.action}) is still ${job.jobStatus}: the offer stays pending; the next \`pulumi up\` waits for it`);
      return { id, props: previous };
    }
    if (job.jobResult !== "succeeded") {
      runtime.say(subject, `configure job ${pending.jobId} (${pending.action}) ${job.jobResult}: no offer was created; it leaves the stack and the next \`pulumi up\` creates it`);
      return { id: "", props: {} };
    }
    const created = offerInJobDetail(await client.getJobDetail(pending.jobId));
    const offer = created?.offer ?? (created ? await client.getPrivateOffer(created.id) : undefined);
    if (!offer || offer.state === "deleted") {
      runtime.say(subject, `configure job ${pending.jobId} succeeded, but the offer it created no longer exists: it leaves the stack`);
      return { id: "", props: {} };
    }
    runtime.say(subject, `configure job ${pending.jobId} (${pending.action}) finished: the offer is ${offer.id}`);
    const outputs = normaliseOffer(offer, { inputs: previous, lastJobId: pending.jobId });
    return { id: offer.id, props: withOptionsOf(outputs, previous) };
  }

  return withSettingsHints(preflight, {
    configure(req: pulumi.dynamic.ConfigureRequest): void {
      preflight.configured(req.config);
      runtime.configure(req.config);
    },

    async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
      const result = checkPrivateOffer(news, { clock, previous: previousOf(olds) });
      for (const warning of result.warnings) runtime.say(subjectOf(result.inputs), `warning: ${warning.property} ${warning.reason}`);
      const upgrade = Object.keys(previousOf(olds)).length === 0 ? describeUpgrade((result.inputs as Props)["upgradedFrom"]) : undefined;
      if (upgrade) runtime.say(subjectOf(result.inputs), upgrade);
      const failures = [...preflight.settingsFailures(news), ...result.failures, ...preflight.claimName(olds, result.inputs)];
      return { inputs: result.inputs, failures };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      // The engine hands back what check returned: checked again, unknowns allowed, for its type.
      const diff = diffPrivateOffer(olds, checkedInputs("PrivateOffer", checkPrivateOffer(news, { clock, previous: olds })));
      if (diff.refusal) throw new RefusedError(diff.refusal);
      // The engine holds this resource: the record of its create, if any is left, has done its work.
      await forgetRecordedCreate({ runtime, ...accountOf(olds) }, outputsFromState(olds));
      const subject = subjectOf({ ...news, offerId: olds["offerId"] });
      for (const line of diff.summary) runtime.say(subject, line);
      // Always explicit: with no answer the engine would compare `__provider` itself.
      // The engine checks a replaced resource's inputs once more, without olds: the same offer, not another.
      if (diff.replaces.length > 0) preflight.replacing(news);
      return { changes: diff.changes, replaces: diff.replaces, deleteBeforeReplace: diff.deleteBeforeReplace };
    },

    async create(raw: Props): Promise<pulumi.dynamic.CreateResult> {
      const declared = parseInputs(raw);
      const subject = subjectOf(raw);
      const ctx = context("create", declared, subject);
      const inputs = "adoptExistingId" in declared && declared.adoptExistingId ? declared : await withUpgradeResolved(ctx, declared);
      // A publisher's create is recorded before it is sent, so an interrupted one is finished, not repeated.
      const outputs =
        isChannelPartnerOffer(inputs) || inputs.adoptExistingId
          ? await new OfferRun(ctx, inputs).execute(planCreate(inputs))
          : await createPublisherOffer(ctx, inputs);
      if (!outputs) throw new Error(`${subject}: the create finished without reading the offer back`);
      return { id: outputs.offerId, outs: withOptionsOf(outputs, inputs) };
    },

    async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
      // A date that went by since it was set is no reason to refuse the update: compared with state.
      const declared = parseInputs(news, olds);
      const previous = outputsFromState(olds);
      const ctx = context("update", declared, subjectOf({ ...news, offerId: previous.offerId }));
      const inputs = await withUpgradeResolved(ctx, declared, olds);
      const outputs = (await new OfferRun(ctx, inputs, previous).execute(planUpdate(previous, inputs))) ?? previous;
      return { outs: withOptionsOf(outputs, inputs) };
    },

    async delete(_id: string, props: Props): Promise<void> {
      const previous = outputsFromState(props);
      const ctx = context("delete", previous, subjectOf(props));
      // One GET first: the plan follows the offer as it is now, not as the last run left state.
      const outputs = await new OfferRun(ctx, undefined, previous).execute(planDelete(previous), planDeleteFromCurrent);
      // A replacement creates an offer of the same name next: the name is free again.
      if (outputs?.state === "deleted" && previous.offerId) runtime.offerDeleted(previous.offerId, previous.account);
      preflight.releaseName(props);
      await forgetRecordedCreate(ctx, previous);
    },

    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
      const previous = outputsFromState(props);
      const subject = subjectOf(props);
      await forgetRecordedCreate({ runtime, ...accountOf(props) }, previous);
      const offerId = previous.offerId || (id.startsWith("private-offer/") ? id : "");
      if (!offerId) return readPendingCreate(id, previous, subject);
      const offer = await runtime.client(previous.account).getPrivateOffer(offerId);
      if (!offer || offer.state === "deleted") {
        runtime.say(subject, `${offerId} no longer exists: it leaves the stack`);
        return { id: "", props: {} };
      }
      const fresh = normaliseOffer(offer, { inputs: previous, ...(previous.lastJobId ? { lastJobId: previous.lastJobId } : {}) });
      const outputs = plain({ ...fresh, ...(previous.pendingJob ? { pendingJob: previous.pendingJob } : {}) });
      for (const line of describeDrift(props, outputs)) runtime.say(subject, `drift: ${line}`);
      return { id: offer.id, props: withOptionsOf(outputs, previous) };
    },
  });
}

/** The implementation the shim of `PrivateOffer` delegates to. */
export const privateOfferProvider: ProviderImplementation = createPrivateOfferProvider(processRuntime);
