// Secrets through the real CLI: a client secret and an account profile in stack config (secrets),
// a certificate's private key on disk, a terms document's SAS URL from a secret config value, and
// the access tokens Entra (the emulator) issues. None of them may appear in what the CLI prints, in
// `-v=9 --logtostderr` logs, in `pulumi stack export` (without --show-secrets), in the checkpoint
// file, or in the CLI's own log folder.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { generate } from "selfsigned";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { listOffers } from "../support/cli/partner-center";
import { openCliStack, Transcript, type CliStack } from "../support/cli/stack";

const PROGRAM = { module: path.resolve(__dirname, "programs/offers.ts"), exportName: "customerOffers" };
const SAS_SIGNATURE = "Zm9vYmFyc2lnbmF0dXJlLW5ldmVyLWluLWxvZ3M%3D";
const SAS_URL = `https://contosoterms.blob.core.windows.net/terms/terms.pdf?sv=2024-11-04&sr=b&sp=r&sig=${SAS_SIGNATURE}`;
/** A JWT as Entra issues it: header and payload both base64url JSON objects. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function readText(file: string): Promise<string> {
  const bytes = await fs.readFile(file);
  return file.endsWith(".gz") ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
}

describe("secrets never leave the stack's encryption, through the real CLI", function () {
  this.timeout(300_000);
  let emulator: TestEmulator;
  let cli: CliStack;
  let keyDir: string;
  let privateKey: string;
  const out = new Transcript();

  before(async () => {
    keyDir = await fs.mkdtemp(path.join(os.tmpdir(), "cli-secrets-"));
    const certificate = await generate([{ name: "commonName", value: "partnercenter-cli-suite" }], { keySize: 2048 });
    privateKey = certificate.private;
    const certificatePath = path.join(keyDir, "app.pem");
    await fs.writeFile(certificatePath, `${certificate.private}\n${certificate.cert}`);
    const probe = await startTestEmulator();
    const company = probe.softwareCompany;
    await probe.close();
    emulator = await startTestEmulator({
      tls: true,
      jobLatencyMs: 100,
      certificates: [{ clientId: company.clientId, certificatePem: certificate.cert }],
    });
    cli = await openCliStack({
      program: PROGRAM,
      emulator,
      projectName: "secrets",
      config: {
        "offers:count": { value: "2" },
        "offers:termsSasUrl": { value: SAS_URL, secret: true },
        // The first offer's account signs in with its certificate, the last offer's (the channel
        // partner's profile, a secret in config) with its client secret.
        "offers:lastAccount": { value: "channelPartner" },
        "partnercenter:clientCertificatePath": { value: certificatePath },
      },
    });
    await cli.stack.removeConfig("partnercenter:clientSecret");
  });

  after(async () => {
    await cli?.dispose();
    await emulator?.close();
    if (keyDir) await fs.rm(keyDir, { recursive: true, force: true });
  });

  function secrets(): Array<[string, string]> {
    return [
      ["the software company's client secret", emulator.softwareCompany.clientSecret],
      ["the channel partner's client secret", emulator.channelPartner.clientSecret],
      ["the SAS signature", SAS_SIGNATURE],
      ["the SAS signature (decoded)", decodeURIComponent(SAS_SIGNATURE)],
      ["the private key", privateKey.split("\n")[1]!],
    ];
  }

  function assertClean(where: string, text: string): void {
    assert.ok(text.length > 0, `${where} is empty: nothing was checked`);
    for (const [what, value] of secrets()) assert.ok(!text.includes(value), `${what} appears in ${where}`);
    const token = JWT.exec(text);
    assert.equal(token, null, `an access token appears in ${where}: ${token?.[0].slice(0, 24)}...`);
  }

  it("up with -v=9 --logtostderr: creates the offers, and neither its output nor its logs hold a secret", async () => {
    const logs = new Transcript();
    const up = await cli.stack.up({ onOutput: out.onOutput, onError: logs.onOutput, logVerbosity: 9, logToStdErr: true });
    assert.equal(up.summary.result, "succeeded", out.text);
    const company = (await listOffers(emulator, emulator.softwareCompany)).filter((o) => o.state === "live");
    const partner = (await listOffers(emulator, emulator.channelPartner)).filter((o) => o.state === "live");
    assert.equal(company.length + partner.length, 2, "both offers are live");
    assert.equal(partner.length, 1, "one under the channel partner's profile");
    assertClean("the CLI's output", out.take());
    const verbose = logs.take();
    // The log does carry config values (the client id), so what it leaves out is left out on purpose.
    assert.ok(verbose.includes(emulator.softwareCompany.clientId), "the -v=9 log shows the provider's configuration");
    assertClean("the -v=9 log", verbose);

  });

  it("pulumi stack export (without --show-secrets) and the checkpoint file keep them encrypted", async () => {
    const exported = await cli.cli(["stack", "export"]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /"ciphertext": "v1:/, "secret values are stored as ciphertext");
    assertClean("pulumi stack export", exported.stdout);
    const checkpoints = (await filesUnder(cli.stateDir)).filter((f) => f.endsWith(".json") || f.endsWith(".json.gz"));
    assert.ok(checkpoints.length > 0, "the file backend holds a checkpoint");
    for (const file of checkpoints) assertClean(path.relative(cli.stateDir, file), await readText(file));
  });

  it("a refresh and a destroy print none either, and the CLI's log folder holds none", async () => {
    await cli.stack.refresh(out);
    await cli.stack.destroy(out);
    assertClean("refresh and destroy output", out.take());
    for (const file of await filesUnder(cli.home)) {
      const text = await readText(file).catch(() => "");
      for (const [what, value] of secrets()) assert.ok(!text.includes(value), `${what} appears in ${path.relative(cli.home, file)}`);
    }
  });
});
