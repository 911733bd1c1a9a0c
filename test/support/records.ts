// Directories for the provider's records of creates in flight (`partnercenter:createRecordDir`), so
// that no test writes beside the program it runs in (often this repository). All of them live under
// one temporary directory per mocha process, removed when the process exits.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let parent: string | undefined;
let count = 0;

/** A new, empty directory for create records; `label` only makes it easier to find. */
export function temporaryRecordDir(label = "records"): string {
  if (!parent) {
    const root = mkdtempSync(join(tmpdir(), "partnercenter-create-records-"));
    parent = root;
    process.once("exit", () => rmSync(root, { recursive: true, force: true }));
  }
  const dir = join(parent, `${label.replace(/[^a-z0-9-]+/gi, "-")}-${++count}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
