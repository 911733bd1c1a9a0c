// Wire formats the real service uses for timestamps, dates, eTags and durable ids.

/** .NET `DateTime.MinValue`, which the service shows as `jobEnd` while a job is unfinished. */
export const DOTNET_MIN_VALUE = "0001-01-01T00:00:00";

/** ISO-8601 with seven fractional digits (.NET "o" format), e.g. `2025-01-01T00:00:00.1230000Z`. */
export function jobTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

/** `YYYY-MM-DD`, the format of `lastModified`. */
export function calendarDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A Cosmos-style eTag with its quotes embedded, e.g. `"00000001-0000-0800-0000-65a1b2c30000"`.
 * The sequence number makes every value distinct even within one millisecond.
 */
export function formatETag(sequence: number, ms: number): string {
  const seq = sequence.toString(16).padStart(8, "0");
  const seconds = Math.floor(ms / 1000).toString(16).padStart(8, "0");
  return `"${seq}-0000-0800-0000-${seconds}0000"`;
}

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

export const PRIVATE_OFFER_PREFIX = "private-offer/";
export const PRICING_PREFIX = "price-and-availability-private-offer-plan/";

/**
 * The key offers are stored under: the text after `private-offer/`, lower-cased so lookups
 * ignore GUID casing. Documented samples use ids that are not GUIDs, so any segment is allowed.
 */
export function offerKeyFromDurableId(id: string): string | undefined {
  if (!id.toLowerCase().startsWith(PRIVATE_OFFER_PREFIX)) return undefined;
  const rest = id.slice(PRIVATE_OFFER_PREFIX.length).trim();
  return rest === "" || rest.includes("/") ? undefined : rest.toLowerCase();
}

export function offerDurableId(key: string): string {
  return `${PRIVATE_OFFER_PREFIX}${key}`;
}
