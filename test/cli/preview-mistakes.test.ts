// Mistakes a GitOps pull request must show at `pulumi preview`, through the real CLI, before any
// request reaches Partner Center (the emulator's request log stays empty): a misspelt
// `partnercenter:` key (a secret one above all), a tenant that is no GUID, a number that is none, no
// credential, plain http to a remote host, an account naming no profile, a mistyped key inside a
// profile, a placeholder id left from the README, and two offers of one name; and, at up, a TLS
// certificate the CLI does not trust. The engine stops at the first resource whose check fails, so
// each mistake is said once, by one resource.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { listOffers } from "../support/cli/partner-center";
import { openCliStack, Transcript, type CliStack } from "../support/cli/stack";

const PROGRAM = { module: path.resolve(__dirname, "programs/named-offers.ts"), exportName: "namedOffers" };
const THREE = JSON.stringify(["Contoso preview A", "Contoso preview B", "Contoso preview C"]);

describe("mistakes shown at pulumi preview, before any request, through the real CLI", function () {
  this.timeout(300_000);
  let emulator: TestEmulator;
  let cli: CliStack;
  let sound: ConfigMap;
  const out = new Transcript();

  before(async () => {
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 100 });
    cli = await openCliStack({ program: PROGRAM, emulator, projectName: "mistakes", config: { "offers:names": { value: THREE } } });
    sound = await cli.stack.getAllConfig();
  });

  after(async () => {
    await cli?.dispose();
    await emulator?.close();
  });

  /** The stack's config as `before` set it, then `change` (undefined removes a key). */
  async function configWith(change: Record<string, { value: string; secret?: boolean } | undefined>): Promise<void> {
    const keys = Object.keys(await cli.stack.getAllConfig());
    const removed = keys.filter((key) => !(key in sound) || (key in change && change[key] === undefined));
    if (removed.length) await cli.stack.removeAllConfig(removed);
    const wanted: ConfigMap = { ...sound };
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete wanted[key];
      else wanted[key] = value;
    }
    await cli.stack.setAllConfig(wanted);
  }

  /** `pulumi preview`, which must fail: what the CLI printed, after checking that nothing reached the emulator. */
  async function failedPreview(): Promise<string> {
    await emulator.clearRequests();
    out.take();
    const failed = await cli.stack.preview(out).then(
      () => undefined,
      (error: unknown) => error,
    );
    const shown = out.take();
    assert.ok(failed, `the preview succeeded:\n${shown}`);
    assert.deepEqual(await emulator.requests(), [], `the emulator saw requests:\n${shown}`);
    // Said once: one resource's check fails, the engine stops there.
    const failing = new Set([...shown.matchAll(/resource '([^']+)'(?: has a problem|: property)/g)].map((m) => m[1]));
    assert.equal(failing.size, 1, `more than one resource reported:\n${shown}`);
    return shown;
  }

  it("a misspelt secret key: named with the key it stands for, not ignored until 'no credential found'", async () => {
    const secret = emulator.softwareCompany.clientSecret;
    await configWith({ "partnercenter:clientSecret": undefined, "partnercenter:clientSecert": { value: secret, secret: true } });
    const shown = await failedPreview();
    assert.match(shown, /has a problem: partnercenter:clientSecert is not a setting of this provider, so its value is not used: did you mean partnercenter:clientSecret\? Rename it: pulumi config rm partnercenter:clientSecert, then pulumi config set --secret partnercenter:clientSecret <value>/);
    assert.match(shown, /has a problem: no credential found: set partnercenter:accessToken/);
    assert.ok(!shown.includes(secret), "the misspelt key's secret value is printed");
  });

  it("a tenant that is no GUID or domain, and a number that is none, name their keys and variables", async () => {
    await configWith({ "partnercenter:tenantId": { value: "contoso" }, "partnercenter:pollIntervalSeconds": { value: "fast" } });
    const shown = await failedPreview();
    assert.match(shown, /has a problem: partnercenter:tenantId \(or AZURE_TENANT_ID\) must be a tenant GUID or a verified domain such as contoso\.onmicrosoft\.com/);
    assert.match(shown, /has a problem: partnercenter:pollIntervalSeconds \(or PARTNER_CENTER_POLL_INTERVAL_SECONDS\) must be a number/);
  });

  it("no credential at all says which keys to set, with the commands", async () => {
    await configWith({ "partnercenter:clientSecret": undefined });
    const shown = await failedPreview();
    assert.match(shown, /has a problem: no credential found: set partnercenter:accessToken \(or PARTNER_CENTER_ACCESS_TOKEN\), or a tenant and client id with one of partnercenter:clientSecret .*For example: pulumi config set partnercenter:tenantId <tenant id>/);
  });

  it("plain http to a host that is not loopback", async () => {
    await configWith({ "partnercenter:endpoint": { value: "http://partnercenter.example.com/rp/product-ingestion" } });
    const shown = await failedPreview();
    assert.match(shown, /has a problem: partnercenter:endpoint \(or PARTNER_CENTER_ENDPOINT\) must use https \(plain http is accepted only for a loopback address such as 127\.0\.0\.1\)/);
  });

  it("an account naming no profile fails at the resource's account property, with the profile it most likely meant", async () => {
    await configWith({ "offers:account": { value: "channelPartnr" } });
    const shown = await failedPreview();
    assert.match(shown, /property account value \{channelPartnr\} has a problem: account "channelPartnr" names no profile of partnercenter:accounts: did you mean "channelPartner"\?/);
  });

  it("a mistyped key inside a profile gets the same did-you-mean", async () => {
    const partner = emulator.channelPartner;
    await configWith({
      "offers:account": { value: "channelPartner" },
      "partnercenter:accounts": {
        value: JSON.stringify({ channelPartner: { tenantId: partner.tenantId, clientId: partner.clientId, clientSecert: partner.clientSecret } }),
        secret: true,
      },
    });
    const shown = await failedPreview();
    assert.match(shown, /has a problem: partnercenter:accounts\.channelPartner has a key "clientSecert" that is not a setting: did you mean "clientSecret"\?/);
    assert.doesNotMatch(shown, /Unrecognized key/);
    assert.ok(!shown.includes(partner.clientSecret), "the profile's secret is printed");
  });

  it("a placeholder beneficiary left from the README is refused as a placeholder to replace", async () => {
    await configWith({ "offers:beneficiary": { value: "<billing account id>" } });
    const shown = await failedPreview();
    assert.match(shown, /property beneficiaries\[0\]\.id value \{[^}]*\} has a problem: is a placeholder \("<billing account id>"\) left from an example or the README: replace it with the customer's billing account id/);
  });

  it("two offers of one name: preview refuses the second at its name; up without a preview never makes two", async () => {
    await configWith({ "offers:names": { value: JSON.stringify(["Contoso FY27", "Contoso FY27"]) } });
    const shown = await failedPreview();
    assert.match(shown, /PrivateOffer resource 'offer-[12]': property name value \{Contoso FY27\} has a problem: "Contoso FY27" is also the name of another PrivateOffer in this stack: Partner Center lists private offers by name/);

    // `up --skip-preview` (what the Automation API runs) checks each offer as the program declares it and
    // starts a create as soon as its check passes: the first offer may be created before the second is
    // checked and refused. Never a second offer of the name.
    const up = await cli.stack.up(out).then(
      () => undefined,
      (error: unknown) => error,
    );
    const said = out.take();
    assert.ok(up, `up succeeded:\n${said}`);
    assert.match(said, /resource 'offer-[12]': property name value \{Contoso FY27\} has a problem: "Contoso FY27" is also the name of another PrivateOffer in this stack/);
    assert.ok((await listOffers(emulator)).filter((o) => o.name === "Contoso FY27").length <= 1, "two offers of one name");
    await cli.stack.destroy(out);
    out.take();
  });

  it("a certificate the CLI's Node.js does not trust: up names the host and NODE_EXTRA_CA_CERTS, and sends no configure request", async () => {
    // The same emulator, but the CLI runs without NODE_EXTRA_CA_CERTS: its CA is unknown, as a
    // TLS-intercepting proxy's is.
    const untrusted = await openCliStack({
      program: PROGRAM,
      emulator: { ...emulator, caCertPath: undefined },
      projectName: "untrusted",
      config: { "offers:names": { value: JSON.stringify(["Contoso untrusted"]) } },
    });
    try {
      await emulator.clearRequests();
      const failed = await untrusted.stack.up(out).then(
        () => undefined,
        (error: unknown) => error,
      );
      const said = out.take();
      assert.ok(failed, `up succeeded:\n${said}`);
      const host = new URL(emulator.url).host.replace(/\./g, "\\.");
      assert.match(said, new RegExp(`the TLS certificate of ${host} is not trusted \\([A-Z_]+\\)`));
      assert.match(said, /set NODE_EXTRA_CA_CERTS to a PEM file of that CA's certificate in the environment of pulumi/);
      assert.deepEqual(await emulator.requests(), [], "nothing reached the emulator");
    } finally {
      await untrusted.dispose();
    }
  });

  it("with every mistake fixed, the same stack previews and goes up (the request log is live)", async () => {
    await configWith({});
    await emulator.clearRequests();
    await cli.stack.preview(out);
    const up = await cli.stack.up(out);
    assert.equal(up.summary.result, "succeeded", out.take());
    assert.ok((await emulator.requests()).length > 0, "the emulator logged the up's requests");
    assert.equal((await listOffers(emulator)).filter((o) => o.state === "live").length, 3);
  });
});
