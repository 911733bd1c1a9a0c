// The request log behind `GET /_emulator/requests`: what a client actually sent, so tests can count
// calls (tokens fetched, polls made) and see the status each got. Bounded, so a benchmark of a
// million requests cannot grow memory without limit; the oldest entries go first.

export interface RequestLogEntry {
  /** Increasing from 1 since start (or the last clear), so a test can ask for entries after a point. */
  seq: number;
  requestId: string;
  method: string;
  /** The path without its query string. */
  path: string;
  query: Record<string, string>;
  /** The status answered; 0 when the connection was dropped before an answer. */
  status: number;
  /** When the request arrived, ISO 8601 from the emulator's clock. */
  time: string;
  durationMs: number;
  /** The seller account the token belonged to, for authenticated API calls. */
  sellerId?: string;
  /** Set when a fault changed what happened to this request. */
  fault?: string;
}

export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #start = 0;
  #nextSeq = 1;

  constructor(private readonly capacity = 10_000) {}

  record(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    const full = { seq: this.#nextSeq++, ...entry };
    this.#entries.push(full);
    // Trimming in batches keeps `record` O(1) amortised instead of shifting on every request.
    if (this.#entries.length - this.#start > this.capacity) this.#start++;
    if (this.#start > this.capacity) {
      this.#entries = this.#entries.slice(this.#start);
      this.#start = 0;
    }
    return full;
  }

  entries(afterSeq = 0): RequestLogEntry[] {
    return this.#entries.slice(this.#start).filter((entry) => entry.seq > afterSeq);
  }

  clear(): void {
    this.#entries = [];
    this.#start = 0;
    this.#nextSeq = 1;
  }
}
