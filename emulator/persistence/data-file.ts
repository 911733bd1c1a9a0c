// `--data <file>`: the domain's snapshot on disk. Writes are atomic (a temp file renamed over the
// old one, so a crash leaves either the old or the new state, never half of one) and coalesced: a
// burst of changes schedules one write, and changes made while a write is running cause exactly
// one more, so 200 concurrent POSTs do not rewrite the file 200 times.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { JsonObject } from "../contracts";

const FORMAT = "partnercenter-emulator-data";

const dataFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  savedAt: z.string(),
  domain: z.record(z.string(), z.unknown()),
});

export class DataFileError extends Error {}

/** Reads the snapshot stored in `file`; `undefined` when the file does not exist yet. */
export async function loadDataFile(file: string): Promise<JsonObject | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DataFileError(`cannot read data file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(`data file ${file} is not valid JSON (${(error as Error).message}); move it away or fix it`);
  }
  const parsed = dataFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map(String).join(".") || "(root)" : "(root)";
    throw new DataFileError(
      `data file ${file} is not an emulator data file (${where}: ${issue?.message ?? "invalid"}); move it away or fix it`,
    );
  }
  return parsed.data.domain as JsonObject;
}

export interface DataFileWriter {
  /** Asks for the current snapshot to be written soon. */
  schedule(): void;
  /** Resolves once everything scheduled so far is on disk. */
  flush(): Promise<void>;
  /** How many times the file has been written (for tests of coalescing). */
  readonly writes: number;
}

export function createDataFileWriter(options: {
  file: string;
  snapshot: () => JsonObject;
  now: () => number;
  onError?: (error: Error) => void;
}): DataFileWriter {
  const { file, snapshot, now } = options;
  const onError = options.onError ?? ((error: Error) => console.error(`emulator: ${error.message}`));
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  let writes = 0;
  let scheduled = false;
  let dirtyDuringWrite = false;
  let running: Promise<void> | undefined;

  async function writeOnce(): Promise<void> {
    const content = JSON.stringify(
      { format: FORMAT, version: 1, savedAt: new Date(now()).toISOString(), domain: snapshot() },
      null,
      1,
    );
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(temp, "w");
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
    writes++;
  }

  async function drain(): Promise<void> {
    do {
      dirtyDuringWrite = false;
      try {
        await writeOnce();
      } catch (error) {
        onError(new DataFileError(`cannot write data file ${file}: ${(error as Error).message}`));
      }
    } while (dirtyDuringWrite);
    running = undefined;
  }

  function start(): void {
    scheduled = false;
    running = drain();
  }

  return {
    schedule() {
      if (running) {
        dirtyDuringWrite = true;
        return;
      }
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        if (scheduled) start();
      });
    },
    async flush() {
      if (scheduled) start();
      while (running) await running;
    },
    get writes() {
      return writes;
    },
  };
}
