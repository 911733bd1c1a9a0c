// The mocha wiring shared by the whole fault table (table.suite.ts, `npm run test:cli-faults`) and
// its fast subset in `npm test` (subset.test.ts): one emulator over TLS, one test per row, each
// asserting the invariants: nothing duplicated, nothing lost, no secret seen, converged within two
// plain runs, and every failure message says what to do.
import { strict as assert } from "node:assert";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { rowKey, type Row } from "./rows";
import { TIMING, runRow, violations, type RowResult } from "./run-row";

export interface TableRun {
  results: RowResult[];
  /** Whether every row of the table ran (no --grep, no failure before the end). */
  complete: boolean;
  seconds: number;
}

export function describeFaultRows(title: string, rows: readonly Row[], afterAll?: (run: TableRun) => Promise<void> | void): void {
  describe(title, function () {
    this.timeout(300_000);
    let emulator: TestEmulator | undefined;
    const results: RowResult[] = [];
    let started = 0;

    before(async () => {
      started = Date.now();
      emulator = await startTestEmulator({ tls: true, jobLatencyMs: TIMING.jobLatencyMs });
    });

    after(async () => {
      await emulator?.close();
      await afterAll?.({ results, complete: results.length === rows.length, seconds: (Date.now() - started) / 1000 });
    });

    rows.forEach((row, i) => {
      it(`${rowKey(row)}: converges within 2 plain runs, nothing duplicated or lost, no secret, messages say what to do`, async () => {
        if (!emulator) throw new Error("the emulator did not start");
        const result = await runRow({ emulator, secrets: emulator.accounts.map((a) => a.clientSecret), index: i + 1 }, row);
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
