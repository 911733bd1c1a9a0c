// Every property of every resource, given each JSON type it does not have. The properties come from
// the schemas themselves (each offer type's field table and the PrivateOfferPlanPricing schema,
// walked down to the last nested field), so a new field is covered without editing this file; the
// values start from full inputs (full-inputs.ts) that hold every field somewhere.
import type { z } from "zod";
import { OFFER_FIELDS, type PrivateOfferType } from "../../provider/schema/offer-fields";
import { planPricingInputs } from "../../provider/schema/plan-pricing";
import { FULL_INPUTS, type FullInputs } from "./full-inputs";
import { formatPath, type ResourceKind } from "./generator";
import type { Inputs } from "./valid-inputs";

/** The JSON types a property can be given. */
export type JsonType = "object" | "array" | "number" | "string" | "boolean" | "null";
export const JSON_TYPES: readonly JsonType[] = ["object", "array", "number", "string", "boolean", "null"];

/** A value of each JSON type, chosen to look like a plausible mistake. */
const WRONG_VALUE: Record<JsonType, unknown> = {
  object: { wrong: "type" },
  array: ["wrong type"],
  number: 12,
  string: "12",
  boolean: true,
  null: null,
};

/** A property as the schema names it: `[]` for any element of a list, `{}` for any value of a map. */
export type SchemaPath = readonly string[];

export interface SchemaProperty {
  path: SchemaPath;
  /** The JSON type the schema wants there. */
  type: Exclude<JsonType, "null">;
}

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
}

const defOf = (schema: z.core.$ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const JSON_TYPE_OF: Record<string, Exclude<JsonType, "null">> = {
  string: "string",
  enum: "string",
  literal: "string",
  number: "number",
  int: "number",
  boolean: "boolean",
  object: "object",
  record: "object",
  array: "array",
};

/** Every property under `schema`, with the JSON type it wants. */
export function schemaProperties(schema: z.core.$ZodType, at: SchemaPath = [], out = new Map<string, SchemaProperty>()): Map<string, SchemaProperty> {
  const def = defOf(schema);
  const record = (type: Exclude<JsonType, "null">) => {
    if (at.length > 0) out.set(at.join("/"), { path: at, type });
  };
  switch (def.type) {
    case "optional":
    case "default":
    case "nullable":
    case "readonly":
    case "catch":
    case "prefault":
      return schemaProperties(def.innerType!, at, out);
    case "pipe":
      return schemaProperties(def.in!, at, out);
    case "object":
      record("object");
      for (const [key, value] of Object.entries(def.shape!)) schemaProperties(value, [...at, key], out);
      return out;
    case "array":
      record("array");
      return schemaProperties(def.element!, [...at, "[]"], out);
    case "record":
      record("object");
      return schemaProperties(def.valueType!, [...at, "{}"], out);
    case "union":
      for (const option of def.options!) schemaProperties(option, at, out);
      return out;
    default: {
      const type = JSON_TYPE_OF[def.type];
      if (!type) throw new Error(`no JSON type known for a zod ${def.type} at ${at.join(".")}`);
      record(type);
      return out;
    }
  }
}

/** Every property of a resource kind, from its schema. */
export function propertiesOf(kind: PrivateOfferType | "PrivateOfferPlanPricing"): SchemaProperty[] {
  if (kind === "PrivateOfferPlanPricing") return [...schemaProperties(planPricingInputs).values()];
  const out = new Map<string, SchemaProperty>();
  for (const [key, field] of Object.entries(OFFER_FIELDS[kind])) schemaProperties(field.schema, [key], out);
  return [...out.values()];
}

/** The path of `property` in `inputs`, with `[]` and `{}` resolved to the first element or key there; undefined when its parent is absent. */
function concretePath(inputs: Inputs, property: SchemaPath): Array<string | number> | undefined {
  const out: Array<string | number> = [];
  let current: unknown = inputs;
  for (const [i, part] of property.entries()) {
    const last = i === property.length - 1;
    if (current === null || typeof current !== "object") return undefined;
    let key: string | number;
    if (part === "[]") {
      if (!Array.isArray(current) || current.length === 0) return undefined;
      key = 0;
    } else if (part === "{}") {
      const first = Object.keys(current)[0];
      if (first === undefined) return undefined;
      key = first;
    } else {
      key = part;
    }
    out.push(key);
    const next = (current as Record<string | number, unknown>)[key];
    if (!last && next === undefined) return undefined;
    current = next;
  }
  return out;
}

function setAt(inputs: Inputs, path: ReadonlyArray<string | number>, value: unknown): Inputs {
  const copy = structuredClone(inputs);
  let target = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path[path.length - 1]!] = value;
  return copy;
}

export interface WrongTypeCase {
  id: string;
  resource: ResourceKind;
  kind: PrivateOfferType | "PrivateOfferPlanPricing";
  /** The property as the schema names it. */
  property: string;
  given: JsonType;
  inputs: Inputs;
  /** The property check must name: the failure is at it or below it. */
  expectProperty: string;
}

export interface WrongTypeSuite {
  cases: WrongTypeCase[];
  /** Properties of the schemas that no full input holds a parent for (must be none). */
  uncovered: string[];
  /** How many properties each kind has. */
  properties: Record<string, number>;
}

/** The first full input of the kind with the property's parent in it, and the concrete path there. */
function placeFor(bases: readonly FullInputs[], property: SchemaPath): { base: FullInputs; path: Array<string | number> } | undefined {
  for (const base of bases) {
    const path = concretePath(base.inputs, property);
    if (path) return { base, path };
  }
  return undefined;
}

/** Each property of each resource kind given each JSON type it does not want. */
export function wrongTypeCases(): WrongTypeSuite {
  const cases: WrongTypeCase[] = [];
  const uncovered: string[] = [];
  const properties: Record<string, number> = {};
  for (const [kind, bases] of Object.entries(FULL_INPUTS) as Array<[PrivateOfferType | "PrivateOfferPlanPricing", FullInputs[]]>) {
    const resource: ResourceKind = kind === "PrivateOfferPlanPricing" ? "PrivateOfferPlanPricing" : "PrivateOffer";
    const all = propertiesOf(kind);
    properties[kind] = all.length;
    for (const property of all) {
      const named = property.path.join(".");
      const place = placeFor(bases, property.path);
      if (!place) {
        uncovered.push(`${kind}: ${named}`);
        continue;
      }
      for (const given of JSON_TYPES) {
        if (given === property.type) continue;
        cases.push({
          id: `${kind} ${named} <- ${given}`,
          resource,
          kind,
          property: named,
          given,
          inputs: setAt(place.base.inputs, place.path, WRONG_VALUE[given]),
          expectProperty: formatPath(place.path),
        });
      }
    }
  }
  return { cases, uncovered, properties };
}
