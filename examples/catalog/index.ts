// The offer catalogue of a sales-operations team: seven offers in offers.yaml (customer offers and
// CSP margins, with shared defaults) and three simple customer offers in offers.csv (one customer
// per offer, percentage discounts; an offer's second row adds a discount on another plan). Each
// file becomes one PrivateOffer per offer, named by its resource name in the file.
import * as path from "node:path";
import { offersFromFile } from "pulumi-partnercenter-private-offers";

const offers = {
  ...offersFromFile(path.join(__dirname, "offers.yaml")),
  ...offersFromFile(path.join(__dirname, "offers.csv")),
};

/** Every offer's id, by resource name. */
export const offerIds = Object.fromEntries(Object.entries(offers).map(([name, offer]) => [name, offer.offerId]));
