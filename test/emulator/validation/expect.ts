import assert from "node:assert/strict";
import type { ErrorDetail } from "../../../emulator/contracts";
import { validateConfigureRequest } from "../../../emulator/validation";
import { asJson, QUERY, type Json } from "./requests";

export function accepted(body: Json, query: Record<string, string> = QUERY): void {
  const result = validateConfigureRequest(asJson(body), query);
  assert.ok(result.ok, `expected the request to be accepted, got ${JSON.stringify(result.ok ? undefined : result.error, null, 2)}`);
}

export function rejectedDetails(body: unknown, query: Record<string, string> = QUERY): ErrorDetail[] {
  const result = validateConfigureRequest(body === undefined ? undefined : asJson(body), query);
  assert.ok(!result.ok, "expected the request to be rejected");
  assert.equal(result.error.error.code, "badRequest");
  return result.error.error.details;
}

/** Rejected with a detail at `target` whose message contains `rule`. */
export function rejected(body: unknown, target: string | undefined, rule: string | RegExp, query?: Record<string, string>): ErrorDetail {
  const details = rejectedDetails(body, query);
  const detail = details.find((d) => d.target === target);
  assert.ok(detail, `expected a detail at ${target}; got ${JSON.stringify(details, null, 2)}`);
  if (typeof rule === "string") assert.ok(detail.message.includes(rule), `"${detail.message}" should say "${rule}"`);
  else assert.match(detail.message, rule);
  return detail;
}
