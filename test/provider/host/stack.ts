// What `pulumi up`, `refresh` and `destroy` ask of the provider host for one resource at a time,
// with the state the engine would keep: the outputs of a successful operation, the partial state a
// failed create or update reports (an error carrying an id), the old outputs when an update fails
// without one. Enough for a program of independent resources whose order the test decides.
import {
  HostCallError,
  dynamicUrn,
  withProvider,
  type DiffResult,
  type PropertyMap,
  type ProviderHost,
} from "../../support/provider-host";

export interface StateEntry {
  urn: string;
  id: string;
  /** The checked inputs the resource was last written with. */
  inputs: PropertyMap;
  outputs: PropertyMap;
}

export class HostStack {
  readonly state = new Map<string, StateEntry>();

  constructor(
    readonly host: ProviderHost,
    readonly project = "offers",
  ) {}

  urn(name: string): string {
    return dynamicUrn(name, { project: this.project, stack: "dev" });
  }

  entry(name: string): StateEntry {
    const entry = this.state.get(name);
    if (!entry) throw new Error(`${name} is not in the stack's state`);
    return entry;
  }

  /** Check and diff only, as `pulumi preview` does. */
  async preview(name: string, provider: string, inputs: PropertyMap): Promise<DiffResult> {
    const entry = this.entry(name);
    const checked = await this.#check(name, provider, inputs, entry.inputs);
    return this.host.diff(entry.id, entry.urn, entry.outputs, checked, { oldInputs: entry.inputs });
  }

  /** `pulumi up` of one resource: check, then create, or diff and update when something changes. */
  async up(name: string, provider: string, inputs: PropertyMap): Promise<StateEntry> {
    const urn = this.urn(name);
    const previous = this.state.get(name);
    const checked = await this.#check(name, provider, inputs, previous?.inputs ?? {});
    if (!previous) {
      try {
        const created = await this.host.create(urn, checked);
        return this.#record(name, { urn, id: created.id, inputs: checked, outputs: created.properties });
      } catch (error) {
        this.#keepPartialState(name, urn, checked, error);
        throw error;
      }
    }
    const diff = await this.host.diff(previous.id, urn, previous.outputs, checked, { oldInputs: previous.inputs });
    if (diff.changes === "none") return previous;
    if (diff.replaces.length > 0) throw new Error(`${name}: the test did not expect a replacement (${diff.replaces.join(", ")})`);
    try {
      const updated = await this.host.update(previous.id, urn, previous.outputs, checked, { oldInputs: previous.inputs });
      return this.#record(name, { ...previous, inputs: checked, outputs: updated.properties });
    } catch (error) {
      this.#keepPartialState(name, urn, checked, error);
      throw error;
    }
  }

  /** `pulumi refresh` of one resource: a resource read as gone leaves the state. */
  async refresh(name: string): Promise<StateEntry | undefined> {
    const entry = this.entry(name);
    const read = await this.host.read(entry.id, entry.urn, entry.outputs, entry.inputs);
    if (read.id === "") {
      this.state.delete(name);
      return undefined;
    }
    return this.#record(name, { ...entry, id: read.id, outputs: read.properties });
  }

  /** `pulumi destroy` of one resource. */
  async destroy(name: string): Promise<void> {
    const entry = this.entry(name);
    await this.host.delete(entry.id, entry.urn, entry.outputs, entry.inputs);
    this.state.delete(name);
  }

  async #check(name: string, provider: string, inputs: PropertyMap, olds: PropertyMap): Promise<PropertyMap> {
    const checked = await this.host.check(this.urn(name), olds, withProvider(provider, inputs));
    if (checked.failures.length > 0) {
      throw new Error(`${name}: check failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    return checked.inputs;
  }

  #record(name: string, entry: StateEntry): StateEntry {
    this.state.set(name, entry);
    return entry;
  }

  /** The engine keeps a resource whose failed create or update reported an id, with those properties. */
  #keepPartialState(name: string, urn: string, inputs: PropertyMap, error: unknown): void {
    if (!(error instanceof HostCallError) || !error.partialState) return;
    const { id, properties } = error.partialState;
    this.#record(name, { urn, id, inputs, outputs: properties });
  }
}
