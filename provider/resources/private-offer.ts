import * as pulumi from "@pulumi/pulumi";
import { SECRET_FIELDS } from "../schema/offer-fields";
import type { AcceptanceLink, OfferState, PendingJob, PrivateOfferArgs } from "./args";
import { privateOfferShim } from "./shims";

export type { PrivateOfferArgs } from "./args";

/** Outputs that hold SAS URLs: stored as secrets in the state (the field tables mark them). */
export const PRIVATE_OFFER_SECRET_OUTPUTS: string[] = [...SECRET_FIELDS];

/**
 * A Microsoft commercial-marketplace private offer, converged through Partner Center's
 * product-ingestion API: a customer offer, a CSP margin, a multiparty offer of the software company,
 * or the channel partner's completion of one. Changes to a live offer withdraw it and publish it
 * again; an offer the customer has accepted can no longer change.
 */
export class PrivateOffer extends pulumi.dynamic.Resource {
  /** The offer's durable id, `private-offer/<guid>`. */
  declare readonly offerId: pulumi.Output<string>;
  /** The offer's actual state: `draft`, `live`, `withdrawn` or `deleted`. */
  declare readonly state: pulumi.Output<OfferState>;
  /** `pendingAcceptance`, `accepted`, `pendingPartnerAction`... as Partner Center reports it. */
  declare readonly subState: pulumi.Output<string | undefined>;
  /** The version of the offer last read; a change made elsewhere changes it. */
  declare readonly eTag: pulumi.Output<string | undefined>;
  /** Links the customer uses to accept the offer, per beneficiary. */
  declare readonly acceptanceLinks: pulumi.Output<AcceptanceLink[]>;
  /** The last configure job that finished. */
  declare readonly lastJobId: pulumi.Output<string | undefined>;
  /** A configure job started but not seen to finish; the next `pulumi up` waits for it. */
  declare readonly pendingJob: pulumi.Output<PendingJob | undefined>;
  /** The offer's name as Partner Center reports it. */
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: PrivateOfferArgs, opts?: pulumi.CustomResourceOptions) {
    // Pulumi creates an output property only for keys passed to the constructor: name every output
    // (`state` too, which is also an optional input) so programs can read them.
    const outputs = {
      offerId: undefined,
      state: undefined,
      subState: undefined,
      eTag: undefined,
      acceptanceLinks: undefined,
      lastJobId: undefined,
      pendingJob: undefined,
      name: undefined,
    };
    super(privateOfferShim, name, { ...outputs, ...withUpgradeReference(args) }, {
      ...opts,
      additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...PRIVATE_OFFER_SECRET_OUTPUTS],
    }, "partnercenter", "PrivateOffer");
  }
}

/**
 * `upgradedFrom` given as the `PrivateOffer` resource becomes `{ id, name }` from its outputs: the
 * engine then knows the upgrade depends on it, and the preview names it once it exists.
 */
function withUpgradeReference(args: PrivateOfferArgs): PrivateOfferArgs {
  if (!("upgradedFrom" in args) || !(args.upgradedFrom instanceof PrivateOffer)) return args;
  const original = args.upgradedFrom;
  return { ...args, upgradedFrom: pulumi.all([original.offerId, original.name]).apply(([id, name]) => ({ id, name })) };
}
