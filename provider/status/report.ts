// The offer status report, as data: each private offer the account can see, with its type, state,
// customer or partner, dates, acceptance progress, and what needs a person's attention. Pure: the
// offers, the stack's offers (when known) and today's date come in; renderings live apart.
import { z } from "zod";

/** The fields of a private offer the report reads; the rest of what the API sends is ignored. */
export const statusOfferSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  state: z.string().transform((s) => s.toLowerCase()),
  subState: z.string().nullish(),
  privateOfferType: z.string().nullish(),
  start: z.string().nullish(),
  end: z.string().nullish(),
  acceptBy: z.string().nullish(),
  variableStartDate: z.boolean().nullish(),
  lastModified: z.string().nullish(),
  beneficiaries: z.array(z.looseObject({ id: z.string().nullish(), description: z.string().nullish() })).nullish(),
  partners: z.array(z.looseObject({ id: z.string().nullish(), partnerName: z.string().nullish() })).nullish(),
});
export type StatusOffer = z.infer<typeof statusOfferSchema>;

export type AttentionKind = "acceptBySoon" | "endingSoon" | "withdrawnInStack" | "staleDraft";

export interface Attention {
  kind: AttentionKind;
  /** What a person reads: the fact and the date. */
  message: string;
}

export interface StatusRow {
  id: string;
  name: string;
  /** `customer`, `CSP`, `multiparty (originator)`, `multiparty (channel partner)`. */
  type: string;
  state: string;
  subState?: string;
  /** The customer(s), or the channel partner of a multiparty offer. */
  counterparty: string;
  /** `YYYY-MM-DD`, or undefined when the offer has none. */
  start?: string;
  end?: string;
  acceptBy?: string;
  /** Where the offer is on its way to the customer, in words. */
  progress: string;
  attention: Attention[];
  /** True when the stack's state (if given) holds this offer. */
  inStack?: boolean;
}

export interface StatusReport {
  /** `YYYY-MM-DD`: the day the report was made, which every "within" counts from. */
  today: string;
  rows: StatusRow[];
  /** Whether the report knows the stack's offers (`--stack-state`). */
  stackKnown: boolean;
}

/** The thresholds of what needs attention, in days. */
export const ATTENTION = { acceptByWithinDays: 14, endingWithinDays: 30, draftOlderThanDays: 7 } as const;

const TYPE_NAMES: Record<string, string> = {
  customerpromotion: "customer",
  csppromotion: "CSP",
  multipartypromotionoriginator: "multiparty (originator)",
  multipartypromotionchannelpartner: "multiparty (channel partner)",
};

const DAY_MS = 86_400_000;

function dateOnly(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const match = /^\d{4}-\d{2}-\d{2}/.exec(value);
  return match ? match[0] : undefined;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function counterpartyOf(offer: StatusOffer): string {
  const type = (offer.privateOfferType ?? "").toLowerCase();
  if (type.startsWith("multiparty")) {
    const partner = offer.partners?.find((p) => p.partnerName || p.id);
    const customer = offer.beneficiaries?.map((b) => b.description || b.id).filter(Boolean).join(", ");
    const via = partner ? `via ${partner.partnerName || partner.id}` : "via a channel partner";
    return customer ? `${customer} ${via}` : via;
  }
  const names = (offer.beneficiaries ?? []).map((b) => b.description || b.id).filter((n): n is string => Boolean(n));
  return names.length > 0 ? names.join(", ") : "-";
}

function progressOf(offer: StatusOffer): string {
  const sub = (offer.subState ?? "").toLowerCase();
  switch (offer.state) {
    case "draft":
      return "draft: not sent to anyone";
    case "withdrawn":
      return "withdrawn: no one can see it";
    case "deleted":
      return "deleted";
  }
  if (sub === "accepted") return "accepted by the customer";
  if (sub === "pendingpartneraction") return "published; waiting for the channel partner to complete it";
  if (sub === "pendingacceptance") return "published; waiting for acceptance";
  if (sub === "expired") return "expired before acceptance";
  return offer.subState ? `published (${offer.subState})` : "published";
}

function attentionOf(offer: StatusOffer, today: string, inStack: boolean | undefined): Attention[] {
  const found: Attention[] = [];
  const accepted = (offer.subState ?? "").toLowerCase() === "accepted";
  const acceptBy = dateOnly(offer.acceptBy);
  if (offer.state === "live" && !accepted && acceptBy) {
    const days = daysBetween(today, acceptBy);
    if (days >= 0 && days <= ATTENTION.acceptByWithinDays) {
      found.push({ kind: "acceptBySoon", message: `the customer must accept by ${acceptBy} (${days === 0 ? "today" : `in ${days} day${days === 1 ? "" : "s"}`})` });
    } else if (days < 0) {
      found.push({ kind: "acceptBySoon", message: `the accept-by date ${acceptBy} has passed without acceptance` });
    }
  }
  const end = dateOnly(offer.end);
  if (end && (offer.state === "live" || offer.state === "draft")) {
    const days = daysBetween(today, end);
    if (days >= 0 && days <= ATTENTION.endingWithinDays) {
      found.push({ kind: "endingSoon", message: `ends on ${end} (${days === 0 ? "today" : `in ${days} day${days === 1 ? "" : "s"}`})` });
    }
  }
  if (offer.state === "withdrawn" && inStack) {
    found.push({ kind: "withdrawnInStack", message: "withdrawn in Partner Center, but the stack still declares it" });
  }
  const modified = dateOnly(offer.lastModified);
  if (offer.state === "draft" && modified) {
    const days = daysBetween(modified, today);
    if (days > ATTENTION.draftOlderThanDays) found.push({ kind: "staleDraft", message: `a draft untouched since ${modified} (${days} days)` });
  }
  return found;
}

/**
 * The report. `stackOfferIds`: the ids of the offers a stack's state holds, when known. Deleted
 * offers are left out. Rows come in order of attention first, then end date, then name.
 */
export function buildStatusReport(offers: readonly StatusOffer[], today: string, stackOfferIds?: ReadonlySet<string>): StatusReport {
  const rows: StatusRow[] = offers
    .filter((offer) => offer.state !== "deleted")
    .map((offer) => {
      const inStack = stackOfferIds ? stackOfferIds.has(offer.id) : undefined;
      const row: StatusRow = {
        id: offer.id,
        name: offer.name,
        type: TYPE_NAMES[(offer.privateOfferType ?? "").toLowerCase()] ?? offer.privateOfferType ?? "-",
        state: offer.state,
        counterparty: counterpartyOf(offer),
        progress: progressOf(offer),
        attention: attentionOf(offer, today, inStack),
      };
      if (offer.subState) row.subState = offer.subState;
      const start = dateOnly(offer.start);
      if (start) row.start = start;
      const end = dateOnly(offer.end);
      if (end) row.end = end;
      const acceptBy = dateOnly(offer.acceptBy);
      if (acceptBy) row.acceptBy = acceptBy;
      if (inStack !== undefined) row.inStack = inStack;
      return row;
    });
  rows.sort(
    (a, b) =>
      Number(b.attention.length > 0) - Number(a.attention.length > 0) ||
      (a.end ?? "9999").localeCompare(b.end ?? "9999") ||
      a.name.localeCompare(b.name),
  );
  return { today, rows, stackKnown: stackOfferIds !== undefined };
}

/** The offer ids a `pulumi stack export` holds (the `offerId` outputs of its PrivateOffer resources). */
export function offerIdsInStackExport(exported: unknown): Set<string> {
  const parsed = z
    .looseObject({
      deployment: z.looseObject({
        resources: z.array(z.looseObject({ type: z.string().optional(), outputs: z.record(z.string(), z.unknown()).optional() })).optional(),
      }),
    })
    .safeParse(exported);
  if (!parsed.success) {
    throw new Error("the stack state is not the output of `pulumi stack export` (no deployment.resources)");
  }
  const ids = new Set<string>();
  for (const resource of parsed.data.deployment.resources ?? []) {
    const id = resource.outputs?.["offerId"];
    if (resource.type?.endsWith(":PrivateOffer") && typeof id === "string" && id) ids.add(id);
  }
  return ids;
}
