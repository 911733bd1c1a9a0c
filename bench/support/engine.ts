// The part of `pulumi up`, `refresh` and `destroy` that decides which provider calls a stack of
// independent dynamic resources gets, driven through the real provider host: check, then create
// or diff + update, delete for what is no longer declared, all resources concurrently. State is
// kept as the engine keeps it: outputs of successful operations, the partial state a failed create
// or update reports (an error with an id), and the old outputs when an update fails without one.

import {
  HostCallError,
  dynamicUrn,
  withProvider,
  type PropertyMap,
  type ProviderHost,
} from "../../test/support/provider-host";

export interface DeclaredResource {
  name: string;
  /** Inputs as the program writes them, without `__provider`. */
  inputs: PropertyMap;
}

export interface StateEntry {
  urn: string;
  id: string;
  outputs: PropertyMap;
  inputs: PropertyMap;
}

export type Operation = "check" | "create" | "diff" | "update" | "delete" | "read";

export interface OperationFailure {
  name: string;
  operation: Operation;
  /** The provider's message, as the engine prints it. */
  message: string;
  /** True when the failed create/update reported partial state, which the engine kept. */
  keptPartialState: boolean;
}

export interface RunReport {
  failures: OperationFailure[];
  /** Operations sent to the host, by kind. */
  operations: Partial<Record<Operation, number>>;
}

export class StackDriver {
  readonly state = new Map<string, StateEntry>();

  constructor(
    readonly host: ProviderHost,
    /** The serialized provider (`__provider`) of every resource this stack declares. */
    readonly provider: string,
    readonly stack: { project?: string; stack?: string } = {},
  ) {}

  urn(name: string): string {
    return dynamicUrn(name, { project: this.stack.project ?? "offers", stack: this.stack.stack ?? "bench" });
  }

  /** `pulumi up` of exactly these resources. */
  async up(declared: readonly DeclaredResource[]): Promise<RunReport> {
    const report: RunReport = { failures: [], operations: {} };
    const names = new Set(declared.map((d) => d.name));
    const removed = [...this.state.keys()].filter((name) => !names.has(name));
    await Promise.all([...declared.map((d) => this.#converge(d, report)), ...removed.map((name) => this.#delete(name, report))]);
    return report;
  }

  /** `pulumi destroy`. */
  destroy(): Promise<RunReport> {
    return this.up([]);
  }

  /** `pulumi refresh`: a resource read back with an empty id leaves the state. */
  async refresh(): Promise<RunReport> {
    const report: RunReport = { failures: [], operations: {} };
    await Promise.all(
      [...this.state.entries()].map(async ([name, entry]) => {
        count(report, "read");
        try {
          const read = await this.host.read(entry.id, entry.urn, this.#withProvider(entry.outputs), this.#withProvider(entry.inputs));
          if (!read.id) this.state.delete(name);
          else this.state.set(name, { ...entry, id: read.id, outputs: read.properties });
        } catch (error) {
          report.failures.push(failureOf(name, "read", error));
        }
      }),
    );
    return report;
  }

  async #converge(resource: DeclaredResource, report: RunReport): Promise<void> {
    const { name } = resource;
    const urn = this.urn(name);
    const previous = this.state.get(name);
    const news = this.#withProvider(resource.inputs);
    count(report, "check");
    let checked: PropertyMap;
    try {
      const result = await this.host.check(urn, previous ? previous.inputs : {}, news);
      if (result.failures.length > 0) {
        const message = result.failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
        report.failures.push({ name, operation: "check", message, keptPartialState: false });
        return;
      }
      checked = result.inputs;
    } catch (error) {
      report.failures.push(failureOf(name, "check", error));
      return;
    }

    if (!previous) {
      count(report, "create");
      try {
        const created = await this.host.create(urn, checked);
        this.state.set(name, { urn, id: created.id, outputs: created.properties, inputs: checked });
      } catch (error) {
        this.#keepPartial(name, urn, checked, error);
        report.failures.push(failureOf(name, "create", error));
      }
      return;
    }

    count(report, "diff");
    let changes: boolean;
    try {
      const diff = await this.host.diff(previous.id, urn, this.#withProvider(previous.outputs), checked, { oldInputs: this.#withProvider(previous.inputs) });
      if (diff.replaces.length > 0) {
        report.failures.push({ name, operation: "diff", message: `replacement of ${diff.replaces.join(", ")} is outside this driver`, keptPartialState: false });
        return;
      }
      changes = diff.changes !== "none";
    } catch (error) {
      report.failures.push(failureOf(name, "diff", error));
      return;
    }
    if (!changes) {
      this.state.set(name, { ...previous, inputs: checked });
      return;
    }
    count(report, "update");
    try {
      const updated = await this.host.update(previous.id, urn, this.#withProvider(previous.outputs), checked, {
        oldInputs: this.#withProvider(previous.inputs),
      });
      this.state.set(name, { ...previous, outputs: updated.properties, inputs: checked });
    } catch (error) {
      this.#keepPartial(name, urn, checked, error);
      report.failures.push(failureOf(name, "update", error));
    }
  }

  async #delete(name: string, report: RunReport): Promise<void> {
    const entry = this.state.get(name);
    if (!entry) return;
    count(report, "delete");
    try {
      await this.host.delete(entry.id, entry.urn, this.#withProvider(entry.outputs), this.#withProvider(entry.inputs));
      this.state.delete(name);
    } catch (error) {
      report.failures.push(failureOf(name, "delete", error));
    }
  }

  /** As the engine does with ErrorResourceInitFailed: the resource is recorded with what the provider reported. */
  #keepPartial(name: string, urn: string, inputs: PropertyMap, error: unknown): void {
    if (error instanceof HostCallError && error.partialState?.id) {
      this.state.set(name, { urn, id: error.partialState.id, outputs: error.partialState.properties, inputs });
    }
  }

  #withProvider(properties: PropertyMap): PropertyMap {
    return withProvider(this.provider, properties);
  }
}

function count(report: RunReport, operation: Operation): void {
  report.operations[operation] = (report.operations[operation] ?? 0) + 1;
}

function failureOf(name: string, operation: Operation, error: unknown): OperationFailure {
  if (error instanceof HostCallError) return { name, operation, message: error.details, keptPartialState: Boolean(error.partialState?.id) };
  return { name, operation, message: error instanceof Error ? error.message : String(error), keptPartialState: false };
}
