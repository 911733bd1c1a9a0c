// The stack's `partnercenter:` settings judged as a whole, before anything is sent: keys that are no
// setting (with the one they most likely stand for), values that cannot be read, the credential
// profiles of `partnercenter:accounts`, and, per resource, whether the settings it uses hold a
// credential and whether the profile it names exists. `configure` receives the whole stack config,
// so this runs at `pulumi preview`; resolving the settings (settings.ts) still happens only when a
// client is first needed, and says the same things again if a run gets that far.
import { SettingsError } from "./errors";
import { parseProfiles, resolveProfileSettings, type Profile } from "./profiles";
import {
  ACCOUNTS_KEY,
  SETTINGS,
  SETTING_ALIASES,
  SETTING_NAMES,
  configKey,
  describeSetting,
  guid,
  resolveSetting,
  resolveSettings,
  tenant,
  type EnvironmentSource,
  type SettingName,
} from "./settings";
import { closestName } from "./suggest";
import { registerSecret } from "../support/redact";

const NAMESPACE = "partnercenter:";

/** What the review found. Messages name keys and the fix, never a value. */
export interface StackConfigReview {
  /** Problems of the stack's settings as a whole: every resource is affected. */
  readonly problems: readonly string[];
  /** Misspelt keys, said again beside a settings error at run time (refresh and destroy run no check). */
  readonly hints: readonly string[];
  /** The problems of the settings a resource uses beyond `problems`: its profile (`account`) or the top level. */
  problemsFor(account: string | undefined): string[];
}

/** Every key of the stack config, with its value as text (what `configure` hands over, all namespaces). */
export type StackConfig = Readonly<Record<string, string>>;

function settingSetCommand(name: string): string {
  const secret = (SETTINGS as Record<string, { secret?: true }>)[name]?.secret ? "--secret " : "";
  return `pulumi config set ${secret}${NAMESPACE}${name} <value>`;
}

/** The problem of a `partnercenter:` key that is no setting. */
function unknownKey(key: string): string {
  const written = key.slice(NAMESPACE.length);
  const meant = closestName(written, [...SETTING_NAMES, "accounts"], SETTING_ALIASES);
  if (meant) {
    return (
      `${key} is not a setting of this provider, so its value is not used: did you mean ${NAMESPACE}${meant}? ` +
      `Rename it: pulumi config rm ${key}, then ${settingSetCommand(meant)}`
    );
  }
  return (
    `${key} is not a setting of this provider, so its value is not used: remove it (pulumi config rm ${key}) ` +
    `or use one of ${[...SETTING_NAMES, "accounts"].map((n) => NAMESPACE + n).join(", ")}`
  );
}

/** `tenantId` and `clientId` set in stack config must be readable even when the credential in use does not need them. */
function credentialFieldProblems(config: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const fields: Array<[SettingName, typeof guid | typeof tenant]> = [
    ["tenantId", tenant],
    ["clientId", guid],
  ];
  for (const [name, schema] of fields) {
    const value = config.get(configKey(name));
    if (value === undefined || value.trim() === "") continue;
    const result = schema.safeParse(value.trim());
    if (!result.success) problems.push(`${describeSetting(name)} ${result.error.issues.map((i) => i.message).join("; ")}`);
  }
  return problems;
}

function problemsOf(work: () => unknown): string[] {
  try {
    work();
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return [...error.problems];
    throw error;
  }
}

/** A problem with the command that fixes it, for the ones the settings table words as a rule only. */
function withFix(problem: string): string {
  if (/no credential found/.test(problem) && !/partnercenter:accounts/.test(problem)) {
    return `${problem}. For example: pulumi config set partnercenter:tenantId <tenant id>; pulumi config set partnercenter:clientId <client id>; pulumi config set --secret partnercenter:clientSecret <secret>`;
  }
  return problem;
}

/**
 * Reviews the stack config (`config`: every key, as `configure` receives it) with the environment
 * the provider runs in.
 */
export function reviewStackConfig(config: StackConfig, env: EnvironmentSource = process.env): StackConfigReview {
  const ours = new Map(Object.entries(config).filter(([key]) => key.startsWith(NAMESPACE)));
  const known = new Set([...SETTING_NAMES.map(configKey), ACCOUNTS_KEY]);
  const unknownKeys = [...ours.keys()].filter((key) => !known.has(key)).sort();
  // A misspelt key may well hold a secret (`clientSecert`): kept out of every message like the real ones.
  for (const key of unknownKeys) registerSecret(ours.get(key));
  const hints = unknownKeys.map(unknownKey);

  const top = new Map([...ours].filter(([key]) => known.has(key) && key !== ACCOUNTS_KEY));
  const problems: string[] = [...hints];
  for (const name of SETTING_NAMES) {
    if (!("parse" in SETTINGS[name])) continue;
    problems.push(...problemsOf(() => resolveSetting(name as Parameters<typeof resolveSetting>[0], top, env)));
  }
  problems.push(...credentialFieldProblems(top));

  const accountsRaw = ours.get(ACCOUNTS_KEY);
  let profiles: Record<string, Profile> | undefined;
  if (accountsRaw !== undefined) {
    const found = problemsOf(() => {
      profiles = parseProfiles(accountsRaw, "");
    });
    problems.push(...found);
    for (const [name, profile] of Object.entries(profiles ?? {})) {
      // The top level's problems were said above; a profile's own are said with its name.
      problems.push(...problemsOf(() => resolveProfileSettings(name, profile, top, env)).filter((p) => !problems.some((q) => p.endsWith(q))));
    }
  }
  const stackWide = [...new Set(problems)];

  return {
    problems: stackWide,
    hints,
    problemsFor(account) {
      if (account === undefined) {
        return problemsOf(() => resolveSettings(top, env))
          .filter((p) => !stackWide.includes(p))
          .map(withFix);
      }
      if (accountsRaw === undefined) {
        return [
          `account "${account}" names a profile of ${ACCOUNTS_KEY}, which is not set in the stack config: ` +
            `add it, e.g. pulumi config set --secret ${ACCOUNTS_KEY} '{"${account}": {"tenantId": "...", "clientId": "...", "clientSecret": "..."}}', or leave out account to use the top-level settings`,
        ];
      }
      // An unreadable accounts value was said once for the whole stack.
      if (!profiles || profiles[account]) return [];
      const names = Object.keys(profiles);
      const meant = closestName(account, names);
      return [
        `account "${account}" names no profile of ${ACCOUNTS_KEY}` +
          (meant ? `: did you mean "${meant}"?` : names.length ? ` (it has ${names.map((n) => `"${n}"`).join(", ")})` : " (it has none)") +
          ` Fix the resource's account or add the profile to ${ACCOUNTS_KEY}`,
      ];
    },
  };
}
