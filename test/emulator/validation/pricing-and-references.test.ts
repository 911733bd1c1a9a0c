import assert from "node:assert/strict";
import { accepted, rejected, rejectedDetails } from "./expect";
import {
  customerOffer,
  customerSaasOffer,
  customerVmsrOffer,
  envelope,
  pricingSchema,
  saasPricingResource,
  vmsrPricingResource,
  type Json,
} from "./requests";

const saas = (change: (r: Json) => void) => () => {
  const r = saasPricingResource();
  change(r);
  return envelope(r, customerSaasOffer());
};
const vmsr = (change: (r: Json) => void) => () => {
  const r = vmsrPricingResource();
  change(r);
  return envelope(r, customerVmsrOffer());
};
const recurrent = (r: Json) => r.pricing.recurrentPrice;

const cases: Array<{ rule: string; valid: () => Json; invalid: () => Json; target: string; says: string }> = [
  { rule: "product and plan are durable ids", valid: saas(() => {}), invalid: saas((r) => (r.product = "7ba807c8")), target: "resources[0].product", says: "product/<id>" },
  { rule: "recurrentPriceMode is flatRate or perUser", valid: saas((r) => (recurrent(r).recurrentPriceMode = "PerUser")), invalid: saas((r) => (recurrent(r).recurrentPriceMode = "perSeat")), target: "resources[0].pricing.recurrentPrice.recurrentPriceMode", says: "must be one of flatRate, perUser" },
  { rule: "perUser needs userLimits", valid: saas(() => {}), invalid: saas((r) => delete recurrent(r).userLimits), target: "resources[0].pricing.recurrentPrice.userLimits", says: "is required when recurrentPriceMode is perUser" },
  { rule: "userLimits min is at most max", valid: saas((r) => (recurrent(r).userLimits = { min: 5, max: 5 })), invalid: saas((r) => (recurrent(r).userLimits = { min: 50, max: 20 })), target: "resources[0].pricing.recurrentPrice.userLimits.max", says: "must be at least min (50)" },
  { rule: "flatRate takes no userLimits", valid: saas((r) => { recurrent(r).recurrentPriceMode = "flatRate"; delete recurrent(r).userLimits; }), invalid: saas((r) => (recurrent(r).recurrentPriceMode = "flatRate")), target: "resources[0].pricing.recurrentPrice.userLimits", says: "only for recurrentPriceMode perUser" },
  { rule: "prices are not negative", valid: saas((r) => (recurrent(r).prices[0].pricePerPaymentInUsd = 0)), invalid: saas((r) => (recurrent(r).prices[0].pricePerPaymentInUsd = -1)), target: "resources[0].pricing.recurrentPrice.prices[0].pricePerPaymentInUsd", says: "must not be negative" },
  { rule: "a price has pricePerPaymentInUsd", valid: saas(() => {}), invalid: saas((r) => delete recurrent(r).prices[0].pricePerPaymentInUsd), target: "resources[0].pricing.recurrentPrice.prices[0].pricePerPaymentInUsd", says: "is required unless the price has a flexibleSchedule" },
  { rule: "terms are month or year", valid: saas((r) => (recurrent(r).prices[0].billingTerm = { type: "Year", value: 3 })), invalid: saas((r) => (recurrent(r).prices[0].billingTerm = { type: "week", value: 1 })), target: "resources[0].pricing.recurrentPrice.prices[0].billingTerm.type", says: "must be one of month, year" },
  { rule: "flexible billing needs 2025-06-01", valid: saas((r) => (recurrent(r).prices[0].billingFrequency = { type: "month", value: 1 })), invalid: saas((r) => { r.$schema = pricingSchema("2023-07-15"); recurrent(r).prices[0].billingFrequency = { type: "month", value: 1 }; }), target: "resources[0].pricing.recurrentPrice.prices[0].billingFrequency", says: "needs price-and-availability-private-offer-plan 2025-06-01" },
  { rule: "an included quantity is infinite or counted", valid: saas((r) => (r.pricing.customMeters = { meters: { m1: { includedQuantities: [{ billingTerm: { type: "month", value: 1 }, isInfinite: true }] } } })), invalid: saas((r) => (r.pricing.customMeters = { meters: { m1: { includedQuantities: [{ billingTerm: { type: "month", value: 1 }, isInfinite: false }] } } })), target: "resources[0].pricing.customMeters.meters.m1.includedQuantities[0].quantity", says: "is required unless isInfinite is true" },
  { rule: "a SaaS pricing resource has a recurrentPrice", valid: saas(() => {}), invalid: saas((r) => delete r.pricing.recurrentPrice), target: "resources[0].pricing.recurrentPrice", says: "is required with saasNewCustomizedPlans" },
  { rule: "a reservation lasts 1 or 3 years", valid: vmsr((r) => (r.softwareReservation.reservationDuration = { type: "year", value: 1 })), invalid: vmsr((r) => (r.softwareReservation.reservationDuration = { type: "year", value: 2 })), target: "resources[0].softwareReservation.reservationDuration", says: "must be 1 or 3 years" },
  { rule: "vmSoftwareReservations needs softwareReservation", valid: vmsr(() => {}), invalid: vmsr((r) => delete r.softwareReservation), target: "resources[0].softwareReservation", says: "is required with vmSoftwareReservations" },
  { rule: "a reserved VM size has a whole quantity", valid: vmsr(() => {}), invalid: vmsr((r) => (r.softwareReservation.vmPrices["8Core"].quantity = 1.5)), target: 'resources[0].softwareReservation.vmPrices["8Core"].quantity', says: "must be a whole number" },
  { rule: "unknown pricing resource properties are rejected", valid: saas((r) => { r.id = "price-and-availability-private-offer-plan/7ba807c8/1"; r.planName = "Gold"; }), invalid: saas((r) => (r.currency = "EUR")), target: "resources[0].currency", says: "is not a property of a price-and-availability-private-offer-plan resource" },

  // references within the request
  { rule: "priceDetails names a resource in the request", valid: saas(() => {}), invalid: saas((r) => (r.resourceName = "otherName")), target: "resources[1].pricing[0].priceDetails.resourceName", says: 'names no resource in this request' },
  { rule: "every pricing resource is referenced", valid: saas(() => {}), invalid: () => envelope(saasPricingResource(), { ...saasPricingResource(), resourceName: "spare" }, customerSaasOffer()), target: "resources[1].resourceName", says: 'is not referenced: no pricing item\'s priceDetails names "spare"' },
  { rule: "resourceNames are unique", valid: saas(() => {}), invalid: () => envelope(saasPricingResource(), { ...customerSaasOffer(), resourceName: "contosoSeats" }), target: "resources[1].resourceName", says: "must be unique within the request; resources[0] already uses" },
  { rule: "priceDetails names a pricing resource, not an offer", valid: saas(() => {}), invalid: () => { const o = customerSaasOffer(); o.resourceName = "offer"; o.pricing[0].priceDetails = { resourceName: "offer" }; return envelope(saasPricingResource(), o); }, target: "resources[1].pricing[0].priceDetails.resourceName", says: "must name a price-and-availability-private-offer-plan resource" },
  { rule: "the prices are for the item's own plan", valid: saas(() => {}), invalid: saas((r) => (r.plan = "plan/other")), target: "resources[1].pricing[0].priceDetails.resourceName", says: "whose plan is plan/other" },
];

describe("emulator validation: price-and-availability resources and resourceName references", () => {
  for (const c of cases) {
    describe(c.rule, () => {
      it("accepts a request that keeps it", () => accepted(c.valid()));
      it(`rejects one that breaks it at ${c.target}`, () => rejected(c.invalid(), c.target, c.says));
    });
  }

  it("reports faults in several resources of one request together", () => {
    const resource = saasPricingResource();
    resource.pricing.recurrentPrice.userLimits = { min: 9, max: 1 };
    const offer = customerSaasOffer();
    offer.acceptBy = "2027-02-30";
    const targets = rejectedDetails(envelope(resource, offer, { ...customerOffer(), state: "gone" })).map((d) => d.target);
    assert.deepEqual(
      [...targets].sort(),
      ["resources[0].pricing.recurrentPrice.userLimits.max", "resources[1].acceptBy", "resources[2].state"],
    );
  });
});
