// Prices in words, keyed so that two versions can be compared line by line in a preview.
import type { Term } from "../schema/primitives";
import type { PricingItem } from "../schema/private-offer";
import { isUnknown } from "../schema/unknowns";

function termWords(t: Term | undefined): string {
  if (!t || isUnknown(t)) return "?";
  if (t.value === 1) return t.type === "month" ? "monthly" : "yearly";
  return `${t.value}-${t.type}`;
}

function usd(amount: unknown): string {
  return typeof amount === "number" ? `$${amount}` : "(known after apply)";
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Every price of a price-and-availability document: `"1-year term, paid monthly" -> "$0.12"`. */
export function describePlanPrices(document: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (isUnknown(document)) return out;
  const pricing = obj(obj(document)["pricing"]);
  const recurrent = obj(pricing["recurrentPrice"]);
  const mode = recurrent["recurrentPriceMode"] === "perUser" ? " per user" : "";
  for (const raw of list(recurrent["prices"])) {
    const p = obj(raw);
    const billing = p["billingTerm"] as Term | undefined;
    const payment = (p["paymentOption"] as Term | undefined) ?? billing;
    out.set(`${termWords(billing)} term, paid ${termWords(payment)}`, `${usd(p["pricePerPaymentInUsd"])}${mode}`);
  }
  const limits = obj(recurrent["userLimits"]);
  if (typeof limits["min"] === "number") out.set("user limits", `${String(limits["min"])} to ${String(limits["max"])} users`);
  for (const [meterId, rawMeter] of Object.entries(obj(obj(pricing["customMeters"])["meters"]))) {
    const meter = obj(rawMeter);
    if (meter["pricePerPaymentInUsd"] !== undefined) out.set(`meter ${meterId}`, `${usd(meter["pricePerPaymentInUsd"])} per unit`);
    for (const rawQ of list(meter["includedQuantities"])) {
      const q = obj(rawQ);
      out.set(`meter ${meterId} included ${termWords(q["billingTerm"] as Term)}`, q["isInfinite"] === true ? "unlimited" : String(q["quantity"]));
    }
  }
  const reservation = obj(obj(document)["softwareReservation"]);
  if (reservation["reservationDuration"]) {
    out.set("reservation", `${termWords(reservation["reservationDuration"] as Term)} reservation, paid ${termWords(reservation["paymentSchedule"] as Term)}`);
  }
  for (const [size, rawPrice] of Object.entries(obj(reservation["vmPrices"]))) {
    const p = obj(rawPrice);
    out.set(`VM ${size}`, `${String(p["quantity"])} x ${usd(p["unitPricePerPaymentPeriodInUsd"])}`);
  }
  return out;
}

/** `product/x plan/y` (or `(whole product)`): how a pricing item is named in a preview. */
export function pricingItemLabel(item: PricingItem): string {
  const plan = item.discountType === "absolute" ? (item.basePlan ?? item.plan) : item.plan;
  return `${item.product} ${plan ?? "(whole product)"}`;
}

/** What changes in one pricing list compared with another, one line per plan and price. */
export function describePricingChanges(before: unknown, after: unknown): string[] {
  const lines: string[] = [];
  if (isUnknown(after)) return ["pricing: known after apply"];
  const index = (items: unknown) => new Map(list(items).filter((i) => !isUnknown(i)).map((i) => [pricingItemLabel(i as PricingItem), i as PricingItem]));
  const old = index(before);
  const now = index(after);
  for (const [label, item] of now) {
    const previous = old.get(label);
    if (!previous) {
      lines.push(`adds ${label}: ${summarise(item)}`);
      continue;
    }
    if (item.discountType === "percentage" || previous.discountType === "percentage") {
      const a = summarise(previous);
      const b = summarise(item);
      if (a !== b) lines.push(`${label}: ${a} -> ${b}`);
      continue;
    }
    if (isUnknown(item.priceDetails)) {
      lines.push(`${label}: prices known after apply`);
      continue;
    }
    const a = describePlanPrices(previous.priceDetails);
    const b = describePlanPrices(item.priceDetails);
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(key) !== b.get(key)) lines.push(`${label} ${key}: ${a.get(key) ?? "none"} -> ${b.get(key) ?? "none"}`);
    }
  }
  for (const label of old.keys()) if (!now.has(label)) lines.push(`removes ${label}`);
  return lines;
}

function summarise(item: PricingItem): string {
  if (item.discountType === "percentage") {
    return isUnknown(item.discountPercentage) ? "discount known after apply" : `${item.discountPercentage}% off`;
  }
  const prices = describePlanPrices(item.priceDetails);
  if (prices.size === 0) return "absolute price";
  return `absolute price (${[...prices].map(([k, v]) => `${k}: ${v}`).join("; ")})`;
}
