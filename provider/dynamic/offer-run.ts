// Runs a lifecycle plan for one offer against the API: each configure request sent once, its job
// waited for while progress is reported, the offer read back. Where the run stands is one value
// (lifecycle/run.ts) that each step moves on; what a step sends, what it changed and what a failure
// says are decided there, so that any failure reports the offer's true state (and the job still
// running, if any) for the engine to record.
import { ApiRequestError, ConfigureOutcomeUnknownError, JobFailedError, JobTimeoutError } from "../api/errors";
import {
  actionOf,
  buildChannelPartnerCompletion,
  failureReport,
  isConfigureStep,
  jobAccepted,
  jobFailed,
  jobSucceeded,
  judgeStaleETag,
  lookUpDelays,
  mayRebase,
  notVisible,
  offerCreated,
  offerIdOf,
  offerInJobDetail,
  planUpdate,
  readBack,
  readBeforeDelete,
  rebased,
  requestFor,
  startRun,
  stepDone,
  stepLine,
  tookEffect,
  tookEffectAsRead,
  type ConfigureStep,
  type Failure,
  type JobAction,
  type Plan,
  type PrivateOfferOutputs,
  type Run,
  type Step,
} from "../lifecycle";
import type { ConfigureEnvelope } from "../schema/api/configure";
import type { PrivateOffer } from "../schema/api/private-offer";
import type { PrivateOfferInputs } from "../schema/private-offer";
import { messageOf, seconds } from "../support/errors";
import type { Timing } from "../support/timing";
import { PartialStateError, RefusedError } from "./errors";
import type { CreateJournal, RunContext } from "./run-context";

/** How many times a plan that asks to be re-planned may be followed by another (resume, then converge). */
const MAX_REPLANS = 3;
/**
 * How long a configure POST whose outcome is unknown is looked for before the run stops: a few
 * look-ups (lifecycle's `lookUpDelays`: at most 4, the first at once, at least a poll interval
 * apart) within this window, or within the job timeout when that is shorter.
 */
export const RECONCILE_WINDOW_MS = 5 * 60_000;
/** What Partner Center's UI says publishing takes at most: how long a created offer may stay unlisted. */
const PUBLISHING_MINUTES = 15;

/** A write refused for a stale eTag before anything of this run was written: judged, then maybe carried on. */
class StaleETag {
  constructor(readonly step: Step, readonly error: ApiRequestError) {}
}

export class OfferRun {
  #run: Run;

  /** `inputs`: what the program declares (none for a delete); `outputs`: the offer as the stack last recorded it. */
  constructor(
    private readonly ctx: RunContext,
    inputs: PrivateOfferInputs | undefined,
    outputs?: PrivateOfferOutputs,
  ) {
    this.#run = startRun(ctx.operation, inputs, outputs);
  }

  /** Runs the plan, and the plans that follow from it (resume, adopt, complete). Returns the outputs. */
  async execute(first: Plan, next: (outputs: PrivateOfferOutputs) => Plan = (outputs) => this.#replan(outputs)): Promise<PrivateOfferOutputs | undefined> {
    let plan = first;
    for (let round = 0; ; round++) {
      if (plan.kind === "refuse") throw new RefusedError(plan.reason);
      if (plan.kind !== "steps") {
        const why = plan.kind === "replace" ? `${plan.reason}. Run \`pulumi preview\` to see the replacement, then \`pulumi up\`.` : plan.reason;
        throw new RefusedError(`${this.ctx.subject}: ${why}`);
      }
      try {
        for (const step of plan.steps) await this.#step(step);
      } catch (error) {
        if (!(error instanceof StaleETag)) throw error;
        if (round >= MAX_REPLANS) throw this.#stopped(error.step, error.error);
        plan = next(await this.#rebase(error));
        continue;
      }
      const outputs = this.#run.outputs;
      if (!plan.replanAfter || !outputs || round >= MAX_REPLANS) return outputs;
      plan = next(outputs);
      if (plan.kind === "steps" && plan.steps.length === 0) return outputs;
    }
  }

  #replan(outputs: PrivateOfferOutputs): Plan {
    if (!this.#run.inputs) throw new Error("an update needs the inputs it converges to");
    return planUpdate(outputs, this.#run.inputs);
  }

  async #step(step: Step): Promise<void> {
    try {
      if (step.kind === "complete") await this.#complete(step);
      else if (isConfigureStep(step)) await this.#configure(step, requestFor(this.#run, step));
      else if (step.kind === "awaitJob") {
        this.#run = jobAccepted(this.#run, { jobId: step.jobId, action: step.action });
        this.#say(`resuming: ${stepLine(step)}`);
        await this.#wait(step.jobId, step.action);
      } else await this.#read(step);
      this.#run = stepDone(this.#run, step);
    } catch (error) {
      if (error instanceof PartialStateError || error instanceof RefusedError) throw error;
      if (error instanceof ApiRequestError && error.httpStatus === 412 && mayRebase(this.#run, step)) throw new StaleETag(step, error);
      throw this.#stopped(step, error);
    }
  }

  async #configure(step: ConfigureStep, envelope: ConfigureEnvelope): Promise<void> {
    this.#say(stepLine(step));
    const action = actionOf(step);
    const before = offerIdOf(this.#run);
    const journal = this.#journalFor(action);
    await journal?.beforePost(action as "create" | "saveDraft");
    const postedAt = this.#timing().clock.now();
    let jobId: string;
    try {
      jobId = (await this.ctx.client.configure(envelope)).jobId;
    } catch (error) {
      if (error instanceof ConfigureOutcomeUnknownError) return this.#reconcile(action, before, error, postedAt);
      // Any other failure is a refusal that proves the request did not take effect.
      await journal?.nothingCreated();
      throw error;
    }
    await journal?.answered(jobId);
    this.#run = jobAccepted(this.#run, { jobId, action });
    await this.#wait(jobId, action);
  }

  /** The create journal, for a configure request that creates an offer. */
  #journalFor(action: JobAction): CreateJournal | undefined {
    return action === "create" || action === "saveDraft" ? this.ctx.createJournal : undefined;
  }

  async #wait(jobId: string, action: JobAction): Promise<void> {
    try {
      await this.ctx.client.waitForJob(jobId, { ...this.ctx.wait, onProgress: (p) => this.#say(`job ${p.jobId} (${action}) ${p.state} after ${seconds(p.elapsedMs)}`) });
    } catch (error) {
      if (error instanceof JobFailedError) {
        this.#run = jobFailed(this.#run);
        await this.#journalFor(action)?.nothingCreated();
      }
      throw error;
    }
    this.#say(`job ${jobId} (${action}) succeeded`);
    this.#run = jobSucceeded(this.#run, jobId);
    if (action === "create" || action === "saveDraft") {
      const created = await this.#offerCreatedBy(jobId);
      this.#run = offerCreated(this.#run, created);
      await this.#journalFor(action)?.created(created.id);
    }
    this.#run = tookEffect(this.#run, action);
  }

  /** The offer a finished job created, from the job's detail: its id, and the offer itself when the detail carries it whole. */
  async #offerCreatedBy(jobId: string): Promise<{ id: string; offer?: PrivateOffer }> {
    const created = offerInJobDetail(await this.ctx.client.getJobDetail(jobId));
    if (!created) throw new Error(`configure job ${jobId} succeeded but names no private offer it created`);
    return created;
  }

  /**
   * A configure POST that may or may not have taken effect is never sent again. A create is looked
   * up by name; a change to an existing offer by its eTag (a new eTag means a write happened). The
   * look-up is bounded (RECONCILE_WINDOW_MS, a few look-ups); when it settles nothing, the error says
   * what was looked at and whether anything may have been created.
   */
  async #reconcile(action: JobAction, offerId: string | undefined, cause: ConfigureOutcomeUnknownError, postedAt: number): Promise<void> {
    const { runtime, client, subject, account } = this.ctx;
    const { clock, sleep } = this.#timing();
    const { pollIntervalMs } = this.ctx.wait;
    const jobTimeoutMs = this.ctx.wait.timeoutMs ?? runtime.settings(account).jobTimeoutMs;
    const started = clock.now();
    const delays = lookUpDelays({ postedAt: started, now: started, jobTimeoutMs: Math.min(jobTimeoutMs, RECONCILE_WINDOW_MS), pollIntervalMs });
    const until = new Date(started + delays.reduce((sum, delay) => sum + delay, 0)).toISOString();
    this.#say(
      `the outcome of the configure request is unknown; looking the offer up instead of sending it again ` +
        `(${delays.length === 1 ? "once" : `${delays.length} times until ${until}`})`,
    );
    // Only a listing started after the request failed can show its effect.
    let seen = runtime.currentListing(account);
    for (const delay of delays) {
      if (delay > 0) await sleep(delay);
      if (offerId === undefined) {
        // A listing started after the previous look-up, shared with the other look-ups running now.
        const listing = await runtime.listOffers(account, { after: seen });
        seen = listing.listing;
        const name = this.#name();
        const found = listing.offers.filter((offer) => offer.name === name && offer.state !== "deleted");
        if (found.length > 1) {
          throw new RefusedError(
            `${subject}: the outcome of the create request is unknown and ${found.length} offers now have this name ` +
              `(${found.map((o) => o.id).join(", ")}). Keep one: set adoptExistingId to its id and delete the others in Partner Center.`,
          );
        }
        if (found[0]) {
          this.#run = offerCreated(this.#run, { id: found[0].id });
          this.#say(`found ${found[0].id}: the request did take effect`);
          await this.#journalFor(action)?.created(found[0].id);
          return;
        }
      } else if (tookEffectAsRead(this.#run, action, await client.getPrivateOffer(offerId))) {
        this.#say(`${offerId} changed: the request did take effect`);
        this.#run = tookEffect(this.#run, action);
        return;
      }
    }
    const looked = `${delays.length === 1 ? "once" : `${delays.length} times`} over ${seconds(clock.now() - started)}`;
    if (offerId !== undefined) {
      throw cause.afterLookUp(
        `${offerId} was read ${looked} and shows no sign of it yet; it may still take effect ` +
          `(a job it started can run for up to about ${PUBLISHING_MINUTES} minutes).`,
      );
    }
    const resume = this.#journalFor(action)
      ? `The record of this create stays, so the next \`pulumi up\` looks the name up until ${new Date(postedAt + jobTimeoutMs).toISOString()} ` +
        "(partnercenter:jobTimeoutMinutes after this request) and adopts the offer if it appears, before sending the create again."
      : `Check Partner Center for an offer named "${this.#name()}" before running \`pulumi up\` again, and adopt it with adoptExistingId if it is there.`;
    throw cause.afterLookUp(
      `The name was looked up ${looked} and no offer "${this.#name()}" was found, but an offer may still have been created: ` +
        `Partner Center lists a new offer only once its job has finished, up to about ${PUBLISHING_MINUTES} minutes after the request. ${resume}`,
    );
  }

  /** The clock and sleep of every wait this run paces itself: the context's, else the runtime's (tests inject them there). */
  #timing(): Pick<Timing, "clock" | "sleep"> {
    const { timing } = this.ctx.runtime;
    return { clock: timing.clock, sleep: this.ctx.timing?.sleep ?? timing.sleep };
  }

  async #complete(step: Extract<ConfigureStep, { kind: "complete" }>): Promise<void> {
    const inputs = this.#run.inputs;
    if (inputs?.privateOfferType !== "multipartyPromotionChannelPartner") return;
    const asRead = await this.ctx.client.getPrivateOffer(step.offerId);
    if (!asRead) throw new RefusedError(notVisible(step.offerId, this.ctx.account));
    const completion = buildChannelPartnerCompletion(asRead, inputs);
    for (const warning of completion.warnings) this.#say(`warning: ${warning}`);
    if (completion.problems.length > 0) throw new RefusedError(`${this.ctx.subject}: the completion cannot be sent:\n  - ${completion.problems.join("\n  - ")}`);
    await this.#configure(step, completion.envelope);
  }

  async #read(step: Extract<Step, { kind: "read" }>): Promise<void> {
    const run = this.#run;
    const id = step.offerId ?? offerIdOf(run) ?? (run.lastJobId ? (await this.#offerCreatedBy(run.lastJobId)).id : undefined);
    if (!id) throw new Error("there is no offer id to read: no job created one");
    const fromJob = run.created?.id === id ? run.created.offer : undefined;
    const offer = fromJob ?? (await this.ctx.client.getPrivateOffer(id));
    if (step.beforeDelete) {
      const read = readBeforeDelete(this.#run, id, offer);
      if (read.note) this.#say(read.note);
      this.#run = read.run;
      return;
    }
    if (!offer) {
      if (run.inputs?.privateOfferType === "multipartyPromotionChannelPartner") throw new RefusedError(notVisible(id, this.ctx.account));
      throw new RefusedError(`${this.ctx.subject}: ${id} does not exist (any more). If it was deleted outside this stack, run \`pulumi refresh\`.`);
    }
    this.#run = readBack(this.#run, offer);
    if (this.#run.created?.id === id) this.ctx.runtime.rememberOffer(offer, this.ctx.account);
  }

  /**
   * The first write was refused for a stale eTag: the offer changed since the stack last read it.
   * Re-read it and let the lifecycle judge (judgeStaleETag): when the only differences are what this
   * operation's own steps do (an interrupted earlier run of this update withdrew it, or already
   * finished it) or what the other seller of a multiparty offer owns, carry on from the offer as read
   * (with its eTag); otherwise refuse, naming the fields that changed, and overwrite nothing.
   */
  async #rebase(stale: StaleETag): Promise<PrivateOfferOutputs> {
    const { outputs: previous, inputs, lastJobId } = this.#run;
    this.#run = { ...this.#run, rebased: true };
    if (!previous?.offerId) throw this.#stopped(stale.step, stale.error);
    let verdict: ReturnType<typeof judgeStaleETag>;
    try {
      const offer = await this.ctx.client.getPrivateOffer(previous.offerId);
      if (!offer) throw stale.error;
      // An answer that is not a private offer this provider can read fails here too.
      verdict = judgeStaleETag({ operation: this.ctx.operation, previous, offer, inputs, ...(lastJobId ? { lastJobId } : {}) });
    } catch (error) {
      throw this.#stopped(stale.step, error);
    }
    if (verdict.kind === "refuse") throw this.#stopped(stale.step, stale.error, verdict.changed);
    this.#say(verdict.reason);
    this.#run = rebased(this.#run, verdict.outputs);
    return verdict.outputs;
  }

  #name(): string {
    const { inputs, outputs } = this.#run;
    return inputs && "name" in inputs ? inputs.name : (outputs?.name ?? "");
  }

  #say(line: string): void {
    this.ctx.runtime.say(this.ctx.subject, line);
  }

  /** The error for the engine: what happened, where the offer stands, what to do; partial state when anything exists. */
  #stopped(step: Step, error: unknown, changedOutside?: readonly string[]): Error {
    const report = failureReport(this.#run, this.ctx.subject, step, classify(error, changedOutside));
    // The engine shows a partial-state error by its reasons alone: the whole message, advice included.
    return report.partial ? new PartialStateError(report.message, report.partial.id, report.partial.properties, [report.message]) : new Error(report.message);
  }
}

/** An error as the lifecycle's advice needs it classed, with its words. */
function classify(error: unknown, changedOutside?: readonly string[]): Failure {
  const reason =
    error instanceof JobTimeoutError ? `configure job ${error.jobId} did not finish in time (still ${error.lastStatus} after ${seconds(error.elapsedMs)})` : messageOf(error);
  const kind =
    error instanceof JobFailedError ? "jobFailed"
    : error instanceof ApiRequestError && error.httpStatus === 412 ? "staleETag"
    : error instanceof ConfigureOutcomeUnknownError ? "outcomeUnknown"
    : "other";
  return { reason, kind, ...(changedOutside ? { changedOutside } : {}) };
}
