// Named credential profiles (`partnercenter:accounts`, a secret JSON object of profile name -> the
// settings of the table in settings.ts), so that one stack can act as a software company and as its
// channel partner. A profile's credential is its own: never inherited from the top level or from
// the environment; its other settings default to the top level's.
import { z } from "zod";
import { registerSecret } from "../support/redact";
import { SettingsError } from "./errors";
import { closestName } from "./suggest";
import {
  ACCOUNTS_KEY,
  CREDENTIAL_SETTINGS,
  CREDENTIAL_VARIABLES,
  SECRET_SETTINGS,
  SETTING_ALIASES,
  SETTING_NAMES,
  configKey,
  resolveSettings,
  type EnvironmentSource,
  type SettingName,
  type Settings,
} from "./settings";

/** One profile: settings by name, as stack config would hold them. */
export type Profile = Partial<Record<SettingName, string>>;

const profileValue = z
  .union([z.string(), z.number(), z.boolean()], { error: "must be text, a number or true/false" })
  .transform((v) => String(v));
const accountsSchema = z.record(
  z.string().min(1, { error: "a profile name must not be empty" }),
  z.record(z.string(), profileValue, {
    error: 'must be an object of settings, such as { "tenantId": "...", "clientId": "...", "clientSecret": "..." }',
  }),
  { error: "must be a JSON object of profile name -> settings" },
);

/** A key of a profile that is not a setting: the problem, with the setting it most likely stands for. */
function unknownProfileKey(profile: string, key: string): string {
  const meant = closestName(key, SETTING_NAMES, SETTING_ALIASES);
  const at = `${ACCOUNTS_KEY}.${profile} has a key "${key}" that is not a setting`;
  return meant
    ? `${at}: did you mean "${meant}"? Rename the key in the JSON of ${ACCOUNTS_KEY} (pulumi config set --secret ${ACCOUNTS_KEY} '<the corrected JSON>')`
    : `${at}; a profile takes the keys ${SETTING_NAMES.join(", ")}`;
}

/**
 * Every profile of `partnercenter:accounts` (`raw`, as the stack config holds it), its secrets
 * registered for redaction. `account` is the profile a resource asked for, for the message when
 * there are none. Messages name the path, never a value: profiles hold secrets.
 */
export function parseProfiles(raw: string | undefined, account: string): Record<string, Profile> {
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
    throw new SettingsError(parsed.error.issues.map((issue) => `${ACCOUNTS_KEY}${issue.path.map((p) => `.${String(p)}`).join("")} ${issue.message}`));
  }
  const problems: string[] = [];
  const profiles: Record<string, Profile> = {};
  for (const [name, settings] of Object.entries(parsed.data)) {
    const unknown = Object.keys(settings).filter((key) => !(SETTING_NAMES as readonly string[]).includes(key));
    // A misspelt key may well hold a secret: kept out of every message like the real ones.
    for (const key of [...SECRET_SETTINGS, ...unknown]) registerSecret(settings[key]);
    problems.push(...unknown.map((key) => unknownProfileKey(name, key)));
    profiles[name] = settings as Profile;
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return profiles;
}

/** The profile a resource names, or a message listing the profiles there are. */
export function profileNamed(profiles: Record<string, Profile>, account: string): Profile {
  const profile = profiles[account];
  if (profile) return profile;
  const known = Object.keys(profiles);
  throw new SettingsError([`account "${account}" is not in ${ACCOUNTS_KEY}` + (known.length ? ` (it has ${known.map((k) => `"${k}"`).join(", ")})` : "")]);
}

/**
 * A profile's settings: its own values over the top level's (`top`: the stack config by key), except
 * the credential, which comes from the profile alone, never from the top level or the environment.
 */
export function resolveProfileSettings(account: string, profile: Profile, top: ReadonlyMap<string, string>, env: EnvironmentSource): Settings {
  const config: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    const inherited = CREDENTIAL_SETTINGS.includes(name) ? undefined : top.get(configKey(name));
    const value = profile[name] ?? inherited;
    if (value !== undefined) config[name] = value;
  }
  const ownEnv = Object.fromEntries(Object.entries(env).filter(([variable]) => !CREDENTIAL_VARIABLES.includes(variable)));
  try {
    return resolveSettings(config, ownEnv);
  } catch (error) {
    if (error instanceof SettingsError) {
      throw new SettingsError(error.problems.map((p) => `account "${account}" in ${ACCOUNTS_KEY}: ${p}`));
    }
    throw error;
  }
}
