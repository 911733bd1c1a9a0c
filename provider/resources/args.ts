// What a program writes, as the package publishes it: the arguments of `PrivateOffer` (one shape per
// `privateOfferType`) and of `PrivateOfferPlanPricing`, and the shapes of their outputs. Plain
// TypeScript that depends on @pulumi/pulumi alone, so the published declarations compile in any
// project (no validation library reaches them). Every property, nested ones too, takes a value, a
// promise or an Output of another resource.
//
// The provider checks inputs with the field tables' schemas (provider/schema/offer-fields.ts,
// plan-pricing.ts); test/provider/unit/public-types.test.ts fails to compile unless these shapes and
// the schemas' input types are the same, so a field added to a table is added here too.
import type * as pulumi from "@pulumi/pulumi";

/** A value as a program may give it: itself, a promise, or an Output, at every level. */
export type DeepInput<T> = pulumi.Input<T extends readonly (infer U)[] ? DeepInput<U>[] : T extends object ? { [K in keyof T]: DeepInput<T[K]> } : T>;

/** Every property of an object as a {@link DeepInput}; documentation is carried over. */
export type InputsOf<T> = { [K in keyof T]: DeepInput<T[K]> };

/** A period of a price: `{ type: "month", value: 1 }`. */
export interface Term {
  type: "month" | "year";
  value: number;
}

/** Options of the provider itself, on either resource; never sent to Partner Center. */
export interface ProviderOptionArgs {
  /** Seconds between two status reads of one job (overrides `partnercenter:pollIntervalSeconds`). */
  pollIntervalSeconds?: number | undefined;
  /** Minutes to wait for one configure job (overrides `partnercenter:jobTimeoutMinutes`). */
  jobTimeoutMinutes?: number | undefined;
  /** A credential profile of `partnercenter:accounts`; an offer stays with the account that created it (a change replaces it). */
  account?: string | undefined;
}

/** How prices are customised. */
export type OfferPricingType = "editExistingOfferPricingOnly" | "saasNewCustomizedPlans" | "vmSoftwareReservations" | "newCustomizedPlans";

/** The state to converge to. */
export type DesiredState = "draft" | "live" | "withdrawn";

/** The state Partner Center reports. */
export type OfferState = "draft" | "live" | "withdrawn" | "deleted";

/** A percentage off the public price of a product, or of one of its plans. */
export interface PercentageDiscount {
  /** The product (offer) the discount applies to: `product/<guid>`. */
  product: string;
  /** The public plan discounted; leave out to discount the whole product (all current and future plans). */
  plan?: string | undefined;
  discountType: "percentage";
  /** Percent off the public price, 0.01 to 100. */
  discountPercentage: number;
}

/** The complete price-and-availability document of one plan: the `document` output of a `PrivateOfferPlanPricing`. */
export interface PlanPricingDocument {
  [key: string]: unknown;
  product: string;
  plan: string;
  $schema?: string | undefined;
  resourceName?: string | undefined;
  id?: string | undefined;
  offerPricingType?: string | undefined;
  pricing?:
    | {
        [key: string]: unknown;
        recurrentPrice?:
          | {
              [key: string]: unknown;
              recurrentPriceMode?: string | undefined;
              priceInputOption?: string | undefined;
              userLimits?: { [key: string]: unknown; min: number; max: number } | undefined;
              prices?: Array<{ [key: string]: unknown; billingTerm: Term; pricePerPaymentInUsd: number; paymentOption?: Term | undefined }> | undefined;
            }
          | undefined;
        customMeters?:
          | {
              [key: string]: unknown;
              priceInputOption?: string | undefined;
              meters?:
                | Record<
                    string,
                    {
                      [key: string]: unknown;
                      pricePerPaymentInUsd?: number | undefined;
                      includedQuantities?: Array<{ [key: string]: unknown; billingTerm: Term; quantity?: number | undefined; isInfinite?: boolean | undefined }> | undefined;
                    }
                  >
                | undefined;
            }
          | undefined;
      }
    | undefined;
  softwareReservation?:
    | {
        [key: string]: unknown;
        reservationDuration?: Term | undefined;
        paymentSchedule?: Term | undefined;
        vmPrices?: Record<string, { [key: string]: unknown; quantity: number; unitPricePerPaymentPeriodInUsd: number }> | undefined;
      }
    | undefined;
}

/** Absolute prices for a plan, set by a price document. */
export interface AbsolutePrice {
  /** The product (offer): `product/<guid>`. */
  product: string;
  /** With `editExistingOfferPricingOnly`: the public plan whose prices are replaced. */
  plan?: string | undefined;
  /** With `saasNewCustomizedPlans`, `vmSoftwareReservations` or `newCustomizedPlans`: the public plan used as template. */
  basePlan?: string | undefined;
  discountType: "absolute";
  /** The complete price document: the `document` output of a `PrivateOfferPlanPricing` resource. */
  priceDetails: PlanPricingDocument;
  /** With `saasNewCustomizedPlans`/`newCustomizedPlans`: name and description of the new private plan. */
  newPlanDetails?: { name: string; description: string } | undefined;
}

/** One product or plan whose price the offer customises (at most 10 per offer). */
export type PricingItem = PercentageDiscount | AbsolutePrice;

/** A customer (billing account), or a CSP partner (tenant). */
export interface Beneficiary {
  /** A customer's billing account id (`<guid>:<guid>_YYYY-MM-DD`), or a CSP partner's tenant id. */
  id: string;
  /** For your own reference. */
  description?: string | undefined;
  /** Billing groups of the account (customer), or end customers' tenant ids (CSP, at most 25), the offer is restricted to. */
  recipients?: string[] | undefined;
}

/** A terms-and-conditions PDF of a multiparty offer; the SAS URL is a secret. */
export interface TermsDocument {
  /** A SAS URL of the PDF, readable by the marketplace service. Secret: it grants read access. */
  sasUrl: string;
  /** The file name, e.g. `Terms.pdf`. */
  fileName: string;
  /** The document's name as the customer sees it. */
  customerFacingDocumentName: string;
}

/** The accepted offer an offer upgrades (renews). */
export interface UpgradedFrom {
  /** `private-offer/<guid>`. */
  id: string;
  /** That offer's name. */
  name: string;
}

/** Fields of every offer its publisher creates (customer, CSP and multiparty originator). */
export interface PublisherOfferArgs extends ProviderOptionArgs {
  /** The offer's name (at most 128 characters; none of `! < > ^ [ ] @ # % /`). */
  name: string;
  /** `live` (default: published), `draft` (saved, not published) or `withdrawn` (taken back before acceptance). */
  state?: DesiredState | undefined;
  /** Inferred when left out: `editExistingOfferPricingOnly` with `plan`, else the price documents' type. */
  offerPricingType?: OfferPricingType | undefined;
  /** True: the offer starts when the customer accepts it (then leave out `start`). Inferred from `start`. */
  variableStartDate?: boolean | undefined;
  /** First day of the private price (`YYYY-MM-DD`, the first of a month). */
  start?: string | undefined;
  /** Last day of the private price (`YYYY-MM-DD`, the last day of a month). Required for a live offer. */
  end?: string | undefined;
  /** Email addresses told about the offer's progress (at most 5). */
  notificationContacts?: string[] | undefined;
  /** The products and plans whose prices are customised (at most 10). Required for a live offer. */
  pricing?: PricingItem[] | undefined;
  /** Takes over an existing offer (`private-offer/<guid>`) instead of creating one. */
  adoptExistingId?: string | undefined;
}

/** An offer from the publisher directly to one customer. */
export interface CustomerOfferArgs extends PublisherOfferArgs {
  privateOfferType: "customerPromotion";
  /** Last day the customer can accept the offer (`YYYY-MM-DD`). Required for a live offer. */
  acceptBy?: string | undefined;
  /** Email of the person who prepared the offer, shown to the customer. */
  preparedBy?: string | undefined;
  /** A SAS URL of your own terms-and-conditions PDF. Secret: it grants read access. */
  termsAndConditionsDocSasUrl?: string | undefined;
  /** The customer (exactly one billing account). Required for a live offer. */
  beneficiaries?: Beneficiary[] | undefined;
  /** True when the offer renews an existing customer contract (a discounted agency fee applies). */
  customerContractRenewal?: boolean | undefined;
  /** A private note (at most 60 characters), never shown to the customer. */
  notes?: string | undefined;
  /**
   * The accepted offer this one upgrades (renews); it takes effect when that one ends: the
   * `PrivateOffer` resource, its id (`private-offer/<guid>`), or `{ id, name }`. Set at creation:
   * a change needs a new offer.
   */
  upgradedFrom?: UpgradedFrom | string | undefined;
}

/** A margin for CSP partners (resellers), optionally restricted to named end customers. */
export interface CspOfferArgs extends PublisherOfferArgs {
  privateOfferType: "cspPromotion";
  /** Email of the person who prepared the offer. */
  preparedBy?: string | undefined;
  /** The CSP partners who receive the margin (at most 150). Required for a live offer. */
  beneficiaries?: Beneficiary[] | undefined;
  /** The accepted offer this one upgrades (renews): the `PrivateOffer` resource, its id, or `{ id, name }`. */
  upgradedFrom?: UpgradedFrom | string | undefined;
}

/** A multiparty offer created by the software company, to be completed by one channel partner. */
export interface OriginatorOfferArgs extends PublisherOfferArgs {
  privateOfferType: "multipartyPromotionOriginator";
  /** Last day the customer can accept the offer (`YYYY-MM-DD`). */
  acceptBy?: string | undefined;
  /** The customer (exactly one billing account). Required for a live offer. */
  beneficiaries?: Beneficiary[] | undefined;
  /** The channel partner who completes the offer and sells it to the customer. Required for a live offer. */
  partner?: { id: string; name: string; location?: string | undefined } | undefined;
  /** Your terms-and-conditions PDFs (with the partner's, at most 5). */
  termsAndConditionsDocs?: TermsDocument[] | undefined;
  /** True when the offer renews an existing customer contract (a discounted agency fee applies). */
  customerContractRenewal?: boolean | undefined;
  /** A private note (at most 60 characters), never shown to the partner or customer. */
  notes?: string | undefined;
}

/** The channel partner's markup on one of the originator's pricing items. */
export interface Markup {
  /** The product of the originator's pricing item: `product/<guid>`. */
  product: string;
  /** The plan (or base plan) of that item; leave out for an item that covers the whole product. */
  plan?: string | undefined;
  /** Percent added to the software company's price (0 to 100, at most 8 decimals). */
  markupPercentage: number;
}

/** The channel partner's completion of a multiparty offer the software company created. */
export interface ChannelPartnerOfferArgs extends ProviderOptionArgs {
  privateOfferType: "multipartyPromotionChannelPartner";
  /** The multiparty offer the software company shared with you: `private-offer/<guid>`. */
  offerId: string;
  /** `live` (default) publishes the completed offer; `draft` keeps it unpublished; `withdrawn` takes it back. */
  state?: DesiredState | undefined;
  /** Email of the person who prepared the offer, shown to the customer. Required. */
  preparedBy?: string | undefined;
  /** Your markup on each of the software company's pricing items. */
  markups?: Markup[] | undefined;
  /** Your own terms-and-conditions PDFs (with the software company's, at most 5). */
  termsAndConditionsDocs?: TermsDocument[] | undefined;
  /** Your email addresses told about the offer's progress (at most 5). */
  notificationContacts?: string[] | undefined;
  /** A private note (at most 60 characters), never shown to the customer. */
  notes?: string | undefined;
}

/** The inputs of a `PrivateOffer` as plain values, by `privateOfferType`. */
export type PrivateOfferValues = CustomerOfferArgs | CspOfferArgs | OriginatorOfferArgs | ChannelPartnerOfferArgs;

/** An offer resource of the program, as `upgradedFrom` takes it: its outputs give the id and the name. */
export interface UpgradableOffer {
  readonly offerId: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;
}

/** The inputs of an offer type that can upgrade another, `upgradedFrom` taking the offer's resource too. */
type UpgradeInputs<T extends { upgradedFrom?: unknown }> = Omit<InputsOf<T>, "upgradedFrom"> & {
  /**
   * The accepted offer this one upgrades (renews); it takes effect when that one ends: the
   * `PrivateOffer` resource, its id (`private-offer/<guid>`), or `{ id, name }`. Set at creation:
   * a change needs a new offer.
   */
  upgradedFrom?: DeepInput<T["upgradedFrom"]> | UpgradableOffer;
};

/** Arguments of a `PrivateOffer`, by `privateOfferType`: every property, nested ones too, an Input. */
export type PrivateOfferArgs =
  | UpgradeInputs<CustomerOfferArgs>
  | UpgradeInputs<CspOfferArgs>
  | InputsOf<OriginatorOfferArgs>
  | InputsOf<ChannelPartnerOfferArgs>;

/** Included quantities of a custom meter, per billing term. */
export interface IncludedQuantity {
  billingTerm: Term;
  quantity?: number | undefined;
  isInfinite?: boolean | undefined;
}

/** The inputs of a `PrivateOfferPlanPricing` as plain values. */
export interface PlanPricingValues extends ProviderOptionArgs {
  /** The product (offer): `product/<guid>`. */
  product: string;
  /** The public plan whose prices the document sets or uses as template: `plan/<guid>/<guid>`. */
  plan: string;
  /** Default `editExistingOfferPricingOnly`. */
  offerPricingType?: OfferPricingType | undefined;
  /** A SaaS plan's prices. */
  pricing?:
    | {
        /** Flat rate or per user, per billing term. */
        recurrentPrice?:
          | {
              recurrentPriceMode?: "flatRate" | "perUser" | undefined;
              /** With `perUser`: the fewest and most users. */
              userLimits?: { min: number; max: number } | undefined;
              prices?: Array<{ billingTerm: Term; pricePerPaymentInUsd: number; paymentOption?: Term | undefined }> | undefined;
            }
          | undefined;
        /** Custom meters by id: their price and included quantities. */
        customMeters?: Record<string, { pricePerPaymentInUsd?: number | undefined; includedQuantities?: IncludedQuantity[] | undefined }> | undefined;
      }
    | undefined;
  /** A VM offer's software reservation: prices per VM size. */
  softwareReservation?:
    | {
        reservationDuration: Term;
        paymentSchedule: Term;
        vmPrices: Record<string, { quantity: number; unitPricePerPaymentPeriodInUsd: number }>;
      }
    | undefined;
}

/** Arguments of a `PrivateOfferPlanPricing`: every property, nested ones too, an Input. */
export type PrivateOfferPlanPricingArgs = InputsOf<PlanPricingValues>;

/** A configure job started but not seen to finish. */
export interface PendingJob {
  jobId: string;
  /** What the job does: `create`, `withdraw`, `publish`, `delete`... */
  action: string;
}

/** A link the customer uses to accept the offer. */
export interface AcceptanceLink {
  beneficiaryId: string;
  link: string;
}
