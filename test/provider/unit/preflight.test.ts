// What check learns from the whole run: the stack's `partnercenter:` settings reviewed from the config
// `configure` receives (misspelt keys with a did-you-mean, unreadable values, no credential, plain
// http, unknown profiles), and one name per offer and account across the checks of one process.
import assert from "node:assert/strict";
import { SettingsError } from "../../../provider/config/errors";
import { reviewStackConfig } from "../../../provider/config/review";
import { closestName } from "../../../provider/config/suggest";
import { SETTING_ALIASES, SETTING_NAMES } from "../../../provider/config/settings";
import { Preflight, stackConfigOf } from "../../../provider/dynamic/preflight";
import { createPlanPricingProvider } from "../../../provider/dynamic/plan-pricing";
import { createPrivateOfferProvider } from "../../../provider/dynamic/private-offer";
import { ProviderRuntime } from "../../../provider/dynamic/runtime";
import { UNKNOWN } from "../../../provider/schema/unknowns";
import { channelPartner, customerPercentage, PLAN, PRODUCT } from "./samples";

const TENANT = "7e57c0de-0000-4000-8000-00000000a11c";
const CLIENT = "c1e47000-0000-4000-8000-00000000a11c";
const SECRET = "a-client-secret-never-printed";
const GOOD = {
  "partnercenter:tenantId": TENANT,
  "partnercenter:clientId": CLIENT,
  "partnercenter:clientSecret": SECRET,
};

/** What the dynamic-provider host hands `configure`: its Config object, every key of the stack config in `rawConfig`. */
function hostConfig(raw: Record<string, string>): { config: { rawConfig: Record<string, string>; get(key: string): string | undefined } } {
  return { config: { rawConfig: raw, get: (key: string) => raw[key] } };
}

function noSecretIn(texts: readonly string[]): void {
  for (const text of texts) assert.ok(!text.includes(SECRET), `a secret in: ${text}`);
}

describe("the stack's partnercenter: settings reviewed before anything is sent", () => {
  it("finds the setting a misspelt key stands for: swapped letters, case, separators, environment names, cut short", () => {
    const meant = (word: string) => closestName(word, [...SETTING_NAMES, "accounts"], SETTING_ALIASES);
    assert.equal(meant("clientSecert"), "clientSecret");
    assert.equal(meant("ClientSecret"), "clientSecret");
    assert.equal(meant("client_secret"), "clientSecret");
    assert.equal(meant("AZURE_CLIENT_SECRET"), "clientSecret");
    assert.equal(meant("PARTNER_CENTER_ENDPOINT"), "endpoint");
    assert.equal(meant("endpont"), "endpoint");
    assert.equal(meant("tenant"), "tenantId");
    assert.equal(meant("account"), "accounts");
    assert.equal(meant("pollIntervalSecs"), "pollIntervalSeconds");
    assert.equal(meant("colour"), undefined);
  });

  it("a misspelt secret key is named with the setting it stands for and the commands that fix it, never its value", () => {
    const review = reviewStackConfig({ "partnercenter:tenantId": TENANT, "partnercenter:clientId": CLIENT, "partnercenter:clientSecert": SECRET }, {});
    assert.deepEqual(review.problems, [
      "partnercenter:clientSecert is not a setting of this provider, so its value is not used: did you mean partnercenter:clientSecret? " +
        "Rename it: pulumi config rm partnercenter:clientSecert, then pulumi config set --secret partnercenter:clientSecret <value>",
    ]);
    // And what it leads to, said for the resources that use the top-level settings.
    const own = review.problemsFor(undefined);
    assert.equal(own.length, 1);
    assert.match(own[0]!, /^no credential found: set partnercenter:accessToken .*For example: pulumi config set partnercenter:tenantId/);
    noSecretIn([...review.problems, ...own]);
  });

  it("a key that stands for no setting lists the ones there are; other namespaces are the program's own", () => {
    const review = reviewStackConfig({ ...GOOD, "partnercenter:colour": "blue", "offers:colour": "blue", "aws:region": "us-east-1" }, {});
    assert.equal(review.problems.length, 1);
    assert.match(review.problems[0]!, /^partnercenter:colour is not a setting of this provider, so its value is not used: remove it \(pulumi config rm partnercenter:colour\) or use one of partnercenter:tenantId, .*partnercenter:accounts$/);
  });

  it("values that cannot be used name the key, its variable and the rule: a tenant that is no GUID or domain, numbers, plain http to a remote host", () => {
    const review = reviewStackConfig(
      {
        ...GOOD,
        "partnercenter:tenantId": "contoso",
        "partnercenter:clientId": "my-app",
        "partnercenter:pollIntervalSeconds": "fast",
        "partnercenter:maxRetries": "2.5",
        "partnercenter:endpoint": "http://partnercenter.example.com/rp/product-ingestion",
      },
      {},
    );
    const said = review.problems.join("\n");
    assert.match(said, /partnercenter:tenantId \(or AZURE_TENANT_ID\) must be a tenant GUID or a verified domain such as contoso\.onmicrosoft\.com/);
    assert.match(said, /partnercenter:clientId \(or AZURE_CLIENT_ID\) must be a GUID/);
    assert.match(said, /partnercenter:pollIntervalSeconds \(or PARTNER_CENTER_POLL_INTERVAL_SECONDS\) must be a number/);
    assert.match(said, /partnercenter:maxRetries \(or PARTNER_CENTER_MAX_RETRIES\) must be a whole number/);
    assert.match(said, /partnercenter:endpoint \(or PARTNER_CENTER_ENDPOINT\) must use https \(plain http is accepted only for a loopback address/);
    // Each problem once, not again for the resources that use the top level.
    assert.deepEqual(review.problemsFor(undefined).filter((p) => /tenantId|pollInterval|endpoint/.test(p)), []);
  });

  it("plain http to a loopback address (the emulator) is fine; so is a credential from the environment", () => {
    const review = reviewStackConfig({ "partnercenter:endpoint": "http://127.0.0.1:4312/rp/product-ingestion" }, { PARTNER_CENTER_ACCESS_TOKEN: "a-token-from-the-environment" });
    assert.deepEqual(review.problems, []);
    assert.deepEqual(review.problemsFor(undefined), []);
  });

  describe("profiles (partnercenter:accounts)", () => {
    const partner = { tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET };
    const withAccounts = (accounts: unknown, top: Record<string, string> = {}) =>
      reviewStackConfig({ ...top, "partnercenter:accounts": typeof accounts === "string" ? accounts : JSON.stringify(accounts) }, {});

    it("a stack whose resources all name profiles needs no top-level credential", () => {
      const review = withAccounts({ partner });
      assert.deepEqual(review.problems, []);
      assert.deepEqual(review.problemsFor("partner"), []);
    });

    it("a mistyped key inside a profile gets a did-you-mean, not zod's 'Unrecognized key'", () => {
      const review = withAccounts({ partner: { tenantId: TENANT, clientId: CLIENT, clientSecert: SECRET } });
      const said = review.problems.join("\n");
      assert.match(said, /partnercenter:accounts\.partner has a key "clientSecert" that is not a setting: did you mean "clientSecret"\? Rename the key in the JSON of partnercenter:accounts/);
      assert.doesNotMatch(said, /Unrecognized key/);
      noSecretIn(review.problems);
    });

    it("an account no profile has: the profile it most likely meant, or the ones there are", () => {
      const review = withAccounts({ channelPartner: partner, company: partner });
      assert.match(review.problemsFor("channelPartnr")[0]!, /account "channelPartnr" names no profile of partnercenter:accounts: did you mean "channelPartner"\?/);
      assert.match(review.problemsFor("elsewhere")[0]!, /account "elsewhere" names no profile of partnercenter:accounts \(it has "channelPartner", "company"\)/);
      assert.match(reviewStackConfig(GOOD, {}).problemsFor("partner")[0]!, /account "partner" names a profile of partnercenter:accounts, which is not set in the stack config: add it, e\.g\. pulumi config set --secret partnercenter:accounts/);
    });

    it("a profile without a credential, a value that cannot be read, and JSON that is none are said with the profile's name", () => {
      assert.match(withAccounts({ partner: { pollIntervalSeconds: 2 } }).problems.join("\n"), /account "partner" in partnercenter:accounts: no credential found/);
      assert.match(withAccounts({ partner: { ...partner, tenantId: "contoso" } }).problems.join("\n"), /account "partner" in partnercenter:accounts: partnercenter:tenantId .* must be a tenant GUID/);
      assert.match(withAccounts("{not json").problems.join("\n"), /partnercenter:accounts must be a JSON object of profile name -> settings \(it is not valid JSON\)/);
      assert.match(withAccounts({ partner: "x" }).problems.join("\n"), /partnercenter:accounts\.partner must be an object of settings/);
    });
  });

  it("reads every key of the config configure receives: the host's Config object, a map, or a plain object", () => {
    assert.deepEqual(stackConfigOf(hostConfig({ "partnercenter:endpoint": "x" }).config), { "partnercenter:endpoint": "x" });
    assert.deepEqual(stackConfigOf(new Map([["partnercenter:maxRetries", "2"]])), { "partnercenter:maxRetries": "2" });
    assert.deepEqual(stackConfigOf({ "partnercenter:accounts": { a: { accessToken: "t" } } }), { "partnercenter:accounts": '{"a":{"accessToken":"t"}}' });
    assert.equal(stackConfigOf({ get: () => undefined }), undefined, "keys that cannot be listed");
  });
});

describe("check fails on settings problems, once configure has seen the stack config", () => {
  function providers(config: Record<string, string>) {
    const runtime = new ProviderRuntime({ env: {}, progress: () => {} });
    const preflight = new Preflight({});
    const offers = createPrivateOfferProvider(runtime, { preflight });
    const pricing = createPlanPricingProvider(runtime, { preflight });
    offers.configure!(hostConfig(config) as never);
    return { offers, pricing, preflight };
  }

  it("every resource's check fails with the stack-wide problems, without a property, before any request", async () => {
    const { offers, pricing } = providers({ ...GOOD, "partnercenter:clientSecret": SECRET, "partnercenter:jobTimeoutMinute": "5" });
    const offer = await offers.check!({}, customerPercentage());
    assert.deepEqual(offer.failures, [
      {
        property: "",
        reason:
          "partnercenter:jobTimeoutMinute is not a setting of this provider, so its value is not used: did you mean partnercenter:jobTimeoutMinutes? " +
          "Rename it: pulumi config rm partnercenter:jobTimeoutMinute, then pulumi config set partnercenter:jobTimeoutMinutes <value>",
      },
    ]);
    const prices = await pricing.check!({}, { product: PRODUCT, plan: PLAN });
    assert.equal(prices.failures?.length, 1);
  });

  it("an unknown profile fails at the resource's account; a missing credential only the resources that use the top level", async () => {
    const { offers } = providers({ "partnercenter:accounts": JSON.stringify({ partner: { accessToken: "a-profile-token-value" } }) });
    const unknown = await offers.check!({}, { ...customerPercentage(), account: "partnr" });
    assert.deepEqual(unknown.failures?.map((f) => f.property), ["account"]);
    assert.match(unknown.failures?.[0]?.reason ?? "", /did you mean "partner"/);
    assert.deepEqual((await offers.check!({}, { ...customerPercentage(), account: "partner" })).failures, []);
    const top = await offers.check!({}, { ...customerPercentage(), name: "Uses the top level" });
    assert.match(top.failures?.[0]?.reason ?? "", /^no credential found/);
    // An account known only after apply is judged when it is known.
    assert.deepEqual((await offers.check!({}, { ...customerPercentage(), name: "Unknown account", account: UNKNOWN })).failures, []);
  });

  it("sound settings add nothing; and an implementation never configured (unit tests) judges none", async () => {
    assert.deepEqual((await providers(GOOD).offers.check!({}, customerPercentage())).failures, []);
    const runtime = new ProviderRuntime({ env: {}, progress: () => {} });
    assert.deepEqual((await createPrivateOfferProvider(runtime, { preflight: new Preflight({}) }).check!({}, customerPercentage())).failures, []);
  });

  it("a run that gets past check (destroy, refresh) says the misspelt key beside 'no credential found'", async () => {
    const { offers } = providers({ "partnercenter:clientSecert": SECRET });
    const error = await offers.delete!("private-offer/x", { ...customerPercentage(), offerId: "private-offer/x", state: "draft" }).then(
      () => assert.fail("expected a settings error"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SettingsError, String(error));
    assert.match(error.message, /no credential found/);
    assert.match(error.message, /partnercenter:clientSecert is not a setting of this provider.*did you mean partnercenter:clientSecret/);
    noSecretIn([error.message]);
  });
});

describe("one name per offer and account in a run", () => {
  async function run() {
    const runtime = new ProviderRuntime({ env: {}, progress: () => {} });
    const preflight = new Preflight({});
    const offers = createPrivateOfferProvider(runtime, { preflight });
    offers.configure!(hostConfig(GOOD) as never);
    const check = async (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => {
      const result = await offers.check!(olds, news);
      return { failures: result.failures ?? [], inputs: result.inputs as Record<string, unknown> };
    };
    return { check, preflight };
  }

  it("a second offer of the stack with the same name is refused at name, saying why and what to do", async () => {
    const { check } = await run();
    assert.deepEqual((await check(customerPercentage())).failures, []);
    const second = await check({ ...customerPercentage(), beneficiaries: [{ id: "11111111-2222-4333-8444-555555555555:11111111-2222-4333-8444-555555555555_2020-01-01" }] });
    assert.equal(second.failures.length, 1);
    assert.equal(second.failures[0]!.property, "name");
    assert.match(second.failures[0]!.reason, /^"Contoso FY27" is also the name of another PrivateOffer in this stack: Partner Center lists private offers by name.* Give each offer its own name$/);
  });

  it("two offers with identical inputs are two offers (the engine checks each resource once per run)", async () => {
    const { check } = await run();
    await check(customerPercentage());
    assert.equal((await check(customerPercentage())).failures[0]?.property, "name");
  });

  it("names differing only in case or spacing are the same name to a customer", async () => {
    const { check } = await run();
    await check(customerPercentage());
    const second = await check({ ...customerPercentage(), name: "  contoso   fy27 " });
    assert.match(second.failures[0]?.reason ?? "", /"  contoso   fy27 " \(the same as "Contoso FY27", ignoring case and spacing\)/);
  });

  it("the same name under another account, a channel partner's completion, and a name unknown until apply take nothing", async () => {
    const { check } = await run();
    await check(customerPercentage());
    assert.deepEqual((await check({ ...customerPercentage(), account: "partner" })).failures.filter((f) => f.property === "name"), []);
    assert.deepEqual((await check(channelPartner())).failures, []);
    assert.deepEqual((await check(channelPartner())).failures, []);
    assert.deepEqual((await check({ ...customerPercentage(), name: UNKNOWN })).failures, []);
  });

  it("a renamed offer leaves its old name to another offer of the same run: names are compared as the program declares them", async () => {
    const { check } = await run();
    const before = { ...customerPercentage(), name: "Contoso FY26" };
    assert.deepEqual((await check({ ...customerPercentage(), name: "Contoso FY27" }, before)).failures, [], "the offer renamed");
    assert.deepEqual((await check({ ...customerPercentage(), name: "Contoso FY26", notes: "new" })).failures, [], "a new offer with the old name");
  });

  it("the same offer checked again in a later run of one process (as test harnesses drive it) is no duplicate of itself", async () => {
    const { check } = await run();
    const first = await check(customerPercentage());
    // Its olds are what check returned for it before.
    const again = await check({ ...customerPercentage(), notes: "changed" }, first.inputs);
    assert.deepEqual(again.failures, []);
    const third = await check({ ...customerPercentage(), notes: "changed" }, first.inputs);
    assert.deepEqual(third.failures, [], "a preview and an up of the same change");
  });

  it("a replacement is checked again without olds after diff: the same offer, not a second one; a true duplicate still fails", async () => {
    const runtime = new ProviderRuntime({ env: {}, progress: () => {} });
    const preflight = new Preflight({});
    const offers = createPrivateOfferProvider(runtime, { preflight });
    offers.configure!(hostConfig(GOOD) as never);
    const draft = { ...customerPercentage(), state: "draft" };
    const stored = { ...(await offers.check!({}, draft)).inputs, offerId: "private-offer/0c0ffee0-0000-4000-8000-000000000001", state: "draft" };
    // A new run: the renamed draft is checked against its olds, diffed (a replacement), then checked without olds.
    const fresh = new Preflight({});
    const next = createPrivateOfferProvider(runtime, { preflight: fresh });
    next.configure!(hostConfig(GOOD) as never);
    const renamed = { ...draft, name: "Contoso FY27 draft B" };
    const checked = await next.check!(stored, renamed);
    assert.deepEqual(checked.failures, []);
    const diff = await next.diff!("private-offer/0c0ffee0-0000-4000-8000-000000000001", stored, checked.inputs as Record<string, unknown>);
    assert.ok((diff.replaces ?? []).length > 0, JSON.stringify(diff));
    assert.deepEqual((await next.check!({}, renamed)).failures, [], "the engine's check of the replacement");
    assert.equal((await next.check!({}, renamed)).failures?.[0]?.property, "name", "a second new offer of that name");
  });

  it("a deleted offer gives its name back, for a replacement of it", () => {
    const preflight = new Preflight({});
    preflight.configured({ "partnercenter:accessToken": "a-token-value-123" });
    assert.deepEqual(preflight.claimName({}, { ...customerPercentage() }), []);
    preflight.releaseName({ ...customerPercentage(), offerId: "private-offer/x" });
    assert.deepEqual(preflight.claimName({}, { ...customerPercentage(), notes: "replacement" }), []);
  });
});
