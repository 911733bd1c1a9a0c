// Executes the lifecycle's plan for one offer against the API: POST each configure request once,
// wait for its job while reporting progress, read the offer back, and keep track of what is known
// at every moment, so that any failure can be reported with the offer's true state (and the job
// still running, if any) for the engine to record.
import type { PartnerCenterClient } from "../api/client";
import { ApiRequestError, ConfigureOutcomeUnknownError, JobFailedError, JobTimeoutError } from "../api/errors";
import type { WaitOptions } from "../api/job-waiter";
import type { ConfigureEnvelope } from "../schema/api/configure";
import type { JobDetail } from "../schema/api/job";
import { systemTiming, type Timing } from "../support/timing";
import {
  buildChannelPartnerCompletion,
  changedOwnedFields,
  judgeStaleETag,
  normaliseOffer,
  outputsFromInputs,
  planUpdate,
  plain,
  type JobAction,
  type OfferState,
  type Operation,
  type Plan,
  type PrivateOfferOutputs,
  type Step,
} from "../lifecycle";
import { privateOfferSchema, type PrivateOffer } from "../schema/api/private-offer";
import type { PrivateOfferInputs } from "../schema/private-offer";
import { messageOf, seconds, sentence } from "../support/errors";
import { PartialStateError, RefusedError } from "./errors";
import type { ProviderRuntime } from "./runtime";

/** How many times a plan that asks to be re-planned may be followed by another (resume, then converge). */
const MAX_REPLANS = 3;
/** Most look-ups of an offer after a configure POST whose outcome is unknown, one poll interval apart. */
const MAX_RECONCILE_ATTEMPTS = 30;

/** The engine operation a run serves: it decides which command the advice in a failure names. */
export type { Operation };

export interface RunContext {
  operation: Operation;
  runtime: ProviderRuntime;
  client: PartnerCenterClient;
  account?: string;
  /** What progress lines and messages call the offer. */
  subject: string;
  wait: WaitOptions & { pollIntervalMs: number };
  timing?: Pick<Timing, "sleep">;
  /** Kept up to date around a create's configure request, so an interrupted create is never sent twice. */
  createJournal?: CreateJournal;
}

/**
 * The record of a create in flight (provider/dynamic/create.ts). Only `beforePost` may fail the
 * create: the others are best effort, since a record left one step behind is still safe (the next
 * run waits for the job, or looks the name up, instead of sending the request again).
 */
export interface CreateJournal {
  /** Written and flushed just before the configure POST; the POST is not sent if this fails. */
  beforePost(action: "create" | "saveDraft"): Promise<void>;
  /** The POST was answered with this job. */
  answered(jobId: string): Promise<void>;
  /** The job succeeded (or the offer was found): the offer it created. */
  created(offerId: string): Promise<void>;
  /** Nothing was created: the POST was refused, or its job failed. */
  nothingCreated(): Promise<void>;
}

/** The offer's state once a job of this kind succeeded. */
const STATE_AFTER: Partial<Record<JobAction, OfferState>> = { withdraw: "withdrawn", publish: "live", delete: "deleted", complete: "live" };

/** What an operation was doing when it stopped, for the message the user reads. */
interface Stopped {
  step: Step;
  error: unknown;
  /** The fields found changed outside the stack, when that is why it stopped. */
  changedOutside?: string[];
}

/**
 * A configure request of a multiparty offer refused for a stale eTag before anything of this run
 * was written: the other seller may have moved the eTag without touching this side's fields.
 */
class StaleETag {
  constructor(readonly step: Step, readonly error: ApiRequestError) {}
}

export class OfferRun {
  /** The offer as last known; undefined until a create has read it. */
  outputs: PrivateOfferOutputs | undefined;
  #pending: { jobId: string; action: JobAction } | undefined;
  #lastJobId: string | undefined;
  #createdOfferId: string | undefined;
  #completed: string[] = [];
  /** True once a job of this run succeeded: the offer then holds what the inputs say. */
  #wrote = false;
  /** The offer as the detail of the job that created it carries it, until the read-back uses it. */
  #createdOffer: PrivateOffer | undefined;
  /** True once a stale eTag was replaced by the current one: it happens once per run at most. */
  #rebased = false;

  constructor(
    private readonly ctx: RunContext,
    private readonly inputs: PrivateOfferInputs,
    outputs?: PrivateOfferOutputs,
  ) {
    this.outputs = outputs;
    this.#lastJobId = outputs?.lastJobId;
  }

  /** Runs the plan, and the plans that follow from it (resume, adopt, complete). Returns the outputs. */
  async execute(
    first: Plan,
    next: (outputs: PrivateOfferOutputs) => Plan = (outputs) => planUpdate(outputs, this.inputs),
  ): Promise<PrivateOfferOutputs | undefined> {
    let plan = first;
    for (let round = 0; ; round++) {
      if (plan.kind === "refuse") throw new RefusedError(plan.reason);
      if (plan.kind === "replace") {
        throw new RefusedError(`${this.ctx.subject}: ${plan.reason}. Run \`pulumi preview\` to see the replacement, then \`pulumi up\`.`);
      }
      try {
        for (const step of plan.steps) await this.#run(step);
      } catch (error) {
        if (!(error instanceof StaleETag) || round >= MAX_REPLANS) throw error instanceof StaleETag ? this.#stopped(error) : error;
        plan = next(await this.#rebase(error));
        continue;
      }
      if (!plan.replanAfter || !this.outputs || round >= MAX_REPLANS) return this.outputs;
      plan = next(this.outputs);
      if (plan.kind === "steps" && plan.steps.length === 0) return this.outputs;
    }
  }

  /**
   * The first write was refused for a stale eTag: the offer changed since the stack last read it.
   * Re-read it and let the lifecycle judge (judgeStaleETag): when the only differences are what this
   * operation's own steps do (an interrupted earlier run of this update withdrew it, or already
   * finished it) or what the other seller of a multiparty offer owns, carry on from the offer as read
   * (with its eTag); otherwise refuse, naming the fields that changed, and overwrite nothing.
   */
  async #rebase(stale: StaleETag): Promise<PrivateOfferOutputs> {
    this.#rebased = true;
    const previous = this.outputs;
    if (!previous?.offerId) throw this.#stopped(stale);
    let offer: PrivateOffer | undefined;
    try {
      offer = await this.ctx.client.getPrivateOffer(previous.offerId);
    } catch (error) {
      throw this.#stopped({ step: stale.step, error });
    }
    if (!offer) throw this.#stopped(stale);
    let verdict: ReturnType<typeof judgeStaleETag>;
    try {
      verdict = judgeStaleETag({
        operation: this.ctx.operation,
        previous,
        offer,
        inputs: this.inputs,
        ...(this.#lastJobId ? { lastJobId: this.#lastJobId } : {}),
      });
    } catch (error) {
      // An answer that is not a private offer this provider can read.
      throw this.#stopped({ step: stale.step, error });
    }
    if (verdict.kind === "refuse") throw this.#stopped({ ...stale, changedOutside: verdict.changed });
    this.ctx.runtime.say(this.ctx.subject, verdict.reason);
    this.outputs = verdict.outputs;
    return verdict.outputs;
  }

  async #run(step: Step): Promise<void> {
    try {
      switch (step.kind) {
        case "configure":
          await this.#configure(step.action, step.envelope, stepLine(step));
          break;
        case "awaitJob":
          this.#pending = { jobId: step.jobId, action: step.action };
          this.ctx.runtime.say(this.ctx.subject, `resuming: ${step.description}`);
          await this.#wait(step.jobId, step.action);
          break;
        case "completeAsChannelPartner":
          await this.#completeAsChannelPartner(step.offerId, stepLine(step));
          break;
        case "read":
          await this.#read(step.offerId, step.beforeDelete === true);
          break;
      }
      // Reads change nothing: "done before that" lists what the offer went through.
      if (step.kind !== "read") this.#completed.push(step.description);
    } catch (error) {
      if (error instanceof PartialStateError || error instanceof RefusedError) throw error;
      if (this.#mayRebase(step, error)) throw new StaleETag(step, error);
      throw this.#stopped({ step, error });
    }
  }

  #mayRebase(step: Step, error: unknown): error is ApiRequestError {
    return (
      error instanceof ApiRequestError &&
      error.httpStatus === 412 &&
      step.kind === "configure" &&
      !this.#rebased &&
      !this.#wrote &&
      this.#completed.length === 0 &&
      this.outputs?.offerId !== undefined &&
      this.outputs.offerId !== ""
    );
  }

  async #configure(action: JobAction, envelope: ConfigureEnvelope, description: string): Promise<void> {
    this.ctx.runtime.say(this.ctx.subject, description);
    const before = this.#offerId();
    const journal = this.#journalFor(action);
    await journal?.beforePost(action as "create" | "saveDraft");
    let jobId: string;
    try {
      const job = await this.ctx.client.configure(envelope);
      jobId = job.jobId;
    } catch (error) {
      if (error instanceof ConfigureOutcomeUnknownError) {
        await this.#reconcile(action, before, error);
        return;
      }
      // Any other failure is a refusal that proves the request did not take effect.
      await journal?.nothingCreated();
      throw error;
    }
    await journal?.answered(jobId);
    this.#pending = { jobId, action };
    await this.#wait(jobId, action);
  }

  /** The create journal, for a configure request that creates an offer. */
  #journalFor(action: JobAction): CreateJournal | undefined {
    return action === "create" || action === "saveDraft" ? this.ctx.createJournal : undefined;
  }

  async #wait(jobId: string, action: JobAction): Promise<void> {
    try {
      await this.ctx.client.waitForJob(jobId, {
        ...this.ctx.wait,
        onProgress: (p) => this.ctx.runtime.say(this.ctx.subject, `job ${p.jobId} (${action}) ${p.state} after ${seconds(p.elapsedMs)}`),
      });
    } catch (error) {
      // A job that finished unsuccessfully changed nothing: there is nothing left to wait for.
      if (error instanceof JobFailedError) {
        this.#pending = undefined;
        await this.#journalFor(action)?.nothingCreated();
      }
      throw error;
    }
    this.ctx.runtime.say(this.ctx.subject, `job ${jobId} (${action}) succeeded`);
    this.#pending = undefined;
    this.#lastJobId = jobId;
    if (action === "create" || action === "saveDraft") {
      const created = await this.#offerCreatedBy(jobId);
      this.#createdOfferId = created.id;
      this.#createdOffer = created.offer;
      await this.#journalFor(action)?.created(created.id);
    }
    this.#afterSuccess(action);
  }

  /** What a finished job changed, before the offer is read back. */
  #afterSuccess(action: JobAction): void {
    this.#wrote = true;
    if (!this.outputs) return;
    const state = STATE_AFTER[action];
    // The eTag changed with the job: drop it rather than send a stale one.
    const { eTag: _stale, ...rest } = this.outputs;
    this.outputs = { ...(rest as PrivateOfferOutputs), ...(state ? { state } : {}), ...(this.#lastJobId ? { lastJobId: this.#lastJobId } : {}) };
  }

  /**
   * The offer a finished job created, from the job's detail: its id always; the offer itself when
   * the detail carries it whole (id, state and eTag), which spares reading it back.
   */
  async #offerCreatedBy(jobId: string): Promise<{ id: string; offer?: PrivateOffer }> {
    const created = offerInJobDetail(await this.ctx.client.getJobDetail(jobId));
    if (!created) throw new Error(`configure job ${jobId} succeeded but names no private offer it created`);
    return created;
  }

  /**
   * A configure POST that may or may not have taken effect is never sent again. A create is looked
   * up by name; a change to an existing offer by its eTag (a new eTag means a write happened).
   */
  async #reconcile(action: JobAction, offerId: string | undefined, cause: ConfigureOutcomeUnknownError): Promise<void> {
    const { runtime, client, subject } = this.ctx;
    runtime.say(subject, `the outcome of the configure request is unknown; looking the offer up instead of sending it again`);
    const sleep = this.ctx.timing?.sleep ?? systemTiming.sleep;
    // Long enough for the job the request may have started to finish, within the job timeout.
    const { pollIntervalMs, timeoutMs } = this.ctx.wait;
    const attempts = Math.max(2, Math.min(MAX_RECONCILE_ATTEMPTS, Math.ceil((timeoutMs ?? pollIntervalMs) / pollIntervalMs)));
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(this.ctx.wait.pollIntervalMs);
      if (offerId === undefined) {
        runtime.forgetOffers(this.ctx.account);
        const found = await runtime.offersNamed(this.#name(), this.ctx.account);
        if (found.length === 1 && found[0]) {
          this.#createdOfferId = found[0].id;
          runtime.say(subject, `found ${found[0].id}: the request did take effect`);
          await this.#journalFor(action)?.created(found[0].id);
          return;
        }
        if (found.length > 1) {
          throw new RefusedError(
            `${subject}: the outcome of the create request is unknown and ${found.length} offers now have this name ` +
              `(${found.map((o) => o.id).join(", ")}). Keep one: set adoptExistingId to its id and delete the others in Partner Center.`,
          );
        }
      } else {
        const current = await client.getPrivateOffer(offerId);
        const expected = STATE_AFTER[action];
        const tookEffect =
          current === undefined
            ? action === "delete"
            : (expected !== undefined && current.state === expected) ||
              (this.outputs?.eTag !== undefined && (current.eTag ?? undefined) !== this.outputs.eTag);
        if (tookEffect) {
          runtime.say(subject, `${offerId} changed: the request did take effect`);
          this.#afterSuccess(action);
          return;
        }
      }
    }
    throw cause;
  }

  async #completeAsChannelPartner(offerId: string, description: string): Promise<void> {
    if (this.inputs.privateOfferType !== "multipartyPromotionChannelPartner") return;
    const asRead = await this.ctx.client.getPrivateOffer(offerId);
    if (!asRead) throw new RefusedError(notVisible(offerId, this.ctx.account));
    const completion = buildChannelPartnerCompletion(asRead as Record<string, unknown>, this.inputs);
    for (const warning of completion.warnings) this.ctx.runtime.say(this.ctx.subject, `warning: ${warning}`);
    if (completion.problems.length > 0) {
      throw new RefusedError(`${this.ctx.subject}: the completion cannot be sent:\n  - ${completion.problems.join("\n  - ")}`);
    }
    await this.#configure("complete", completion.envelope, description);
  }

  async #read(offerId: string | undefined, beforeDelete: boolean): Promise<void> {
    const id = offerId ?? this.#offerId() ?? (this.#lastJobId ? (await this.#offerCreatedBy(this.#lastJobId)).id : undefined);
    if (!id) throw new Error("there is no offer id to read: no job created one");
    const fromJob = this.#createdOffer?.id === id ? this.#createdOffer : undefined;
    this.#createdOffer = undefined;
    const offer = fromJob ?? (await this.ctx.client.getPrivateOffer(id));
    if (beforeDelete) {
      this.#readBeforeDelete(id, offer);
      return;
    }
    if (!offer) {
      if (this.inputs.privateOfferType === "multipartyPromotionChannelPartner") throw new RefusedError(notVisible(id, this.ctx.account));
      throw new RefusedError(`${this.ctx.subject}: ${id} does not exist (any more). If it was deleted outside this stack, run \`pulumi refresh\`.`);
    }
    // Fields the API returns only as ids (absolute price documents) are taken from what was sent.
    this.outputs = normaliseOffer(offer, {
      inputs: this.#wrote || !this.outputs ? this.inputs : this.outputs,
      ...(this.#lastJobId ? { lastJobId: this.#lastJobId } : {}),
    });
    if (this.#createdOfferId === id) this.ctx.runtime.rememberOffer(offer as PrivateOffer, this.ctx.account);
  }

  /** The offer as it is just before a delete: what the delete plans from. */
  #readBeforeDelete(id: string, offer: PrivateOffer | undefined): void {
    const { runtime, subject } = this.ctx;
    const previous = this.outputs ?? outputsFromInputs(this.inputs, { state: "draft", offerId: id });
    if (!offer || offer.state === "deleted") {
      runtime.say(subject, `${id} no longer exists: there is nothing to delete`);
      this.outputs = plain({ ...previous, offerId: id, state: "deleted" as const });
      return;
    }
    const current = normaliseOffer(offer, { inputs: previous, ...(this.#lastJobId ? { lastJobId: this.#lastJobId } : {}) });
    const changed = changedOwnedFields(previous, current).filter((key) => key !== "state");
    if (changed.length > 0 && !this.#wrote) {
      runtime.say(subject, `changed in Partner Center since the last refresh (${changed.join(", ")}); deleting it as this stack asks`);
    }
    this.outputs = current;
  }

  #offerId(): string | undefined {
    return this.outputs?.offerId || this.#createdOfferId || undefined;
  }

  #name(): string {
    return "name" in this.inputs ? this.inputs.name : (this.outputs?.name ?? "");
  }

  /** The error for the engine: what happened, where the offer stands, what to do; partial state when anything exists. */
  #stopped({ step, error, changedOutside }: Stopped): Error {
    const { subject } = this.ctx;
    const done = this.#completed.length ? ` Done before that: ${this.#completed.join("; ")}.` : "";
    const reason = explain(error);
    const pending = this.#pending;
    const advice = this.ctx.operation === "delete" ? this.#deleteAdvice(error, pending) : this.#upAdvice(error, pending, changedOutside);
    const message = `${subject}: could not ${stepLine(step)}: ${sentence(reason)}${done} ${advice}`;
    const properties = this.#partialProperties(pending);
    const id = this.#offerId() ?? (pending ? `pending-job/${pending.jobId}` : undefined);
    if (!id || !properties) return new Error(message);
    return new PartialStateError(message, id, properties, [reason]);
  }

  /** What to do after a failed create or update: the next `pulumi up` resumes from the state recorded. */
  #upAdvice(error: unknown, pending: { jobId: string; action: JobAction } | undefined, changedOutside: string[] | undefined): string {
    const withdrawnByUs = this.#completed.some((d) => d.startsWith("withdraw")) && this.outputs?.state === "withdrawn" && this.inputs.state === "live";
    if (pending && !(error instanceof JobFailedError)) {
      return (
        `Configure job ${pending.jobId} (${pending.action}) was accepted and may still finish. ` +
        "The next `pulumi up` waits for that job instead of sending the change again."
      );
    }
    if (withdrawnByUs) return "The offer is withdrawn: customers cannot see it. The next `pulumi up` publishes it again.";
    if (error instanceof ApiRequestError && error.httpStatus === 412) {
      // Only differences this stack's own steps do not explain are called changes made outside it.
      if (changedOutside?.length) {
        return `The offer was changed outside this stack since it was last read (${changedOutside.join(", ")}); nothing was overwritten. Run \`pulumi refresh\`, review the drift, then \`pulumi up\`.`;
      }
      return "The offer's eTag changed since this stack last read it, though none of the fields this stack manages did; nothing was overwritten. Run `pulumi refresh`, review the drift, then `pulumi up`.";
    }
    if (error instanceof ConfigureOutcomeUnknownError) {
      return "It was not sent again, and the offer shows no sign of it. Run `pulumi refresh`, then `pulumi up`.";
    }
    return "Fix the cause, then run `pulumi up` again.";
  }

  /**
   * What to do after a failed delete. The engine records nothing for a failed delete, so a job
   * still running is not in state: the next `pulumi destroy` finds its effect by reading the offer.
   */
  #deleteAdvice(error: unknown, pending: { jobId: string; action: JobAction } | undefined): string {
    const again = "run `pulumi destroy` again: it reads the offer first and only sends what is still needed.";
    if (pending && !(error instanceof JobFailedError)) {
      return `Configure job ${pending.jobId} (${pending.action}) was accepted and may still finish; ${again}`;
    }
    if (this.outputs?.state === "withdrawn" && this.#completed.some((d) => d.startsWith("withdraw"))) {
      return `The offer is withdrawn: customers cannot see it. To finish deleting it, ${again}`;
    }
    if (error instanceof ConfigureOutcomeUnknownError) return `It was not sent again. Once the service answers, ${again}`;
    return `Fix the cause, then ${again}`;
  }

  #partialProperties(pending: { jobId: string; action: JobAction } | undefined): Record<string, unknown> | undefined {
    const pendingJob = pending && !(this.#lastJobId === pending.jobId) ? { pendingJob: pending } : {};
    if (this.outputs) {
      const { pendingJob: _old, ...rest } = this.outputs;
      return plain({ ...rest, ...(this.#offerId() ? { offerId: this.#offerId() } : {}), ...pendingJob });
    }
    if (!pending && !this.#createdOfferId) return undefined;
    const state: OfferState = this.inputs.state === "live" ? "live" : "draft";
    const outputs = outputsFromInputs(this.inputs, {
      state,
      offerId: this.#createdOfferId ?? "",
      ...pendingJob,
      ...(this.#lastJobId ? { lastJobId: this.#lastJobId } : {}),
    });
    return outputs as unknown as Record<string, unknown>;
  }
}

/**
 * The private offer a finished job wrote, from `GET configure/{jobId}`: its id, and the offer itself
 * when the detail carries it whole (the reference's A-12: it returns the full offer), with its eTag.
 */
export function offerInJobDetail(detail: JobDetail): { id: string; offer?: PrivateOffer } | undefined {
  const resource = detail.resources.find((r) => typeof r.id === "string" && r.id.startsWith("private-offer/"));
  if (!resource?.id) return undefined;
  const whole = privateOfferSchema.safeParse(resource);
  return whole.success && whole.data.eTag ? { id: resource.id, offer: whole.data } : { id: resource.id };
}

/** A step as the user reads it: what it does, and apart from that what customers notice. */
function stepLine(step: Step): string {
  return step.impact ? `${step.description} (${step.impact})` : step.description;
}

function explain(error: unknown): string {
  if (error instanceof JobTimeoutError) return `configure job ${error.jobId} did not finish in time (still ${error.lastStatus} after ${seconds(error.elapsedMs)})`;
  return messageOf(error);
}

function notVisible(offerId: string, account: string | undefined): string {
  return (
    `${offerId} is not visible to ${account ? `account "${account}"` : "the configured account"}. ` +
    "A channel partner sees a multiparty offer once the software company has published it with this partner's seller id; " +
    "check the offer id and the `account` input."
  );
}
