// Rules of a price-and-availability document that a schema alone cannot say.
import { isUnknown, type PropertyPath } from "./unknowns";
import { priceKey, termKey, type PlanPricingInputs } from "./plan-pricing";
import type { Finding } from "./offer-rules";
import type { Term } from "./primitives";

function knownTerm(t: Term | undefined): t is Term {
  return t !== undefined && !isUnknown(t) && !isUnknown(t.type) && !isUnknown(t.value);
}

function describeTerm(t: Term): string {
  return `${t.value} ${t.type}${t.value === 1 ? "" : "s"}`;
}

export function planPricingFindings(inputs: PlanPricingInputs): Finding[] {
  const out: Finding[] = [];
  const fail = (path: PropertyPath, reason: string) => out.push({ path, reason, severity: "failure" });
  const recurrent = inputs.pricing?.recurrentPrice;

  if (recurrent && !isUnknown(recurrent)) {
    const limits = recurrent.userLimits;
    if (recurrent.recurrentPriceMode === "flatRate" && limits !== undefined) {
      fail(["pricing", "recurrentPrice", "userLimits"], 'applies to per-user prices only: remove it or set recurrentPriceMode to "perUser"');
    }
    if (limits && !isUnknown(limits) && !isUnknown(limits.min) && !isUnknown(limits.max) && limits.min > limits.max) {
      fail(["pricing", "recurrentPrice", "userLimits", "min"], `must not exceed max (${limits.max})`);
    }
    const seen = new Map<string, number>();
    (Array.isArray(recurrent.prices) ? recurrent.prices : []).forEach((p, i) => {
      if (isUnknown(p) || !knownTerm(p.billingTerm) || (p.paymentOption !== undefined && !knownTerm(p.paymentOption))) return;
      const key = priceKey(p.billingTerm, p.paymentOption);
      const first = seen.get(key);
      if (first !== undefined) {
        fail(["pricing", "recurrentPrice", "prices", i], `repeats the billing term and payment option of prices[${first}]; give one price per term and payment option`);
      } else seen.set(key, i);
    });
  }

  const meters = inputs.pricing?.customMeters;
  if (meters && !isUnknown(meters)) {
    for (const [meterId, meter] of Object.entries(meters)) {
      if (isUnknown(meter) || !Array.isArray(meter.includedQuantities)) continue;
      const seen = new Set<string>();
      meter.includedQuantities.forEach((q, i) => {
        const at: PropertyPath = ["pricing", "customMeters", meterId, "includedQuantities", i];
        if (isUnknown(q)) return;
        if (q.isInfinite === true && q.quantity !== undefined) fail([...at, "quantity"], "must be left out when isInfinite is true");
        if (q.isInfinite !== true && q.quantity === undefined) {
          fail([...at, "quantity"], "is required unless isInfinite is true: the units included per billing term");
        }
        if (knownTerm(q.billingTerm)) {
          const key = termKey(q.billingTerm);
          if (seen.has(key)) fail(at, `repeats billing term ${describeTerm(q.billingTerm)}; give one included quantity per term`);
          seen.add(key);
        }
      });
    }
  }

  const reservation = inputs.softwareReservation;
  if (reservation && !isUnknown(reservation)) {
    if (inputs.offerPricingType !== "vmSoftwareReservations" && !isUnknown(inputs.offerPricingType)) {
      fail(["softwareReservation"], 'is only for VM software reservations: set offerPricingType to "vmSoftwareReservations"');
    }
    const duration = reservation.reservationDuration;
    if (knownTerm(duration) && !(duration.type === "year" && (duration.value === 1 || duration.value === 3))) {
      fail(["softwareReservation", "reservationDuration"], 'must be 1 or 3 years: { type: "year", value: 1 } or { type: "year", value: 3 }');
    }
    const schedule = reservation.paymentSchedule;
    if (knownTerm(schedule) && !(schedule.value === 1 && (schedule.type === "month" || schedule.type === "year"))) {
      fail(["softwareReservation", "paymentSchedule"], 'must be monthly ({ type: "month", value: 1 }) or upfront ({ type: "year", value: 1 })');
    }
  }
  if (inputs.offerPricingType === "vmSoftwareReservations" && recurrent !== undefined) {
    fail(["pricing", "recurrentPrice"], "VM software reservations are priced per VM size in softwareReservation.vmPrices, not by recurrent price");
  }
  return out;
}
