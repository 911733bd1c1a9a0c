// The status command's options, parsed with zod so every mistake names the option.
import { parseArgs } from "node:util";
import { z } from "zod";
import { SECRETS_FROM_ENVIRONMENT, SETTING_FLAG_SPECS, SETTING_FLAGS, SETTING_FLAGS_USAGE, refusedSecretFlag, settingsFromFlags } from "../cli/settings-flags";
import { UsageError } from "../cli/usage";
import { ATTENTION } from "./report";

export const STATUS_USAGE = `Usage: pulumi-partnercenter-private-offers status [options]

Reads every private offer your Partner Center account can see and reports each one's type, state,
customer or partner, accept-by and end dates and acceptance progress, and what needs attention:
accept-by within ${ATTENTION.acceptByWithinDays} days, ending within ${ATTENTION.endingWithinDays} days, withdrawn but still in the stack, drafts
older than a week.

Options:
  --format <markdown|json|svg>     markdown (default; a pull-request comment or job summary), json, or
                                   svg: a timeline picture, one bar per offer (needs --out)
  --out <file>                     write the report to <file> instead of stdout
  --stack-state <file>             the output of \`pulumi stack export\` ("-" for stdin): offers withdrawn
                                   in Partner Center that this stack still declares need attention
  --today <YYYY-MM-DD>             count from this day instead of today (UTC)
${SETTING_FLAGS_USAGE}
  --help                           show this text

${SECRETS_FROM_ENVIRONMENT}`;

export type StatusFormat = "markdown" | "json" | "svg";

export interface StatusOptions {
  format: StatusFormat;
  out?: string;
  stackState?: string;
  today?: string;
  settings: Record<string, string>;
}

export type ParsedStatus = { kind: "help" } | { kind: "status"; options: StatusOptions };

const nonEmpty = (option: string) => z.string().trim().min(1, { error: `--${option} needs a value` });

const schema = z.strictObject({
  format: z.enum(["markdown", "json", "svg"], { error: "--format must be markdown, json or svg" }).default("markdown"),
  out: nonEmpty("out").optional(),
  "stack-state": nonEmpty("stack-state").optional(),
  today: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "--today must be a date YYYY-MM-DD" })
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { error: "--today must be a real date" })
    .optional(),
  help: z.boolean().default(false),
  ...Object.fromEntries(Object.keys(SETTING_FLAGS).map((option) => [option, nonEmpty(option).optional()])),
  "client-secret": z.string().optional(),
  "access-token": z.string().optional(),
});

/** The arguments after `status`. */
export function parseStatusArgs(rest: readonly string[]): ParsedStatus {
  let values: Record<string, unknown>;
  try {
    const text = { type: "string" } as const;
    values = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: { format: text, out: text, "stack-state": text, today: text, help: { type: "boolean", short: "h" }, ...SETTING_FLAG_SPECS },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const refused = refusedSecretFlag(values);
  if (refused) throw new UsageError(refused);
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join("; "));
  if (parsed.data.help) return { kind: "help" };
  if (parsed.data.format === "svg" && parsed.data.out === undefined) {
    throw new UsageError("--format svg writes a picture: add --out <file>.svg");
  }
  const options: StatusOptions = { format: parsed.data.format, settings: settingsFromFlags(parsed.data) };
  if (parsed.data.out !== undefined) options.out = parsed.data.out;
  if (parsed.data["stack-state"] !== undefined) options.stackState = parsed.data["stack-state"];
  if (parsed.data.today !== undefined) options.today = parsed.data.today;
  return { kind: "status", options };
}
