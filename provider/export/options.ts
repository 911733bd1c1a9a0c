// The export command's options, parsed with zod so every mistake names the option. Secrets (client
// secret, access token) are read from the environment only: command lines end up in shell history
// and process listings.
import { z } from "zod";
import { UsageError } from "../cli/usage";
import { SECRETS_FROM_ENVIRONMENT, SETTING_FLAG_FIELDS, SETTING_FLAGS_USAGE, flagValue, parseCommandFlags, settingsFromFlags } from "../cli/settings-flags";

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
${SETTING_FLAGS_USAGE}
  --help                           show this text

${SECRETS_FROM_ENVIRONMENT}`;

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

export { UsageError } from "../cli/usage";

/** Pulumi's rule for project and stack names. */
const pulumiName = (option: string) =>
  flagValue(option).regex(/^[A-Za-z0-9_.-]{1,100}$/, { error: `--${option} may hold only letters, digits, "_", "." and "-" (at most 100)` });

const optionsSchema = z.strictObject({
  out: flagValue("out").optional(),
  init: flagValue("init").optional(),
  project: pulumiName("project").optional(),
  stack: pulumiName("stack").optional(),
  force: z.boolean().default(false),
  help: z.boolean().default(false),
  account: flagValue("account").optional(),
  ...SETTING_FLAG_FIELDS,
});

/** The arguments after `export`. */
export function parseExportArgs(rest: readonly string[]): ParsedCommand {
  const text = { type: "string" } as const;
  const data = parseCommandFlags(
    rest,
    { out: text, init: text, project: text, stack: text, force: { type: "boolean" }, help: { type: "boolean", short: "h" }, account: text },
    optionsSchema,
  );
  if (data.help) return { kind: "help" };
  const { init, project, stack } = data;
  if (init !== undefined && data.out !== undefined) {
    throw new UsageError(`--init writes the program to ${init}/offers/index.ts: leave out --out`);
  }
  if (init === undefined && (project !== undefined || stack !== undefined)) {
    throw new UsageError(`--${project !== undefined ? "project" : "stack"} names what --init writes: add --init <dir>, or leave it out`);
  }
  const settings = settingsFromFlags(data);
  return {
    kind: "export",
    options: {
      out: init !== undefined ? `${init}/offers/index.ts` : (data.out ?? DEFAULT_OUT),
      force: data.force,
      ...(init !== undefined ? { init: { dir: init, stack: stack ?? DEFAULT_STACK, ...(project !== undefined ? { project } : {}) } } : {}),
      ...(data.account !== undefined ? { account: data.account } : {}),
      settings,
    },
  };
}
