// The rows of the fault table: where each fault lands in a create, an update or a delete, and what it
// is. Names follow the fault matrix of test/faults/ ("429 + Retry-After", "reset before processing",
// ...). A row says what to inject; run-row.ts injects it through the real CLI and reports what
// happened, whatever that is.
import type { FaultInput } from "../support/emulator";

export type Operation = "create" | "update" | "delete";
export const OPERATIONS: readonly Operation[] = ["create", "update", "delete"];

/** The configure requests each operation sends, in order (update and delete of a live offer withdraw first). */
export const STEPS: Readonly<Record<Operation, readonly string[]>> = {
  create: ["create"],
  update: ["withdraw", "publish"],
  delete: ["withdraw", "delete"],
};

/** Where in an operation the run is killed with SIGKILL of its whole process group. */
export type KillMoment =
  | "before the POST is answered"
  | "while the job runs"
  | "after the job finished, before the engine recorded it"
  | "during the withdraw"
  | "between withdraw and publish"
  | "during the publish"
  | "between withdraw and delete";

/**
 * For a kill while a job runs: whether Partner Center finishes that job before the next run starts,
 * or while the next run works (once that run has a configure request accepted, or has read the
 * interrupted job's status twice), as a job taking minutes would.
 */
export type JobEnds = "before the next run" | "during the next run";

/** The moments at which a job of the killed run is still running. */
const JOB_RUNNING: readonly KillMoment[] = ["while the job runs", "during the withdraw", "during the publish"];

/** A fault's effect as the emulator takes it (`POST /_emulator/faults`), without its route and count. */
export type Effect = FaultInput extends infer F ? (F extends unknown ? Omit<F, "method" | "path" | "count"> : never) : never;

/** How long a slow answer takes: longer than the request timeout the rows set (run-row.ts). */
export const SLOW_ANSWER_MS = 5_000;

/** The token endpoint's faults, in the table's order: one failed token request each. */
const TOKEN_FAULT_TABLE = [
  ["429 + Retry-After", { status: 429, retryAfterSeconds: 1 }],
  ["500", { status: 500 }],
  ["503", { status: 503 }],
  ["reset before processing", { reset: true }],
] as const satisfies ReadonlyArray<readonly [string, Effect]>;
export type TokenFault = (typeof TOKEN_FAULT_TABLE)[number][0];
export const TOKEN_FAULTS: readonly TokenFault[] = TOKEN_FAULT_TABLE.map(([fault]) => fault);

/** The API's faults, in the table's order, each on one configure POST (a job fault: on the job that POST creates). */
const API_FAULT_TABLE = [
  ...TOKEN_FAULT_TABLE,
  ["reset after processing", { reset: true, after: "processing" }],
  ["slow answer", { delayMs: SLOW_ANSWER_MS }],
  ["failed job", { jobResult: "failed" }],
  ["stuck job", { stuck: true }],
] as const satisfies ReadonlyArray<readonly [string, Effect]>;
export type ApiFault = (typeof API_FAULT_TABLE)[number][0];
export const API_FAULTS: readonly ApiFault[] = API_FAULT_TABLE.map(([fault]) => fault);

/** What the emulator does for a fault of the table, on whichever route the row names. */
export function effectOf(fault: ApiFault): Effect {
  const found = API_FAULT_TABLE.find(([name]) => name === fault);
  if (!found) throw new Error(`no fault named ${fault}`);
  return found[1];
}

/**
 * How the row's outcome relates to the provider's retries (Azure-SDK-grade retries of 408/429/5xx
 * and dropped connections, throttled token requests that wait):
 * - `retries`: a transient failure of an idempotent request (the token request), or a 429 on a
 *   configure POST; survived in the same run when the retries outlast it;
 * - `reconcile`: a configure POST whose outcome is unknown; it is never re-sent blindly, and the
 *   bounded look-up decides whether the run survives it;
 * - `none`: not a transient failure (a failed or stuck job, a kill): retries change nothing.
 */
export type RetryDependence = "retries" | "reconcile" | "none";

export type Row =
  | { kind: "kill"; operation: Operation; moment: KillMoment; jobEnds?: JobEnds }
  | { kind: "token"; operation: Operation; fault: TokenFault }
  | { kind: "api"; operation: Operation; step: number; fault: ApiFault };

const KILLS: Readonly<Record<Operation, readonly KillMoment[]>> = {
  create: ["before the POST is answered", "while the job runs", "after the job finished, before the engine recorded it"],
  update: ["during the withdraw", "between withdraw and publish", "during the publish"],
  delete: ["during the withdraw", "between withdraw and delete"],
};

/** Every row, in the table's order: kills, then the token endpoint, then the API, each by operation. */
export function allRows(): Row[] {
  const rows: Row[] = [];
  for (const operation of OPERATIONS) {
    for (const moment of KILLS[operation]) {
      if (!JOB_RUNNING.includes(moment)) rows.push({ kind: "kill", operation, moment });
      else for (const jobEnds of ["before the next run", "during the next run"] as const) rows.push({ kind: "kill", operation, moment, jobEnds });
    }
  }
  for (const operation of OPERATIONS) for (const fault of TOKEN_FAULTS) rows.push({ kind: "token", operation, fault });
  for (const operation of OPERATIONS) {
    STEPS[operation].forEach((_, step) => {
      for (const fault of API_FAULTS) rows.push({ kind: "api", operation, step, fault });
    });
  }
  return rows;
}

/** Where the fault lands, as the table's "where" column says it. */
export function whereOf(row: Row): string {
  switch (row.kind) {
    case "kill":
      return row.jobEnds ? `${row.moment}; the job ends ${row.jobEnds}` : row.moment;
    case "token":
      return "token request";
    case "api":
      return `configure POST (${STEPS[row.operation][row.step]})`;
  }
}

export function faultOf(row: Row): string {
  return row.kind === "kill" ? "SIGKILL" : row.fault;
}

/** A stable key: `create / SIGKILL / while the job runs`. */
export function rowKey(row: Row): string {
  return `${row.operation} / ${faultOf(row)} / ${whereOf(row)}`;
}

export function retryDependence(row: Row): RetryDependence {
  if (row.kind === "kill") return "none";
  if (row.kind === "token") return "retries";
  switch (row.fault) {
    case "failed job":
    case "stuck job":
      return "none";
    case "429 + Retry-After":
      // The service's own 429 on a configure POST took no effect: sent again after Retry-After,
      // today and with the retry work alike.
      return "retries";
    default:
      return "reconcile";
  }
}
