// The fault format of design §5: where a fault applies (method, path pattern, count) and its one
// effect. Parsed with zod so a mistyped fault is refused with the property at fault, instead of
// silently never firing and leaving a test to pass for the wrong reason.

import { z } from "zod";
import type { ErrorDetail } from "../contracts";

const statusCodes = [429, 500, 502, 503, 504] as const;

const target = {
  method: z
    .string()
    .regex(/^[A-Za-z]+$/, "must be an HTTP method such as GET or POST")
    .transform((m) => m.toUpperCase())
    .optional(),
  path: z
    .string()
    .startsWith("/", "must be an absolute path such as /rp/product-ingestion/configure/*/status"),
  count: z.number().int("must be a whole number").min(1, "must be at least 1").default(1),
};

const statusFault = z.strictObject({
  ...target,
  status: z.literal(statusCodes, {
    error: `must be one of ${statusCodes.join(", ")}`,
  }),
  retryAfterSeconds: z.number().int("must be a whole number").min(0, "must not be negative").optional(),
});
const delayFault = z.strictObject({
  ...target,
  delayMs: z.number().int("must be a whole number").min(0, "must not be negative").max(600_000, "must be at most 600000"),
});
const resetFault = z.strictObject({
  ...target,
  reset: z.literal(true, { error: "must be true" }),
  after: z.literal("processing", { error: 'must be "processing" (or left out to drop before processing)' }).optional(),
});
const failedJobFault = z.strictObject({
  ...target,
  jobResult: z.literal("failed", { error: 'must be "failed"' }),
});
const stuckJobFault = z.strictObject({
  ...target,
  stuck: z.literal(true, { error: "must be true" }),
});

export type FaultSpec =
  | z.infer<typeof statusFault>
  | z.infer<typeof delayFault>
  | z.infer<typeof resetFault>
  | z.infer<typeof failedJobFault>
  | z.infer<typeof stuckJobFault>;

const effectKeys = ["status", "delayMs", "reset", "jobResult", "stuck"] as const;
const schemaByEffect = {
  status: statusFault,
  delayMs: delayFault,
  reset: resetFault,
  jobResult: failedJobFault,
  stuck: stuckJobFault,
} as const;

export type FaultParse = { ok: true; faults: FaultSpec[] } | { ok: false; details: ErrorDetail[] };

function pathText(prefix: string, path: readonly PropertyKey[]): string {
  let text = prefix;
  for (const key of path) {
    text += typeof key === "number" ? `[${key}]` : text === "" ? String(key) : `.${String(key)}`;
  }
  return text;
}

function parseOne(input: unknown, prefix: string): { fault?: FaultSpec; details: ErrorDetail[] } {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { details: [{ code: "invalidFault", message: "a fault must be a JSON object", target: prefix || "fault" }] };
  }
  const present = effectKeys.filter((key) => key in input);
  if (present.length !== 1) {
    return {
      details: [{
        code: "invalidFault",
        message: present.length === 0
          ? `a fault needs exactly one effect: one of ${effectKeys.join(", ")}`
          : `a fault has exactly one effect; found ${present.join(" and ")}: register one fault per effect`,
        target: prefix || "fault",
      }],
    };
  }
  const effect = present[0] as (typeof effectKeys)[number];
  const parsed = schemaByEffect[effect].safeParse(input);
  if (parsed.success) return { fault: parsed.data, details: [] };
  return {
    details: parsed.error.issues.map((issue) => {
      const where = pathText(prefix, issue.path);
      const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : [];
      return unknownKeys.length > 0
        ? {
            code: "invalidFault",
            message: `unknown propert${unknownKeys.length === 1 ? "y" : "ies"} ${unknownKeys.join(", ")} for a ${effect} fault`,
            target: pathText(prefix, [...issue.path, unknownKeys[0] as string]),
          }
        : { code: "invalidFault", message: `${where || "fault"}: ${issue.message}`, target: where || "fault" };
    }),
  };
}

/** Accepts one fault object or an array of them; every problem in every fault is reported. */
export function parseFaults(input: unknown): FaultParse {
  const items = Array.isArray(input) ? input : [input];
  const faults: FaultSpec[] = [];
  const details: ErrorDetail[] = [];
  items.forEach((item, index) => {
    const result = parseOne(item, Array.isArray(input) ? `[${index}]` : "");
    if (result.fault) faults.push(result.fault);
    details.push(...result.details);
  });
  if (Array.isArray(input) && input.length === 0) {
    details.push({ code: "invalidFault", message: "the list of faults is empty", target: "faults" });
  }
  return details.length > 0 ? { ok: false, details } : { ok: true, faults };
}
