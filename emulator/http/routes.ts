// The product-ingestion routes, matched without touching the request, so routing is a pure function
// of method and path (and can be tested and reasoned about on its own).

export const API_PREFIX = "/rp/product-ingestion";

export type ApiRoute =
  | { name: "configure" }
  | { name: "jobStatus"; jobId: string }
  | { name: "cancelJob"; jobId: string }
  | { name: "jobDetail"; jobId: string }
  | { name: "getPrivateOffer"; offerGuid: string }
  | { name: "queryPrivateOffers" }
  | { name: "listProducts" }
  | { name: "listPlans" }
  | { name: "getPricingTemplate"; productId: string };

export type RouteMatch<R> =
  | { kind: "matched"; route: R }
  | { kind: "methodNotAllowed"; allowed: string[] }
  | { kind: "notFound" };

interface RouteDefinition<R> {
  method: string;
  /** Path segments; `:name` captures one segment. */
  segments: string[];
  build(params: Record<string, string>): R;
}

function define<R>(method: string, pattern: string, build: (params: Record<string, string>) => R): RouteDefinition<R> {
  return { method, segments: pattern.split("/").filter((s) => s !== ""), build };
}

const apiRoutes: RouteDefinition<ApiRoute>[] = [
  define("POST", "configure", () => ({ name: "configure" })),
  define("GET", "configure/:jobId/status", (p) => ({ name: "jobStatus", jobId: p.jobId ?? "" })),
  define("POST", "configure/:jobId/cancel", (p) => ({ name: "cancelJob", jobId: p.jobId ?? "" })),
  define("GET", "configure/:jobId", (p) => ({ name: "jobDetail", jobId: p.jobId ?? "" })),
  // Listed before `private-offer/:offerGuid` so `query` is never taken for an offer id.
  define("GET", "private-offer/query", () => ({ name: "queryPrivateOffers" })),
  define("GET", "private-offer/:offerGuid", (p) => ({ name: "getPrivateOffer", offerGuid: p.offerGuid ?? "" })),
  define("GET", "product", () => ({ name: "listProducts" })),
  define("GET", "plan", () => ({ name: "listPlans" })),
  define("GET", "price-and-availability-private-offer-plan/:productId", (p) => ({
    name: "getPricingTemplate",
    productId: p.productId ?? "",
  })),
];

export type TestRoute =
  | { name: "listRequests" }
  | { name: "clearRequests" }
  | { name: "addFaults" }
  | { name: "listFaults" }
  | { name: "clearFaults" }
  | { name: "acceptOffer"; offerGuid: string }
  | { name: "editOffer"; offerGuid: string }
  | { name: "releaseJob"; jobId: string }
  | { name: "releaseJobs" }
  | { name: "reset" };

export const TEST_PREFIX = "/_emulator";

const testRoutes: RouteDefinition<TestRoute>[] = [
  define("GET", "requests", () => ({ name: "listRequests" })),
  define("DELETE", "requests", () => ({ name: "clearRequests" })),
  define("POST", "faults", () => ({ name: "addFaults" })),
  define("GET", "faults", () => ({ name: "listFaults" })),
  define("DELETE", "faults", () => ({ name: "clearFaults" })),
  define("POST", "private-offers/:offerGuid/accept", (p) => ({ name: "acceptOffer", offerGuid: p.offerGuid ?? "" })),
  define("POST", "private-offers/:offerGuid/edit", (p) => ({ name: "editOffer", offerGuid: p.offerGuid ?? "" })),
  define("POST", "jobs/release", () => ({ name: "releaseJobs" })),
  define("POST", "jobs/:jobId/release", (p) => ({ name: "releaseJob", jobId: p.jobId ?? "" })),
  define("POST", "reset", () => ({ name: "reset" })),
];

function matchSegments(pattern: string[], path: string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    const actual = path[i] as string;
    if (expected.startsWith(":")) {
      if (actual === "") return undefined;
      params[expected.slice(1)] = actual;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/** Splits a path below `prefix` into decoded segments; `undefined` when the path is not below it. */
function segmentsBelow(prefix: string, pathname: string): string[] | undefined {
  if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return undefined;
  const rest = pathname.slice(prefix.length).replace(/^\/+|\/+$/g, "");
  if (rest === "") return [];
  try {
    return rest.split("/").map((segment) => decodeURIComponent(segment));
  } catch {
    return rest.split("/");
  }
}

function match<R>(definitions: RouteDefinition<R>[], method: string, segments: string[]): RouteMatch<R> {
  const allowed = new Set<string>();
  for (const definition of definitions) {
    const params = matchSegments(definition.segments, segments);
    if (!params) continue;
    if (definition.method === method) return { kind: "matched", route: definition.build(params) };
    allowed.add(definition.method);
  }
  return allowed.size > 0 ? { kind: "methodNotAllowed", allowed: [...allowed] } : { kind: "notFound" };
}

export function isApiPath(pathname: string): boolean {
  return segmentsBelow(API_PREFIX, pathname) !== undefined;
}

export function isTestPath(pathname: string): boolean {
  return segmentsBelow(TEST_PREFIX, pathname) !== undefined;
}

export function matchApiRoute(method: string, pathname: string): RouteMatch<ApiRoute> {
  const segments = segmentsBelow(API_PREFIX, pathname);
  return segments ? match(apiRoutes, method, segments) : { kind: "notFound" };
}

export function matchTestRoute(method: string, pathname: string): RouteMatch<TestRoute> {
  const segments = segmentsBelow(TEST_PREFIX, pathname);
  return segments ? match(testRoutes, method, segments) : { kind: "notFound" };
}

/** Decoded query parameters; a repeated key keeps its first value (contracts.ts `Query`). */
export function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (!(key in query)) query[key] = value;
  }
  return query;
}
