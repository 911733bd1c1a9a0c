// What one dynamic-provider host process shares across every resource it serves: the stack config
// handed to `configure`, one API client per credential profile (all behind one process-wide bound
// on requests in flight), one token per credential, one `private-offer/query` per account answering
// every "does an offer with this name exist?" question, and the progress lines the engine shows.
import { resolve } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { PartnerCenterClient, type ClientDeps } from "../api/client";
import { Limiter } from "../api/limiter";
import { systemTiming, type Timing } from "../support/timing";
import { redact, registerSecret } from "../support/redact";
import { parseProfiles, profileNamed, resolveProfileSettings, type Profile } from "../config/profiles";
import { ACCOUNTS_KEY, SECRET_SETTINGS, SETTING_NAMES, configKey, resolveSetting, resolveSettings, type EnvironmentSource, type Settings } from "../config/settings";
import type { PrivateOffer } from "../schema/api/private-offer";
import { CreateRecordStore } from "./create-records";
import { engineAddressFrom, watchForOrphaning } from "./orphan-watch";

/** The name used for the top-level settings in messages. */
export const DEFAULT_ACCOUNT = "(default)";

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
  /** The number of the memoised listing (0: none); numbers grow with every listing started. */
  listing: number;
  /** Listings started so far. */
  listings: number;
}

/** One listing of an account's offers, and its number: a higher number was started later. */
export interface OfferListing {
  offers: PrivateOffer[];
  listing: number;
}

export class ProviderRuntime {
  #config: ConfigMap = new Map();
  #accounts = new Map<string, Account>();
  #profiles: Record<string, Profile> | undefined;
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
    for (const key of [...SETTING_NAMES.map(configKey), ACCOUNTS_KEY]) {
      const value = read(key);
      if (value !== undefined) map.set(key, value);
    }
    for (const name of SECRET_SETTINGS) registerSecret(map.get(configKey(name)));
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
    this.#profiles ??= parseProfiles(this.#config.get(ACCOUNTS_KEY), account);
    return resolveProfileSettings(account, profileNamed(this.#profiles, account), this.#config, this.#env);
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

  /**
   * Existing offers with this name (deleted ones excluded), from one query per account and process.
   * Every create waiting on it shares that one query, and its retries (api/caller.ts): a transient
   * failure is retried once for all of them, not once per create.
   */
  async offersNamed(name: string, account?: string): Promise<PrivateOffer[]> {
    return (await this.listOffers(account)).offers.filter((offer) => offer.name === name && offer.state !== "deleted");
  }

  /**
   * The account's offers, from the memoised listing, or from a new one when none is memoised or the
   * memoised one is not newer than listing number `after` (a look-up that must see what happened
   * since: pass `currentListing()` taken at that moment, then the number each look-up returned).
   * Look-ups running at the same time share the listing that satisfies them.
   */
  async listOffers(account?: string, options: { after?: number } = {}): Promise<OfferListing> {
    const entry = this.#account(account);
    if (!entry.offers || (options.after !== undefined && entry.listing <= options.after)) {
      const listing = entry.client.queryPrivateOffers();
      const number = ++entry.listings;
      entry.offers = listing;
      entry.listing = number;
      // A failed query is not remembered: the next look-up tries again.
      listing.catch(() => {
        if (entry.listing === number) {
          entry.offers = undefined;
          entry.listing = 0;
        }
      });
    }
    const number = entry.listing;
    return { offers: await entry.offers, listing: number };
  }

  /** The number of the latest listing started (in flight or memoised), or of none: a later look-up asks for a newer one. */
  currentListing(account?: string): number {
    return this.#account(account).listings;
  }

  /** Adds an offer this process just created, so later look-ups see it without a new query. */
  rememberOffer(offer: PrivateOffer, account?: string): void {
    const entry = this.#account(account);
    if (entry.offers) entry.offers = entry.offers.then((offers) => [...offers.filter((o) => o.id !== offer.id), offer]);
  }

  /** Drops an offer this process deleted from the index, so a replacement of it may take its name. */
  offerDeleted(offerId: string, account?: string): void {
    const entry = this.#account(account);
    if (entry.offers) entry.offers = entry.offers.then((offers) => offers.filter((o) => o.id !== offerId));
  }

  /** Forgets the offer index, so the next look-up queries again (reconciling an uncertain create). */
  forgetOffers(account?: string): void {
    const entry = this.#account(account);
    entry.offers = undefined;
    entry.listing = 0;
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
      entry = { client: new PartnerCenterClient(settings, { limiter: this.#sharedLimiter(), ...this.#clientDeps }), listing: 0, listings: 0 };
      this.#accounts.set(key, entry);
    }
    return entry;
  }

  /**
   * Every profile's client takes its turn from this one limiter, so the process as a whole keeps to
   * the top-level `maxConcurrentRequests` however many accounts one stack manages.
   */
  #sharedLimiter(): Limiter {
    this.#limiter ??= new Limiter(resolveSetting("maxConcurrentRequests", this.#config, this.#env));
    return this.#limiter;
  }
}

/** The runtime of this process: what the implementations exported to the shim use. */
export const processRuntime = new ProviderRuntime({ stopWhenOrphaned: { engineAddress: engineAddressFrom(process.argv) } });
