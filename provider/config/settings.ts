// One table of every `partnercenter:*` setting: its environment fallback, whether it is a secret or
// part of the credential (which a profile never inherits), its default and how its value is read.
// Everything else (the keys configure asks for, a profile's keys, messages, the README's table)
// derives from it.
import { z } from "zod";
import { SettingsError } from "./errors";
import { isLoopbackHost } from "./loopback";
import { registerSecret } from "../support/redact";

export const DEFAULT_ENDPOINT = "https://graph.microsoft.com/rp/product-ingestion";
export const DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com";
/** Records of in-flight creates live beside the Pulumi program unless `createRecordDir` moves them. */
export const DEFAULT_CREATE_RECORD_DIR = ".partnercenter/creates";

/** Where the access token comes from. Secrets stay in here and are never printed. */
export type Credential =
  | { kind: "accessToken"; accessToken: string }
  | { kind: "clientSecret"; tenantId: string; clientId: string; clientSecret: string }
  | { kind: "clientCertificate"; tenantId: string; clientId: string; certificatePath: string }
  | { kind: "federated"; tenantId: string; clientId: string; federatedTokenFile: string };

export type CredentialKind = Credential["kind"];

export interface Settings {
  /** Base URL of the product-ingestion API, without a trailing slash. */
  endpoint: string;
  /** Entra authority host, e.g. `https://login.microsoftonline.us` for a sovereign cloud. */
  authorityHost: string;
  credential: Credential;
  /** Minimum time between two status reads of one job. */
  pollIntervalMs: number;
  /** How long to wait for one job before giving up. */
  jobTimeoutMs: number;
  /** Requests in flight at once per process, across all offers. */
  maxConcurrentRequests: number;
  /** Retries of one request after throttling or a transient failure. */
  maxRetries: number;
  /** Time allowed for one HTTP exchange. */
  requestTimeoutMs: number;
  /**
   * Where records of in-flight creates are kept, as given: a path relative to the Pulumi program's
   * directory (the provider host's working directory) or absolute.
   */
  createRecordDir: string;
}

/** What Pulumi's `configure` hands over (`req.config`), or a plain object of the same keys. */
export type ConfigSource = ReadonlyMap<string, string> | Readonly<Record<string, string | undefined>>;
export type EnvironmentSource = Readonly<Record<string, string | undefined>>;

export const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");
export const tenant = z.union([guid, z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i)], {
  error: "must be a tenant GUID or a verified domain such as contoso.onmicrosoft.com",
});

function secureUrl(what: string) {
  return z
    .url({ error: `must be an absolute URL of ${what}` })
    .refine((value) => {
      const url = new URL(value);
      return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
    }, "must use https (plain http is accepted only for a loopback address such as 127.0.0.1)")
    .refine((value) => !new URL(value).search && !new URL(value).username, "must not carry a query string or credentials")
    .transform((value) => value.replace(/\/+$/, ""));
}

function positiveNumber(max: number) {
  return z.coerce
    .number({ error: "must be a number" })
    .refine((n) => Number.isFinite(n) && n > 0 && n <= max, `must be a number greater than 0 and at most ${max}`);
}

function wholeNumber(min: number, max: number) {
  return z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}

/** One setting, named by its key below `partnercenter:`. */
interface SettingSpec {
  /** The environment variable read when the stack config does not set the key. */
  env: string;
  /** Never printed; registered for redaction wherever it appears. */
  secret?: true;
  /** Part of the credential: a profile of `partnercenter:accounts` has its own or none. */
  credential?: true;
  /** The value when neither the config nor the environment sets one, as it would be written. */
  default?: string;
  /** How a value is read (credentials are read together, by resolveCredential). */
  parse?: z.ZodType;
}

/** Every setting, by its name below `partnercenter:`, in the order the README lists them. */
export const SETTINGS = {
  tenantId: { env: "AZURE_TENANT_ID", credential: true },
  clientId: { env: "AZURE_CLIENT_ID", credential: true },
  clientSecret: { env: "AZURE_CLIENT_SECRET", credential: true, secret: true },
  clientCertificatePath: { env: "AZURE_CLIENT_CERTIFICATE_PATH", credential: true },
  federatedTokenFile: { env: "AZURE_FEDERATED_TOKEN_FILE", credential: true },
  accessToken: { env: "PARTNER_CENTER_ACCESS_TOKEN", credential: true, secret: true },
  authorityHost: {
    env: "AZURE_AUTHORITY_HOST",
    default: DEFAULT_AUTHORITY_HOST,
    parse: secureUrl("the Entra authority host").refine(
      (value) => new URL(value).protocol === "https:",
      "must use https (the token endpoint is always reached over TLS)",
    ),
  },
  endpoint: { env: "PARTNER_CENTER_ENDPOINT", default: DEFAULT_ENDPOINT, parse: secureUrl("the product-ingestion API") },
  pollIntervalSeconds: { env: "PARTNER_CENTER_POLL_INTERVAL_SECONDS", default: "60", parse: positiveNumber(3600) },
  jobTimeoutMinutes: { env: "PARTNER_CENTER_JOB_TIMEOUT_MINUTES", default: "30", parse: positiveNumber(24 * 60) },
  maxConcurrentRequests: { env: "PARTNER_CENTER_MAX_CONCURRENT_REQUESTS", default: "16", parse: wholeNumber(1, 256) },
  maxRetries: { env: "PARTNER_CENTER_MAX_RETRIES", default: "5", parse: wholeNumber(0, 20) },
  requestTimeoutSeconds: { env: "PARTNER_CENTER_REQUEST_TIMEOUT_SECONDS", default: "100", parse: positiveNumber(600) },
  createRecordDir: {
    env: "PARTNER_CENTER_CREATE_RECORD_DIR",
    default: DEFAULT_CREATE_RECORD_DIR,
    parse: z
      .string()
      .min(1, "must name a directory")
      .refine((value) => !value.includes("\0"), "must not contain a NUL character"),
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;
/** The settings read by a parser of their own (every one but the credential's). */
type ParsedName = { [K in SettingName]: (typeof SETTINGS)[K] extends { parse: z.ZodType } ? K : never }[SettingName];
type Parsed<K extends ParsedName> = z.output<(typeof SETTINGS)[K]["parse"]>;

const names = (which: (spec: SettingSpec) => boolean): SettingName[] =>
  (Object.keys(SETTINGS) as SettingName[]).filter((name) => which(SETTINGS[name]));

/** Every setting's name (a tuple, as `z.enum` wants it: the table is not empty). */
export const SETTING_NAMES = names(() => true) as [SettingName, ...SettingName[]];
/** Other spellings that stand for a setting, for "did you mean": its environment variable (`AZURE_CLIENT_SECRET`). */
export const SETTING_ALIASES: Readonly<Record<string, SettingName>> = Object.fromEntries(SETTING_NAMES.map((name) => [SETTINGS[name].env, name]));
/** The settings that make up a credential: a profile's own, never inherited from the top level or the environment. */
export const CREDENTIAL_SETTINGS: readonly SettingName[] = names((spec) => spec.credential === true);
/** The environment variables of the credential settings. */
export const CREDENTIAL_VARIABLES: readonly string[] = CREDENTIAL_SETTINGS.map((name) => SETTINGS[name].env);
/** The settings whose values are secrets. */
export const SECRET_SETTINGS: readonly SettingName[] = names((spec) => spec.secret === true);

/** The stack config key of a setting. */
export function configKey(name: SettingName): string {
  return `partnercenter:${name}`;
}

/** The JSON object of named credential profiles (not a setting of a profile itself). */
export const ACCOUNTS_KEY = "partnercenter:accounts";

/** How messages name a setting: its config key and environment variable. */
export function describeSetting(name: SettingName): string {
  return `${configKey(name)} (or ${SETTINGS[name].env})`;
}

interface Found {
  value: string;
  fromConfig: boolean;
}

function lookup(config: ConfigSource, env: EnvironmentSource, name: SettingName): Found | undefined {
  const read = (key: string): string | undefined =>
    config instanceof Map ? config.get(key) : (config as Record<string, string | undefined>)[key];
  const fromConfig = read(configKey(name)) ?? read(name);
  if (fromConfig !== undefined && fromConfig.trim() !== "") return { value: fromConfig.trim(), fromConfig: true };
  const fromEnv = env[SETTINGS[name].env];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { value: fromEnv.trim(), fromConfig: false };
  return undefined;
}

/** One setting read on its own: its value, its default, or a problem naming the key (never the value). */
function parseSetting<K extends ParsedName>(name: K, config: ConfigSource, env: EnvironmentSource, problems: string[]): Parsed<K> | undefined {
  const spec = SETTINGS[name];
  const result = spec.parse.safeParse(lookup(config, env, name)?.value ?? spec.default);
  if (result.success) return result.data as Parsed<K>;
  // Issue messages are ours and never echo the value, which may be a secret.
  problems.push(`${describeSetting(name)} ${result.error.issues.map((issue) => issue.message).join("; ")}`);
  return undefined;
}

/** One setting that needs no credential (the process-wide bound on requests), or a SettingsError. */
export function resolveSetting<K extends ParsedName>(name: K, config: ConfigSource, env: EnvironmentSource = process.env): Parsed<K> {
  const problems: string[] = [];
  const value = parseSetting(name, config, env, problems);
  if (value === undefined) throw new SettingsError(problems);
  return value;
}

/**
 * Resolves the provider's settings from stack config (`partnercenter:*`) with the Azure Identity
 * environment variables as fallbacks. Credentials set in stack config win over ones found in the
 * environment, so a stack can pin its own app even on a CI runner that exports another; within one
 * source the order is: access token, client secret, client certificate, federated token file.
 */
export function resolveSettings(config: ConfigSource, env: EnvironmentSource = process.env): Settings {
  const problems: string[] = [];
  const parse = <K extends ParsedName>(name: K) => parseSetting(name, config, env, problems);
  const endpoint = parse("endpoint");
  const authorityHost = parse("authorityHost");
  const pollIntervalSeconds = parse("pollIntervalSeconds");
  const jobTimeoutMinutes = parse("jobTimeoutMinutes");
  const maxConcurrentRequests = parse("maxConcurrentRequests");
  const maxRetries = parse("maxRetries");
  const requestTimeoutSeconds = parse("requestTimeoutSeconds");
  const createRecordDir = parse("createRecordDir");
  const credential = resolveCredential((name) => lookup(config, env, name), problems);

  if (problems.length > 0 || !credential) throw new SettingsError(problems);
  return {
    endpoint: endpoint!,
    authorityHost: authorityHost!,
    credential,
    pollIntervalMs: pollIntervalSeconds! * 1000,
    jobTimeoutMs: jobTimeoutMinutes! * 60_000,
    maxConcurrentRequests: maxConcurrentRequests!,
    maxRetries: maxRetries!,
    requestTimeoutMs: requestTimeoutSeconds! * 1000,
    createRecordDir: createRecordDir!,
  };
}

function resolveCredential(found: (name: SettingName) => Found | undefined, problems: string[]): Credential | undefined {
  for (const name of SECRET_SETTINGS) registerSecret(found(name)?.value);

  const kinds: Array<[SettingName, CredentialKind]> = [
    ["accessToken", "accessToken"],
    ["clientSecret", "clientSecret"],
    ["clientCertificatePath", "clientCertificate"],
    ["federatedTokenFile", "federated"],
  ];
  const present = kinds.filter(([name]) => found(name) !== undefined);
  const chosen = present.find(([name]) => found(name)!.fromConfig) ?? present[0];
  if (!chosen) {
    problems.push(
      `no credential found: set ${describeSetting("accessToken")}, or a tenant and ` +
        `client id with one of ${describeSetting("clientSecret")}, ${describeSetting("clientCertificatePath")}, ` +
        describeSetting("federatedTokenFile"),
    );
    return undefined;
  }
  const [secretKey, kind] = chosen;
  const value = found(secretKey)!.value;
  if (kind === "accessToken") return { kind, accessToken: value };

  const tenantId = requireField("tenantId", tenant, found, problems);
  const clientId = requireField("clientId", guid, found, problems);
  if (tenantId === undefined || clientId === undefined) return undefined;
  switch (kind) {
    case "clientSecret":
      return { kind, tenantId, clientId, clientSecret: value };
    case "clientCertificate":
      return { kind, tenantId, clientId, certificatePath: value };
    case "federated":
      return { kind, tenantId, clientId, federatedTokenFile: value };
  }
}

function requireField(
  name: "tenantId" | "clientId",
  schema: z.ZodType<string>,
  found: (name: SettingName) => Found | undefined,
  problems: string[],
): string | undefined {
  const raw = found(name)?.value;
  if (raw === undefined) {
    problems.push(`${describeSetting(name)} is required with a client secret, certificate or federated token`);
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    problems.push(`${describeSetting(name)} ${result.error.issues.map((issue) => issue.message).join("; ")}`);
    return undefined;
  }
  return result.data;
}

/** A description of the credential that is safe to print: kind, tenant and client id, never a secret. */
export function describeCredential(credential: Credential): string {
  return credential.kind === "accessToken"
    ? `a static access token (${configKey("accessToken")} / ${SETTINGS.accessToken.env})`
    : `${credential.kind} credential of client ${credential.clientId} in tenant ${credential.tenantId}`;
}
