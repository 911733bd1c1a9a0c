import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { startTlsEmulator, type EmulatorControl } from "../../bench/support/emulator-control";
import { prepareProgramDirectory, type ProgramDirectory } from "../../bench/support/program";
import { serializedPrivateOffer } from "../../bench/support/subjects";
import { FAULT_KINDS, OPERATIONS, expectedAbsorbed, faultFor, matrixTable, runRow, type MatrixContext, type RowResult } from "./matrix";

describe("fault matrix: every emulator fault during every operation, through the real provider host", function () {
  this.timeout(60_000);
  let program: ProgramDirectory;
  let emulator: EmulatorControl;
  let shortTokenEmulator: EmulatorControl;
  let ctx: MatrixContext;
  const results: RowResult[] = [];

  before(async () => {
    program = prepareProgramDirectory();
    emulator = await startTlsEmulator({ jobLatencyMs: 100 });
    shortTokenEmulator = await startTlsEmulator({ jobLatencyMs: 2500, tokenLifetimeSeconds: 2 });
    ctx = {
      emulator,
      shortTokenEmulator,
      programDir: program.dir,
      provider: (await serializedPrivateOffer()).text,
      // Stuck jobs give up after 3 s; polls every 50 ms.
      timing: { pollIntervalSeconds: 0.05, jobTimeoutMinutes: 0.05 },
      secrets: () => [emulator.softwareCompany.clientSecret, shortTokenEmulator.softwareCompany.clientSecret],
    };
  });

  after(async () => {
    const table = matrixTable(results);
    process.stdout.write(`\n${table}\n\n`);
    if (process.env["FAULT_MATRIX_OUT"]) writeFileSync(process.env["FAULT_MATRIX_OUT"], JSON.stringify(results, null, 2));
    await emulator?.close();
    await shortTokenEmulator?.close();
    program?.remove();
  });

  for (const fault of FAULT_KINDS) {
    for (const operation of OPERATIONS) {
      if (faultFor(fault, operation, "tenant") === undefined) continue;
      it(`${fault} during ${operation}: the emulator ends with exactly the declared offers, messages say what to do, no secret`, async () => {
        const row = await runRow(ctx, operation, fault);
        results.push(row);
        assert.deepEqual(
          row.problems,
          [],
          `after ${row.commands} command(s):\n  ${row.problems.join("\n  ")}\nfailures seen:\n  ${row.failures.map((f) => `${f.operation} ${f.name}: ${f.message}`).join("\n  ")}`,
        );
        const absorbed = expectedAbsorbed(fault, operation);
        assert.equal(
          row.absorbed,
          absorbed,
          absorbed
            ? `the fault should be absorbed in the same run, but it failed:\n  ${row.failures.map((f) => `${f.operation} ${f.name}: ${f.message}`).join("\n  ")}`
            : "the faulted run should fail with advice (nothing whose outcome is unknown is sent again), but it succeeded",
        );
      });
    }
  }
});
