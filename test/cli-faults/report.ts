// docs/fault-table.md from one run of the table: what each fault did through the real Pulumi CLI,
// and what every failed run said, with the ids and times that differ between runs taken out.
import * as os from "node:os";
import { STEPS, faultOf, retryDependence, whereOf, type RetryDependence, type Row } from "./rows";
import { MAX_RUNS, RUNS_ALLOWED, TIMING, jobsNeeded, violations, type RowResult } from "./run-row";
import type { TableRun } from "./suite";

const CLI_VERSION = "v3.276.0";

const DEPENDENCE: Record<RetryDependence, string> = {
  retries: "retries",
  reconcile: "reconcile",
  none: "",
};

/** Ids, times and counts that change from run to run, replaced so the page changes only when behaviour does. */
export function normalise(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<id>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/\b\d+(\.\d+)? (s|ms)\b/g, "<n> $2")
    .replace(/"[A-Za-z0-9+/=_-]{16,}"/g, '"<eTag>"')
    .trim();
}

function stepsToConverge(result: RowResult): string {
  const command = result.row.operation === "delete" ? "`destroy`" : "`up`";
  const cancel = result.cancelled ? "`cancel`, " : "";
  if (result.survived) return "none";
  if (result.runs === undefined) return `${cancel}not within ${MAX_RUNS} ${command}`;
  return `${cancel}${result.runs} ${command}`;
}

function messagesColumn(result: RowResult): string {
  if (result.messages.length === 0) return "—";
  const unclear = result.messages.filter((m) => m.unclear);
  return unclear.length === 0 ? "yes" : `NO (${unclear.length} of ${result.messages.length})`;
}

function invariantsColumn(result: RowResult): string {
  const broken = violations(result);
  return broken.length === 0 ? "hold" : `**BROKEN**: ${broken.join("; ").replace(/\s+/g, " ").replace(/\|/g, "\\|")}`;
}

const count = (n: number) => (n === 0 ? "0" : `**${n}**`);

function tableRows(results: readonly RowResult[]): string[] {
  return results.map((result, i) =>
    [
      String(i + 1),
      result.row.operation,
      whereOf(result.row),
      faultOf(result.row),
      result.survived ? "yes" : "no",
      stepsToConverge(result),
      count(result.duplicated),
      count(result.lost),
      count(result.secrets.length),
      messagesColumn(result),
      `${result.jobs} (${jobsNeeded(result.row.operation)})`,
      DEPENDENCE[retryDependence(result.row)],
      invariantsColumn(result),
    ].join(" | "),
  ).map((line) => `| ${line} |`);
}

/** The rows that break an invariant, each with what it broke and the messages judged unclear. */
function brokenSection(results: readonly RowResult[]): string[] {
  const lines: string[] = [];
  results.forEach((result, i) => {
    const broken = violations(result);
    if (broken.length === 0) return;
    lines.push(`- **row ${i + 1}** (${result.key}): ${broken.join("; ")}.`);
    for (const message of result.messages.filter((m) => m.unclear)) {
      lines.push(`  - \`${message.command}\` said \`\` ${normalise(message.text).replace(/\s+/g, " ")} \`\`: ${message.unclear?.split(":")[0]}.`);
    }
  });
  if (lines.length === 0) return [];
  return ["## Rows that break an invariant", "", ...lines, ""];
}

/** Every distinct message, with the rows that showed it. */
function messageSection(results: readonly RowResult[]): string[] {
  const byText = new Map<string, { rows: number[]; unclear?: string; commands: Set<string> }>();
  results.forEach((result, i) => {
    for (const message of result.messages) {
      const text = normalise(message.text);
      const entry = byText.get(text) ?? { rows: [], commands: new Set<string>(), ...(message.unclear ? { unclear: message.unclear } : {}) };
      if (!entry.rows.includes(i + 1)) entry.rows.push(i + 1);
      entry.commands.add(message.command);
      byText.set(text, entry);
    }
  });
  const lines: string[] = [];
  for (const [text, entry] of byText) {
    const verdict = entry.unclear ? ` — **unclear**: ${entry.unclear.split(":")[0]}` : "";
    lines.push(`- rows ${entry.rows.join(", ")} (${[...entry.commands].join(", ")})${verdict}:`, "", "  ```", ...text.split("\n").map((l) => `  ${l}`), "  ```", "");
  }
  return lines;
}

function summary(results: readonly RowResult[]): string {
  const survived = results.filter((r) => r.survived).length;
  const inRuns = (n: number) => results.filter((r) => !r.survived && r.runs === n).length;
  const notConverged = results.filter((r) => r.runs === undefined).length;
  const broken = results.filter((r) => violations(r).length > 0).length;
  const sum = (pick: (r: RowResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return (
    `${results.length} rows: ${survived} survived in the same run, ${inRuns(1)} converged with one more run, ` +
    `${inRuns(2)} with two, ${notConverged} not within ${MAX_RUNS}; ${results.filter((r) => r.cancelled).length} needed \`pulumi cancel\`. ` +
    `Offers duplicated: ${sum((r) => r.duplicated)}. Offers lost: ${sum((r) => r.lost)}. Secrets seen: ${sum((r) => r.secrets.length)}. ` +
    `Rows breaking an invariant: ${broken}.`
  );
}

export function renderTable(run: TableRun): string {
  const { results } = run;
  const cpus = os.cpus();
  const withRetries = results.filter((r) => retryDependence(r.row) !== "none");
  const list = (dependence: RetryDependence) =>
    results
      .map((r, i) => ({ r, n: i + 1 }))
      .filter(({ r }) => retryDependence(r.row) === dependence)
      .map(({ n }) => n)
      .join(", ");
  const lines = [
    "# Fault table: faults through the real Pulumi CLI",
    "",
    "Generated by `npm run test:cli-faults` (`test/cli-faults/`); do not edit by hand. Each row is one",
    "stack of one customer offer driven by the real Pulumi CLI " + CLI_VERSION + " (Automation API inline program, file",
    "backend) against the emulator over TLS. The row injects one fault into a `pulumi up` that creates",
    "or updates the offer, or into the `pulumi destroy` that deletes it, then does what a user does",
    "next: plain `pulumi up` (`pulumi destroy`) again, after `pulumi cancel` when a killed run left the",
    "backend's lock. It reports what happened, not what should; the suite asserts the invariants.",
    "",
    `Run: ${new Date().toISOString()} on ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), Node.js ${process.version}; ` +
      `${results.length} rows in ${Math.round(run.seconds)} s. Provider: ${run.source}.`,
    `Settings: job latency ${TIMING.jobLatencyMs} ms, \`partnercenter:pollIntervalSeconds\` ${TIMING.pollIntervalSeconds}, ` +
      `\`jobTimeoutMinutes\` ${TIMING.jobTimeoutMinutes} (${TIMING.jobTimeoutMinutes * 60} s), \`maxRetries\` ${TIMING.maxRetries}, ` +
      `\`requestTimeoutSeconds\` ${TIMING.requestTimeoutSeconds}.`,
    "",
    summary(results),
    "",
    "## How to read it",
    "",
    "- **where**: a kill's moment, or the request the fault hits: the provider's first token request, or",
    `  the configure POST of one step (create: ${STEPS.create.join(", ")}; update of a live offer: ${STEPS.update.join(", then ")}; ` +
      `delete of a live offer: ${STEPS.delete.join(", then ")}).`,
    "- **fault**: `SIGKILL` of the whole process group of the run (the program's process and the CLI;",
    "  the provider host runs in a group of its own and must stop by itself). Otherwise one emulator fault",
    "  (`count` 1): `429 + Retry-After` (1 s), `500`, `503` (answered instead of processing), `reset before",
    "  processing` (the connection dropped, nothing done), `reset after processing` (the request takes effect,",
    `  then the connection drops), \`slow answer\` (answered after ${TIMING.slowAnswerMs} ms, beyond the request timeout of`,
    `  ${TIMING.requestTimeoutSeconds} s), \`failed job\` (the job fails and changes nothing), \`stuck job\` (the job runs until the`,
    "  run has given up on it after the job timeout; Partner Center then finishes it before the next run).",
    "- **kill moments**: `before the POST is answered`: the create's POST is held at Partner Center while",
    `  the run is killed, and takes effect ${TIMING.heldMs} ms later. \`after the job finished, before the engine`,
    "  recorded it`: the job succeeded, and the run is killed while the provider asks which offer it",
    "  created. `while the job runs` (a create), `during the withdraw`, `during the publish`: killed while",
    "  that job runs; the job then ends either *before the next run* (Partner Center finishes it before",
    "  the user's next command) or *during the next run* (it is still running when the next run starts,",
    "  and finishes once that run has had a configure request accepted or has read the job's status",
    "  twice; jobs finish in the order they were created). `between withdraw and publish` / `between",
    "  withdraw and delete`: the withdraw succeeded, and the next request is dropped unprocessed as the",
    "  run is killed.",
    "- **survived in the same run**: the faulted run succeeded and left exactly the declared offers.",
    "- **to converge**: what the user ran after the faulted run until Partner Center held exactly the",
    "  declared offers and the stack's state agreed: `cancel` is `pulumi cancel` (a killed run keeps the",
    "  file backend's lock; the first `up` after it stops at once, sending nothing, and says to run",
    `  \`pulumi cancel\`), then the number of plain runs. The bar is ${RUNS_ALLOWED}; the suite tries ${MAX_RUNS}.`,
    "- **duplicated**: offers with the stack's name beyond the one declared, at the worst moment seen",
    "  (after each command). **lost**: a declared offer missing, deleted or left withdrawn at the end.",
    "- **secrets**: the client secrets of every emulator account, or anything shaped like an access token",
    "  (a JWT), in anything the CLI printed (killed runs included), the failure messages, `pulumi stack",
    "  export`, and the provider's create records beside the program.",
    "- **messages say what to do**: every failure message of the offer (and the lock's) judged as the",
    "  fault matrix of `test/faults/` judges them (`unclearMessage`): no crash text, and an instruction",
    "  (a verb such as run, wait, check, or the `pulumi` command to run); and a failed create or update",
    "  that leaves the offer withdrawn must say so (customers cannot see it). The messages are listed",
    "  below. A failed `pulumi destroy` also prints the error again with its stack trace among the",
    "  stack's diagnostics: Pulumi's dynamic-provider host writes every failed delete to stderr that way",
    "  (`console.error` in `@pulumi/pulumi/cmd/dynamic-provider`); the table judges the error reported",
    "  for the offer.",
    "- **configure jobs (needed)**: configure POSTs Partner Center accepted during the row, against the",
    "  number the operation needs when nothing goes wrong. More is not a defect in itself (a failed job",
    "  is sent again); a duplicate would show in its own column.",
    "- **retry work**: rows whose outcome the retries or the look-up after an unknown outcome decide (below); empty: neither.",
    "",
    "## Rows that retries decide",
    "",
    "The provider retries as the Azure SDK does (408, 429 and 5xx other than 501 and 505, with backoff",
    "and jitter, dropped connections, throttled token requests that wait the hold out) and looks up a",
    "configure request whose outcome is unknown a few times within five minutes",
    "([reliability.md](reliability.md)). The invariants hold whether or not a row survives its run.",
    "",
    "- **retries**: a token request that failed or was throttled, and the service's own 429 on a",
    "  configure POST (it took no effect, so it is sent again after Retry-After). Such a row survives",
    `  its run when the retries outlast the fault. Rows ${list("retries") || "none"}.`,
    "- **reconcile**: a configure POST whose outcome is unknown (500, 503, a dropped connection, an",
    "  answer that never came in time). It is never sent again blindly: the provider looks the offer up",
    "  (by name for a create, by id and eTag otherwise); whether the row survives depends on whether",
    `  the request took effect and the look-up saw it within the run. Rows ${list("reconcile") || "none"}.`,
    `- The other ${results.length - withRetries.length} rows (kills, failed and stuck jobs) do not depend on retries.`,
    "",
    "## The table",
    "",
    "| # | operation | where | fault | survived in the same run | to converge | duplicated | lost | secrets | messages say what to do | configure jobs (needed) | retry work | invariants |",
    "|---:|---|---|---|---|---|---:|---:|---:|---|---:|---|---|",
    ...tableRows(results),
    "",
    ...brokenSection(results),
    "## What the failed runs said",
    "",
    "Each distinct failure message, with the rows that showed it (ids, ports and durations replaced by",
    "placeholders).",
    "",
    ...messageSection(results),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}
