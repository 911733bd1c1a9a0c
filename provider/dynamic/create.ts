// A publisher's create, safe against being interrupted. Partner Center lists an offer only once its
// create job has finished, and after a crash the engine calls `create` again with the same inputs; so
// a record of the create in flight (create-records.ts) is written and flushed before the configure
// POST, completed with the job id when the POST is answered and with the offer id when the job
// succeeds. The next create of the same key reads it first:
// - offer id recorded, offer still there: adopt it (this stack created it);
// - job id recorded: wait for that job instead of posting (a failed job: post again);
// - POST sent, answer never recorded: look the name up until such a job would have finished, then
//   adopt what appeared or post again;
// - no record: as before, an offer with this name is refused, since this stack did not create it.
import { ApiRequestError } from "../api/errors";
import {
  createKeyOf,
  lookUpDelays,
  matchesKey,
  planAdopt,
  planAwaitCreate,
  planCreate,
  postingRecord,
  resumptionOf,
  withJob,
  withOffer,
  type CreateAction,
  type CreateKey,
  type CreateRecord,
  type CreateResumption,
  type PrivateOfferOutputs,
} from "../lifecycle";
import type { PublisherOfferInputs } from "../schema/private-offer";
import { CreateRecordTakenError, type CreateRecordStore } from "./create-records";
import { messageOf } from "../support/errors";
import { RefusedError } from "./errors";
import { OfferRun } from "./offer-run";
import type { CreateJournal, RunContext } from "./run-context";

/** The outputs of a publisher's offer created (or found created) for these inputs. */
export async function createPublisherOffer(ctx: RunContext, inputs: PublisherOfferInputs): Promise<PrivateOfferOutputs | undefined> {
  const { runtime, subject } = ctx;
  const { store, scope } = runtime.createRecords(ctx.account);
  const key = createKeyOf(inputs, scope);
  if (!key) throw new Error(`${subject}: a ${inputs.privateOfferType} offer has no create key`);
  const file = store.fileOf(key);
  let record = await store.read(key);
  let resumption: CreateResumption = resumptionOf(record);

  if (resumption.kind === "adopt") {
    const offer = await ctx.client.getPrivateOffer(resumption.offerId);
    if (offer && offer.state !== "deleted") {
      runtime.say(subject, `adopting ${offer.id}: this stack created it in an earlier run that was interrupted before Pulumi recorded it (${file})`);
      return new OfferRun(ctx, inputs).execute(planAdopt(offer.id));
    }
    runtime.say(subject, `${resumption.offerId}, which an earlier run of this stack created, no longer exists: creating the offer again`);
    record = await forget(store, key);
    resumption = { kind: "post" };
  }

  if (resumption.kind === "awaitJob") {
    const job = await ctx.client.getJobStatus(resumption.jobId).catch((error: unknown) => {
      if (error instanceof ApiRequestError && error.httpStatus === 404) return undefined;
      throw error;
    });
    if (!job) {
      runtime.say(subject, `Partner Center no longer knows configure job ${resumption.jobId}, which an earlier, interrupted run started`);
      resumption = { kind: "lookUp", postedAt: resumption.postedAt };
    } else if (job.jobStatus === "completed" && job.jobResult !== "succeeded") {
      runtime.say(subject, `configure job ${resumption.jobId}, which an earlier, interrupted run started, ${job.jobResult}: it created nothing; sending the create again`);
      record = await forget(store, key);
      resumption = { kind: "post" };
    } else {
      runtime.say(
        subject,
        `an earlier run sent this create and was interrupted while configure job ${resumption.jobId} ran: waiting for that job instead of sending the create again`,
      );
      const journal = recordJournal(ctx, store, key, record);
      return new OfferRun({ ...ctx, createJournal: journal }, inputs).execute(planAwaitCreate(resumption.jobId, resumption.action));
    }
  }

  if (resumption.kind === "lookUp" && record) {
    const found = await lookUp(ctx, key, record, resumption.postedAt);
    if (found) {
      await store.write(withOffer(record, found, runtime.timing.clock.now()));
      return new OfferRun(ctx, inputs).execute(planAdopt(found));
    }
  }

  // Nothing of an earlier run to finish: an offer with this name is not this stack's.
  const existing = await runtime.offersNamed(inputs.name, ctx.account);
  if (existing.length > 0) {
    const ids = existing.map((o) => `${o.id} (${o.state})`).join(", ");
    throw new RefusedError(
      `an offer named "${inputs.name}" already exists outside this stack: ${ids}. Nothing was created. ` +
        `To manage it from this stack, add \`adoptExistingId: "${existing[0]?.id}"\` to its inputs; otherwise choose another name.`,
    );
  }
  const journal = recordJournal(ctx, store, key, record);
  return new OfferRun({ ...ctx, createJournal: journal }, inputs).execute(planCreate(inputs));
}

/** Removes a record that no longer stands for anything; the next write of its key is a first one again. */
async function forget(store: CreateRecordStore, key: CreateKey): Promise<undefined> {
  await store.remove(key);
  return undefined;
}

/**
 * An earlier run sent the create at `postedAt` and never recorded the answer. Look the name up until
 * the job such a request started would have finished (the job timeout after it was sent), a few
 * times; the offer it created, if any, once it appears.
 */
async function lookUp(ctx: RunContext, key: CreateKey, record: CreateRecord, postedAt: number): Promise<string | undefined> {
  const { runtime, subject, wait } = ctx;
  const { clock, sleep } = runtime.timing;
  const timeoutMs = wait.timeoutMs ?? runtime.settings(ctx.account).jobTimeoutMs;
  const delays = lookUpDelays({ postedAt, now: clock.now(), jobTimeoutMs: timeoutMs, pollIntervalMs: wait.pollIntervalMs });
  const until = new Date(clock.now() + delays.reduce((a, b) => a + b, 0)).toISOString();
  runtime.say(
    subject,
    `an earlier run sent this create at ${record.postedAt} and was interrupted before its answer came: looking the name up ` +
      (delays.length > 1 ? `${delays.length} times until ${until}, when its job would have finished,` : "once (its job would have finished by now)") +
      " before sending it again",
  );
  for (const delay of delays) {
    if (delay > 0) await sleep(delay);
    runtime.forgetOffers(ctx.account);
    const found = (await runtime.offersNamed(key.name, ctx.account)).filter((offer) => matchesKey(offer, key));
    if (found.length > 1) {
      throw new RefusedError(
        `${subject}: an earlier, interrupted run sent this create, and ${found.length} offers now have its name and customers ` +
          `(${found.map((o) => o.id).join(", ")}). Keep one: set adoptExistingId to its id and delete the others in Partner Center.`,
      );
    }
    if (found[0]) {
      runtime.say(subject, `found ${found[0].id}: the earlier request did create it; adopting it`);
      return found[0].id;
    }
  }
  runtime.say(subject, `no offer named "${key.name}" appeared: the earlier request created nothing; sending it again`);
  return undefined;
}

/** Keeps the record of this create up to date around its configure request. */
function recordJournal(ctx: RunContext, store: CreateRecordStore, key: CreateKey, existing: CreateRecord | undefined): CreateJournal {
  const { runtime, subject } = ctx;
  const now = () => runtime.timing.clock.now();
  let current = existing;
  const bestEffort = async (what: string, write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (error) {
      runtime.say(subject, `warning: could not ${what} (${messageOf(error)}); the next run looks the offer up instead`);
    }
  };
  return {
    async beforePost(action: CreateAction) {
      const record = postingRecord(key, action, now());
      try {
        // A first record is claimed: of two creates of the same offer at once, one is sent.
        if (current) await store.write(record);
        else await store.claim(record);
      } catch (error) {
        if (error instanceof CreateRecordTakenError) {
          throw new RefusedError(
            `${subject}: another create of an offer with this name, type and customers is in progress (its record is ${error.file}). ` +
              "Nothing was sent. If this stack declares two such offers, give them different names; otherwise run `pulumi up` again " +
              "once the other run has finished: it then finishes that create instead of sending it twice.",
          );
        }
        throw error;
      }
      current = record;
    },
    async answered(jobId: string) {
      const record = current;
      if (!record) return;
      current = withJob(record, jobId, now());
      await bestEffort("record the job of this create", () => store.write(current!));
    },
    async created(offerId: string) {
      current = withOffer(current ?? postingRecord(key, "create", now()), offerId, now());
      await bestEffort("record the offer this create made", () => store.write(current!));
    },
    async nothingCreated() {
      current = undefined;
      await bestEffort("remove the record of this create", () => store.remove(key));
    },
  };
}

/**
 * Once the engine holds a resource (its outputs name the offer, or the create job still pending),
 * the record of its create has done its work: remove it, when it is about that same offer or job.
 * Never fails the operation it serves: a record left behind is removed by a later call, and a later
 * create of the same key checks that its offer still exists before adopting it.
 */
export async function forgetRecordedCreate(ctx: Pick<RunContext, "runtime" | "account">, outputs: PrivateOfferOutputs): Promise<void> {
  try {
    const { store, scope } = ctx.runtime.createRecords(ctx.account);
    const key = createKeyOf(outputs, scope);
    if (!key) return;
    const jobs = [outputs.pendingJob?.jobId, outputs.lastJobId].filter((id): id is string => typeof id === "string" && id !== "");
    await store.remove(key, (record) =>
      (record.offerId !== undefined && record.offerId === outputs.offerId) ||
      (record.offerId === undefined && record.jobId !== undefined && jobs.includes(record.jobId)),
    );
  } catch {
    // Settings without credentials (a preview), an unreadable or foreign file: leave it for later.
  }
}
