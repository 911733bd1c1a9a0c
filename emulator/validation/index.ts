// Schema-level validation of a configure request (§4, §6.4, §7): needs no stored state, so the
// domain calls it first and answers 400 with `error` when it fails.

import type { ConfigureValidation, JsonObject, Query, ResourceType, ValidatedResource } from "../contracts";
import { validationEnvelope } from "./envelope";
import { checkPriceAndAvailabilityRules, PRICE_AND_AVAILABILITY_SHAPES } from "./price-and-availability";
import { isObject } from "./primitives";
import { checkPrivateOfferRules } from "./private-offer-rules";
import { PRIVATE_OFFER_SHAPES } from "./private-offer-shape";
import { ProblemSink, type Problem } from "./problems";
import { checkReferences, type TypedResource } from "./references";
import {
  ENVELOPE_TYPE,
  ENVELOPE_VERSIONS,
  RESOURCE_VERSIONS,
  isResourceType,
  parseSchemaId,
  schemaUrl,
  supportedResourceSchemas,
} from "./schema-ids";
import { addZodIssues } from "./zod-problems";

export { validationEnvelope } from "./envelope";

const ENVELOPE_KEYS = new Set(["$schema", "resources"]);

export function validateConfigureRequest(body: unknown, query: Query): ConfigureValidation {
  const problems: Problem[] = [];
  const sink = new ProblemSink(problems);

  if (!isObject(body)) {
    sink.add([], `must be a JSON object {"$schema": "${schemaUrl(ENVELOPE_TYPE, ENVELOPE_VERSIONS[0])}", "resources": [...]}`, "invalidBody");
    return { ok: false, error: validationEnvelope(problems) };
  }

  const envelopeVersion = checkEnvelopeSchema(body.$schema, query, sink);
  for (const key of Object.keys(body)) {
    if (!ENVELOPE_KEYS.has(key)) sink.add([key], "is not a property of a configure request ($schema, resources)", "unknownProperty");
  }

  const typed: TypedResource[] = [];
  const resources = body.resources;
  if (!Array.isArray(resources)) {
    sink.add(["resources"], resources === undefined ? "is required: the resources to configure" : "must be an array of resources");
  } else if (resources.length === 0) {
    sink.add(["resources"], "must list at least one resource");
  } else {
    resources.forEach((raw, index) => {
      const resource = checkResource(raw, index, sink.at("resources", index));
      if (resource) typed.push(resource);
    });
    checkReferences(typed, sink);
  }

  if (problems.length > 0 || envelopeVersion === undefined) {
    return { ok: false, error: validationEnvelope(problems) };
  }
  return { ok: true, envelopeVersion, resources: typed.map(toValidated) };
}

function checkEnvelopeSchema(value: unknown, query: Query, sink: ProblemSink): string | undefined {
  const id = parseSchemaId(value);
  if (id === undefined || id.type !== ENVELOPE_TYPE || !(ENVELOPE_VERSIONS as readonly string[]).includes(id.version)) {
    const expected = schemaUrl(ENVELOPE_TYPE, ENVELOPE_VERSIONS[0]);
    sink.add(["$schema"], value === undefined ? `is required: "${expected}"` : `must be "${expected}"`, "unsupportedSchema");
    return undefined;
  }
  const requested = query["$version"];
  if (requested !== id.version) {
    sink.add(["$version"], `(the query parameter, "${requested ?? ""}") must equal the envelope's $schema version ${id.version}`, "unsupportedSchema");
    return undefined;
  }
  return id.version;
}

function checkResource(raw: unknown, index: number, sink: ProblemSink): TypedResource | undefined {
  if (!isObject(raw)) {
    sink.add([], "must be an object with a $schema");
    return undefined;
  }
  const id = parseSchemaId(raw.$schema);
  const type = id?.type;
  if (id === undefined || type === undefined || !isResourceType(type) || !RESOURCE_VERSIONS[type].includes(id.version)) {
    const sent = typeof raw.$schema === "string" ? `"${raw.$schema}" is not a supported schema` : "is required";
    sink.add(["$schema"], `${sent}; supported: ${supportedResourceSchemas()}`, "unsupportedSchema");
    return undefined;
  }
  if (type === "private-offer") {
    const result = PRIVATE_OFFER_SHAPES.get(id.version)?.safeParse(raw);
    if (result && !result.success) addZodIssues(result.error.issues, sink);
    checkPrivateOfferRules(raw, id.version, sink);
  } else {
    const result = PRICE_AND_AVAILABILITY_SHAPES.get(id.version)?.safeParse(raw);
    if (result && !result.success) addZodIssues(result.error.issues, sink);
    checkPriceAndAvailabilityRules(raw, id.version, sink);
  }
  return { index, type, version: id.version, raw };
}

function toValidated(resource: TypedResource): ValidatedResource {
  const validated: ValidatedResource = {
    type: resource.type as ResourceType,
    version: resource.version,
    index: resource.index,
    body: resource.raw as JsonObject,
  };
  if (typeof resource.raw.resourceName === "string") validated.resourceName = resource.raw.resourceName;
  return validated;
}
