// What one dynamic-provider host process shares across every resource it serves: the stack config
// handed to `configure`, one API client per credential profile (all behind one process-wide bound
// on requests in flight), one token per credential, one `private-offer/query` per account answering
// every "does an offer with this name exist?" question, and the progress lines the engine shows.
import { resolve } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PartnerCenterClient, type ClientDeps } from "../api/client";
import { Limiter } from "../api/limiter";
import { systemTiming, type Timing } from "../support/timing";
import { SettingsError } from "../config/errors";
import { redact, registerSecret } from "../support/redact";
import { resolveSettings, type EnvironmentSource, type Settings } from "../config/settings";
import type { PrivateOffer } from "../schema/api/private-offer";
import { CreateRecordStore } from "./create-records";
import { engineAddressFrom, watchForOrphaning } from "./orphan-watch";

/** Every `partnercenter:*` key the provider reads; `configure` can only ask for keys by name. */
export const SETTING_KEYS = [
  "tenantId",
  "clientId",
  "clientSecret",
  "clientCertificatePath",
  "federatedTokenFile",
  "authorityHost",
  "endpoint",
  "accessToken",
  "pollIntervalSeconds",
  "jobTimeoutMinutes",
  "maxConcurrentRequests",
  "maxRetries",
  "requestTimeoutSeconds",
  "createRecordDir",
] as const;

/** Keys that pick the credential: a profile's own, never inherited from the top level or the environment. */
const CREDENTIAL_KEYS = ["tenantId", "clientId", "clientSecret", "clientCertificatePath", "federatedTokenFile", "accessToken"];
const CREDENTIAL_ENV = [
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PATH",
  "AZURE_FEDERATED_TOKEN_FILE",
  "PARTNER_CENTER_ACCESS_TOKEN",
];
const SECRET_KEYS = ["clientSecret", "accessToken"];

export const ACCOUNTS_KEY = "partnercenter:accounts";

/** The name used for the top-level settings in messages. */
export const DEFAULT_ACCOUNT = "(default)";

const profileValue = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const accountsSchema = z.record(
  z.string().min(1, { error: "a profile name must not be empty" }),
  z.partialRecord(z.enum(SETTING_KEYS, { error: `is not a setting; use one of ${SETTING_KEYS.join(", ")}` }), profileValue),
);

export type ProgressSink = (line: string) => void;

export interface RuntimeOptions {
  env?: EnvironmentSource;
  /** Where progress lines go; default stderr, which the engine shows as info diagnostics. */
  progress?: ProgressSink;
  /** Overrides for every client (tests: a fake clock, a transport); its timing also paces the provider's own waits. */
  clientDeps?: ClientDeps;
  /** The Pulumi program's directory, which relative paths in settings start from; default: the working directory. */
  programDir?: string;
  /**
   * Stop the process once the engine that started it is gone (provider/dynamic/orphan-watch.ts),
   * from the first configure on: only the provider host's own runtime does.
   */
  stopWhenOrphaned?: { engineAddress: string | undefined };
}

/** Where one profile's creates are recorded, and what their keys are scoped to. */
export interface CreateRecords {
  store: CreateRecordStore;
  scope: { endpoint: string; account: string };
}

type ConfigMap = Map<string, string>;

/** A credential profile's clients and its memoised offer index. */
interface Account {
  client: PartnerCenterClient;
  offers?: Promise<PrivateOffer[]>;
}

export class ProviderRuntime {
  #config: ConfigMap = new Map();
  #accounts = new Map<string, Account>();
  #profiles: Record<string, Record<string, string>> | undefined;
  #limiter: Limiter | undefined;
  readonly #env: EnvironmentSource;
  readonly #progress: ProgressSink;
  readonly #clientDeps: ClientDeps;
  readonly #programDir: string | undefined;
  #recordStores = new Map<string, CreateRecordStore>();
  #orphanWatch: RuntimeOptions["stopWhenOrphaned"];
  /** The clock and sleep of every wait the provider paces itself (tests inject them). */
  readonly timing: Timing;

  constructor(options: RuntimeOptions = {}) {
    this.#env = options.env ?? process.env;
    this.#progress = options.progress ?? ((line) => process.stderr.write(`${line}\n`));
    this.#clientDeps = options.clientDeps ?? {};
    this.#programDir = options.programDir;
    this.#orphanWatch = options.stopWhenOrphaned;
    this.timing = { ...systemTiming, ...options.clientDeps?.timing };
  }

  /** Takes the stack config; settings are resolved at first use, so `check` works without credentials. */
  configure(config: pulumi.dynamic.ConfigureRequest["config"] | Readonly<Record<string, string>>): void {
    const map: ConfigMap = new Map();
    const read = (key: string): string | undefined =>
      typeof (config as { get?: unknown }).get === "function"
        ? (config as pulumi.dynamic.ConfigureRequest["config"]).get(key)
        : (config as Record<string, string>)[key];
    for (const key of [...SETTING_KEYS.map((k) => `partnercenter:${k}`), ACCOUNTS_KEY]) {
      const value = read(key);
      if (value !== undefined) map.set(key, value);
    }
    for (const key of SECRET_KEYS) registerSecret(map.get(`partnercenter:${key}`));
    this.#config = map;
    this.#accounts.clear();
    this.#profiles = undefined;
    this.#limiter = undefined;
    this.#recordStores.clear();
    if (this.#orphanWatch) {
      const { engineAddress } = this.#orphanWatch;
      this.#orphanWatch = undefined;
      watchForOrphaning({
        engineAddress,
        onOrphaned: (reason) => {
          this.#progress(
            `${reason}: this provider stops here, so nothing more is sent to Partner Center. ` +
              "The next `pulumi up` resumes from what the stack and the record of creates in flight hold.",
          );
          process.exit(1);
        },
      });
    }
  }

  /** The settings of a profile (`undefined`: the top-level ones). */
  settings(account?: string): Settings {
    if (account === undefined) return resolveSettings(this.#config, this.#env);
    const profile = this.#profile(account);
    const config: Record<string, string> = {};
    for (const key of SETTING_KEYS) {
      const top = this.#config.get(`partnercenter:${key}`);
      if (!CREDENTIAL_KEYS.includes(key) && top !== undefined) config[key] = top;
      const own = profile[key];
      if (own !== undefined) config[key] = own;
    }
    const env = Object.fromEntries(Object.entries(this.#env).filter(([name]) => !CREDENTIAL_ENV.includes(name)));
    try {
      return resolveSettings(config, env);
    } catch (error) {
      if (error instanceof SettingsError) {
        throw new SettingsError(error.problems.map((p) => `account "${account}" in ${ACCOUNTS_KEY}: ${p}`));
      }
      throw error;
    }
  }

  /** The API client of a profile: one per profile and process. */
  client(account?: string): PartnerCenterClient {
    return this.#account(account).client;
  }

  /**
   * The records of this profile's creates in flight: the directory of `createRecordDir`, relative to
   * the program's directory (the provider host's working directory), one store per directory.
   */
  createRecords(account?: string): CreateRecords {
    const settings = this.settings(account);
    const dir = resolve(this.#programDir ?? process.cwd(), settings.createRecordDir);
    let store = this.#recordStores.get(dir);
    if (!store) {
      store = new CreateRecordStore(dir);
      this.#recordStores.set(dir, store);
    }
    return { store, scope: { endpoint: settings.endpoint, account: account ?? DEFAULT_ACCOUNT } };
  }

  /** Existing offers with this name (deleted ones excluded), from one query per account and process. */
  async offersNamed(name: string, account?: string): Promise<PrivateOffer[]> {
    const entry = this.#account(account);
    if (!entry.offers) {
      entry.offers = entry.client.queryPrivateOffers();
      // A failed query is not remembered: the next look-up tries again.
      entry.offers.catch(() => {
        entry.offers = undefined;
      });
    }
    return (await entry.offers).filter((offer) => offer.name === name && offer.state !== "deleted");
  }

  /** Adds an offer this process just created, so later look-ups see it without a new query. */
  rememberOffer(offer: PrivateOffer, account?: string): void {
    const entry = this.#account(account);
    if (entry.offers) entry.offers = entry.offers.then((offers) => [...offers.filter((o) => o.id !== offer.id), offer]);
  }

  /** Forgets the offer index, so the next look-up queries again (reconciling an uncertain create). */
  forgetOffers(account?: string): void {
    this.#account(account).offers = undefined;
  }

  /** One line, prefixed with what it is about, shown by the engine while the operation runs. */
  say(subject: string, line: string): void {
    for (const part of line.split("\n")) this.#progress(redact(`${subject}: ${part}`));
  }

  #account(account: string | undefined): Account {
    const key = account ?? DEFAULT_ACCOUNT;
    let entry = this.#accounts.get(key);
    if (!entry) {
      const settings = this.settings(account);
      entry = { client: new PartnerCenterClient(settings, { limiter: this.#sharedLimiter(), ...this.#clientDeps }) };
      this.#accounts.set(key, entry);
    }
    return entry;
  }

  /**
   * Every profile's client takes its turn from this one limiter, so the process as a whole keeps to
   * the top-level `maxConcurrentRequests` however many accounts one stack manages.
   */
  #sharedLimiter(): Limiter {
    this.#limiter ??= new Limiter(resolveMaxConcurrentRequests(this.#config, this.#env));
    return this.#limiter;
  }

  #profile(account: string): Record<string, string> {
    if (!this.#profiles) {
      const raw = this.#config.get(ACCOUNTS_KEY);
      if (raw === undefined) {
        throw new SettingsError([`account "${account}" is named by a resource, but ${ACCOUNTS_KEY} is not set in the stack config`]);
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new SettingsError([`${ACCOUNTS_KEY} must be a JSON object of profile name -> settings (it is not valid JSON)`]);
      }
      const parsed = accountsSchema.safeParse(json);
      if (!parsed.success) {
        // Messages are ours and name the path; values are never echoed (they hold secrets).
        throw new SettingsError(
          parsed.error.issues.map((issue) => `${ACCOUNTS_KEY}${issue.path.map((p) => `.${String(p)}`).join("")} ${issue.message}`),
        );
      }
      for (const profile of Object.values(parsed.data)) {
        for (const key of SECRET_KEYS) registerSecret(profile[key as keyof typeof profile]);
      }
      this.#profiles = parsed.data as Record<string, Record<string, string>>;
    }
    const profile = this.#profiles[account];
    if (!profile) {
      const known = Object.keys(this.#profiles);
      throw new SettingsError([
        `account "${account}" is not in ${ACCOUNTS_KEY}` + (known.length ? ` (it has ${known.map((k) => `"${k}"`).join(", ")})` : ""),
      ]);
    }
    return profile;
  }
}

/** The top level's bound on requests in flight, without requiring a credential there. */
function resolveMaxConcurrentRequests(config: ConfigMap, env: EnvironmentSource): number {
  try {
    return resolveSettings(config, env).maxConcurrentRequests;
  } catch {
    // Only profiles carry credentials: read the number with a placeholder credential.
    const withToken = new Map(config);
    withToken.set("partnercenter:accessToken", "placeholder-not-used");
    return resolveSettings(withToken, env).maxConcurrentRequests;
  }
}

/** The runtime of this process: what the implementations exported to the shim use. */
export const processRuntime = new ProviderRuntime({ stopWhenOrphaned: { engineAddress: engineAddressFrom(process.argv) } });
