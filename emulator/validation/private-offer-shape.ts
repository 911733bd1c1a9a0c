// What each property of a private-offer resource may hold, per schema version. Which properties a
// given offer type and state must or must not send is decided in private-offer-rules.ts.

import { z } from "zod";
import {
  absent,
  array,
  bool,
  calendarDate,
  canonical,
  caseInsensitiveEnum,
  decimalPlaces,
  durableId,
  email,
  httpsUrl,
  nonEmptyText,
  num,
  resourceName,
  strictObject,
  text,
} from "./primitives";
import {
  ALL_PRICING_TYPES,
  CONTRACT_RENEWAL_SINCE,
  DISCOUNT_TYPES,
  PRIVATE_OFFER_TYPES,
  STATES,
  pricingTypesFor,
} from "./private-offer-enums";
import { PRIVATE_OFFER_VERSIONS, type PrivateOfferVersion } from "./schema-ids";

/** Characters no offer name may contain (§6.4): ! < > ^ [ ] @ # % / and control characters. */
const NAME_FORBIDDEN = /[!<>^[\]@#%/\u0000-\u001f\u007f]/;

/** Server-set properties that clients read from a GET and echo back; accepted and ignored. */
const readOnly = () => z.unknown().optional();

const termsDoc = () =>
  strictObject(
    { sasUrl: httpsUrl(), fileName: nonEmptyText(), customerFacingDocumentName: nonEmptyText() },
    "is not a property of a terms and conditions document (sasUrl, fileName, customerFacingDocumentName)",
  );

const beneficiary = () =>
  strictObject(
    {
      id: nonEmptyText(),
      description: text().optional(),
      beneficiaryRecipients: array(
        strictObject(
          { id: nonEmptyText(), recipientType: caseInsensitiveEnum(["cspCustomer", "billingGroup"] as const) },
          "is not a property of a beneficiary recipient (id, recipientType)",
        ),
      ).optional(),
    },
    "is not a property of a beneficiary (id, description, beneficiaryRecipients)",
  );

const partner = () =>
  strictObject(
    { id: nonEmptyText(), partnerName: text().optional(), location: text().optional() },
    "is not a property of a partner (id, partnerName, location)",
  );

const priceDetails = () =>
  z.union(
    [
      strictObject({ resourceName: resourceName() }, "is not a property of priceDetails (only resourceName)"),
      durableId("price-and-availability-private-offer-plan"),
    ],
    {
      error:
        'must be {"resourceName": "<name of a price-and-availability-private-offer-plan resource in this request>"} ' +
        "or that resource's durable id",
    },
  );

const percentage = (low: number, lowText: string) =>
  num()
    .min(low, `must be between ${lowText} and 100`)
    .max(100, `must be between ${lowText} and 100`);

const pricingItem = () =>
  strictObject(
    {
      product: durableId("product"),
      plan: durableId("plan").optional(),
      basePlan: durableId("plan").optional(),
      newPlanDetails: strictObject(
        { name: nonEmptyText().optional(), description: nonEmptyText().optional(), id: readOnly() },
        "is not a property of newPlanDetails (name, description)",
      ).optional(),
      discountType: caseInsensitiveEnum(DISCOUNT_TYPES),
      discountPercentage: percentage(0.01, "0.01").optional(),
      priceDetails: priceDetails().optional(),
      markupPercentage: percentage(0, "0")
        .refine((v) => decimalPlaces(v) <= 8, "must have at most 8 decimal places")
        .optional(),
      productName: readOnly(),
      planName: readOnly(),
      featureAvailabilityId: readOnly(),
      availabilityInstanceId: readOnly(),
    },
    "is not a property of a pricing item",
  );

function offerPricingType(version: PrivateOfferVersion) {
  const accepted = pricingTypesFor(version);
  return text().superRefine((value, ctx) => {
    if (canonical(accepted, value)) return;
    const later = canonical(ALL_PRICING_TYPES, value);
    ctx.addIssue({
      code: "custom",
      message: later
        ? `${later} needs private-offer 2024-09-30 or later; this resource uses ${version}`
        : `must be one of ${accepted.join(", ")}`,
    });
  });
}

function privateOfferShape(version: PrivateOfferVersion) {
  return strictObject(
    {
      $schema: text(),
      resourceName: resourceName().optional(),
      id: durableId("private-offer").optional(),
      name: text()
        .min(1, "must not be empty")
        .max(128, "must be at most 128 characters")
        .refine((v) => !NAME_FORBIDDEN.test(v), "must not contain ! < > ^ [ ] @ # % / or control characters"),
      privateOfferType: caseInsensitiveEnum(PRIVATE_OFFER_TYPES),
      offerPricingType: offerPricingType(version).optional(),
      state: caseInsensitiveEnum(STATES),
      variableStartDate: bool().optional(),
      start: calendarDate().nullable().optional(),
      end: calendarDate().optional(),
      acceptBy: calendarDate().optional(),
      preparedBy: email().optional(),
      notificationContacts: array(email()).max(5, "must list at most 5 contacts").optional(),
      termsAndConditionsDocSasUrl: httpsUrl().optional(),
      termsAndConditionsDocs: array(termsDoc()).max(5, "must hold at most 5 documents").optional(),
      originatorTermsAndConditionsDocs: array(termsDoc()).max(5, "must hold at most 5 documents").optional(),
      beneficiaries: array(beneficiary()).max(150, "must list at most 150 beneficiaries").optional(),
      partners: array(partner()).max(1, "must name exactly one channel partner").optional(),
      pricing: array(pricingItem()).max(10, "must have at most 10 items (products or plans)").optional(),
      originatorPricing: array(pricingItem()).max(10, "must have at most 10 items (products or plans)").optional(),
      customerContractRenewal:
        version >= CONTRACT_RENEWAL_SINCE
          ? bool().optional()
          : absent(`needs private-offer ${CONTRACT_RENEWAL_SINCE}; this resource uses ${version}`),
      notes: text().max(60, "must be at most 60 characters").optional(),
      // The accepted offer this one upgrades: its durable id and its name, as the only documented
      // upgrade request sends them (README, "Decisions"); the new offer's own name is `name`.
      upgradedFrom: strictObject(
        {
          id: durableId("private-offer"),
          name: z
            .string({ error: (issue) => (issue.input === undefined ? "is required: the name of the offer being upgraded" : "must be a string") })
            .min(1, "must not be empty: the name of the offer being upgraded"),
        },
        "is not a property of upgradedFrom (id, name)",
      ).optional(),
      eTag: readOnly(),
      lastModified: readOnly(),
      validations: readOnly(),
      subState: readOnly(),
      acceptanceLinks: readOnly(),
    },
    `is not a property of a private-offer resource`,
  );
}

export type PrivateOfferShape = ReturnType<typeof privateOfferShape>;

/** Built once at load: the validator runs on every configure POST. */
export const PRIVATE_OFFER_SHAPES: ReadonlyMap<string, PrivateOfferShape> = new Map(
  PRIVATE_OFFER_VERSIONS.map((version) => [version, privateOfferShape(version)]),
);
