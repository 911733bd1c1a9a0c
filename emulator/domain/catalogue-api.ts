// The read-only catalogue endpoints: products, plans and price-and-availability templates.

import type { HttpResult, JsonObject, Query } from "../contracts";
import { catalogue, findPlan, findProduct, planDurableId, productDurableId } from "./catalogue";
import { isPageRequest, queryString, readPageRequest, takePage } from "./paging";
import { badRequest, notFound, ok } from "./results";

const SCHEMA_HOST = "https://schema.mp.microsoft.com/schema";
const CATALOGUE_VERSION = "2022-07-01";
/** Versions of the pricing resource, oldest first. */
const PRICING_VERSIONS = ["2023-07-15", "2025-06-01"] as const;

export function listProducts(query: Query, baseUrl: string): HttpResult {
  const request = readPageRequest(query);
  if (!isPageRequest(request)) return request;
  const type = query["type"]?.toLowerCase();
  const externalId = query["externalId"]?.toLowerCase();
  const matching = catalogue.products
    .map((product, position) => ({ product, position }))
    .filter(({ product }) => type === undefined || product.type.toLowerCase() === type)
    .filter(({ product }) => externalId === undefined || product.externalId.toLowerCase() === externalId);
  const { page, nextLink } = takePage(matching, (m) => m.position, request, (token) =>
    `${baseUrl}/product${queryString({ $version: query["$version"], type: query["type"], externalId: query["externalId"], $maxpagesize: query["$maxpagesize"], continuationToken: token })}`,
  );
  const value = page.map(({ product }) => ({
    $schema: `${SCHEMA_HOST}/product/${CATALOGUE_VERSION}`,
    id: productDurableId(product),
    identity: { externalId: product.externalId },
    type: product.type,
    alias: product.alias,
  }));
  return ok(nextLink === undefined ? { value } : { value, "@nextLink": nextLink });
}

export function listPlans(query: Query, baseUrl: string): HttpResult {
  const productRef = query["product"];
  if (productRef === undefined || productRef === "") {
    return badRequest("The product query parameter is required, e.g. product=product/<guid>.", "product");
  }
  const product = findProduct(productRef);
  if (product === undefined) return notFound(productRef);
  const request = readPageRequest(query);
  if (!isPageRequest(request)) return request;
  const externalId = query["externalId"]?.toLowerCase();
  const matching = product.plans
    .map((plan, position) => ({ plan, position }))
    .filter(({ plan }) => externalId === undefined || plan.externalId.toLowerCase() === externalId);
  const { page, nextLink } = takePage(matching, (m) => m.position, request, (token) =>
    `${baseUrl}/plan${queryString({ $version: query["$version"], product: productRef, externalId: query["externalId"], $maxpagesize: query["$maxpagesize"], continuationToken: token })}`,
  );
  const value = page.map(({ plan }) => ({
    $schema: `${SCHEMA_HOST}/plan/${CATALOGUE_VERSION}`,
    product: productDurableId(product),
    id: planDurableId(product, plan),
    identity: { externalId: plan.externalId },
    alias: plan.alias,
  }));
  return ok(nextLink === undefined ? { value } : { value, "@nextLink": nextLink });
}

/**
 * `$version` acts as a maximum on reads: the newest pricing schema not later than it is answered,
 * and a version older than every pricing schema is refused.
 */
function pricingVersionFor(requested: string | undefined): string | undefined {
  if (requested === undefined) return PRICING_VERSIONS[PRICING_VERSIONS.length - 1];
  return [...PRICING_VERSIONS].reverse().find((v) => v <= requested);
}

export function getPricingTemplate(productId: string, query: Query): HttpResult {
  const version = pricingVersionFor(query["$version"]);
  if (version === undefined) {
    return badRequest(`$version must be ${PRICING_VERSIONS.join(" or ")} (or later) for pricing templates.`, "$version");
  }
  const planRef = query["plan"];
  if (planRef === undefined || planRef === "") {
    return badRequest("The plan query parameter is required, e.g. plan=plan/<productGuid>/<planGuid>.", "plan");
  }
  const product = findProduct(productId);
  if (product === undefined) return notFound(`product/${productId}`);
  const plan = findPlan(product, planRef);
  if (plan === undefined) return notFound(`${planRef} of ${productDurableId(product)}`);
  const body: JsonObject = {
    $schema: `${SCHEMA_HOST}/price-and-availability-private-offer-plan/${version}`,
    product: productDurableId(product),
    plan: planDurableId(product, plan),
    offerPricingType: plan.template.offerPricingType,
  };
  // Templates are handed out for editing: a deep copy keeps the catalogue itself immutable.
  if (plan.template.pricing !== undefined) body["pricing"] = structuredClone(plan.template.pricing);
  if (plan.template.softwareReservation !== undefined) {
    body["softwareReservation"] = structuredClone(plan.template.softwareReservation);
  }
  return ok(body);
}
