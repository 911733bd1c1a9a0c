// Property values as the Pulumi engine puts them on the wire to a provider: unknowns during preview
// and secrets as signature objects. The engine-side rules (strip secrets for a provider that does not
// accept them, re-mark outputs) are reproduced here so tests see what a real `pulumi up` would record.

/** A JSON value as carried by a google.protobuf.Struct. */
export type PropertyValue = null | boolean | number | string | PropertyValue[] | PropertyMap;
export type PropertyMap = { [key: string]: PropertyValue };

/** What an unknown (computed) input looks like to a provider during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The key that marks a special object (secret, asset, resource reference) in a property map. */
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
/** The signature value of a secret. */
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

export interface SecretValue {
  [SIGNATURE_KEY]: typeof SECRET_SIGNATURE;
  value: PropertyValue;
  [key: string]: PropertyValue;
}

/** Marks a value secret, the way the engine marshals a secret input or a `secure` config value. */
export function secret(value: PropertyValue): SecretValue {
  return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

export function isSecret(value: unknown): value is SecretValue {
  return isPlainObject(value) && value[SIGNATURE_KEY] === SECRET_SIGNATURE;
}

export function isPlainObject(value: unknown): value is PropertyMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function containsSecrets(value: PropertyValue): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  if (isPlainObject(value)) return Object.values(value).some(containsSecrets);
  return false;
}

export function containsUnknowns(value: PropertyValue): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknowns);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknowns);
  return false;
}

/**
 * Replaces every secret by its plain value: what the engine sends to a provider whose
 * ConfigureResponse says `acceptSecrets: false` (the Node.js dynamic provider host does).
 */
export function revealSecrets(value: PropertyValue): PropertyValue {
  if (isSecret(value)) return revealSecrets(value.value);
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealSecrets(v)]));
  }
  return value;
}

/**
 * The engine's `annotateSecrets`: an output is marked secret when the input with the same key
 * contained a secret; objects on both sides are compared key by key; any secret inside an input
 * array marks the whole output array.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key] as PropertyValue;
    const inPlain = isSecret(inValue) ? undefined : inValue;
    if (isPlainObject(outValue) && !isSecret(outValue) && inPlain !== undefined && isPlainObject(inPlain)) {
      result[key] = annotateSecrets(outValue, inPlain);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = secret(outValue);
    }
  }
  return result;
}

/** Which keys of an engine-side property map are secret, e.g. `["sasUrl", "terms.uri"]`. */
export function secretPaths(value: PropertyValue, prefix = ""): string[] {
  if (isSecret(value)) return [prefix];
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([k, v]) => secretPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, `${prefix}[${i}]`));
  return [];
}
