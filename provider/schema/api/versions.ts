// The API versions and document schemas this package speaks: one place, so that moving to a new
// version is one edit (and the emulator, which keeps its own list, can disagree).

/** `$version` of `POST /configure` and `GET /configure/{jobId}/status`, and of the envelope schema. */
export const CONFIGURE_API_VERSION = "2022-07-01";
/** Private-offer schema the provider writes and reads (the 2024-09-30 version was retired in April 2026). */
export const PRIVATE_OFFER_SCHEMA_VERSION = "2026-02-01";
/** Schema of `price-and-availability-private-offer-plan` resources and of the pricing template GET. */
export const PRICE_AND_AVAILABILITY_SCHEMA_VERSION = "2025-06-01";
/** `$version` of the product and plan listings. */
export const CATALOG_API_VERSION = "2022-07-01";

const SCHEMA_HOST = "https://schema.mp.microsoft.com/schema";

/** The `$schema` URL of a resource type at a version, e.g. `.../private-offer/2026-02-01`. */
export function schemaUrl(type: string, version: string): string {
  return `${SCHEMA_HOST}/${type}/${version}`;
}

/** The `$schema` of the body of `POST /configure`. */
export const CONFIGURE_SCHEMA = schemaUrl("configure", CONFIGURE_API_VERSION);
/** The `$schema` of a private offer this package writes. */
export const PRIVATE_OFFER_SCHEMA = schemaUrl("private-offer", PRIVATE_OFFER_SCHEMA_VERSION);
/** The `$schema` of the price-and-availability document this package writes. */
export const PLAN_PRICING_SCHEMA = schemaUrl("price-and-availability-private-offer-plan", PRICE_AND_AVAILABILITY_SCHEMA_VERSION);
