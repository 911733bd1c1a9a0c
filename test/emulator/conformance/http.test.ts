// The emulator as a client meets it over HTTP: auth, each fault kind, persistence across a restart,
// and 200 concurrent configure POSTs.

import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSeedFixture } from "../../fixtures/seeds/index";
import { startTestEmulator, useEmulator, type TestEmulator } from "../../support/emulator";
import { configureOffer, getOfferJson, postConfigure, waitForJob, CONFIGURE_VERSION, OFFER_VERSION } from "./jobs";

const clock = { now: () => Date.parse("2021-11-15T09:00:00Z") };

/** A live CSP offer from the documented sample, renamed so each request is distinguishable. */
function cspOffer(name: string): { $schema: string; resources: Record<string, unknown>[] } {
  const body = loadSeedFixture("csp-percentage-live").body as { $schema: string; resources: Record<string, unknown>[] };
  const offer = body.resources[0];
  assert.ok(offer);
  offer["name"] = name;
  return body;
}

type Envelope = { error: { code: string; message: string; details: unknown[] } };

describe("conformance over HTTP: auth, faults, concurrency", () => {
  const emulator = useEmulator({ clock });

  describe("auth", () => {
    it("refuses a call without a token or with a bad one (401, envelope, no token echoed)", async () => {
      for (const authorization of [undefined, "Bearer not-a-jwt", "Basic abc"]) {
        const response = await fetch(`${emulator.apiBaseUrl}/product?$version=${CONFIGURE_VERSION}`, {
          headers: authorization ? { authorization } : {},
        });
        assert.equal(response.status, 401, String(authorization));
        const text = await response.text();
        assert.ok(!text.includes("not-a-jwt"));
        assert.ok((JSON.parse(text) as Envelope).error.code);
      }
    });

    it("accepts tokens from the v2 (scope) and v1 (resource) endpoints", async () => {
      const account = emulator.softwareCompany;
      const v1 = await fetch(`${emulator.url}/${account.tenantId}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: account.clientId,
          client_secret: account.clientSecret,
          resource: "https://graph.microsoft.com/",
        }).toString(),
      });
      assert.equal(v1.status, 200);
      const v1Token = ((await v1.json()) as { access_token: string }).access_token;
      const v2Token = await emulator.token(account);
      for (const token of [v1Token, v2Token]) {
        const response = await fetch(`${emulator.apiBaseUrl}/private-offer/query?$version=${OFFER_VERSION}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(response.status, 200);
        assert.ok(Array.isArray(((await response.json()) as { privateOffers: unknown[] }).privateOffers));
      }
    });
  });

  describe("faults", () => {
    it("answers 429 with Retry-After to status polls, then recovers", async () => {
      const job = await postConfigure(emulator, cspOffer("throttled"));
      await emulator.fault({ method: "GET", path: "/rp/product-ingestion/configure/*/status", count: 2, status: 429, retryAfterSeconds: 1 });
      for (let i = 0; i < 2; i++) {
        const response = await emulator.api(`/configure/${job.jobId}/status?$version=${CONFIGURE_VERSION}`);
        assert.equal(response.status, 429);
        assert.equal(response.headers.get("retry-after"), "1");
        assert.equal(((await response.json()) as Envelope).error.code, "tooManyRequests");
      }
      assert.equal((await waitForJob(emulator, job.jobId)).jobResult, "succeeded");
    });

    it("answers 5xx with the envelope", async () => {
      for (const status of [500, 502, 503, 504] as const) {
        await emulator.fault({ path: "/rp/product-ingestion/product", status });
        const response = await emulator.api(`/product?$version=${CONFIGURE_VERSION}`);
        assert.equal(response.status, status);
        assert.ok(((await response.json()) as Envelope).error.message.includes("request id"));
      }
    });

    it("delays a request", async () => {
      await emulator.fault({ path: "/rp/product-ingestion/product", delayMs: 150 });
      const started = Date.now();
      const response = await emulator.api(`/product?$version=${CONFIGURE_VERSION}`);
      assert.equal(response.status, 200);
      assert.ok(Date.now() - started >= 140, `answered after ${Date.now() - started} ms`);
    });

    it("drops a configure POST before it takes effect: no offer exists", async () => {
      await emulator.token();
      await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", reset: true });
      await assert.rejects(emulator.api(`/configure?$version=${CONFIGURE_VERSION}`, { method: "POST", body: JSON.stringify(cspOffer("lost")) }));
      const list = await (await emulator.api(`/private-offer/query?$version=${OFFER_VERSION}`)).json();
      assert.equal((list as { privateOffers: unknown[] }).privateOffers.length, 0);
    });

    it("drops a configure POST after it took effect: the offer exists though the client saw an error", async () => {
      await emulator.token();
      await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", reset: true, after: "processing" });
      await assert.rejects(emulator.api(`/configure?$version=${CONFIGURE_VERSION}`, { method: "POST", body: JSON.stringify(cspOffer("half-seen")) }));
      const list = (await (await emulator.api(`/private-offer/query?$version=${OFFER_VERSION}`)).json()) as { privateOffers: { name: string }[] };
      assert.deepEqual(list.privateOffers.map((offer) => offer.name), ["half-seen"]);
      const log = await emulator.requests();
      assert.ok(log.some((entry) => entry.path.endsWith("/configure") && entry.status === 0 && entry.fault === "reset after processing"));
    });

    it("fails the next job, changing nothing", async () => {
      await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", jobResult: "failed" });
      const job = await postConfigure(emulator, cspOffer("doomed"));
      const done = await waitForJob(emulator, job.jobId);
      assert.equal(done.jobResult, "failed");
      assert.ok((done.errors ?? []).length > 0);
      const list = (await (await emulator.api(`/private-offer/query?$version=${OFFER_VERSION}`)).json()) as { privateOffers: unknown[] };
      assert.equal(list.privateOffers.length, 0);
      const next = await postConfigure(emulator, cspOffer("fine"));
      assert.equal((await waitForJob(emulator, next.jobId)).jobResult, "succeeded");
    });

    it("keeps the next job running for ever", async () => {
      await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", stuck: true });
      const job = await postConfigure(emulator, cspOffer("stuck"));
      await assert.rejects(waitForJob(emulator, job.jobId, undefined, 5), /did not complete/);
    });

    it("takes the token endpoint down", async () => {
      const account = emulator.softwareCompany;
      await emulator.fault({ method: "POST", path: `/${account.tenantId}/oauth2/v2.0/token`, status: 503, retryAfterSeconds: 2 });
      await assert.rejects(emulator.token(account, { fresh: true }), /HTTP 503/);
      assert.ok(await emulator.token(account, { fresh: true }));
    });
  });

  it("accepts 200 concurrent configure POSTs, losing and mixing up nothing", async () => {
    await emulator.token();
    const names = Array.from({ length: 200 }, (_, i) => `concurrent offer ${i}`);
    const jobs = await Promise.all(names.map((name) => postConfigure(emulator, cspOffer(name))));
    assert.equal(new Set(jobs.map((job) => job.jobId)).size, 200);
    const offerIds = await Promise.all(
      jobs.map(async (job) => {
        assert.equal((await waitForJob(emulator, job.jobId)).jobResult, "succeeded");
        const detail = (await (await emulator.api(`/configure/${job.jobId}?$version=${OFFER_VERSION}`)).json()) as { resources: { id: string }[] };
        return detail.resources.find((r) => r.id.startsWith("private-offer/"))?.id ?? "";
      }),
    );
    assert.equal(new Set(offerIds).size, 200);
    const stored = await Promise.all(offerIds.map((id) => getOfferJson(emulator, id)));
    assert.deepEqual(stored.map((offer) => offer["name"]), names);
  });
});

describe("conformance over HTTP: persistence with a data file", () => {
  let directory: string;
  let emulator: TestEmulator | undefined;
  beforeEach(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), "emulator-conformance-"));
  });
  afterEach(async () => {
    await emulator?.close();
    await fs.rm(directory, { recursive: true, force: true });
  });

  it("keeps offers, their eTags and jobs across a restart", async () => {
    const dataFile = path.join(directory, "state.json");
    emulator = await startTestEmulator({ clock, dataFile });
    const offerId = await configureOffer(emulator, cspOffer("kept"));
    const before = await getOfferJson(emulator, offerId);
    await emulator.close();

    emulator = await startTestEmulator({ clock, dataFile });
    const after = await getOfferJson(emulator, offerId);
    assert.equal(after["name"], "kept");
    assert.equal(after["eTag"], before["eTag"]);
    const list = (await (await emulator.api(`/private-offer/query?$version=${OFFER_VERSION}`)).json()) as { privateOffers: unknown[] };
    assert.equal(list.privateOffers.length, 1);
  });

  it("answers a status read that completed a job only once the job's offer is flushed to the journal", async () => {
    const dataFile = path.join(directory, "state.json");
    let hold: Promise<void> | undefined;
    let release: () => void = () => undefined;
    const journalAtFlush: string[] = [];
    emulator = await startTestEmulator({
      clock,
      dataFile,
      syncDataFile: async (handle, kind) => {
        if (kind === "journal" && hold) {
          journalAtFlush.push(await fs.readFile(`${dataFile}.journal`, "utf8"));
          await hold;
        }
        await (kind === "journal" ? handle.datasync() : handle.sync());
      },
    });
    const job = await postConfigure(emulator, cspOffer("completed by a read"));
    hold = new Promise<void>((resolve) => (release = resolve));
    let answered = false;
    const status = emulator.api(`/configure/${job.jobId}/status?$version=${CONFIGURE_VERSION}`).then(async (response) => {
      answered = true;
      return (await response.json()) as { jobResult: string };
    });
    while (journalAtFlush.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const lastLine = journalAtFlush[0]?.trim().split("\n").pop() ?? "";
    assert.match(lastLine, /"result":"succeeded"/, "the completion is written before the flush");
    assert.match(lastLine, /"name":"completed by a read"/, "with the offer it wrote");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(answered, false, "no answer while the flush is held");
    hold = undefined;
    release();
    assert.equal((await status).jobResult, "succeeded");
  });
});

describe("conformance over HTTP: --tls", () => {
  it("serves HTTPS with a certificate its written CA vouches for", async () => {
    const https = await import("node:https");
    const emulator = await startTestEmulator({ tls: true });
    try {
      assert.match(emulator.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(emulator.caCertPath);
      const ca = await fs.readFile(emulator.caCertPath, "utf8");
      const status = await new Promise<number | undefined>((resolve, reject) => {
        https
          .get(`${emulator.url}/_emulator/requests`, { ca }, (res) => {
            res.resume();
            resolve(res.statusCode);
          })
          .on("error", reject);
      });
      assert.equal(status, 200);
    } finally {
      await emulator.close();
    }
  });
});
