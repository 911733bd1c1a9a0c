// Records of creates in flight, one small JSON file per offer key in one directory (beside the
// Pulumi program by default, `partnercenter:createRecordDir` to move it). Every write goes to a
// temporary file that is flushed (fsync) and then renamed over the record, and the directory is
// flushed after it, so a crash at any moment leaves either the old record or the new one, whole.
// The first record of a key is put in place with link(2), which fails when the file exists: of
// several provider processes (or resources) creating the same offer at once, exactly one proceeds.
import { randomBytes } from "node:crypto";
import { link, mkdir, open, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describeSetting } from "../config/settings";
import { parseCreateRecord, recordFileName, type CreateKey, type CreateRecord } from "../lifecycle/create-record";

/** The setting that moves the directory, as messages name it. */
export const CREATE_RECORD_SETTING = describeSetting("createRecordDir");

const IGNORE_FILE =
  "# Records of Partner Center private-offer creates in flight, written by pulumi-partnercenter-private-offers.\n" +
  "# Local to the machine that runs `pulumi up`; see docs/reliability.md of the package.\n*\n";

/** Another process (or another resource of this stack) holds the record of the same create. */
export class CreateRecordTakenError extends Error {
  constructor(readonly file: string) {
    super(`the create record ${file} appeared while this create was about to be sent`);
    this.name = "CreateRecordTakenError";
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof (error as { code?: unknown } | null)?.code === "string" ? (error as { code: string }).code : undefined;
}

function reasonOf(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

export class CreateRecordStore {
  #prepared: Promise<void> | undefined;

  /** `dir` is absolute. */
  constructor(readonly dir: string) {}

  fileOf(key: CreateKey): string {
    return join(this.dir, recordFileName(key));
  }

  /** The record of this key, or undefined; a file that is not a record of this key is a CreateRecordError. */
  async read(key: CreateKey): Promise<CreateRecord | undefined> {
    const file = this.fileOf(key);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (codeOf(error) === "ENOENT") return undefined;
      throw this.#ioError("read", file, error);
    }
    return parseCreateRecord(text, file, key);
  }

  /** Puts the first record of a key in place; CreateRecordTakenError when one exists already. */
  async claim(record: CreateRecord): Promise<void> {
    await this.#write(record, true);
  }

  /** Replaces the record of its key (or writes it), atomically. */
  async write(record: CreateRecord): Promise<void> {
    await this.#write(record, false);
  }

  /** Removes the record of a key when `which` accepts it; true when a record was removed. */
  async remove(key: CreateKey, which: (record: CreateRecord) => boolean = () => true): Promise<boolean> {
    const record = await this.read(key);
    if (!record || !which(record)) return false;
    const file = this.fileOf(key);
    try {
      await unlink(file);
    } catch (error) {
      if (codeOf(error) === "ENOENT") return false;
      throw this.#ioError("remove", file, error);
    }
    await syncDirectory(this.dir);
    return true;
  }

  async #write(record: CreateRecord, exclusive: boolean): Promise<void> {
    const file = this.fileOf(record.key);
    try {
      await this.#prepare();
      const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
      const handle = await open(temp, "wx", 0o644);
      try {
        await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        if (exclusive) await link(temp, file);
        else await rename(temp, file);
      } finally {
        // After a link the temporary name is a second name of the record; after a rename it is gone.
        await unlink(temp).catch(() => undefined);
      }
      await syncDirectory(this.dir);
    } catch (error) {
      if (exclusive && codeOf(error) === "EEXIST") throw new CreateRecordTakenError(file);
      throw this.#ioError("write", file, error);
    }
  }

  /** Creates the directory once, with a .gitignore that keeps its records out of the repository. */
  #prepare(): Promise<void> {
    this.#prepared ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      await writeFile(join(this.dir, ".gitignore"), IGNORE_FILE, { flag: "wx" }).catch((error: unknown) => {
        if (codeOf(error) !== "EEXIST") throw error;
      });
      await syncDirectory(dirname(this.dir));
    })();
    this.#prepared.catch(() => {
      this.#prepared = undefined;
    });
    return this.#prepared;
  }

  #ioError(what: "read" | "write" | "remove", file: string, error: unknown): Error {
    return new Error(
      `cannot ${what} the create record ${file} (${reasonOf(error)}). ` +
        `Make the directory writable, or move it with ${CREATE_RECORD_SETTING}, then run the command again.`,
    );
  }
}

/** Flushes a directory's entries (a rename or unlink in it); a no-op where directories cannot be opened. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    // Windows cannot fsync a directory; there the rename itself is what NTFS journals.
    if (!["EISDIR", "EPERM", "EINVAL", "EBADF", "EACCES"].includes(codeOf(error) ?? "")) throw error;
  } finally {
    await handle?.close();
  }
}
