// The mocha wiring shared by the whole fault table (table.suite.ts, `npm run test:cli-faults`) and
// its fast subset in `npm test` (subset.test.ts): one emulator over TLS, one test per row, each
// asserting the invariants: nothing duplicated, nothing lost, no secret seen, converged within two
// plain runs, and every failure message says what to do.
import { strict as assert } from "node:assert";
import { prepareProgramDirectory, type ProgramDirectory, type ProgramSource } from "../../bench/support/program";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { rowKey, type Row } from "./rows";
import { TIMING, runRow, violations, type RowResult } from "./run-row";

export interface TableRun {
  results: RowResult[];
  /** What the provider host loaded: `working tree` (its dist/), or the source built for the run. */
  source: string;
  /** Whether every row of the table ran (no --grep, no failure before the end). */
  complete: boolean;
  seconds: number;
}

export interface FaultRowsOptions {
  /**
   * Build the package from this source into a folder of its own and run the rows against that build
   * (as `npm run bench` does), so that edits in the checkout cannot change a run. Default: the
   * checkout's dist/, as the other real-CLI suites (`npm run build` first).
   */
  source?: ProgramSource;
  afterAll?: (run: TableRun) => Promise<void> | void;
}

export function describeFaultRows(title: string, rows: readonly Row[], options: FaultRowsOptions = {}): void {
  describe(title, function () {
    this.timeout(300_000);
    let emulator: TestEmulator | undefined;
    let program: ProgramDirectory | undefined;
    const results: RowResult[] = [];
    let started = 0;

    before(async () => {
      started = Date.now();
      if (options.source) program = prepareProgramDirectory(options.source);
      emulator = await startTestEmulator({ tls: true, jobLatencyMs: TIMING.jobLatencyMs });
    });

    after(async () => {
      await emulator?.close();
      program?.remove();
      const source = program?.source ?? "working tree (dist/)";
      await options.afterAll?.({ results, source, complete: results.length === rows.length, seconds: (Date.now() - started) / 1000 });
    });

    rows.forEach((row, i) => {
      it(`${rowKey(row)}: converges within 2 plain runs, nothing duplicated or lost, no secret, messages say what to do`, async () => {
        if (!emulator) throw new Error("the emulator did not start");
        const context = { emulator, secrets: emulator.accounts.map((a) => a.clientSecret), index: i + 1 };
        const result = await runRow(program ? { ...context, programDir: program.dir } : context, row);
        results.push(result);
        const broken = violations(result);
        assert.deepEqual(
          broken,
          [],
          `${result.key}:\n  ${broken.join("\n  ")}\nmessages:\n  ${result.messages.map((m) => `${m.command}: ${m.text}${m.unclear ? `\n    -> ${m.unclear}` : ""}`).join("\n  ")}\n` +
            `--- transcript ---\n${result.transcript.slice(-6000)}`,
        );
      });
    });
  });
}
