// What `check` can tell only from the whole run, not from one resource's inputs: whether the stack's
// `partnercenter:` settings can be used (configure hands over the whole stack config), and whether two
// offers of the stack share one name. The engine starts one dynamic-provider host per deployment
// (`pulumi preview`, and again for `pulumi up`) and checks every resource of the program in it, once,
// so one object per process sees every check of a run.
import { z } from "zod";
import { SettingsError } from "../config/errors";
import { reviewStackConfig, type StackConfig, type StackConfigReview } from "../config/review";
import type { EnvironmentSource } from "../config/settings";
import type { CheckFailure } from "../schema/check";
import { isUnknown } from "../schema/unknowns";
import type { ProviderRuntime } from "./runtime";
import type { ProviderImplementation } from "./shim";

type Props = Record<string, unknown>;

/** The dynamic-provider host's `Config` (cmd/dynamic-provider/config.js) keeps every key it was given here. */
const hostConfig = z.object({ rawConfig: z.record(z.string(), z.unknown()) });

/**
 * Every key of the stack config as text, from what `configure` receives: the host's `Config` object,
 * or a plain object or map of the same keys. Undefined when its keys cannot be listed.
 */
export function stackConfigOf(config: unknown): StackConfig | undefined {
  const host = hostConfig.safeParse(config);
  const entries: Array<[string, unknown]> | undefined = host.success
    ? Object.entries(host.data.rawConfig)
    : config instanceof Map
      ? [...(config as Map<unknown, unknown>).entries()].map(([k, v]) => [String(k), v])
      : config !== null && typeof config === "object" && typeof (config as { get?: unknown }).get !== "function"
        ? Object.entries(config)
        : undefined;
  if (!entries) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (value === undefined || value === null) continue;
    out[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}

/** Stable text of a JSON value: object keys sorted, engine keys (`__provider`) left out. */
function fingerprint(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([key, item]) => !key.startsWith("__") && item !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, item]) => [key, canonical(item)]),
      );
    }
    return v;
  };
  return JSON.stringify(canonical(value));
}

function isEmpty(props: Props): boolean {
  return Object.keys(props).every((key) => key.startsWith("__"));
}

/** How names are compared: Partner Center's list and a customer tell no difference of case or spacing. */
function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

const DEFAULT_ACCOUNT_KEY = "\u0000default";

/** One name taken by an offer of this run: as written, and every form of inputs that offer was checked with. */
interface Claim {
  name: string;
  seen: Set<string>;
  /** Inputs diff found replacing: the engine checks them once more, without olds, before the create. */
  recheck?: string;
}

export class Preflight {
  #review: StackConfigReview | undefined;
  /** Configured by the host: every check from here on belongs to one run. */
  #run = false;
  readonly #claims = new Map<string, Claim>();
  readonly #env: EnvironmentSource;

  constructor(env: EnvironmentSource = process.env) {
    this.#env = env;
  }

  /**
   * Takes the stack config `configure` received; when its keys cannot be listed, settings are judged
   * at first use only. From here on this object stands for one run of the engine: names are claimed
   * (an implementation driven without `configure`, as unit tests do, claims none).
   */
  configured(config: unknown): void {
    const stack = stackConfigOf(config);
    this.#review = stack ? reviewStackConfig(stack, this.#env) : undefined;
    this.#run = true;
  }

  /** The problems of the settings a resource uses, as check failures; none before `configure`. */
  settingsFailures(news: Props): CheckFailure[] {
    const review = this.#review;
    if (!review) return [];
    const account = news["account"];
    const failures: CheckFailure[] = review.problems.map((reason) => ({ property: "", reason }));
    if (account === undefined || (typeof account === "string" && !isUnknown(account))) {
      const own = review.problemsFor(account);
      failures.push(...own.map((reason) => ({ property: account === undefined ? "" : "account", reason })));
    }
    return failures;
  }

  /** Misspelt keys, to say beside a settings error of a run that got past check. */
  get hints(): readonly string[] {
    return this.#review?.hints ?? [];
  }

  /**
   * Takes the offer's name for this run, or a failure when another offer of the stack already has it
   * (under the same account: offers of different publisher accounts never meet in one list).
   * `olds` are the old inputs the engine hands check; `checked` what check returns. A name or
   * account not known until apply takes nothing: it is compared when `pulumi up` checks again.
   */
  claimName(olds: Props, checked: Props): CheckFailure[] {
    if (!this.#run) return [];
    const name = checked["name"];
    const account = checked["account"];
    if (checked["privateOfferType"] === "multipartyPromotionChannelPartner") return [];
    if (typeof name !== "string" || isUnknown(name) || name.trim() === "") return [];
    if (account !== undefined && (typeof account !== "string" || isUnknown(account))) return [];
    const key = `${account ?? DEFAULT_ACCOUNT_KEY}\u0000${nameKey(name)}`;
    const claim = this.#claims.get(key);
    const now = fingerprint(checked);
    if (!claim) {
      this.#claims.set(key, { name, seen: new Set([now, ...(isEmpty(olds) ? [] : [fingerprint(olds)])]) });
      return [];
    }
    // A replacement: the engine checks the new inputs again without olds, once diff said "replace".
    if (isEmpty(olds) && claim.recheck === now) {
      delete claim.recheck;
      return [];
    }
    // The same offer again: a later check whose old inputs are what an earlier check of it returned
    // (one process serving several runs, as test harnesses drive it; the engine checks each resource once).
    if (!isEmpty(olds) && claim.seen.has(fingerprint(olds))) {
      claim.seen.add(now);
      return [];
    }
    const same = claim.name === name ? `"${name}"` : `"${name}" (the same as "${claim.name}", ignoring case and spacing)`;
    return [
      {
        property: "name",
        reason:
          `${same} is also the name of another PrivateOffer in this stack` +
          (typeof account === "string" ? ` under account "${account}"` : "") +
          ": Partner Center lists private offers by name, so two with one name confuse the customer and the look-up " +
          "that finds an existing offer by its name. Give each offer its own name",
      },
    ];
  }

  /** Diff found `checked` (what check returned) replacing its resource: its check without olds comes next. */
  replacing(checked: Props): void {
    const key = this.#claimKey(checked);
    const claim = key === undefined ? undefined : this.#claims.get(key);
    if (claim) claim.recheck = fingerprint(checked);
  }

  #claimKey(checked: Props): string | undefined {
    const name = checked["name"];
    const account = checked["account"];
    if (typeof name !== "string" || isUnknown(name)) return undefined;
    if (account !== undefined && (typeof account !== "string" || isUnknown(account))) return undefined;
    return `${account ?? DEFAULT_ACCOUNT_KEY}\u0000${nameKey(name)}`;
  }

  /** An offer this process deleted gives its name back (a replacement may take it). */
  releaseName(props: Props): void {
    const name = props["name"];
    const account = props["account"];
    if (typeof name !== "string") return;
    this.#claims.delete(`${typeof account === "string" ? account : DEFAULT_ACCOUNT_KEY}\u0000${nameKey(name)}`);
  }
}

const preflights = new WeakMap<ProviderRuntime, Preflight>();

/** The preflight of a runtime: shared by the two resources' implementations that use it (one per process in the host). */
export function preflightOf(runtime: ProviderRuntime): Preflight {
  let preflight = preflights.get(runtime);
  if (!preflight) {
    preflight = new Preflight();
    preflights.set(runtime, preflight);
  }
  return preflight;
}

type Call = "create" | "update" | "delete" | "read" | "diff";
const CALLS: readonly Call[] = ["create", "update", "delete", "read", "diff"];

/**
 * The implementation, its settings errors saying the misspelt keys too: a run that got past check
 * (refresh and destroy run none) would otherwise say only "no credential found" for a misspelt
 * `partnercenter:clientSecert`, which misleads.
 */
export function withSettingsHints(preflight: Preflight, implementation: ProviderImplementation): ProviderImplementation {
  const wrapped: ProviderImplementation = { ...implementation };
  for (const call of CALLS) {
    const method = implementation[call] as ((...args: never[]) => Promise<unknown>) | undefined;
    if (!method) continue;
    (wrapped as unknown as Record<Call, unknown>)[call] = async (...args: never[]) => {
      try {
        return await method(...args);
      } catch (error) {
        const hints = error instanceof SettingsError ? preflight.hints.filter((hint) => !error.problems.includes(hint)) : [];
        if (error instanceof SettingsError && hints.length > 0) throw new SettingsError([...error.problems, ...hints]);
        throw error;
      }
    };
  }
  return wrapped;
}
