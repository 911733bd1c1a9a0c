// The settings flags the package's commands share (`export`, `status`): one per provider setting a
// command line may carry, each falling back to the environment variable the provider reads. Secrets
// never come from the command line (shell history and process lists keep them).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { SETTINGS } from "../config/settings";
import { UsageError } from "./usage";

/** Flag -> the provider setting it sets (`partnercenter:<key>`). */
export const SETTING_FLAGS = {
  endpoint: "endpoint",
  "authority-host": "authorityHost",
  "tenant-id": "tenantId",
  "client-id": "clientId",
  "client-certificate-path": "clientCertificatePath",
  "federated-token-file": "federatedTokenFile",
} as const;

export type SettingFlag = keyof typeof SETTING_FLAGS;

/** What each flag's usage line shows beside the variable the settings table names for it. */
const FLAG_HELP: Record<SettingFlag, { arg: string; what?: string }> = {
  endpoint: { arg: "<url>", what: "product-ingestion API" },
  "authority-host": { arg: "<url>", what: "Entra authority host" },
  "tenant-id": { arg: "<id>" },
  "client-id": { arg: "<id>" },
  "client-certificate-path": { arg: "<pem>" },
  "federated-token-file": { arg: "<file>" },
};

/** The usage lines of the settings flags, each with the environment variable from the settings table. */
export const SETTING_FLAGS_USAGE = (Object.keys(SETTING_FLAGS) as SettingFlag[])
  .map((flag) => {
    const { arg, what } = FLAG_HELP[flag];
    return `  ${`--${flag} ${arg}`.padEnd(33)}${what ? `${what} ` : ""}(or ${SETTINGS[SETTING_FLAGS[flag]].env})`;
  })
  .join("\n");

export const SECRETS_FROM_ENVIRONMENT = `A client secret or a static access token is read from AZURE_CLIENT_SECRET or
PARTNER_CENTER_ACCESS_TOKEN only, never from the command line.`;

/** `parseArgs` option specs of the settings flags, and of the secret flags refused with a reason. */
const SETTING_FLAG_SPECS = Object.fromEntries(
  [...Object.keys(SETTING_FLAGS), "client-secret", "access-token"].map((flag) => [flag, { type: "string" as const }]),
);

/** A flag's text value: trimmed, and not empty. */
export const flagValue = (option: string) => z.string().trim().min(1, { error: `--${option} needs a value` });

/** The schema fields of the settings flags; the secret flags are recognised only to be refused. */
export const SETTING_FLAG_FIELDS = {
  ...Object.fromEntries(Object.keys(SETTING_FLAGS).map((option) => [option, flagValue(option).optional()])),
  "client-secret": z.string().optional(),
  "access-token": z.string().optional(),
};

/**
 * A command's arguments (after its name), read with `options` and the settings flags, then checked
 * with `schema`: every mistake, a secret given as a flag among them, is a UsageError naming the flag.
 */
export function parseCommandFlags<S extends z.ZodType>(rest: readonly string[], options: NonNullable<ParseArgsConfig["options"]>, schema: S): z.output<S> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...rest], strict: true, allowPositionals: false, options: { ...options, ...SETTING_FLAG_SPECS } }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const refused = refusedSecretFlag(values);
  if (refused) throw new UsageError(refused);
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join("; "));
  return parsed.data;
}

/** The message when a secret was given as a flag, or undefined. */
function refusedSecretFlag(values: Record<string, unknown>): string | undefined {
  if (values["client-secret"] === undefined && values["access-token"] === undefined) return undefined;
  return (
    "secrets are not accepted on the command line (shell history and process lists keep them): " +
    "set AZURE_CLIENT_SECRET or PARTNER_CENTER_ACCESS_TOKEN in the environment instead"
  );
}

/** The provider settings the flags give, keyed as in stack config (`partnercenter:endpoint`). */
export function settingsFromFlags(values: Record<string, unknown>): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [flag, key] of Object.entries(SETTING_FLAGS)) {
    const value = values[flag];
    if (typeof value === "string" && value.trim() !== "") settings[`partnercenter:${key}`] = value.trim();
  }
  return settings;
}

const FLAG_OF: Record<string, string> = Object.fromEntries(Object.entries(SETTING_FLAGS).map(([flag, key]) => [key, `--${flag}`]));

/**
 * A settings problem as the provider words it (`partnercenter:endpoint (or PARTNER_CENTER_ENDPOINT)
 * must use https`), reworded for a command line: the flag, or the environment variable for settings
 * that have no flag. Stack config does not reach the commands, so its keys would mislead.
 */
export function inFlagTerms(message: string): string {
  return message.replace(/partnercenter:(\w+)(?: \(or (\w+)\))?/g, (whole, key: string, env: string | undefined) => {
    const flag = FLAG_OF[key];
    if (flag) return env ? `${flag} (or ${env})` : flag;
    return env ?? whole;
  });
}
