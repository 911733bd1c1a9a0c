// The export command's options, parsed with zod so every mistake names the option. Secrets (client
// secret, access token) are read from the environment only: command lines end up in shell history
// and process listings.
import { parseArgs } from "node:util";
import { z } from "zod";

export const DEFAULT_OUT = "offers/index.ts";
export const DEFAULT_STACK = "production";

export const USAGE = `Usage: pulumi-partnercenter-private-offers export [options]

Lists the private offers your Partner Center account can see and writes a Pulumi TypeScript program
that adopts each one (adoptExistingId), so the first \`pulumi up\` changes nothing.

Options:
  --out <file>                     where to write the program; "-" for stdout (default ${DEFAULT_OUT})
  --init <dir>                     write a whole repository instead: the program in <dir>/offers with its
                                   Pulumi.yaml, package.json and tsconfig.json, the GitOps workflow and its
                                   scripts in <dir>/.github, and a README with the one-time set-up
  --project <name>                 with --init: the Pulumi project's name (default: the name of <dir>)
  --stack <name>                   with --init: the stack the workflow converges (default ${DEFAULT_STACK})
  --force                          overwrite files that exist (--out, or the files --init writes)
  --account <profile>              add \`account: "<profile>"\` to every offer (a profile of partnercenter:accounts)
  --endpoint <url>                 product-ingestion API (or PARTNER_CENTER_ENDPOINT)
  --authority-host <url>           Entra authority host (or AZURE_AUTHORITY_HOST)
  --tenant-id <id>                 (or AZURE_TENANT_ID)
  --client-id <id>                 (or AZURE_CLIENT_ID)
  --client-certificate-path <pem>  (or AZURE_CLIENT_CERTIFICATE_PATH)
  --federated-token-file <file>    (or AZURE_FEDERATED_TOKEN_FILE)
  --help                           show this text

A client secret or a static access token is read from AZURE_CLIENT_SECRET or
PARTNER_CENTER_ACCESS_TOKEN only, never from the command line.`;

/** Options that map one to one onto provider settings (`partnercenter:<key>`). */
const SETTING_OPTIONS = {
  endpoint: "endpoint",
  "authority-host": "authorityHost",
  "tenant-id": "tenantId",
  "client-id": "clientId",
  "client-certificate-path": "clientCertificatePath",
  "federated-token-file": "federatedTokenFile",
} as const;

/** `--init`: a whole repository around the program. */
export interface InitOptions {
  dir: string;
  /** The Pulumi project's name; default: derived from the directory's name. */
  project?: string;
  stack: string;
}

export interface ExportOptions {
  out: string;
  force: boolean;
  init?: InitOptions;
  account?: string;
  /** Provider settings from the command line, keyed as in stack config (`partnercenter:endpoint`). */
  settings: Record<string, string>;
}

export type ParsedCommand = { kind: "help" } | { kind: "export"; options: ExportOptions };

/** A mistake in the command line; the message says which option and what to do. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const nonEmpty = (option: string) => z.string().trim().min(1, { error: `--${option} needs a value` });

/** Pulumi's rule for project and stack names. */
const pulumiName = (option: string) =>
  nonEmpty(option).regex(/^[A-Za-z0-9_.-]{1,100}$/, { error: `--${option} may hold only letters, digits, "_", "." and "-" (at most 100)` });

const optionsSchema = z.strictObject({
  out: nonEmpty("out").optional(),
  init: nonEmpty("init").optional(),
  project: pulumiName("project").optional(),
  stack: pulumiName("stack").optional(),
  force: z.boolean().default(false),
  help: z.boolean().default(false),
  account: nonEmpty("account").optional(),
  ...Object.fromEntries(Object.keys(SETTING_OPTIONS).map((option) => [option, nonEmpty(option).optional()])),
});

export function parseCommand(argv: readonly string[]): ParsedCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") return { kind: "help" };
  if (command !== "export") throw new UsageError(`unknown command "${command}": the only command is "export"`);
  let values: Record<string, unknown>;
  try {
    const stringOption = { type: "string" } as const;
    values = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        out: stringOption,
        init: stringOption,
        project: stringOption,
        stack: stringOption,
        force: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        account: stringOption,
        ...Object.fromEntries(Object.keys(SETTING_OPTIONS).map((option) => [option, stringOption])),
        // Recognised only to refuse them with a reason.
        "client-secret": stringOption,
        "access-token": stringOption,
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values["client-secret"] !== undefined || values["access-token"] !== undefined) {
    throw new UsageError(
      "secrets are not accepted on the command line (shell history and process lists keep them): " +
        "set AZURE_CLIENT_SECRET or PARTNER_CENTER_ACCESS_TOKEN in the environment instead",
    );
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join("; "));
  if (parsed.data.help) return { kind: "help" };
  const { init, project, stack } = parsed.data;
  if (init !== undefined && parsed.data.out !== undefined) {
    throw new UsageError(`--init writes the program to ${init}/offers/index.ts: leave out --out`);
  }
  if (init === undefined && (project !== undefined || stack !== undefined)) {
    throw new UsageError(`--${project !== undefined ? "project" : "stack"} names what --init writes: add --init <dir>, or leave it out`);
  }
  const settings: Record<string, string> = {};
  const data = parsed.data as Record<string, unknown>;
  for (const [option, key] of Object.entries(SETTING_OPTIONS)) {
    const value = data[option];
    if (typeof value === "string") settings[`partnercenter:${key}`] = value;
  }
  return {
    kind: "export",
    options: {
      out: init !== undefined ? `${init}/offers/index.ts` : (parsed.data.out ?? DEFAULT_OUT),
      force: parsed.data.force,
      ...(init !== undefined ? { init: { dir: init, stack: stack ?? DEFAULT_STACK, ...(project !== undefined ? { project } : {}) } } : {}),
      ...(parsed.data.account !== undefined ? { account: parsed.data.account } : {}),
      settings,
    },
  };
}
