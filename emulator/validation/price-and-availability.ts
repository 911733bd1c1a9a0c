// The price-and-availability-private-offer-plan resource (§4.7): the absolute prices a private
// offer's pricing item points at through `priceDetails.resourceName`.

import { z } from "zod";
import {
  absent,
  array,
  bool,
  calendarDate,
  canonical,
  caseInsensitiveEnum,
  durableId,
  isObject,
  nonEmptyText,
  num,
  present,
  record,
  resourceName,
  strictObject,
  term,
  text,
} from "./primitives";
import { ALL_PRICING_TYPES, DEFAULT_PRICING_TYPE } from "./private-offer-enums";
import type { ProblemSink } from "./problems";
import { PRICE_AND_AVAILABILITY_VERSIONS, type PriceAndAvailabilityVersion } from "./schema-ids";

const FLEXIBLE_BILLING_SINCE: PriceAndAvailabilityVersion = "2025-06-01";

const readOnly = () => z.unknown().optional();
const price = () => num().min(0, "must not be negative");

function priceItem(version: PriceAndAvailabilityVersion) {
  const flexible = version >= FLEXIBLE_BILLING_SINCE;
  const notYet = `is a flexible-billing property: it needs price-and-availability-private-offer-plan ${FLEXIBLE_BILLING_SINCE}; this resource uses ${version}`;
  const charge = strictObject(
    { chargeDate: calendarDate().optional(), pricePerPaymentInUsd: price(), note: text().optional() },
    "is not a property of a scheduled charge (chargeDate, pricePerPaymentInUsd, note)",
  );
  return strictObject(
    {
      billingTerm: term(),
      paymentOption: term().optional(),
      pricePerPaymentInUsd: price().optional(),
      billingFrequency: flexible ? term().optional() : absent(notYet),
      contractDuration: flexible
        ? term().refine((t) => t.type.toLowerCase() !== "year" || t.value <= 3, "must be at most 3 years").optional()
        : absent(notYet),
      flexibleSchedule: flexible
        ? strictObject(
            { price: price().optional(), initialCharge: charge.optional(), billingSchedule: array(charge) },
            "is not a property of a flexible schedule (price, initialCharge, billingSchedule)",
          ).optional()
        : absent(notYet),
    },
    "is not a property of a price",
  );
}

function recurrentPrice(version: PriceAndAvailabilityVersion) {
  return strictObject(
    {
      recurrentPriceMode: caseInsensitiveEnum(["flatRate", "perUser"] as const).optional(),
      priceInputOption: nonEmptyText().optional(),
      userLimits: strictObject(
        {
          min: num().int("must be a whole number").min(0, "must not be negative"),
          max: num().int("must be a whole number").min(0, "must not be negative"),
        },
        "is not a property of userLimits (min, max)",
      ).optional(),
      prices: array(priceItem(version)).min(1, "must have at least one price"),
    },
    "is not a property of recurrentPrice",
  );
}

const includedQuantity = () =>
  strictObject(
    { billingTerm: term(), quantity: num().min(0, "must not be negative").optional(), isInfinite: bool().optional() },
    "is not a property of an included quantity (billingTerm, quantity, isInfinite)",
  );

const customMeters = () =>
  strictObject(
    {
      priceInputOption: nonEmptyText().optional(),
      meters: record(
        strictObject(
          { pricePerPaymentInUsd: price().optional(), includedQuantities: array(includedQuantity()).optional() },
          "is not a property of a meter (pricePerPaymentInUsd, includedQuantities)",
        ),
      ),
    },
    "is not a property of customMeters (priceInputOption, meters)",
  );

const softwareReservation = () =>
  strictObject(
    {
      reservationDuration: term().refine(
        (t) => t.type.toLowerCase() === "year" && (t.value === 1 || t.value === 3),
        'must be 1 or 3 years: {"type": "year", "value": 1} or {"type": "year", "value": 3}',
      ),
      paymentSchedule: term(),
      vmPrices: record(
        strictObject(
          {
            quantity: num().int("must be a whole number").min(1, "must be at least 1"),
            unitPricePerPaymentPeriodInUsd: price(),
          },
          "is not a property of a VM price (quantity, unitPricePerPaymentPeriodInUsd)",
        ),
      ).refine((prices) => Object.keys(prices).length > 0, "must price at least one VM size"),
    },
    "is not a property of softwareReservation (reservationDuration, paymentSchedule, vmPrices)",
  );

function shape(version: PriceAndAvailabilityVersion) {
  return strictObject(
    {
      $schema: text(),
      resourceName: resourceName(),
      id: readOnly(),
      product: durableId("product"),
      plan: durableId("plan"),
      offerPricingType: caseInsensitiveEnum(ALL_PRICING_TYPES).optional(),
      pricing: strictObject(
        { recurrentPrice: recurrentPrice(version).optional(), customMeters: customMeters().optional() },
        "is not a property of pricing (recurrentPrice, customMeters)",
      ).optional(),
      softwareReservation: softwareReservation().optional(),
      validations: readOnly(),
      lifecycleState: readOnly(),
      visibility: readOnly(),
      productName: readOnly(),
      planName: readOnly(),
    },
    "is not a property of a price-and-availability-private-offer-plan resource",
  );
}

export const PRICE_AND_AVAILABILITY_SHAPES: ReadonlyMap<string, ReturnType<typeof shape>> = new Map(
  PRICE_AND_AVAILABILITY_VERSIONS.map((version) => [version, shape(version)]),
);

/** Rules across properties, on the raw resource so they run whatever else is wrong with it. */
export function checkPriceAndAvailabilityRules(raw: Record<string, unknown>, version: string, sink: ProblemSink): void {
  const pricingType = present(raw, "offerPricingType")
    ? canonical(ALL_PRICING_TYPES, raw.offerPricingType)
    : DEFAULT_PRICING_TYPE;
  if (pricingType === "newCustomizedPlans" && version < FLEXIBLE_BILLING_SINCE) {
    sink.add(["offerPricingType"], `newCustomizedPlans needs price-and-availability-private-offer-plan ${FLEXIBLE_BILLING_SINCE}; this resource uses ${version}`);
  }
  if (pricingType === "vmSoftwareReservations") {
    if (!present(raw, "softwareReservation")) {
      sink.add(["softwareReservation"], "is required with vmSoftwareReservations: the reserved VM sizes, quantities and prices");
    }
  } else if (pricingType !== undefined) {
    if (present(raw, "softwareReservation")) sink.add(["softwareReservation"], "is only for vmSoftwareReservations");
    const pricing = raw.pricing;
    if (!present(raw, "pricing")) sink.add(["pricing"], `is required with ${pricingType}`);
    else if (isObject(pricing) && !present(pricing, "recurrentPrice")) {
      sink.add(["pricing", "recurrentPrice"], `is required with ${pricingType}`);
    }
  }

  const pricing = raw.pricing;
  if (!isObject(pricing)) return;
  const recurrent = pricing.recurrentPrice;
  if (isObject(recurrent)) checkRecurrentPrice(recurrent, sink.at("pricing", "recurrentPrice"));
  const meters = isObject(pricing.customMeters) ? pricing.customMeters.meters : undefined;
  if (isObject(meters)) {
    for (const [meterId, meter] of Object.entries(meters)) {
      if (!isObject(meter) || !Array.isArray(meter.includedQuantities)) continue;
      meter.includedQuantities.forEach((included, i) => {
        if (!isObject(included)) return;
        const at = sink.at("pricing", "customMeters", "meters", meterId, "includedQuantities", i);
        if (included.isInfinite === true && present(included, "quantity")) {
          at.add(["quantity"], "must not be sent when isInfinite is true");
        } else if (included.isInfinite !== true && !present(included, "quantity")) {
          at.add(["quantity"], "is required unless isInfinite is true");
        }
      });
    }
  }
}

function checkRecurrentPrice(recurrent: Record<string, unknown>, sink: ProblemSink): void {
  const mode = present(recurrent, "recurrentPriceMode") ? canonical(["flatRate", "perUser"] as const, recurrent.recurrentPriceMode) : "flatRate";
  const limits = recurrent.userLimits;
  if (mode === "perUser" && !present(recurrent, "userLimits")) {
    sink.add(["userLimits"], "is required when recurrentPriceMode is perUser: the minimum and maximum number of users");
  } else if (mode === "flatRate" && present(recurrent, "userLimits")) {
    sink.add(["userLimits"], "is only for recurrentPriceMode perUser");
  }
  if (isObject(limits) && typeof limits.min === "number" && typeof limits.max === "number" && limits.min > limits.max) {
    sink.add(["userLimits", "max"], `must be at least min (${limits.min})`);
  }
  if (!Array.isArray(recurrent.prices)) return;
  recurrent.prices.forEach((item, i) => {
    if (isObject(item) && !present(item, "pricePerPaymentInUsd") && !present(item, "flexibleSchedule")) {
      sink.add(["prices", i, "pricePerPaymentInUsd"], "is required unless the price has a flexibleSchedule");
    }
  });
}
