// Starts Pulumi's Node.js dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) as the engine
// does and drives it over gRPC with the requests the engine sends (pkg provider_plugin.go): the
// whole stack config in Configure, secrets revealed because the host answers `acceptSecrets: false`,
// unknowns only during preview, and Create/Update never sent during preview because the host does
// not declare `supportsPreview`. See docs/pulumi-dynamic-host.md for the sources of each rule.

import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { temporaryRecordDir } from "../records";
import { toHostCallError } from "./errors";
import { readProcessUsage, type ProcessUsage } from "./process-usage";
import { PROVIDER_KEY } from "./serialize";
import {
  annotateSecrets,
  containsUnknowns,
  revealSecrets,
  secret,
  type PropertyMap,
  type PropertyValue,
} from "./values";

export const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";
const HOST_MODULE = "@pulumi/pulumi/cmd/dynamic-provider/index.js";
const STDERR_LIMIT = 64 * 1024;

export interface ProviderHostOptions {
  /** The program directory; the engine starts plugins there and the host resolves modules from it. */
  cwd?: string;
  /** Project name, passed as PULUMI_NODEJS_PROJECT / PULUMI_PROJECT like the engine does. */
  project?: string;
  /**
   * Extra environment for the host process (the engine passes its own environment through). Unless
   * it names `PARTNER_CENTER_CREATE_RECORD_DIR` (an empty value: the provider's default, beside the
   * program), each host records its creates in a fresh temporary directory, never in `cwd`.
   */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export interface ConfigureOptions {
  /** Config keys whose values are `secure` in the stack: sent as secret objects, as the engine does. */
  secretKeys?: readonly string[];
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: { property: string; reason: string }[];
}

export type DiffChanges = "some" | "none" | "unknown";

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface CreateResult {
  id: string;
  /** Outputs as the engine records them: secrets re-marked where the same-named input was secret. */
  properties: PropertyMap;
  /** False during preview: the engine answers from the inputs without calling the host. */
  sentToHost: boolean;
}

export interface ReadResult {
  id: string;
  properties: PropertyMap;
  inputs: PropertyMap | undefined;
}

export interface UpdateResult {
  properties: PropertyMap;
  sentToHost: boolean;
}

export interface ProviderHost {
  readonly pid: number;
  readonly cwd: string;
  configure(config: Record<string, string>, options?: ConfigureOptions): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }>;
  check(urn: string, olds: PropertyMap, news: PropertyMap, options?: { preview?: boolean }): Promise<CheckResult>;
  /** `olds` are the old outputs (what the engine sends as `olds`); `oldInputs` the old inputs. */
  diff(id: string, urn: string, olds: PropertyMap, news: PropertyMap, options?: { preview?: boolean; oldInputs?: PropertyMap }): Promise<DiffResult>;
  create(urn: string, properties: PropertyMap, options?: { preview?: boolean }): Promise<CreateResult>;
  read(id: string, urn: string, properties: PropertyMap, inputs?: PropertyMap): Promise<ReadResult>;
  update(id: string, urn: string, olds: PropertyMap, news: PropertyMap, options?: { preview?: boolean; oldInputs?: PropertyMap }): Promise<UpdateResult>;
  delete(id: string, urn: string, properties: PropertyMap, oldInputs?: PropertyMap): Promise<void>;
  /** CPU time and memory of the host process so far. */
  usage(): ProcessUsage | undefined;
  /** Everything the host wrote to stderr (provider console.error output, stack traces). */
  output(): string;
  /** Ends the host at once with SIGKILL, as a crash or a cancelled CI job would: nothing of it runs after. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/** A URN of a dynamic resource, as the engine builds it for `new MyResource(name, ...)`. */
export function dynamicUrn(name: string, options: { stack?: string; project?: string; type?: string } = {}): string {
  const stack = options.stack ?? "test";
  const project = options.project ?? "host-tests";
  return `urn:pulumi:${stack}::${project}::${options.type ?? DYNAMIC_RESOURCE_TYPE}::${name}`;
}

export async function startProviderHost(options: ProviderHostOptions = {}): Promise<ProviderHost> {
  const cwd = options.cwd ?? process.cwd();
  const project = options.project ?? "host-tests";
  const script = resolveHostScript(cwd);
  // The host only checks that an engine address was given; it never dials it.
  const child = spawn(process.execPath, [script, "127.0.0.1:0"], {
    cwd,
    env: {
      ...process.env,
      PULUMI_NODEJS_PROJECT: project,
      PULUMI_PROJECT: project,
      PARTNER_CENTER_CREATE_RECORD_DIR: temporaryRecordDir("host"),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
  });
  const port = await readPort(child, options.startTimeoutMs ?? 15_000, () => stderr);
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return new GrpcProviderHost(child, client, cwd, () => stderr);
}

function resolveHostScript(cwd: string): string {
  // The engine's `pulumi-resource-pulumi-nodejs` runs the host of the program's own @pulumi/pulumi.
  try {
    return require.resolve(HOST_MODULE, { paths: [cwd] });
  } catch {
    return require.resolve(HOST_MODULE);
  }
}

function readPort(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (reason: string) => {
      clearTimeout(timer);
      lines.close();
      if (child.exitCode === null) child.kill("SIGKILL");
      reject(new Error(`provider host did not start: ${reason}\n${stderr()}`));
    };
    const timer = setTimeout(() => fail(`no port after ${timeoutMs} ms`), timeoutMs);
    child.once("exit", (code) => fail(`exited with code ${code}`));
    child.once("error", (error) => fail(error.message));
    lines.once("line", (line) => {
      const port = Number(line.trim());
      if (!Number.isInteger(port) || port <= 0) return fail(`unexpected first line ${JSON.stringify(line)}`);
      clearTimeout(timer);
      child.removeAllListeners("exit");
      // Keep draining stdout: a provider's console.log must not block on a full pipe.
      child.stdout?.resume();
      resolve(port);
    });
  });
}

type Protocol = { acceptSecrets: boolean; supportsPreview: boolean };

class GrpcProviderHost implements ProviderHost {
  private protocol: Protocol | undefined;

  constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
    readonly cwd: string,
    readonly output: () => string,
  ) {}

  get pid(): number {
    return this.child.pid ?? -1;
  }

  async configure(config: Record<string, string>, options: ConfigureOptions = {}): Promise<Protocol> {
    const secretKeys = new Set(options.secretKeys ?? []);
    const args: PropertyMap = {};
    const request = new provproto.ConfigureRequest();
    for (const [key, value] of Object.entries(config)) {
      args[key] = secretKeys.has(key) ? secret(value) : value;
      // The older spelling the engine still sends alongside `args`, always in plaintext.
      request.getVariablesMap().set(`pulumi-nodejs:config:${key}`, value);
    }
    request.setArgs(toStruct(args));
    request.setAcceptsecrets(true);
    request.setAcceptresources(true);
    request.setSendsOldInputs(true);
    request.setSendsOldInputsToDelete(true);
    request.setUrn("urn:pulumi:test::host-tests::pulumi:providers:pulumi-nodejs::default");
    request.setName("default");
    request.setType("pulumi:providers:pulumi-nodejs");
    request.setId("00000000-0000-4000-8000-000000000000");
    const response = await this.call<provproto.ConfigureResponse>("Configure", "", (cb) => this.client.configure(request, cb));
    this.protocol = { acceptSecrets: response.getAcceptsecrets(), supportsPreview: response.getSupportspreview() };
    return this.protocol;
  }

  async check(urn: string, olds: PropertyMap, news: PropertyMap, options: { preview?: boolean } = {}): Promise<CheckResult> {
    const request = new provproto.CheckRequest();
    this.address(request, urn);
    request.setOlds(this.marshal(olds, options.preview));
    request.setNews(this.marshal(news, options.preview));
    const response = await this.call<provproto.CheckResponse>("Check", urn, (cb) => this.client.check(request, cb));
    return {
      inputs: this.unmarshal(response.getInputs(), news),
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    options: { preview?: boolean; oldInputs?: PropertyMap } = {},
  ): Promise<DiffResult> {
    const request = new provproto.DiffRequest();
    this.address(request, urn);
    request.setId(id);
    request.setOlds(this.marshal(olds, options.preview));
    request.setNews(this.marshal(news, options.preview));
    request.setOldInputs(this.marshal(options.oldInputs ?? olds, options.preview));
    const response = await this.call<provproto.DiffResponse>("Diff", urn, (cb) => this.client.diff(request, cb));
    const changes = response.getChanges();
    return {
      changes:
        changes === provproto.DiffResponse.DiffChanges.DIFF_SOME
          ? "some"
          : changes === provproto.DiffResponse.DiffChanges.DIFF_NONE
            ? "none"
            : "unknown",
      replaces: response.getReplacesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: PropertyMap, options: { preview?: boolean } = {}): Promise<CreateResult> {
    if (options.preview && !this.requireProtocol().supportsPreview) {
      return { id: "", properties, sentToHost: false };
    }
    const request = new provproto.CreateRequest();
    this.address(request, urn);
    request.setProperties(this.marshal(properties, options.preview));
    request.setPreview(options.preview ?? false);
    const response = await this.call<provproto.CreateResponse>("Create", urn, (cb) => this.client.create(request, cb));
    return { id: response.getId(), properties: this.unmarshal(response.getProperties(), properties), sentToHost: true };
  }

  async read(id: string, urn: string, properties: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
    const request = new provproto.ReadRequest();
    this.address(request, urn);
    request.setId(id);
    request.setProperties(this.marshal(properties, false));
    if (inputs) request.setInputs(this.marshal(inputs, false));
    const response = await this.call<provproto.ReadResponse>("Read", urn, (cb) => this.client.read(request, cb));
    const liveInputs = response.getInputs();
    return {
      id: response.getId(),
      properties: this.unmarshal(response.getProperties(), properties),
      inputs: liveInputs ? this.unmarshal(liveInputs, inputs ?? {}) : undefined,
    };
  }

  async update(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    options: { preview?: boolean; oldInputs?: PropertyMap } = {},
  ): Promise<UpdateResult> {
    if (options.preview && !this.requireProtocol().supportsPreview) {
      return { properties: news, sentToHost: false };
    }
    const request = new provproto.UpdateRequest();
    this.address(request, urn);
    request.setId(id);
    request.setOlds(this.marshal(olds, false));
    request.setNews(this.marshal(news, options.preview));
    request.setOldInputs(this.marshal(options.oldInputs ?? olds, false));
    request.setPreview(options.preview ?? false);
    const response = await this.call<provproto.UpdateResponse>("Update", urn, (cb) => this.client.update(request, cb));
    return { properties: this.unmarshal(response.getProperties(), news), sentToHost: true };
  }

  async delete(id: string, urn: string, properties: PropertyMap, oldInputs?: PropertyMap): Promise<void> {
    const request = new provproto.DeleteRequest();
    this.address(request, urn);
    request.setId(id);
    request.setProperties(this.marshal(properties, false));
    request.setOldInputs(this.marshal(oldInputs ?? properties, false));
    await this.call("Delete", urn, (cb) => this.client.delete(request, cb));
  }

  usage(): ProcessUsage | undefined {
    return this.child.pid === undefined ? undefined : readProcessUsage(this.child.pid);
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGKILL");
    await exited;
    this.client.close();
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(timer);
  }

  private requireProtocol(): Protocol {
    if (!this.protocol) throw new Error("configure() the provider host first: the engine always does");
    return this.protocol;
  }

  /** Name and type come from the URN, as in the engine's requests. */
  private address(request: { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown }, urn: string): void {
    const parts = urn.split("::");
    request.setUrn(urn);
    request.setName(parts[3] ?? "");
    request.setType(parts[2]?.split("$").pop() ?? "");
  }

  private marshal(properties: PropertyMap, preview: boolean | undefined): structproto.Struct {
    if (!preview && containsUnknowns(properties)) {
      throw new Error("unknown values reach a provider only during preview (pass { preview: true })");
    }
    const plain = this.requireProtocol().acceptSecrets ? properties : (revealSecrets(properties) as PropertyMap);
    return toStruct(plain);
  }

  private unmarshal(struct: structproto.Struct | undefined, inputs: PropertyMap): PropertyMap {
    const properties = (struct?.toJavaScript() ?? {}) as PropertyMap;
    return this.requireProtocol().acceptSecrets ? properties : annotateSecrets(properties, inputs);
  }

  private call<T>(method: string, urn: string, invoke: (callback: (error: grpc.ServiceError | null, value?: T) => void) => unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      invoke((error, value) => {
        if (error) reject(toHostCallError(method, urn, error, this.output()));
        else resolve(value as T);
      });
    });
  }
}

function toStruct(properties: PropertyMap): structproto.Struct {
  return structproto.Struct.fromJavaScript(properties as { [key: string]: structproto.JavaScriptValue });
}

/** The `__provider` entry to put in a resource's inputs. */
export function withProvider(serializedProvider: string, inputs: PropertyMap): PropertyMap {
  return { ...inputs, [PROVIDER_KEY]: serializedProvider };
}

export type { PropertyMap, PropertyValue };
