// Registered faults and which request each one hits. A request consumes at most one fault: the
// oldest registered one that matches and has count left; job faults are consumed only by configure
// POSTs that actually create a job, so a rejected POST does not use one up.

import type { JobOverride } from "../contracts";
import type { FaultSpec } from "./schema";

export interface RegisteredFault {
  id: number;
  spec: FaultSpec;
  remaining: number;
}

/** What the HTTP layer does about a request, decided before it is processed. */
export type RequestFault =
  | { kind: "status"; status: number; retryAfterSeconds?: number }
  | { kind: "delay"; delayMs: number }
  | { kind: "reset"; after: "receipt" | "processing" };

function isJobFault(spec: FaultSpec): boolean {
  return "jobResult" in spec || "stuck" in spec;
}

/** `*` matches exactly one path segment; everything else must be equal. */
export function pathMatches(pattern: string, pathname: string): boolean {
  const expected = pattern.split("/");
  const actual = pathname.replace(/\/+$/, "").split("/");
  if (expected.length !== actual.length) return false;
  return expected.every((segment, i) => segment === "*" ? (actual[i] ?? "") !== "" : segment === actual[i]);
}

export class FaultRegistry {
  #faults: RegisteredFault[] = [];
  #nextId = 1;

  add(specs: FaultSpec[]): RegisteredFault[] {
    const added = specs.map((spec) => ({ id: this.#nextId++, spec, remaining: spec.count }));
    this.#faults.push(...added);
    return added;
  }

  list(): RegisteredFault[] {
    return this.#faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.#faults = [];
  }

  #find(method: string, pathname: string, jobFaults: boolean): RegisteredFault | undefined {
    return this.#faults.find(
      (fault) =>
        fault.remaining > 0 &&
        isJobFault(fault.spec) === jobFaults &&
        (fault.spec.method === undefined || fault.spec.method === method) &&
        pathMatches(fault.spec.path, pathname),
    );
  }

  #consume(fault: RegisteredFault): void {
    fault.remaining--;
    if (fault.remaining === 0) this.#faults = this.#faults.filter((f) => f !== fault);
  }

  /** Takes the fault (status, delay or dropped connection) this request hits, if any. */
  takeRequestFault(method: string, pathname: string): RequestFault | undefined {
    const fault = this.#find(method, pathname, false);
    if (!fault) return undefined;
    this.#consume(fault);
    const spec = fault.spec;
    if ("status" in spec) {
      return spec.retryAfterSeconds === undefined
        ? { kind: "status", status: spec.status }
        : { kind: "status", status: spec.status, retryAfterSeconds: spec.retryAfterSeconds };
    }
    if ("delayMs" in spec) return { kind: "delay", delayMs: spec.delayMs };
    if ("reset" in spec) return { kind: "reset", after: spec.after === "processing" ? "processing" : "receipt" };
    return undefined;
  }

  /**
   * The job override for a configure POST. `commit` is called only once the job exists, so the fault
   * is consumed by the request that created a job and by no other.
   */
  peekJobOverride(method: string, pathname: string): { override: JobOverride; commit(): void } | undefined {
    const fault = this.#find(method, pathname, true);
    if (!fault) return undefined;
    const override: JobOverride = "stuck" in fault.spec ? { kind: "stuck" } : { kind: "failed" };
    return { override, commit: () => this.#consume(fault) };
  }
}
