// Turns a private offer as Partner Center returns it into the inputs of a `PrivateOffer` that
// adopts it: the same view the provider keeps in state (lifecycle `normaliseOffer`), minus the
// status fields, plus `adoptExistingId`. Adopting with these inputs therefore plans no change.
import { normaliseOffer, STATUS_KEYS, type PrivateOfferOutputs } from "../lifecycle";
import type { PrivateOffer } from "../schema/api/private-offer";
import { checkPrivateOffer, type CheckFailure } from "../schema/check";
import { fieldNames, type PrivateOfferType } from "../schema/offer-fields";

export type ExportedArgs = Record<string, unknown>;

export interface ExportedOffer {
  /** `private-offer/<guid>`. */
  id: string;
  /** The offer's name as Partner Center shows it (for a channel partner, the software company's name). */
  name: string;
  privateOfferType: PrivateOfferType;
  state: string;
  /** The `PrivateOffer` inputs, secrets still in place (the renderer swaps them for config reads). */
  args: ExportedArgs;
  /**
   * Property paths of SAS URLs in the inputs, e.g. `termsAndConditionsDocs[0].sasUrl`: secrets that
   * must not be written into source code.
   */
  secretPaths: string[];
  /** Things the reader should know before changing this offer. */
  notes: string[];
  /** Rules the inputs break (a check failure would stop `pulumi preview`); expected empty. */
  failures: CheckFailure[];
}

/** Status outputs plus `name` (an input only for publisher offers, a status field for the channel partner's view). */
const DROPPED_KEYS = new Set([...STATUS_KEYS, "name", "state"]);

/** Offers that are gone or being deleted are not worth adopting. */
export function isExportable(offer: PrivateOffer): boolean {
  return offer.state !== "deleted";
}

export function exportOffer(offer: PrivateOffer, options: { account?: string } = {}): ExportedOffer {
  const type = offer.privateOfferType ?? "customerPromotion";
  const view = normaliseOffer(offer, { inputs: { privateOfferType: type } }) as PrivateOfferOutputs & Record<string, unknown>;

  const args: ExportedArgs = {};
  const channelPartner = type === "multipartyPromotionChannelPartner";
  args["privateOfferType"] = type;
  if (!channelPartner) args["name"] = offer.name;
  args["state"] = offer.state === "withdrawn" || offer.state === "draft" ? offer.state : "live";
  for (const [key, value] of Object.entries(view)) {
    if (DROPPED_KEYS.has(key) || key === "privateOfferType") continue;
    args[key] = value;
  }
  // A completion is taken over through the offer it completes; a publisher's offer through adoptExistingId.
  if (channelPartner) args["offerId"] = offer.id;
  else args["adoptExistingId"] = offer.id;
  if (options.account !== undefined) args["account"] = options.account;

  const notes: string[] = [];
  if (typeof offer.subState === "string" && offer.subState.toLowerCase() === "accepted") {
    notes.push("accepted by the customer: it can no longer change; keep these inputs as they are");
  }
  const pricing = Array.isArray(args["pricing"]) ? (args["pricing"] as Record<string, unknown>[]) : [];
  if (pricing.some((item) => item["discountType"] === "absolute")) {
    notes.push(
      "absolute prices are referenced by the id of their price document (the API does not return the prices); " +
        "adopting keeps them, but before changing this offer declare the prices with a PrivateOfferPlanPricing and use its `document`",
    );
  }
  if (channelPartner) {
    notes.push("the channel partner's side of a multiparty offer: offerId names the software company's offer");
  }

  const secretPaths = findSecretPaths(type, args);
  const { account: _account, ...checked } = args;
  // The offer exists: dates that have gone by are as Partner Center holds them, not a mistake.
  const check = checkPrivateOffer(checked, { allowPastDates: true });
  return { id: offer.id, name: offer.name, privateOfferType: type, state: offer.state, args, secretPaths, notes, failures: check.failures };
}

/**
 * SAS URLs grant read access to a document: they go to stack config as secrets, never into code.
 * The field table says which fields hold them: a URL itself, or a list of documents with a `sasUrl`.
 */
function findSecretPaths(type: string, args: ExportedArgs): string[] {
  const found: string[] = [];
  for (const key of fieldNames(type, (f) => f.secret === true)) {
    const value = args[key];
    if (typeof value === "string") found.push(key);
    else if (Array.isArray(value)) value.forEach((_doc, i) => found.push(`${key}[${i}].sasUrl`));
  }
  return found;
}

/** The parts of a path such as `termsAndConditionsDocs[0].sasUrl`. */
export function pathParts(path: string): string[] {
  return path.split(/\.|\[(\d+)\]/).filter((p): p is string => p !== undefined && p !== "");
}

/** The value at a path such as `termsAndConditionsDocs[0].sasUrl`. */
export function valueAtPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of pathParts(path)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
