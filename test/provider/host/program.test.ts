// One Pulumi program of every kind of offer, through Pulumi's real dynamic-provider host (run
// `npm run build` first) against the emulator over TLS, with real credentials: the software
// company's client secret in `partnercenter:*`, the channel partner's in a `partnercenter:accounts`
// profile, tokens fetched by msal-node. Every phase counts the configure POSTs it cost.
import assert from "node:assert/strict";
import { join } from "node:path";
import { planPricingShim, privateOfferShim } from "../../../provider/resources/shims";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { HostCallError, serializeProvider, startProviderHost, type PropertyMap, type ProviderHost } from "../../support/provider-host";
import { PER_USER_PLAN, PER_USER_PRODUCT, SAAS_PLAN, SAAS_PRODUCT, VM_PLAN, VM_PRODUCT, cspOffer, customerOffer, originatorOffer } from "../emulator/support";
import { HostStack } from "./stack";
import { tlsControl, type TlsControl } from "./tls-control";
import { future } from "../../support/dates";

const PACKAGE_ROOT = join(__dirname, "..", "..", "..");

const seatsPricing = (pricePerUser: number): PropertyMap => ({
  product: PER_USER_PRODUCT,
  plan: PER_USER_PLAN,
  offerPricingType: "saasNewCustomizedPlans",
  pricing: {
    recurrentPrice: {
      recurrentPriceMode: "perUser",
      userLimits: { min: 20, max: 100 },
      prices: [{ billingTerm: { type: "year", value: 1 }, pricePerPaymentInUsd: pricePerUser }],
    },
  },
});

const vmPricing: PropertyMap = {
  product: VM_PRODUCT,
  plan: VM_PLAN,
  offerPricingType: "vmSoftwareReservations",
  softwareReservation: {
    reservationDuration: { type: "year", value: 1 },
    paymentSchedule: { type: "month", value: 1 },
    vmPrices: { "4Core": { quantity: 2, unitPricePerPaymentPeriodInUsd: 99 } },
  },
};

describe("a program of every kind of offer through the real provider host, over TLS with client secrets", function () {
  this.timeout(60_000);
  let emulator: TestEmulator;
  let control: TlsControl;
  let host: ProviderHost;
  let stack: HostStack;
  let offer: string;
  let pricing: string;
  /** Index into the request log where the current phase began. */
  let mark = 0;

  // The program as declared; each phase changes one thing.
  const program = {
    customer: (overrides: PropertyMap = {}) => customerOffer({ name: "Contoso percentage", ...overrides }) as PropertyMap,
    csp: (state: string) =>
      cspOffer({
        name: "Reseller margin",
        state,
        beneficiaries: [{ id: "5b1d6e3a-2c4f-4a8b-9d0e-1f2a3b4c5d6e", description: "Reseller", recipients: ["9a8b7c6d-1111-4222-8333-444455556666"] }],
      }) as PropertyMap,
    originator: () => originatorOffer(emulator.channelPartner.sellerId, { name: "Multiparty with Fabrikam" }) as PropertyMap,
    completion: (offerId: string): PropertyMap => ({
      privateOfferType: "multipartyPromotionChannelPartner",
      offerId,
      account: "partner",
      preparedBy: "partner@example.com",
      markups: [{ product: SAAS_PRODUCT, plan: SAAS_PLAN, markupPercentage: 3 }],
    }),
    seats: (document: unknown) =>
      customerOffer({
        name: "Contoso seats",
        offerPricingType: "saasNewCustomizedPlans",
        pricing: [{ product: PER_USER_PRODUCT, basePlan: PER_USER_PLAN, discountType: "absolute", priceDetails: document, newPlanDetails: { name: "Contoso seats", description: "Seats for Contoso" } }],
      }) as PropertyMap,
    vm: (document: unknown) =>
      customerOffer({
        name: "Contoso VM reservation",
        offerPricingType: "vmSoftwareReservations",
        pricing: [{ product: VM_PRODUCT, basePlan: VM_PLAN, discountType: "absolute", priceDetails: document }],
      }) as PropertyMap,
  };

  async function phase(): Promise<{ posts: number; queries: number }> {
    const log = (await control.requests()).filter((r) => r.seq > mark);
    mark = log.at(-1)?.seq ?? mark;
    return {
      posts: log.filter((r) => r.method === "POST" && r.path.endsWith("/configure")).length,
      queries: log.filter((r) => r.path.endsWith("/private-offer/query")).length,
    };
  }

  async function refusal(promise: Promise<unknown>): Promise<HostCallError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof HostCallError, `expected the host to refuse, got ${String(error)}`);
    return error;
  }

  before(async () => {
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 30 });
    assert.ok(emulator.caCertPath, "the emulator writes its CA under tls");
    control = tlsControl(emulator.url, emulator.caCertPath);
    offer = (await serializeProvider(privateOfferShim)).text;
    pricing = (await serializeProvider(planPricingShim)).text;
    host = await startProviderHost({ cwd: PACKAGE_ROOT, project: "offers", env: { NODE_EXTRA_CA_CERTS: emulator.caCertPath } });
    const seller = emulator.softwareCompany;
    const partner = emulator.channelPartner;
    await host.configure(
      {
        "partnercenter:endpoint": emulator.apiBaseUrl,
        "partnercenter:authorityHost": emulator.url,
        "partnercenter:tenantId": seller.tenantId,
        "partnercenter:clientId": seller.clientId,
        "partnercenter:clientSecret": seller.clientSecret,
        "partnercenter:pollIntervalSeconds": "0.02",
        "partnercenter:accounts": JSON.stringify({
          partner: { tenantId: partner.tenantId, clientId: partner.clientId, clientSecret: partner.clientSecret },
        }),
      },
      { secretKeys: ["partnercenter:clientSecret", "partnercenter:accounts"] },
    );
    stack = new HostStack(host);
  });

  after(async () => {
    await host?.close();
    await emulator?.close();
  });

  it("creates every kind of offer with one configure POST each, and one name query for the whole program", async () => {
    const seats = await stack.up("seats-pricing", pricing, seatsPricing(100));
    const vm = await stack.up("vm-pricing", pricing, vmPricing);
    const created = await Promise.all([
      stack.up("customer", offer, program.customer()),
      stack.up("csp", offer, program.csp("draft")),
      stack.up("originator", offer, program.originator()),
      stack.up("seats", offer, program.seats(seats.outputs.document)),
      stack.up("vm", offer, program.vm(vm.outputs.document)),
    ]);
    const completion = await stack.up("completion", offer, program.completion(String(stack.entry("originator").outputs.offerId)));

    for (const entry of [...created, completion]) assert.match(entry.id, /^private-offer\//);
    assert.deepEqual(
      [...created, completion].map((e) => e.outputs.state),
      ["live", "draft", "live", "live", "live", "live"],
    );
    assert.equal(completion.outputs.account, "partner");
    assert.equal(completion.id, stack.entry("originator").id, "the partner completes the software company's offer");
    assert.deepEqual(await phase(), { posts: 6, queries: 1 });
  });

  it("a price change updates the offer that uses the document: withdraw, then live (2 POSTs)", async () => {
    const preview = await stack.preview("seats-pricing", pricing, seatsPricing(80));
    assert.equal(preview.changes, "some");
    const cheaper = await stack.up("seats-pricing", pricing, seatsPricing(80));
    assert.match(host.output(), /\$100 per user -> \$80 per user/);
    const before = stack.entry("seats").outputs;
    const seats = await stack.up("seats", offer, program.seats(cheaper.outputs.document));
    assert.equal(seats.outputs.state, "live");
    assert.notEqual(seats.outputs.eTag, before.eTag);
    assert.match(host.output(), /"Contoso seats": withdraws the live offer/);
    assert.equal((await phase()).posts, 2);
    // The same program again: nothing to do, `__provider` included.
    await stack.up("seats", offer, program.seats(cheaper.outputs.document));
    assert.equal((await phase()).posts, 0);
  });

  it("state changes: live -> withdrawn and withdrawn -> live cost one POST each, and so does draft -> live", async () => {
    assert.equal((await stack.up("customer", offer, program.customer({ state: "withdrawn" }))).outputs.state, "withdrawn");
    assert.equal((await phase()).posts, 1);
    assert.equal((await stack.up("customer", offer, program.customer())).outputs.state, "live");
    assert.equal((await phase()).posts, 1);
    assert.equal((await stack.up("csp", offer, program.csp("live"))).outputs.state, "live");
    assert.equal((await phase()).posts, 1);
  });

  async function outputMatching(pattern: RegExp): Promise<string> {
    for (let waited = 0; waited < 2000 && !pattern.test(host.output()); waited += 20) await new Promise((r) => setTimeout(r, 20));
    assert.match(host.output(), pattern);
    return host.output();
  }

  it("an out-of-band edit shows as drift on refresh, and the next up puts the declared value back", async () => {
    const offerId = String(stack.entry("customer").outputs.offerId);
    const eTag = stack.entry("customer").outputs.eTag;
    await control.edit(offerId, { acceptBy: future("02-28", 1) });
    const refreshed = await stack.refresh("customer");
    assert.equal(refreshed?.outputs.acceptBy, future("02-28", 1));
    assert.notEqual(refreshed?.outputs.eTag, eTag);
    // The host's stderr reaches this process on its own schedule, possibly after the gRPC answer.
    assert.match(await outputMatching(new RegExp(`"Contoso percentage": drift: acceptBy: ${future("03-31", 1)} -> ${future("02-28", 1)}`)), /drift/);
    const converged = await stack.up("customer", offer, program.customer());
    assert.equal(converged.outputs.acceptBy, future("03-31", 1));
    assert.equal((await phase()).posts, 2);
  });

  it("after the customer accepts, a change and a delete are refused with why and what to do, and nothing is sent", async () => {
    assert.equal(await control.accept(String(stack.entry("customer").outputs.offerId)), 200);
    const refreshed = await stack.refresh("customer");
    assert.equal(String(refreshed?.outputs.subState).toLowerCase(), "accepted");
    const change = await refusal(stack.preview("customer", offer, program.customer({ end: future("09-30", 1) })));
    assert.match(change.details, /accepted by the customer: it is a binding agreement/);
    assert.match(change.details, /upgradedFrom/);
    const removal = await refusal(stack.destroy("customer"));
    assert.match(removal.details, /can no longer be deleted/);
    assert.match(removal.details, /pulumi state delete/);
    assert.equal((await phase()).posts, 0);
  });

  it("destroy: a live offer costs 2 POSTs, a withdrawn one 1, the channel partner only withdraws", async () => {
    for (const name of ["seats", "vm", "csp"]) {
      await stack.destroy(name);
      assert.equal((await phase()).posts, 2, `${name} (live): withdraw, then delete`);
    }
    await stack.destroy("completion");
    assert.equal((await phase()).posts, 1, "the channel partner withdraws only");
    // The partner's completion and withdrawal changed the offer's eTag: `pulumi destroy --refresh` reads it first.
    const originator = await stack.refresh("originator");
    await stack.destroy("originator");
    const expected = originator?.outputs.state === "live" ? 2 : 1;
    assert.equal((await phase()).posts, expected, `the originator's ${String(originator?.outputs.state)} offer`);
    // A withdrawn offer is deleted with one POST.
    await stack.up("withdrawn", offer, program.customer({ name: "Withdrawn before destroy" }));
    assert.equal((await stack.up("withdrawn", offer, program.customer({ name: "Withdrawn before destroy", state: "withdrawn" }))).outputs.state, "withdrawn");
    assert.equal((await phase()).posts, 2, "create, then withdraw");
    await stack.destroy("withdrawn");
    assert.equal((await phase()).posts, 1, "a draft or withdrawn offer: one delete");
    await stack.destroy("seats-pricing");
    await stack.destroy("vm-pricing");
    assert.equal((await phase()).posts, 0, "price documents live inside the offers' requests only");
  });

  it("fetched one token per credential for the whole process, never printed a secret, and left no offer duplicated or lost", async () => {
    const tokens = (await control.requests()).filter((r) => r.method === "POST" && r.path.endsWith("/oauth2/v2.0/token"));
    const byTenant = new Map<string, number>();
    for (const r of tokens) byTenant.set(r.path, (byTenant.get(r.path) ?? 0) + 1);
    assert.equal(tokens.length, 2, `token requests: ${JSON.stringify([...byTenant])}`);
    const output = host.output();
    for (const account of [emulator.softwareCompany, emulator.channelPartner]) {
      assert.ok(!output.includes(account.clientSecret), "a client secret reached the host's output");
    }
    assert.ok(!/eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(output), "a token reached the host's output");
    // Looked up after the tokens were counted: this look-up fetches one of its own.
    const offers = await control.offers(emulator.softwareCompany);
    const byName = (name: string) => offers.filter((o) => o.name === name);
    for (const name of ["Contoso seats", "Contoso VM reservation", "Reseller margin", "Multiparty with Fabrikam", "Withdrawn before destroy"]) {
      assert.deepEqual(byName(name), [], `${name}: destroyed, nothing left behind`);
    }
    assert.deepEqual(byName("Contoso percentage").map((o) => o.state.toLowerCase()), ["live"], "the accepted offer is kept");
  });
});
