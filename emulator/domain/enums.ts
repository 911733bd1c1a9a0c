// Enum values are compared case-insensitively and stored in their canonical spelling (our reading
// the documentation mixes `multiPartyPromotionChannelPartner` and PascalCase values).

const CANONICAL_VALUES: Record<string, readonly string[]> = {
  privateOfferType: [
    "customerPromotion",
    "cspPromotion",
    "multipartyPromotionOriginator",
    "multipartyPromotionChannelPartner",
  ],
  offerPricingType: [
    "editExistingOfferPricingOnly",
    "saasNewCustomizedPlans",
    "vmSoftwareReservations",
    "newCustomizedPlans",
  ],
  state: ["draft", "live", "withdrawn", "deleted"],
  discountType: ["percentage", "absolute"],
  recurrentPriceMode: ["flatRate", "perUser"],
  priceInputOption: ["usd", "perMarket"],
  recipientType: ["cspCustomer", "billingGroup"],
  type: ["month", "year"],
};

const LOOKUP = new Map<string, Map<string, string>>(
  Object.entries(CANONICAL_VALUES).map(([key, values]) => [key, new Map(values.map((v) => [v.toLowerCase(), v]))]),
);

/** The canonical spelling of `value` for the property `key`, or `value` unchanged when unknown. */
export function canonicalEnum(key: string, value: string): string {
  return LOOKUP.get(key)?.get(value.toLowerCase()) ?? value;
}

/** A copy of `value` with every known enum property rewritten to its canonical spelling. */
export function canonicalise<T>(value: T): T {
  return canonicaliseAny(value, undefined) as T;
}

function canonicaliseAny(value: unknown, key: string | undefined): unknown {
  if (typeof value === "string") return key === undefined ? value : canonicalEnum(key, value);
  if (Array.isArray(value)) return value.map((item) => canonicaliseAny(item, undefined));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = canonicaliseAny(v, k);
    return out;
  }
  return value;
}
