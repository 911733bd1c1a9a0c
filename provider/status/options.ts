// The status command's options, parsed with zod so every mistake names the option.
import { z } from "zod";
import { SECRETS_FROM_ENVIRONMENT, SETTING_FLAG_FIELDS, SETTING_FLAGS_USAGE, flagValue, parseCommandFlags, settingsFromFlags } from "../cli/settings-flags";
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

const schema = z.strictObject({
  format: z.enum(["markdown", "json", "svg"], { error: "--format must be markdown, json or svg" }).default("markdown"),
  out: flagValue("out").optional(),
  "stack-state": flagValue("stack-state").optional(),
  today: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "--today must be a date YYYY-MM-DD" })
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { error: "--today must be a real date" })
    .optional(),
  help: z.boolean().default(false),
  ...SETTING_FLAG_FIELDS,
});

/** The arguments after `status`. */
export function parseStatusArgs(rest: readonly string[]): ParsedStatus {
  const text = { type: "string" } as const;
  const data = parseCommandFlags(rest, { format: text, out: text, "stack-state": text, today: text, help: { type: "boolean", short: "h" } }, schema);
  if (data.help) return { kind: "help" };
  if (data.format === "svg" && data.out === undefined) {
    throw new UsageError("--format svg writes a picture: add --out <file>.svg");
  }
  const options: StatusOptions = { format: data.format, settings: settingsFromFlags(data) };
  if (data.out !== undefined) options.out = data.out;
  if (data["stack-state"] !== undefined) options.stackState = data["stack-state"];
  if (data.today !== undefined) options.today = data.today;
  return { kind: "status", options };
}
