// Which `$schema` URLs the emulator understands. The host must be exactly Microsoft's current one:
// the older `product-ingestion.azureedge.net` preview schemas and anything with stray whitespace are
// unknown, as they would be to a strict JSON-schema resolver.

import type { ResourceType } from "../contracts";

export const SCHEMA_HOST = "https://schema.mp.microsoft.com/schema/";

export const ENVELOPE_TYPE = "configure";
export const ENVELOPE_VERSIONS = ["2022-07-01"] as const;

export const PRIVATE_OFFER_VERSIONS = ["2023-07-15", "2024-09-30", "2026-02-01"] as const;
export type PrivateOfferVersion = (typeof PRIVATE_OFFER_VERSIONS)[number];

export const PRICE_AND_AVAILABILITY_VERSIONS = ["2023-07-15", "2025-06-01"] as const;
export type PriceAndAvailabilityVersion = (typeof PRICE_AND_AVAILABILITY_VERSIONS)[number];

export const RESOURCE_VERSIONS: Record<ResourceType, readonly string[]> = {
  "private-offer": PRIVATE_OFFER_VERSIONS,
  "price-and-availability-private-offer-plan": PRICE_AND_AVAILABILITY_VERSIONS,
};

export interface SchemaId {
  type: string;
  version: string;
}

const SCHEMA_PATH = /^([a-z-]+)\/(\d{4}-\d{2}-\d{2})$/;

/** `https://schema.mp.microsoft.com/schema/<type>/<version>` -> its parts; anything else -> undefined. */
export function parseSchemaId(value: unknown): SchemaId | undefined {
  if (typeof value !== "string" || !value.startsWith(SCHEMA_HOST)) return undefined;
  const match = SCHEMA_PATH.exec(value.slice(SCHEMA_HOST.length));
  if (!match || match[1] === undefined || match[2] === undefined) return undefined;
  return { type: match[1], version: match[2] };
}

export function isResourceType(type: string): type is ResourceType {
  return Object.prototype.hasOwnProperty.call(RESOURCE_VERSIONS, type);
}

export function schemaUrl(type: string, version: string): string {
  return `${SCHEMA_HOST}${type}/${version}`;
}

/** One line listing what is accepted, for the message of an unknown `$schema`. */
export function supportedResourceSchemas(): string {
  return Object.entries(RESOURCE_VERSIONS)
    .flatMap(([type, versions]) => versions.map((v) => schemaUrl(type, v)))
    .join(", ");
}
