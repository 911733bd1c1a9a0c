// During `pulumi preview` any input that depends on another resource's output arrives as this
// sentinel string (nested values too). It must be accepted wherever the real value would be checked
// and must never reach the API.

/** The value the Pulumi engine substitutes for an output that is not known until apply. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when the value, or anything nested inside it, is the unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** A property path as zod reports it. */
export type PropertyPath = readonly PropertyKey[];

/** `pricing[1].discountPercentage`: the form Pulumi shows next to a check failure. */
export function formatPath(path: PropertyPath): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** The value at `path`, or undefined when the path leaves the value's structure. */
export function valueAt(root: unknown, path: PropertyPath): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** True when the value at `path`, or at any of its ancestors, is the unknown sentinel. */
export function isUnknownAt(root: unknown, path: PropertyPath): boolean {
  let current: unknown = root;
  if (isUnknown(current)) return true;
  for (const key of path) {
    if (current === null || typeof current !== "object") return false;
    current = (current as Record<PropertyKey, unknown>)[key];
    if (isUnknown(current)) return true;
  }
  return false;
}
