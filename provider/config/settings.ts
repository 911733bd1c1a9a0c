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

interface Key {
  config: string;
  env?: string;
  secret?: boolean;
}

const keys = {
  tenantId: { config: "tenantId", env: "AZURE_TENANT_ID" },
  clientId: { config: "clientId", env: "AZURE_CLIENT_ID" },
  clientSecret: { config: "clientSecret", env: "AZURE_CLIENT_SECRET", secret: true },
  clientCertificatePath: { config: "clientCertificatePath", env: "AZURE_CLIENT_CERTIFICATE_PATH" },
  federatedTokenFile: { config: "federatedTokenFile", env: "AZURE_FEDERATED_TOKEN_FILE" },
  authorityHost: { config: "authorityHost", env: "AZURE_AUTHORITY_HOST" },
  endpoint: { config: "endpoint", env: "PARTNER_CENTER_ENDPOINT" },
  accessToken: { config: "accessToken", env: "PARTNER_CENTER_ACCESS_TOKEN", secret: true },
  pollIntervalSeconds: { config: "pollIntervalSeconds", env: "PARTNER_CENTER_POLL_INTERVAL_SECONDS" },
  jobTimeoutMinutes: { config: "jobTimeoutMinutes", env: "PARTNER_CENTER_JOB_TIMEOUT_MINUTES" },
  maxConcurrentRequests: { config: "maxConcurrentRequests", env: "PARTNER_CENTER_MAX_CONCURRENT_REQUESTS" },
  maxRetries: { config: "maxRetries", env: "PARTNER_CENTER_MAX_RETRIES" },
  requestTimeoutSeconds: { config: "requestTimeoutSeconds", env: "PARTNER_CENTER_REQUEST_TIMEOUT_SECONDS" },
  createRecordDir: { config: "createRecordDir", env: "PARTNER_CENTER_CREATE_RECORD_DIR" },
} satisfies Record<string, Key>;

type KeyName = keyof typeof keys;

function describeKey(key: Key): string {
  return `partnercenter:${key.config}${key.env ? ` (or ${key.env})` : ""}`;
}

interface Found {
  value: string;
  fromConfig: boolean;
}

function lookup(config: ConfigSource, env: EnvironmentSource, key: Key): Found | undefined {
  const read = (name: string): string | undefined =>
    config instanceof Map ? config.get(name) : (config as Record<string, string | undefined>)[name];
  const fromConfig = read(`partnercenter:${key.config}`) ?? read(key.config);
  if (fromConfig !== undefined && fromConfig.trim() !== "") return { value: fromConfig.trim(), fromConfig: true };
  const fromEnv = key.env ? env[key.env] : undefined;
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { value: fromEnv.trim(), fromConfig: false };
  return undefined;
}

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");
const tenant = z.union([guid, z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i)], {
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

const parsers = {
  endpoint: secureUrl("the product-ingestion API"),
  authorityHost: secureUrl("the Entra authority host").refine(
    (value) => new URL(value).protocol === "https:",
    "must use https (the token endpoint is always reached over TLS)",
  ),
  pollIntervalSeconds: positiveNumber(3600),
  jobTimeoutMinutes: positiveNumber(24 * 60),
  maxConcurrentRequests: wholeNumber(1, 256),
  maxRetries: wholeNumber(0, 20),
  requestTimeoutSeconds: positiveNumber(600),
  createRecordDir: z
    .string()
    .min(1, "must name a directory")
    .refine((value) => !value.includes("\0"), "must not contain a NUL character"),
};

/**
 * Resolves the provider's settings from stack config (`partnercenter:*`) with the Azure Identity
 * environment variables as fallbacks. Credentials set in stack config win over ones found in the
 * environment, so a stack can pin its own app even on a CI runner that exports another; within one
 * source the order is: access token, client secret, client certificate, federated token file.
 */
export function resolveSettings(config: ConfigSource, env: EnvironmentSource = process.env): Settings {
  const problems: string[] = [];
  const found = (name: KeyName): Found | undefined => lookup(config, env, keys[name]);

  function parse<T>(name: KeyName, schema: z.ZodType<T>, fallback: string): T | undefined {
    const raw = found(name)?.value ?? fallback;
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    // Issue messages are ours and never echo the value, which may be a secret.
    const reason = result.error.issues.map((issue) => issue.message).join("; ");
    problems.push(`${describeKey(keys[name])} ${reason}`);
    return undefined;
  }

  const endpoint = parse("endpoint", parsers.endpoint, DEFAULT_ENDPOINT);
  const authorityHost = parse("authorityHost", parsers.authorityHost, DEFAULT_AUTHORITY_HOST);
  const pollIntervalSeconds = parse("pollIntervalSeconds", parsers.pollIntervalSeconds, "60");
  const jobTimeoutMinutes = parse("jobTimeoutMinutes", parsers.jobTimeoutMinutes, "30");
  const maxConcurrentRequests = parse("maxConcurrentRequests", parsers.maxConcurrentRequests, "16");
  const maxRetries = parse("maxRetries", parsers.maxRetries, "5");
  const requestTimeoutSeconds = parse("requestTimeoutSeconds", parsers.requestTimeoutSeconds, "100");
  const createRecordDir = parse("createRecordDir", parsers.createRecordDir, DEFAULT_CREATE_RECORD_DIR);
  const credential = resolveCredential(found, problems);

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

function resolveCredential(found: (name: KeyName) => Found | undefined, problems: string[]): Credential | undefined {
  registerSecret(found("clientSecret")?.value);
  registerSecret(found("accessToken")?.value);

  const kinds: Array<[KeyName, CredentialKind]> = [
    ["accessToken", "accessToken"],
    ["clientSecret", "clientSecret"],
    ["clientCertificatePath", "clientCertificate"],
    ["federatedTokenFile", "federated"],
  ];
  const present = kinds.filter(([name]) => found(name) !== undefined);
  const chosen = present.find(([name]) => found(name)!.fromConfig) ?? present[0];
  if (!chosen) {
    problems.push(
      "no credential found: set partnercenter:accessToken (or PARTNER_CENTER_ACCESS_TOKEN), or a tenant and " +
        `client id with one of ${describeKey(keys.clientSecret)}, ${describeKey(keys.clientCertificatePath)}, ` +
        describeKey(keys.federatedTokenFile),
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
  found: (name: KeyName) => Found | undefined,
  problems: string[],
): string | undefined {
  const raw = found(name)?.value;
  if (raw === undefined) {
    problems.push(`${describeKey(keys[name])} is required with a client secret, certificate or federated token`);
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    problems.push(`${describeKey(keys[name])} ${result.error.issues.map((issue) => issue.message).join("; ")}`);
    return undefined;
  }
  return result.data;
}

/** A description of the credential that is safe to print: kind, tenant and client id, never a secret. */
export function describeCredential(credential: Credential): string {
  return credential.kind === "accessToken"
    ? "a static access token (partnercenter:accessToken / PARTNER_CENTER_ACCESS_TOKEN)"
    : `${credential.kind} credential of client ${credential.clientId} in tenant ${credential.tenantId}`;
}

const profileSchema = z.record(
  z.string().min(1),
  z.record(z.string(), z.union([z.string(), z.number()]).transform(String), {
    error: "each profile must be an object of partnercenter keys, e.g. {\"tenantId\": \"...\", \"clientId\": \"...\", \"clientSecret\": \"...\"}",
  }),
);

/**
 * Settings for one named credential profile of `partnercenter:accounts` (a JSON object of profiles,
 * each holding any of the `partnercenter:*` keys), so that one stack can act as a software company
 * and as its channel partner. A profile's keys win over the top-level ones; without `account`, the
 * top-level keys are the profile.
 */
export function resolveAccountSettings(config: ConfigSource, env: EnvironmentSource = process.env, account?: string): Settings {
  if (account === undefined) return resolveSettings(config, env);
  const read = (name: string): string | undefined =>
    config instanceof Map ? config.get(name) : (config as Record<string, string | undefined>)[name];
  const raw = read("partnercenter:accounts") ?? read("accounts");
  if (raw === undefined) throw new SettingsError([`account "${account}" is used, but partnercenter:accounts is not set`]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SettingsError(["partnercenter:accounts must be a JSON object of credential profiles"]);
  }
  const profiles = profileSchema.safeParse(parsed);
  if (!profiles.success) {
    throw new SettingsError(
      profiles.error.issues.map((issue) => `partnercenter:accounts${issue.path.map((key) => `.${String(key)}`).join("")} ${issue.message}`),
    );
  }
  const profile = profiles.data[account];
  if (!profile) {
    throw new SettingsError([`partnercenter:accounts has no profile "${account}" (profiles: ${Object.keys(profiles.data).join(", ") || "none"})`]);
  }
  const merged = new Map<string, string>();
  const entries = config instanceof Map ? [...config.entries()] : Object.entries(config);
  // A profile is its own application: none of the top-level credential keys leak into it.
  const credentialKeys = ["tenantId", "clientId", "clientSecret", "clientCertificatePath", "federatedTokenFile", "accessToken"];
  for (const [key, value] of entries) {
    const name = key.replace(/^partnercenter:/, "");
    if (value !== undefined && name !== "accounts" && !credentialKeys.includes(name)) merged.set(`partnercenter:${name}`, value);
  }
  for (const [key, value] of Object.entries(profile)) merged.set(`partnercenter:${key.replace(/^partnercenter:/, "")}`, value);
  // Nor do the environment's.
  const credentialVariables = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_FEDERATED_TOKEN_FILE", "PARTNER_CENTER_ACCESS_TOKEN"];
  const otherEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !credentialVariables.includes(name)));
  try {
    return resolveSettings(merged, otherEnv);
  } catch (error) {
    if (error instanceof SettingsError) throw new SettingsError(error.problems.map((problem) => `profile "${account}": ${problem}`));
    throw error;
  }
}
