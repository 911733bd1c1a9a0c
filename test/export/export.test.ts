// The export command against the emulator: what it writes for each kind of offer, that the program
// type-checks, and that adopting through the provider sends no configure request.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { PartnerCenterClient } from "../../provider/api/client";
import { resolveSettings } from "../../provider/config/settings";
import { readExportableOffers, runExport } from "../../provider/export/command";
import { main } from "../../provider/export/cli";
import { diffPrivateOffer, normaliseOffer } from "../../provider/lifecycle";
import { checkPrivateOffer } from "../../provider/schema/check";
import type { PrivateOfferInputs } from "../../provider/schema/private-offer";
import { startTestEmulator, useEmulator } from "../support/emulator";
import { customerOffer, cspOffer, originatorOffer, PLAN, PRODUCT, providerFor } from "./support";
import { future } from "../support/dates";

const REPO = path.resolve(__dirname, "../..");
const run = promisify(execFile);

describe("export: existing offers as a Pulumi program", function () {
  this.timeout(60_000);
  const emulator = useEmulator();

  async function clientFor(account = emulator.softwareCompany): Promise<PartnerCenterClient> {
    const settings = resolveSettings(
      { "partnercenter:endpoint": emulator.apiBaseUrl, "partnercenter:accessToken": await emulator.token(account) },
      {},
    );
    return new PartnerCenterClient(settings);
  }

  async function seedOffers(): Promise<void> {
    const provider = await providerFor(emulator);
    await provider.create(customerOffer());
    await provider.create(cspOffer());
    const originator = await provider.create(originatorOffer(emulator.channelPartner.sellerId));
    const partner = await providerFor(emulator, emulator.channelPartner);
    await partner.create({
      privateOfferType: "multipartyPromotionChannelPartner",
      offerId: originator.id,
      preparedBy: "sam@fabrikam.example",
      markups: [{ product: PRODUCT, plan: PLAN, markupPercentage: 2.5 }],
    });
  }

  it("declares each offer with adoptExistingId and inputs that pass check", async () => {
    await seedOffers();
    const offers = await readExportableOffers(await clientFor());
    assert.deepEqual(offers.map((o) => o.name).sort(), ["Contoso FY27", "Fabrikam via partner", "Reseller margin 2027"]);
    for (const offer of offers) {
      assert.equal(offer.args["adoptExistingId"], offer.id);
      assert.deepEqual(offer.failures, [], `${offer.name}: ${JSON.stringify(offer.failures)}`);
    }
    const customer = offers.find((o) => o.name === "Contoso FY27")!;
    assert.deepEqual(customer.args["pricing"], customerOffer()["pricing"]);
    assert.deepEqual(customer.args["beneficiaries"], customerOffer()["beneficiaries"]);
    assert.equal(customer.args["end"], future("06-30", 1));
    const csp = offers.find((o) => o.name === "Reseller margin 2027")!;
    assert.deepEqual(csp.args["beneficiaries"], cspOffer()["beneficiaries"]);
  });

  it("lists the channel partner's side of a multiparty offer for the channel partner's account", async () => {
    await seedOffers();
    const offers = await readExportableOffers(await clientFor(emulator.channelPartner), "channelPartner");
    assert.equal(offers.length, 1);
    const [completion] = offers;
    assert.equal(completion!.privateOfferType, "multipartyPromotionChannelPartner");
    assert.equal(completion!.args["account"], "channelPartner");
    assert.equal(completion!.args["adoptExistingId"], undefined, "a completion is taken over through offerId");
    assert.equal(completion!.args["preparedBy"], "sam@fabrikam.example");
    assert.deepEqual(completion!.failures, []);
  });

  it("plans no change for any exported offer: its inputs equal what exists", async () => {
    await seedOffers();
    const client = await clientFor();
    for (const offer of await readExportableOffers(client)) {
      const checked = checkPrivateOffer(offer.args);
      assert.ok(checked.ok, JSON.stringify(checked.failures));
      const current = await client.getPrivateOffer(offer.id);
      const outputs = normaliseOffer(current, { inputs: checked.inputs });
      const diff = diffPrivateOffer(outputs as unknown as Record<string, unknown>, checked.inputs as PrivateOfferInputs);
      assert.equal(diff.changes, false, `${offer.name}: ${diff.summary.join("; ")}`);
    }
  });

  it("adopts through the provider without a single configure request", async () => {
    await seedOffers();
    const offers = await readExportableOffers(await clientFor());
    await emulator.clearRequests();
    const provider = await providerFor(emulator);
    for (const offer of offers) {
      const created = await provider.create(offer.args);
      assert.equal(created.id, offer.id);
      assert.equal((created.outs as Record<string, unknown>)["state"], "live");
    }
    const partnerOffers = await readExportableOffers(await clientFor(emulator.channelPartner));
    const partner = await providerFor(emulator, emulator.channelPartner);
    for (const offer of partnerOffers) await partner.create(offer.args);
    const writes = (await emulator.requests()).filter((r) => r.method === "POST" && r.path.endsWith("/configure"));
    assert.deepEqual(writes, [], "adopting must not write to Partner Center");
  });

  it("keeps SAS URLs out of the program and says which config keys to set", async () => {
    await seedOffers();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "export-"));
    const lines: string[] = [];
    const result = await runExport(
      { out: "offers/index.ts", force: false, settings: {} },
      { client: await clientFor(), stdout: () => undefined, stderr: (l) => lines.push(l), source: emulator.apiBaseUrl, cwd: dir },
    );
    const text = await fs.readFile(path.join(dir, "offers/index.ts"), "utf8");
    assert.equal(result.written, path.join(dir, "offers/index.ts"));
    assert.doesNotMatch(text, /not-for-source-code/);
    assert.doesNotMatch(lines.join("\n"), /not-for-source-code/);
    assert.match(text, /config\.requireSecret\("fabrikamViaPartner-terms-sas-url-1"\)/);
    assert.ok(lines.some((l) => l.includes("pulumi config set --secret fabrikamViaPartner-terms-sas-url-1")));
    await assert.rejects(
      runExport({ out: "offers/index.ts", force: false, settings: {} }, { client: await clientFor(), stdout: () => undefined, stderr: () => undefined, source: "x", cwd: dir }),
      /already exists: pass --force/,
    );
  });

  it("writes a program that type-checks against the package", async () => {
    await seedOffers();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "export-tsc-"));
    const { program } = await runExport(
      { out: "index.ts", force: false, settings: {} },
      { client: await clientFor(), stdout: () => undefined, stderr: () => undefined, source: emulator.apiBaseUrl, cwd: dir },
    );
    assert.match(program.text, /new PrivateOffer\("contoso-fy27", \{/);
    await fs.symlink(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    await fs.writeFile(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "node16",
          moduleResolution: "node16",
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
          paths: { "pulumi-partnercenter-private-offers": [path.join(REPO, "provider/index.ts")] },
        },
        files: ["index.ts"],
      }),
    );
    const tsc = path.join(REPO, "node_modules/typescript/bin/tsc");
    await run(process.execPath, [tsc, "-p", dir], { cwd: dir }).catch((error: { stdout?: string }) => {
      assert.fail(`the exported program does not type-check:\n${error.stdout ?? String(error)}\n${program.text}`);
    });
  });

  describe("the command line", () => {
    it("prints usage with --help and refuses secrets as options", async () => {
      const out: string[] = [];
      const err: string[] = [];
      const io = { stdout: (t: string) => out.push(t), stderr: (l: string) => err.push(l), env: {}, cwd: os.tmpdir() };
      assert.equal(await main(["export", "--help"], io), 0);
      assert.match(out.join(""), /Usage: pulumi-partnercenter-private-offers export/);
      assert.equal(await main(["export", "--client-secret", "s3cret"], io), 2);
      assert.match(err.join("\n"), /secrets are not accepted on the command line/);
      assert.doesNotMatch(err.join("\n"), /s3cret/);
      assert.equal(await main(["import"], io), 2);
    });

    it("names the missing credential in its own terms (flags and environment variables, not stack config), exit 1", async () => {
      const err: string[] = [];
      const io = { stdout: () => undefined, stderr: (l: string) => err.push(l), env: {}, cwd: os.tmpdir() };
      assert.equal(await main(["export", "--out", "-"], io), 1);
      const said = err.join("\n");
      assert.match(said, /no credential found: set PARTNER_CENTER_ACCESS_TOKEN, or a tenant and client id with one of AZURE_CLIENT_SECRET, --client-certificate-path \(or AZURE_CLIENT_CERTIFICATE_PATH\)/);
      assert.doesNotMatch(said, /partnercenter:/);
    });

    it("names a malformed setting by its flag", async () => {
      const err: string[] = [];
      const io = { stdout: () => undefined, stderr: (l: string) => err.push(l), env: { PARTNER_CENTER_ACCESS_TOKEN: "t" }, cwd: os.tmpdir() };
      assert.equal(await main(["export", "--out", "-", "--endpoint", "http://partner.example/rp"], io), 1);
      assert.match(err.join("\n"), /--endpoint \(or PARTNER_CENTER_ENDPOINT\) must use https/);
    });

    it("with no command prints the usage and exits 2", async () => {
      const err: string[] = [];
      const io = { stdout: () => undefined, stderr: (l: string) => err.push(l), env: {}, cwd: os.tmpdir() };
      assert.equal(await main([], io), 2);
      assert.match(err.join("\n"), /no command given[\s\S]*Commands:[\s\S]*export[\s\S]*status/);
    });

    it("runs as a process with Azure environment credentials over TLS and writes to stdout", async () => {
      const tls = await startTestEmulator({ tls: true });
      try {
        const company = tls.softwareCompany;
        const result = await run(
          process.execPath,
          ["--import", "tsx", path.join(REPO, "provider/export/cli.ts"), "export", "--out", "-", "--endpoint", tls.apiBaseUrl, "--authority-host", tls.url],
          {
            cwd: REPO,
            env: {
              ...process.env,
              NODE_EXTRA_CA_CERTS: tls.caCertPath ?? "",
              AZURE_TENANT_ID: company.tenantId,
              AZURE_CLIENT_ID: company.clientId,
              AZURE_CLIENT_SECRET: company.clientSecret,
            },
          },
        );
        assert.match(result.stdout, /No private offers were found/);
        assert.doesNotMatch(result.stdout + result.stderr, new RegExp(company.clientSecret));
      } finally {
        await tls.close();
      }
    });
  });
});
