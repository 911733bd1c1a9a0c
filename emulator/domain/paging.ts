// Paging shared by the list endpoints: `$maxpagesize` and an opaque `continuationToken`.

import type { HttpResult, Query } from "../contracts";
import { badRequest } from "./results";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  size: number;
  /** Position after which the page starts (exclusive); -1 for the first page. */
  after: number;
}

/** Reads `$maxpagesize` and `continuationToken`; a malformed value answers 400 naming it. */
export function readPageRequest(query: Query): PageRequest | HttpResult {
  let size = DEFAULT_PAGE_SIZE;
  const rawSize = query["$maxpagesize"];
  if (rawSize !== undefined) {
    size = Number(rawSize);
    if (!/^\d+$/.test(rawSize) || size < 1 || size > MAX_PAGE_SIZE) {
      return badRequest(`$maxpagesize must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, "$maxpagesize");
    }
  }
  const token = query["continuationToken"];
  if (token === undefined) return { size, after: -1 };
  const after = decodeToken(token);
  if (after === undefined) return badRequest("continuationToken is not one this service issued.", "continuationToken");
  return { size, after };
}

export function isPageRequest(value: PageRequest | HttpResult): value is PageRequest {
  return "size" in value;
}

// Tokens are opaque to clients; encoding the position keeps the server stateless.
export function encodeToken(after: number): string {
  return Buffer.from(`p:${after}`, "utf8").toString("base64url");
}

function decodeToken(token: string): number | undefined {
  const match = /^p:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Takes one page from `items` (each with a stable, increasing position) and, when more remain,
 * the `@nextLink` built by `linkFor` from the token of the next page.
 */
export function takePage<T>(
  items: Iterable<T>,
  positionOf: (item: T) => number,
  request: PageRequest,
  linkFor: (token: string) => string,
): { page: T[]; nextLink?: string } {
  const page: T[] = [];
  for (const item of items) {
    if (positionOf(item) <= request.after) continue;
    if (page.length === request.size) {
      const last = page[page.length - 1];
      return { page, nextLink: linkFor(encodeToken(last === undefined ? request.after : positionOf(last))) };
    }
    page.push(item);
  }
  return { page };
}

/** A query string from `params`, in the order given, each value URL-encoded. */
export function queryString(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}
