// `--data <file>`: the domain's state on disk, durable before it is answered.
//
// Two files. `<file>` is a snapshot of everything, replaced atomically (temp file, fsync, rename,
// fsync of the directory), so a crash leaves the old or the new snapshot, never half of one.
// `<file>.journal` gets one line of JSON per write: the records that changed since the line before
// (`takeChanges`), appended and fdatasync'd. A change is durable once its line is flushed, and the
// HTTP layer waits for that before it answers (`durable()`).
//
// Group commit: one write runs at a time; every change made while it runs goes into the next line,
// and every answer waiting for those changes is released by that line's flush. A burst of 200
// configure POSTs therefore shares a handful of flushes, not 200.
//
// Compaction: when the journal outgrows the snapshot (and at start and at a clean stop), the whole
// state is written as a new snapshot and the journal is emptied. Each snapshot carries a
// generation and each journal line the generation it extends, so lines left from before the last
// snapshot (a crash between its rename and the journal's truncation) are skipped, not replayed
// twice. A last line cut short by a crash was never flushed, so never acknowledged: it is dropped.

import { promises as fs } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import * as path from "node:path";
import { z } from "zod";
import type { JsonObject, ProductIngestionDomain } from "../contracts";

const FORMAT = "partnercenter-emulator-data";

const dataFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  savedAt: z.string(),
  /** Which journal lines extend this snapshot; absent in files written before the journal existed. */
  generation: z.number().int().nonnegative().optional(),
  domain: z.record(z.string(), z.unknown()),
});

const journalLineSchema = z.object({
  generation: z.number().int().nonnegative(),
  changes: z.record(z.string(), z.unknown()),
});

/** The journal is compacted into the snapshot once it is larger than the snapshot and than this. */
export const MIN_COMPACTION_BYTES = 4 * 1024 * 1024;

export class DataFileError extends Error {}

/** Where the journal of `file` lives. */
export function journalPath(file: string): string {
  return `${file}.journal`;
}

/** Reads the snapshot stored in `file`; `undefined` when the file does not exist yet. */
export async function loadDataFile(file: string): Promise<{ domain: JsonObject; generation: number } | undefined> {
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
  return { domain: parsed.data.domain as JsonObject, generation: parsed.data.generation ?? 0 };
}

/**
 * The journal's complete lines of `generation`, in order. A last line without its newline was cut
 * short by a crash before its flush finished; it is reported through `notice` and left out.
 */
export async function readJournal(
  file: string,
  generation: number,
  notice: (message: string) => void,
): Promise<{ line: number; changes: unknown }[]> {
  const journal = journalPath(file);
  let text: string;
  try {
    text = await fs.readFile(journal, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new DataFileError(`cannot read data journal ${journal}: ${(error as Error).message}`);
  }
  const lines = text.split("\n");
  const torn = lines.pop() ?? "";
  if (torn !== "") {
    notice(`data journal ${journal}: left out an incomplete last line (${Buffer.byteLength(torn)} bytes), a write that was never flushed, so never answered`);
  }
  const changes: { line: number; changes: unknown }[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let parsed: z.ZodSafeParseResult<z.infer<typeof journalLineSchema>>;
    try {
      parsed = journalLineSchema.safeParse(JSON.parse(line));
    } catch (error) {
      throw new DataFileError(`data journal ${journal} line ${index + 1} is not valid JSON (${(error as Error).message}); move both ${file} and the journal away, or fix the line`);
    }
    if (!parsed.success) {
      throw new DataFileError(`data journal ${journal} line ${index + 1} is not a journal entry; move both ${file} and the journal away, or fix the line`);
    }
    if (parsed.data.generation > generation) {
      throw new DataFileError(
        `data journal ${journal} line ${index + 1} extends snapshot generation ${parsed.data.generation}, but ${file} is generation ${generation}: the two files do not belong together`,
      );
    }
    // Older lines are already part of the snapshot (it was written after them).
    if (parsed.data.generation === generation) changes.push({ line: index + 1, changes: parsed.data.changes });
  });
  return changes;
}

/** What the store needs of the domain. */
export type PersistedDomain = Pick<ProductIngestionDomain, "snapshot" | "restore" | "takeChanges" | "replay" | "onChange">;

export interface DurableStoreOptions {
  file: string;
  domain: PersistedDomain;
  now: () => number;
  /** Problems that do not stop the emulator (a torn journal line dropped at start). */
  notice?: (message: string) => void;
  /** Flushes a written file to disk; default `datasync` for the journal, `sync` for snapshots. Tests hook in here. */
  sync?: (handle: FileHandle, kind: "journal" | "snapshot") => Promise<void>;
  /** See MIN_COMPACTION_BYTES. */
  minCompactionBytes?: number;
}

export interface DurableStore {
  /**
   * Resolves once every change made so far is written and flushed; rejects with DataFileError when
   * it could not be (the next write then rewrites the whole snapshot).
   */
  durable(): Promise<void>;
  /** Writes a last snapshot and removes the journal, for a clean stop. */
  close(): Promise<void>;
  /** How many journal lines and snapshots were written (for tests of group commit). */
  readonly stats: { journalWrites: number; snapshots: number };
}

const defaultSync = (handle: FileHandle, kind: "journal" | "snapshot") => (kind === "journal" ? handle.datasync() : handle.sync());

/** Restores the domain from `file` and its journal, compacts them, and keeps them durable from then on. */
export async function openDurableStore(options: DurableStoreOptions): Promise<DurableStore> {
  const { file, domain, now } = options;
  const notice = options.notice ?? ((message: string) => console.error(`emulator: ${message}`));
  const sync = options.sync ?? defaultSync;
  const minCompactionBytes = options.minCompactionBytes ?? MIN_COMPACTION_BYTES;
  const journalFile = journalPath(file);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const stats = { journalWrites: 0, snapshots: 0 };

  const stored = await loadDataFile(file);
  if (stored) domain.restore(stored.domain);
  let generation = stored?.generation ?? 0;
  for (const entry of await readJournal(file, generation, notice)) {
    try {
      domain.replay(entry.changes);
    } catch (error) {
      throw new DataFileError(
        `data journal ${journalPath(file)} line ${entry.line} cannot be replayed (${(error as Error).message}); move both ${file} and the journal away, or fix the line`,
      );
    }
  }

  await fs.mkdir(path.dirname(file), { recursive: true });
  const journal: FileHandle = await fs.open(journalFile, "a");
  let journalBytes = 0;
  let snapshotBytes = 0;

  async function syncDirectory(): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await fs.open(path.dirname(file), "r");
      await handle.sync();
    } catch {
      // Not every platform can open or sync a directory; the rename itself is still atomic.
    } finally {
      await handle?.close();
    }
  }

  /** Everything in memory as a new snapshot generation; the journal starts over. */
  async function compact(): Promise<void> {
    // Taken in one synchronous step: the snapshot holds exactly the changes taken here.
    domain.takeChanges();
    const next = generation + 1;
    const text = JSON.stringify(
      { format: FORMAT, version: 1, savedAt: new Date(now()).toISOString(), generation: next, domain: domain.snapshot() },
      null,
      1,
    );
    const handle = await fs.open(temp, "w");
    try {
      await handle.writeFile(text, "utf8");
      await sync(handle, "snapshot");
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
    await syncDirectory();
    generation = next;
    // Lines of older generations are skipped at start, so a crash before this truncation is harmless.
    await journal.truncate(0);
    await sync(journal, "journal");
    journalBytes = 0;
    snapshotBytes = Buffer.byteLength(text);
    stats.snapshots++;
  }

  async function append(): Promise<void> {
    const changes = domain.takeChanges();
    if (changes === undefined) return;
    // Serialised before anything else runs: `changes` holds live records.
    const line = `${JSON.stringify({ generation, changes })}\n`;
    await journal.appendFile(line, "utf8");
    await sync(journal, "journal");
    journalBytes += Buffer.byteLength(line);
    stats.journalWrites++;
  }

  /** Changes announced by the domain, and how many of them are on disk. */
  let announced = 0;
  let persisted = 0;
  /** After a failed write the journal may end in a partial line: the next write is a snapshot. */
  let mustCompact = false;
  let closed = false;
  const waiters: { target: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  let running: Promise<void> | undefined;
  let scheduled = false;

  function settle(upTo: number, error?: Error): void {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i];
      if (waiter === undefined || waiter.target > upTo) continue;
      waiters.splice(i, 1);
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  async function drain(): Promise<void> {
    while (persisted < announced && !closed) {
      const target = announced;
      try {
        if (mustCompact || journalBytes > Math.max(minCompactionBytes, snapshotBytes)) await compact();
        else await append();
        mustCompact = false;
        persisted = target;
        settle(target);
      } catch (error) {
        mustCompact = true;
        settle(target, new DataFileError(`cannot write data file ${file}: ${(error as Error).message}`));
        return; // the next change or durable() tries again
      }
    }
  }

  function schedule(): void {
    if (running || scheduled || closed) return;
    scheduled = true;
    // One turn of the event loop lets every request already being processed join this write.
    setImmediate(() => {
      scheduled = false;
      running = drain().finally(() => {
        running = undefined;
        if (persisted < announced && waiters.length > 0) schedule();
      });
    });
  }

  domain.onChange(() => {
    announced++;
    schedule();
  });

  await compact();

  return {
    stats,
    durable() {
      const target = announced;
      if (persisted >= target) return Promise.resolve();
      if (closed) return Promise.reject(new DataFileError(`data file ${file} is closed`));
      return new Promise<void>((resolve, reject) => {
        waiters.push({ target, resolve, reject });
        schedule();
      });
    },
    async close() {
      if (closed) return;
      while (running || scheduled) await (running ?? new Promise<void>((resolve) => setImmediate(resolve)));
      closed = true;
      const target = announced;
      try {
        await compact();
      } catch (error) {
        const failure = new DataFileError(`cannot write data file ${file}: ${(error as Error).message}`);
        settle(target, failure);
        await journal.close();
        throw failure;
      }
      persisted = target;
      settle(target);
      await journal.close();
      // The snapshot holds everything: a clean stop leaves the data file alone.
      await fs.rm(journalFile, { force: true });
    },
  };
}
