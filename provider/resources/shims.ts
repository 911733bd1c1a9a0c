// The provider objects handed to `pulumi.dynamic.Resource`: thin shims that load the
// implementations by package name at call time. The module paths (these two, and the shims' own
// runtime, SHIM_RUNTIME_SPECIFIER in ../dynamic/shim.ts) are written into every resource's state,
// so they must stay where they are across releases.
import { createShimProvider } from "../dynamic/shim";

export const PACKAGE_NAME = "pulumi-partnercenter-private-offers";
export const PRIVATE_OFFER_MODULE = `${PACKAGE_NAME}/dist/provider/dynamic/private-offer.js`;
export const PLAN_PRICING_MODULE = `${PACKAGE_NAME}/dist/provider/dynamic/plan-pricing.js`;

/** The serialized provider of every `PrivateOffer`. */
export const privateOfferShim = createShimProvider({ module: PRIVATE_OFFER_MODULE, exportName: "privateOfferProvider" });
/** The serialized provider of every `PrivateOfferPlanPricing`. */
export const planPricingShim = createShimProvider({ module: PLAN_PRICING_MODULE, exportName: "planPricingProvider" });
