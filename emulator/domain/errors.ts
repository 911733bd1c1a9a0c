// The error items of a failed job: `{ code, message, resourceId, target? }`. `resourceId` names the
// resource (its durable id, its resourceName, or `resources[i]`); `target`, when a rule is about
// one property, is that property's path in the request, as in a 400's details
// (`resources[0].upgradedFrom.id`).

import type { JobError } from "./state";

export const ERROR_CODES = {
  notFound: "notFound",
  invalidState: "invalidState",
  forbidden: "forbidden",
  conflict: "conflict",
  invalidResource: "invalidResource",
  internalServerError: "internalServerError",
} as const;

export function jobError(code: string, message: string, resourceId: string, target?: string): JobError {
  return target === undefined ? { code, message, resourceId } : { code, message, resourceId, target };
}
