// Creates, withdraws, re-publishes and deletes a private offer through the product-ingestion client,
// against a local emulator it starts over TLS, with the credential kind of your choice:
//
//   npx tsx examples/client/walkthrough.ts [--credential secret|certificate|federated|token] [--faults]
//
// `--faults` makes the emulator throttle, fail and drop connections along the way; the client
// rides them out without sending any change twice. The emulator's CA must be trusted when the
// process starts (NODE_EXTRA_CA_CERTS), so the client part runs in a child process.

import { spawn } from "node:child_process";
import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";
import { defaultAccounts } from "../../emulator/authority/index";
import { startEmulator } from "../../emulator/server";
import { ConfigureOutcomeUnknownError, PartnerCenterClient, type JobProgress } from "../../provider/api";
import { configureEnvelope, type ConfigureResource } from "../../provider/schema/api/configure";
import type { PrivateOffer } from "../../provider/schema/api/private-offer";
import { resolveSettings } from "../../provider/config/settings";
import { offerStateChange, sampleCustomerOffer } from "./sample-offer";

type CredentialKind = "secret" | "certificate" | "federated" | "token";
const FEDERATED_ISSUER = "https://token.actions.githubusercontent.com";
const FEDERATED_SUBJECT = "repo:contoso/private-offers:ref:refs/heads/main";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function externalToken(privateKey: string): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({
    iss: FEDERATED_ISSUER, sub: FEDERATED_SUBJECT, aud: "api://AzureADTokenExchange", iat: now, nbf: now - 5, exp: now + 3600, jti: randomUUID(),
  })}`;
  return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(privateKey).toString("base64url")}`;
}

/** A POST to the emulator with its CA trusted (the parent process does not have it at start). */
function post(url: string, ca: string, body: string, contentType: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method: "POST", ca, headers: { "content-type": contentType } }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve(text));
    });
    request.on("error", reject);
    request.end(body);
  });
}

async function runEmulatorAndClient(kind: CredentialKind, faults: boolean): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "partnercenter-walkthrough-"));
  const certificate = await generate([{ name: "commonName", value: "walkthrough-app" }], { keySize: 2048 });
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const probe = defaultAccounts()[0]!;
  const emulator = await startEmulator({
    port: 0,
    tls: true,
    jobLatencyMs: 600,
    certificates: [{ clientId: probe.clientId, certificatePem: certificate.cert }],
    federated: [{ clientId: probe.clientId, issuer: FEDERATED_ISSUER, subject: FEDERATED_SUBJECT, publicKeyPem: keys.publicKey.export({ format: "pem", type: "spki" }).toString() }],
  });
  const account = emulator.accounts[0]!;
  const ca = await readFile(emulator.caCertPath!, "utf8");
  console.log(`emulator at ${emulator.url}; application ${account.clientId} of tenant ${account.tenantId}`);

  const env: Record<string, string> = {
    PARTNER_CENTER_ENDPOINT: emulator.apiBaseUrl,
    AZURE_AUTHORITY_HOST: emulator.url,
    AZURE_TENANT_ID: account.tenantId,
    AZURE_CLIENT_ID: account.clientId,
    PARTNER_CENTER_POLL_INTERVAL_SECONDS: "0.25",
    PARTNER_CENTER_JOB_TIMEOUT_MINUTES: "1",
    NODE_EXTRA_CA_CERTS: emulator.caCertPath!,
  };
  if (kind === "secret") env["AZURE_CLIENT_SECRET"] = account.clientSecret;
  if (kind === "certificate") {
    env["AZURE_CLIENT_CERTIFICATE_PATH"] = join(dir, "app.pem");
    await writeFile(env["AZURE_CLIENT_CERTIFICATE_PATH"], `${certificate.private}\n${certificate.cert}`);
  }
  if (kind === "federated") {
    env["AZURE_FEDERATED_TOKEN_FILE"] = join(dir, "federated-token");
    await writeFile(env["AZURE_FEDERATED_TOKEN_FILE"], externalToken(keys.privateKey.export({ format: "pem", type: "pkcs8" }).toString()));
  }
  if (kind === "token") {
    const answer = await post(
      `${emulator.url}/${account.tenantId}/oauth2/v2.0/token`,
      ca,
      new URLSearchParams({ grant_type: "client_credentials", client_id: account.clientId, client_secret: account.clientSecret, scope: "https://graph.microsoft.com/.default" }).toString(),
      "application/x-www-form-urlencoded",
    );
    env["PARTNER_CENTER_ACCESS_TOKEN"] = (JSON.parse(answer) as { access_token: string }).access_token;
  }
  if (faults) {
    const api = "/rp/product-ingestion";
    emulator.faults.add([
      { method: "POST", path: `${api}/configure`, status: 429, retryAfterSeconds: 1, count: 1 },
      { method: "GET", path: `${api}/configure/*/status`, status: 503, count: 1 },
      { method: "GET", path: `${api}/configure/*/status`, reset: true, count: 1 },
      { method: "GET", path: `${api}/private-offer/*`, status: 502, count: 1 },
    ]);
    console.log("faults armed: a throttled configure, a 503 and a dropped connection on status reads, a 502 on a read");
  }

  const child = spawn(process.execPath, ["--require", "tsx/cjs", __filename, "--client"], {
    env: { ...process.env, ...env },
    stdio: "inherit",
  });
  const code = await new Promise<number>((resolve) => child.on("exit", (exitCode) => resolve(exitCode ?? 1)));

  const log = emulator.requestLog.entries().filter((entry) => entry.path.startsWith("/rp/product-ingestion"));
  const tokenCalls = emulator.requestLog.entries().filter((entry) => /\/oauth2\/.*token$/.test(entry.path)).length;
  console.log(
    `emulator saw ${log.length} API requests (${log.filter((e) => e.method === "POST").length} configure POSTs, ` +
      `${log.filter((e) => e.fault !== undefined).length} injected faults) and ${tokenCalls} token request(s)`,
  );
  await emulator.close();
  return code;
}

async function runClient(): Promise<void> {
  const settings = resolveSettings({}, process.env);
  const client = new PartnerCenterClient(settings);
  const showProgress = (step: string) => (p: JobProgress) =>
    console.log(`  ${step}: job ${p.jobId.slice(0, 8)} ${p.state} after ${(p.elapsedMs / 1000).toFixed(1)} s`);

  const [product] = await client.listProducts();
  const [plan] = product ? await client.listPlans(product.id) : [];
  if (!product || !plan) throw new Error("the emulator's catalogue has no product with a plan");
  const name = `Walkthrough ${new Date().toISOString()}`;
  const desired = (discountPercentage: number, id?: string): ConfigureResource =>
    sampleCustomerOffer({ name, product: product.id, plan: plan.id, discountPercentage, state: "live", ...(id ? { id } : {}) });

  async function createOffer(): Promise<PrivateOffer | undefined> {
    const job = await client.configureAndWait(configureEnvelope([desired(5)]), { onProgress: showProgress("create") });
    const id = (await client.getJobDetail(job.jobId)).resources.find((resource) => resource.id?.startsWith("private-offer/"))?.id;
    return id ? client.getPrivateOffer(id) : undefined;
  }
  console.log(`create "${name}" (${settings.credential.kind})`);
  let offer: PrivateOffer | undefined;
  try {
    offer = await createOffer();
  } catch (error) {
    if (!(error instanceof ConfigureOutcomeUnknownError)) throw error;
    // The create may have happened: look before sending it again, so there is never a second offer.
    console.log(`  outcome unknown; reconciling by name`);
    [offer] = await client.findPrivateOffersByName(name);
    if (!offer) offer = await createOffer();
  }
  if (!offer) throw new Error("the offer was not found after its create job succeeded");
  console.log(`  ${offer.id} is ${offer.state}${offer.subState ? ` (${offer.subState})` : ""}`);

  console.log("withdraw");
  await client.configureAndWait(configureEnvelope([offerStateChange(offer, "withdrawn")]), { onProgress: showProgress("withdraw") });
  console.log(`  ${(await client.getPrivateOffer(offer.id))?.state}`);

  console.log("re-publish with a 7% discount");
  await client.configureAndWait(configureEnvelope([desired(7, offer.id)]), { onProgress: showProgress("re-publish") });
  console.log(`  ${(await client.getPrivateOffer(offer.id))?.state}`);

  console.log("withdraw, then delete");
  await client.configureAndWait(configureEnvelope([offerStateChange(offer, "withdrawn")]), { onProgress: showProgress("withdraw") });
  await client.configureAndWait(configureEnvelope([offerStateChange(offer, "deleted")]), { onProgress: showProgress("delete") });
  const gone = (await client.getPrivateOffer(offer.id)) === undefined;
  const sameName = await client.findPrivateOffersByName(name);
  console.log(`  ${gone ? "deleted" : "still there"}; offers named "${name}": ${sameName.length}`);
  if (!gone || sameName.length !== 0) process.exitCode = 1;
}

if (process.argv.includes("--client")) {
  runClient().catch((error: unknown) => {
    console.error(String(error));
    process.exitCode = 1;
  });
} else {
  const kind = (option("credential") ?? "secret") as CredentialKind;
  if (!["secret", "certificate", "federated", "token"].includes(kind)) {
    console.error("--credential must be one of secret, certificate, federated, token");
    process.exit(2);
  }
  runEmulatorAndClient(kind, process.argv.includes("--faults")).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(String(error));
      process.exit(1);
    },
  );
}
