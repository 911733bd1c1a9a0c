// The package's public surface: the two resources, the provider objects they use, and offers from data files.
export { PrivateOffer, PRIVATE_OFFER_SECRET_OUTPUTS, type PrivateOfferArgs } from "./resources/private-offer";
export { PrivateOfferPlanPricing, type PrivateOfferPlanPricingArgs } from "./resources/plan-pricing";
export {
  PLAN_PRICING_MODULE,
  PRIVATE_OFFER_MODULE,
  planPricingShim as planPricingProvider,
  privateOfferShim as privateOfferProvider,
} from "./resources/shims";
export { offersFromFile, loadOffersFile, parseOffers, OffersFileError, offersFileJsonSchema, CSV_COLUMNS, type OffersFromFileOptions, type LoadedOffer, type OffersFileFormat, type OffersFileProblem } from "./catalog";
