// `export --init <dir>` against the emulator: the repository it writes (the program, its Pulumi
// project, the GitOps workflow and scripts exactly as examples/gitops has them, a README with the
// one-time set-up), then what a user does with it, through the real Pulumi CLI: `npm install`,
// the README's secrets, the workflow's `stack select --create`, a first `pulumi up` that adopts
// every offer without a single write, and `pulumi preview --expect-no-changes`.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { main } from "../../provider/export/cli";
import { GITOPS_FILES } from "../../provider/export/init/gitops-files";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { configurePosts } from "../support/cli/partner-center";
import { openProjectCli, type ProjectCli } from "../support/project-cli";
import { initRepository, installOffers, type InitRepository } from "../gitops/support";
import { exampleFiles } from "../gitops/sync-templates";
import { cspOffer, customerOffer, originatorOffer, providerFor } from "./support";

const SAS_URL = "https://terms.example.blob.core.windows.net/t/terms.pdf?sig=not-for-source-code";

describe("export --init: a repository for the offers that exist, through the real Pulumi CLI", function () {
  this.timeout(600_000);
  let emulator: TestEmulator;
  let repo: InitRepository;
  let cli: ProjectCli;
  let env: Record<string, string>;
  const stack = "organization/contoso-offers/production";

  before(async () => {
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 100 });
    const provider = await providerFor(emulator);
    await provider.create(customerOffer());
    await provider.create(cspOffer());
    await provider.create(originatorOffer(emulator.channelPartner.sellerId));
    repo = await initRepository(emulator);
    cli = await openProjectCli({ ...(emulator.caCertPath ? { caCertPath: emulator.caCertPath } : {}) });
    const company = emulator.softwareCompany;
    env = {
      PARTNER_CENTER_ENDPOINT: emulator.apiBaseUrl,
      AZURE_AUTHORITY_HOST: emulator.url,
      AZURE_TENANT_ID: company.tenantId,
      AZURE_CLIENT_ID: company.clientId,
      AZURE_CLIENT_SECRET: company.clientSecret,
      PARTNER_CENTER_POLL_INTERVAL_SECONDS: "0.1",
    };
  });

  after(async () => {
    await cli?.dispose();
    await emulator?.close();
    if (repo) await fs.rm(path.dirname(repo.root), { recursive: true, force: true });
  });

  it("writes the program, its Pulumi project, the workflow with its scripts, and the README", async () => {
    assert.deepEqual([...(repo.result.repository?.files ?? [])].sort(), [
      ".github/scripts/drift-check.sh",
      ".github/scripts/drift-issue.sh",
      ".github/scripts/federated-token.sh",
      ".github/scripts/pr-comment.sh",
      ".github/scripts/preview.sh",
      ".github/scripts/render-comment.sh",
      ".github/scripts/status-report.sh",
      ".github/workflows/private-offers.yml",
      ".gitignore",
      "README.md",
      "offers/Pulumi.yaml",
      "offers/index.ts",
      "offers/package.json",
      "offers/tsconfig.json",
    ]);
    for (const example of exampleFiles()) {
      const written = path.join(repo.root, example.path);
      assert.equal(await fs.readFile(written, "utf8"), example.text, `${example.path} differs from examples/gitops`);
      assert.equal(((await fs.stat(written)).mode & 0o111) !== 0, example.executable, `${example.path}: executable bit`);
    }
    assert.equal(GITOPS_FILES.length, exampleFiles().length);

    assert.match(await fs.readFile(path.join(repo.offersDir, "Pulumi.yaml"), "utf8"), /^name: contoso-offers$/m);
    const manifest = JSON.parse(await fs.readFile(path.join(repo.offersDir, "package.json"), "utf8")) as Record<string, Record<string, string>>;
    assert.match(manifest["dependencies"]?.["pulumi-partnercenter-private-offers"] ?? "", /^\^\d+\.\d+\.\d+/);
    assert.match(manifest["dependencies"]?.["@pulumi/pulumi"] ?? "", /^\^3\./);
    assert.equal(manifest["engines"]?.["node"], ">=22");

    const program = await fs.readFile(path.join(repo.offersDir, "index.ts"), "utf8");
    assert.equal((program.match(/adoptExistingId:/g) ?? []).length, 3);
    const readme = await fs.readFile(path.join(repo.root, "README.md"), "utf8");
    for (const expected of ["`PULUMI_PROJECT` | `contoso-offers`", "`PULUMI_STACK` | `production`", "AZURE_PREVIEW_CLIENT_ID", "AZURE_DEPLOY_CLIENT_ID", "environment:private-offers", "**Manager**"]) {
      assert.ok(readme.includes(expected), `README lacks ${expected}`);
    }
    assert.match(readme, /pulumi config set --secret fabrikamViaPartner-terms-sas-url-1/);
    for (const text of [program, readme, repo.stderr.join("\n")]) assert.doesNotMatch(text, /not-for-source-code/, "no SAS URL is written anywhere");
  });

  it("refuses to overwrite a file it would write without --force, naming it; exit 1", async () => {
    const errors: string[] = [];
    // The check comes before any request: a token that was never issued is enough.
    const io = { stdout: () => undefined, stderr: (line: string) => errors.push(line), env: { PARTNER_CENTER_ACCESS_TOKEN: "unused" }, cwd: path.dirname(repo.root) };
    assert.equal(await main(["export", "--init", repo.root, "--endpoint", emulator.apiBaseUrl], io), 1);
    assert.match(errors.join("\n"), /README\.md already exists: pass --force to overwrite the files --init writes/);
    assert.equal(await main(["export", "--init", repo.root, "--out", "x.ts"], io), 2);
    assert.equal(await main(["export", "--stack", "prod"], io), 2);
    assert.match(errors.join("\n"), /--stack names what --init writes/);
  });

  it("npm install, the README's secret, stack select --create, then the first up adopts every offer and writes nothing", async () => {
    await installOffers(repo.offersDir);
    const init = await cli.pulumi(["stack", "init", stack], repo.offersDir, env);
    assert.equal(init.code, 0, init.output);
    const secret = await cli.pulumi(["config", "set", "--secret", "--stack", stack, "fabrikamViaPartner-terms-sas-url-1", SAS_URL], repo.offersDir, env);
    assert.equal(secret.code, 0, secret.output);
    const select = await cli.pulumi(["stack", "select", "--create", stack], repo.offersDir, env);
    assert.equal(select.code, 0, select.output);

    await emulator.clearRequests();
    const up = await cli.pulumi(["up", "--stack", stack, "--yes", "--non-interactive", "--color", "never"], repo.offersDir, env);
    assert.equal(up.code, 0, up.output);
    assert.match(up.output, /\+ 4 created/, up.output);
    assert.equal(await configurePosts(emulator), 0, `adopting must not write to Partner Center:\n${up.output}`);
    assert.doesNotMatch(up.output, /not-for-source-code/);
  });

  it("pulumi preview --expect-no-changes after the first up, with and without --refresh", async () => {
    await emulator.clearRequests();
    const preview = await cli.pulumi(["preview", "--stack", stack, "--expect-no-changes", "--non-interactive"], repo.offersDir, env);
    assert.equal(preview.code, 0, preview.output);
    const refreshed = await cli.pulumi(["preview", "--stack", stack, "--refresh", "--expect-no-changes", "--non-interactive"], repo.offersDir, env);
    assert.equal(refreshed.code, 0, refreshed.output);
    assert.equal(await configurePosts(emulator), 0);
  });
});
