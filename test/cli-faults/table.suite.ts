// The whole fault table through the real Pulumi CLI (`npm run test:cli-faults`): every row of
// rows.ts, then docs/fault-table.md written from what happened. The file is written only when every
// row ran (a --grep run or one stopped early leaves it alone), or not at all with FAULT_TABLE_WRITE=0.
import { mkdirSync, promises as fs, rmSync } from "node:fs";
import * as path from "node:path";
import type { ProgramSource } from "../../bench/support/program";
import { REPO_ROOT } from "../../scripts/cli/toolchain";
import { renderTable } from "./report";
import { allRows } from "./rows";
import { describeFaultRows, type TableRun } from "./suite";

const DOC = path.join(REPO_ROOT, "docs", "fault-table.md");

// The machine's /tmp is shared, and a run lasts minutes: temporary folders there (the emulator's CA
// certificate, which every CLI process reads) have been removed under a running table. The run keeps
// its own (the CA, the build, the stacks' state and homes) in a folder of its own, gone at the end.
const TEMP = path.join(REPO_ROOT, ".cli-stacks", `fault-table-tmp-${process.pid}`);
mkdirSync(TEMP, { recursive: true });
process.env["TMPDIR"] = TEMP;
after(() => rmSync(TEMP, { recursive: true, force: true }));

// The provider as committed (HEAD, or CLI_FAULTS_SOURCE=<revision>), built into a folder of its own;
// CLI_FAULTS_SOURCE=worktree builds the working tree instead.
const chosen = process.env["CLI_FAULTS_SOURCE"];
const source: ProgramSource = chosen === "worktree" ? "worktree" : { revision: chosen || "HEAD" };

async function writeDoc(run: TableRun): Promise<void> {
  const markdown = renderTable(run);
  process.stdout.write(`\n${markdown.slice(markdown.indexOf("| #"))}\n`);
  if (run.complete && process.env["FAULT_TABLE_WRITE"] !== "0") {
    await fs.writeFile(DOC, markdown);
    process.stdout.write(`written: ${path.relative(process.cwd(), DOC)}\n`);
  }
}

describeFaultRows("the fault table through the real Pulumi CLI", allRows(), { source, afterAll: writeDoc });
