// Value types shared by the user-input schemas. Messages say what a valid value looks like, since
// they reach the user verbatim as check failures.
import { z } from "zod";
import { noPlaceholder } from "./placeholders";

/** A calendar date `YYYY-MM-DD` (the API's only date format). */
export const dateString = z.iso.date({ error: "must be a calendar date written YYYY-MM-DD, e.g. 2027-06-30" });

/** `product/<id>`: the durable id of a marketplace product (offer). */
export const productId = z
  .string()
  .check(noPlaceholder("your product's durable id as Partner Center shows it: product/ and the product's GUID"))
  .regex(/^product\/[A-Za-z0-9-]+$/, { error: "must be a product durable id such as product/34771906-9711-4196-9f60-4af380fd5042" });

/** `plan/<id>` or `plan/<productId>/<planId>`: the durable id of a public plan. */
export const planId = z
  .string()
  .check(noPlaceholder("the plan's durable id as Partner Center shows it: plan/, the product's GUID, /, the plan's GUID"))
  .regex(/^plan\/[A-Za-z0-9-]+(\/[A-Za-z0-9-]+)?$/, { error: "must be a plan durable id such as plan/<product guid>/<plan guid>" });

/** `private-offer/<id>`: the durable id of a private offer. */
export const privateOfferId = z
  .string()
  .check(noPlaceholder("the offer's durable id: private-offer/ and the offer's GUID"))
  .regex(/^private-offer\/[A-Za-z0-9-]+$/, { error: "must be a private offer durable id such as private-offer/<guid>" });

export const email = z.email({ error: "must be an email address" });

/** An https URL; used for SAS URLs of terms-and-conditions documents. */
export const httpsUrl = z
  .url({ protocol: /^https$/, error: "must be an https URL (a SAS URL of a PDF the marketplace can read)" });

/** A billing or payment period: `{ type: "month" | "year", value }`. */
export const term = z.strictObject({
  /** Unit of the period. */
  type: z.enum(["month", "year"], { error: 'must be "month" or "year"' }),
  /** Number of units, e.g. 1 for monthly or 3 for a three-year term. */
  value: z.int({ error: "must be a whole number" }).min(1, { error: "must be at least 1" }),
});
export type Term = z.infer<typeof term>;

/** A price in US dollars: zero or more. */
export const usd = z.number({ error: "must be a number of US dollars" }).min(0, { error: "must not be negative" });

/** The desired state of a private offer. */
export const desiredState = z.enum(["live", "draft", "withdrawn"], {
  error: 'must be "live", "draft" or "withdrawn"',
});
export type DesiredState = z.infer<typeof desiredState>;

/** How the prices of an offer are customised (the API's `offerPricingType`). */
export const offerPricingType = z.enum(
  ["editExistingOfferPricingOnly", "saasNewCustomizedPlans", "vmSoftwareReservations", "newCustomizedPlans"],
  {
    error:
      'must be "editExistingOfferPricingOnly", "saasNewCustomizedPlans", "vmSoftwareReservations" or "newCustomizedPlans"',
  },
);
export type OfferPricingType = z.infer<typeof offerPricingType>;

/** Options that steer the provider itself; never sent to the API. */
export const providerOptions = {
  /**
   * Seconds between two job-status requests. Partner Center asks for no more than one per minute
   * (the default, 60); fractions are allowed for the local emulator.
   */
  pollIntervalSeconds: z.number({ error: "must be a number of seconds" }).positive({ error: "must be more than 0" }).optional(),
  /** Minutes to wait for one configure job before giving up (the job id is kept so the next run resumes it). */
  jobTimeoutMinutes: z.number({ error: "must be a number of minutes" }).positive({ error: "must be more than 0" }).optional(),
  /**
   * The credential profile to use: a key of the stack config `partnercenter:accounts` (a secret
   * JSON object of profile name -> the same settings as the top level, e.g. `clientId`,
   * `clientSecret`, `tenantId`). Leave out to use the top-level `partnercenter:*` settings. Lets one
   * stack manage both the software company's and the channel partner's side of a multiparty offer.
   * An offer belongs to the publisher account that created it: changing this replaces the offer.
   */
  account: z
    .string({ error: "must be the name of a profile in the stack config partnercenter:accounts" })
    .regex(/\S/, { error: "must be the name of a profile in the stack config partnercenter:accounts" })
    .optional(),
};
