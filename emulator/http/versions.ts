// `$version` on the product-ingestion routes.
//
// The documentation calls `$version` required, yet Microsoft's own clients (the marketplace GitHub
// Action's `product_ingestion.ps1`) send none and the service answers them. So a call without it
// gets the version the private-offer documentation gives for that route. A `$version` that names
// no schema version of this API is refused with 400 on every route. On reads it is, as documented,
// a maximum: the newest version of the route's schema not later than it is answered. On
// `POST configure` it must equal the envelope's `$schema` version (checked by the validator).

import type { HttpResult, Query } from "../contracts";
import { errorEnvelope } from "./envelope";
import type { ApiRoute } from "./routes";

/** Every schema version this emulator knows, of any resource type, oldest first. */
export const API_VERSIONS = ["2022-07-01", "2023-07-15", "2024-09-30", "2025-06-01", "2026-02-01"] as const;

interface RouteVersions {
  /** What a call without `$version` gets: the value the documentation shows for the route. */
  default: string;
  /** Versions of the schema the route answers with, oldest first. */
  versions: readonly string[];
  /** What the route answers, for messages. */
  what: string;
}

const CONFIGURE = { default: "2022-07-01", versions: ["2022-07-01"], what: "configure" } as const;
const PRIVATE_OFFER = { default: "2023-07-15", versions: ["2023-07-15", "2024-09-30", "2026-02-01"], what: "private-offer" } as const;
const CATALOGUE = { default: "2022-07-01", versions: ["2022-07-01"], what: "product and plan" } as const;

export const ROUTE_VERSIONS: Record<ApiRoute["name"], RouteVersions> = {
  configure: CONFIGURE,
  jobStatus: { ...CONFIGURE, what: "configure-status" },
  cancelJob: { ...CONFIGURE, what: "configure-status" },
  // The private-offer job page reads the job detail with 2023-07-15.
  jobDetail: { default: "2023-07-15", versions: ["2022-07-01", "2023-07-15"], what: "configure-detail" },
  getPrivateOffer: PRIVATE_OFFER,
  queryPrivateOffers: PRIVATE_OFFER,
  listProducts: CATALOGUE,
  listPlans: CATALOGUE,
  // The current multiparty page reads pricing templates with 2025-06-01.
  getPricingTemplate: { default: "2025-06-01", versions: ["2023-07-15", "2025-06-01"], what: "price-and-availability-private-offer-plan" },
};

function refuse(message: string): { ok: false; result: HttpResult } {
  return { ok: false, result: { status: 400, body: errorEnvelope("badRequest", message, [{ code: "unsupportedVersion", message, target: "$version" }]) } };
}

/**
 * The query with `$version` settled for `route`: filled in when absent, resolved to the version
 * answered on reads; or the 400 to answer.
 */
export function settleVersion(route: ApiRoute["name"], query: Query): { ok: true; query: Query } | { ok: false; result: HttpResult } {
  const spec = ROUTE_VERSIONS[route];
  const requested = query["$version"]?.trim();
  if (requested === undefined || requested === "") return { ok: true, query: { ...query, $version: spec.default } };
  if (!(API_VERSIONS as readonly string[]).includes(requested)) {
    return refuse(
      `$version ${requested} is not a version of this API; use one of ${API_VERSIONS.join(", ")}, ` +
        `or leave $version out to get ${spec.default}, the version the documentation gives for this call`,
    );
  }
  // The envelope's $schema decides a write; the validator holds $version to it.
  if (route === "configure") return { ok: true, query };
  const answered = [...spec.versions].reverse().find((version) => version <= requested);
  if (answered === undefined) {
    return refuse(`$version ${requested} is older than every ${spec.what} schema this API serves (${spec.versions.join(", ")})`);
  }
  return { ok: true, query: { ...query, $version: answered } };
}
