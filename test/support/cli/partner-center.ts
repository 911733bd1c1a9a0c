// What Partner Center (the emulator) holds, read the way a client reads it: every private offer the
// account can see, through `GET private-offer/query` and its `@nextLink` pages; and the writes the
// run sent, from the emulator's request log.
import type { PublisherAccount } from "../../../emulator/contracts";
import type { TestEmulator } from "../emulator";

export interface OfferView {
  id: string;
  name?: string;
  state: string;
  subState?: string;
  eTag?: string;
  [field: string]: unknown;
}

export async function listOffers(emulator: TestEmulator, account?: PublisherAccount): Promise<OfferView[]> {
  const offers: OfferView[] = [];
  let next: string | undefined = "/private-offer/query?$version=2023-07-15";
  while (next) {
    const response = await emulator.api(next, account ? { account } : {});
    if (response.status !== 200) throw new Error(`GET ${next}: HTTP ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { privateOffers?: OfferView[]; "@nextLink"?: string };
    offers.push(...(page.privateOffers ?? []));
    const link = page["@nextLink"];
    next = link ? link.slice(link.indexOf("/private-offer")) : undefined;
  }
  return offers;
}

/** Offers that exist (not deleted), by name. */
export async function liveAndPendingByName(emulator: TestEmulator, account?: PublisherAccount): Promise<Map<string, OfferView[]>> {
  const byName = new Map<string, OfferView[]>();
  for (const offer of await listOffers(emulator, account)) {
    if (offer.state === "deleted") continue;
    const key = offer.name ?? offer.id;
    byName.set(key, [...(byName.get(key) ?? []), offer]);
  }
  return byName;
}

export async function getOffer(emulator: TestEmulator, offerId: string, account?: PublisherAccount): Promise<OfferView | undefined> {
  const guid = offerId.replace(/^private-offer\//, "");
  const response = await emulator.api(`/private-offer/${guid}?$version=2023-07-15`, account ? { account } : {});
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`GET private-offer/${guid}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as OfferView;
}

/**
 * How many configure POSTs the emulator answered since its log was last cleared; with `accepted`,
 * only those it took on as a job (202), not those it refused unprocessed (a stale eTag's 412).
 */
export async function configurePosts(emulator: TestEmulator, only?: "accepted"): Promise<number> {
  return (await emulator.requests()).filter(
    (r) => r.method === "POST" && r.path.endsWith("/configure") && (only !== "accepted" || r.status === 202),
  ).length;
}
