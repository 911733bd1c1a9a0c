// Shared set-up for the domain tests: a fake clock, three accounts, a permissive validator and
// helpers that submit configure requests and read the results.

import assert from "node:assert/strict";
import type { ConfigureValidation, JsonObject, Principal, PublisherAccount, Query, ResourceType } from "../../../emulator/contracts";
import { createProductIngestionDomain } from "../../../emulator/domain";

export const BASE = "http://127.0.0.1:9/rp/product-ingestion";
export const LATENCY = 1000;
export const CONFIGURE_QUERY: Query = { $version: "2022-07-01" };
export const SAMPLE_PRODUCT = "product/34771906-9711-4196-9f60-4af380fd5042";

function account(sellerId: string, displayName: string): PublisherAccount {
  return { sellerId, displayName, tenantId: `tenant-${sellerId}`, clientId: `client-${sellerId}`, clientSecret: "not-a-secret" };
}

export const ACCOUNTS = [account("1000001", "Contoso Software"), account("2000002", "Fabrikam Channel"), account("3000003", "Other Publisher")];

function principal(a: PublisherAccount): Principal {
  return { tenantId: a.tenantId, clientId: a.clientId, sellerId: a.sellerId };
}
export const [ISV, PARTNER, OTHER] = ACCOUNTS.map(principal) as [Principal, Principal, Principal];

export class FakeClock {
  constructor(public ms = Date.parse("2026-03-01T12:00:00Z")) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Accepts any envelope whose resources carry a schema URL; the real rules are tested elsewhere. */
export function permissiveValidator(body: unknown): ConfigureValidation {
  const envelope = body as { $schema?: string; resources?: JsonObject[] };
  const version = envelope.$schema?.split("/").pop() ?? "";
  const resources = (envelope.resources ?? []).map((resource, index) => {
    const parts = String(resource["$schema"]).split("/");
    const resourceName = typeof resource["resourceName"] === "string" ? resource["resourceName"] : undefined;
    return { type: parts[parts.length - 2] as ResourceType, version: parts[parts.length - 1] ?? "", index, resourceName, body: resource };
  });
  return { ok: true, envelopeVersion: version, resources };
}

export function setUp(options: { latency?: number; validate?: (body: unknown, query: Query) => ConfigureValidation } = {}) {
  const clock = new FakeClock();
  let ids = 0;
  const domain = createProductIngestionDomain({
    clock,
    jobLatencyMs: options.latency ?? LATENCY,
    accounts: ACCOUNTS,
    validate: options.validate ?? permissiveValidator,
    newId: () => `00000000-0000-4000-8000-${(++ids).toString().padStart(12, "0")}`,
  });
  const latency = options.latency ?? LATENCY;

  function envelope(resources: JsonObject[]): JsonObject {
    return { $schema: "https://schema.mp.microsoft.com/schema/configure/2022-07-01", resources };
  }

  /** POSTs resources and answers the job id (asserting 202). */
  function submit(who: Principal, resources: JsonObject[], override?: { kind: "failed" } | { kind: "stuck" }): string {
    const result = domain.configure(who, envelope(resources), CONFIGURE_QUERY, BASE, override);
    assert.equal(result.status, 202, JSON.stringify(result.body));
    return (result.body as { jobId: string }).jobId;
  }

  function status(who: Principal, jobId: string): JsonObject {
    const result = domain.jobStatus(who, jobId, CONFIGURE_QUERY, BASE);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    return result.body as JsonObject;
  }

  /** Submits, lets the job complete, and answers its final status. */
  function run(who: Principal, resources: JsonObject[]): JsonObject {
    const jobId = submit(who, resources);
    clock.advance(latency);
    return status(who, jobId);
  }

  /** Runs resources that must succeed; answers the first private offer the job wrote. */
  function succeed(who: Principal, resources: JsonObject[]): JsonObject {
    const final = run(who, resources);
    assert.equal(final["jobResult"], "succeeded", JSON.stringify(final["errors"]));
    const detail = domain.jobDetail(who, String(final["jobId"]), { $version: "2023-07-15" }, BASE);
    const written = (detail.body as { resources: JsonObject[] }).resources;
    const offer = written.find((r) => String(r["id"]).startsWith("private-offer/"));
    assert.ok(offer, "the job wrote no private offer");
    return offer;
  }

  /** Runs resources that must fail; answers the job's errors. */
  function refuse(who: Principal, resources: JsonObject[]): Array<{ code: string; message: string; resourceId: string }> {
    const final = run(who, resources);
    assert.equal(final["jobResult"], "failed", "the job was expected to fail");
    return final["errors"] as Array<{ code: string; message: string; resourceId: string }>;
  }

  function get(who: Principal, id: string): { status: number; body: JsonObject } {
    const result = domain.getPrivateOffer(who, id.replace(/^private-offer\//, ""), { $version: "2023-07-15" }, BASE);
    return { status: result.status, body: result.body as JsonObject };
  }

  return { clock, domain, submit, status, run, succeed, refuse, get };
}

const OFFER_SCHEMA = "https://schema.mp.microsoft.com/schema/private-offer/2023-07-15";

export function customerOffer(overrides: JsonObject = {}): JsonObject {
  return {
    $schema: OFFER_SCHEMA,
    name: "Contoso FY27",
    privateOfferType: "customerPromotion",
    offerPricingType: "editExistingOfferPricingOnly",
    state: "live",
    variableStartDate: true,
    end: "2027-06-30",
    acceptBy: "2026-12-31",
    beneficiaries: [{ id: "billing-account-1", description: "Contoso" }],
    pricing: [{ product: SAMPLE_PRODUCT, plan: "plan/123456", discountType: "percentage", discountPercentage: 10 }],
    ...overrides,
  };
}

export function originatorOffer(overrides: JsonObject = {}): JsonObject {
  return customerOffer({
    privateOfferType: "multipartyPromotionOriginator",
    partners: [{ id: PARTNER.sellerId, location: "United States" }],
    notes: "originator note",
    ...overrides,
  });
}

/** The partner's completion, built from its own view of the offer. */
export function partnerCompletion(view: JsonObject, markup = 2, overrides: JsonObject = {}): JsonObject {
  const items = view["originatorPricing"] as JsonObject[];
  return {
    ...view,
    state: "live",
    preparedBy: "seller@fabrikam.example",
    originatorPricing: items.map((item) => ({ ...item, markupPercentage: markup })),
    ...overrides,
  };
}

/** Reference to an existing offer with a new desired state, as the withdraw and delete samples send it. */
export function transition(offer: JsonObject, state: string, extra: JsonObject = {}): JsonObject {
  return { $schema: OFFER_SCHEMA, id: offer["id"], name: offer["name"], privateOfferType: offer["privateOfferType"], state, ...extra };
}
