import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { serve, type ServingEmulator } from "../../../emulator/http/serve";
import { journalPath } from "../../../emulator/persistence/data-file";
import { createFakeAuthority, createFakeDomain, GOOD_TOKEN, type FakeDomain } from "./fakes";

const API = "/rp/product-ingestion";
const auth = { authorization: `Bearer ${GOOD_TOKEN}` };
type Envelope = { error: { code: string; message: string; details: { code: string; message: string; target?: string }[] } };

describe("emulator HTTP layer (against fake domain and authority)", () => {
  let emulator: ServingEmulator;
  let domain: FakeDomain;
  let slept: number[];

  beforeEach(async () => {
    domain = createFakeDomain();
    slept = [];
    emulator = await serve({
      domain,
      authority: createFakeAuthority(),
      clock: { now: () => Date.parse("2026-05-01T10:00:00Z") },
      sleep: async (ms) => {
        slept.push(ms);
      },
      maxBodyBytes: 2048,
      reportError: () => undefined,
    });
  });
  afterEach(() => emulator.close());

  const call = (pathAndQuery: string, init: RequestInit = {}) => fetch(`${emulator.url}${pathAndQuery}`, init);
  const post = (pathAndQuery: string, body: string, headers: Record<string, string> = auth) =>
    call(pathAndQuery, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  const addFault = async (fault: unknown) => {
    const res = await post("/_emulator/faults", JSON.stringify(fault), {});
    assert.equal(res.status, 201, await res.clone().text());
  };

  it("hands authenticated calls to the domain with the caller, query and base URL", async () => {
    const res = await call(`${API}/plan?$version=2022-07-01&product=product/p1`, { headers: auth });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { value: [], product: "product/p1" });
    const accepted = await post(`${API}/configure?$version=2022-07-01`, '{"resources":[]}');
    assert.equal(accepted.status, 202);
    const configure = domain.calls.find((c) => c.method === "configure");
    assert.equal(configure?.principal?.sellerId, "seller-1");
    assert.equal(configure?.baseUrl, `${emulator.url}${API}`);
    assert.deepEqual(configure?.body, { resources: [] });
  });

  it("answers 401 with the envelope and WWW-Authenticate when the token is missing or bad", async () => {
    for (const headers of [{}, { authorization: "Bearer nope" }] as Record<string, string>[]) {
      const res = await call(`${API}/product?$version=2022-07-01`, { headers });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get("www-authenticate"), "Bearer");
      assert.equal(((await res.json()) as Envelope).error.code, "unauthorized");
    }
    assert.equal(domain.calls.length, 0);
  });

  /** Every API route once: method, path, and the domain method it reaches. */
  const routes = [
    { method: "POST", path: "/configure", reaches: "configure", body: "{}" },
    { method: "GET", path: "/configure/job-1/status", reaches: "jobStatus" },
    { method: "POST", path: "/configure/job-1/cancel", reaches: "cancelJob" },
    { method: "GET", path: "/configure/job-1", reaches: "jobDetail" },
    { method: "GET", path: "/private-offer/query", reaches: "queryPrivateOffers" },
    { method: "GET", path: "/private-offer/guid-1", reaches: "getPrivateOffer" },
    { method: "GET", path: "/product", reaches: "listProducts" },
    { method: "GET", path: "/plan?product=product/p1", reaches: "listPlans" },
    { method: "GET", path: "/price-and-availability-private-offer-plan/p1?plan=plan/1", reaches: "getPricingTemplate" },
  ] as const;
  const withVersion = (path: string, version: string) => `${API}${path}${path.includes("?") ? "&" : "?"}$version=${version}`;
  const send = (route: (typeof routes)[number], url: string) =>
    call(url, { method: route.method, headers: { ...auth, "content-type": "application/json" }, ...("body" in route ? { body: route.body } : {}) });

  it("answers a call without $version on every route with the version the documentation gives for it", async () => {
    // configure, status and cancel 2022-07-01; job detail and private offers 2023-07-15 (the
    // private-offer pages); products and plans 2022-07-01; pricing templates 2025-06-01.
    const documented: Record<string, string> = {
      configure: "2022-07-01", jobStatus: "2022-07-01", cancelJob: "2022-07-01", jobDetail: "2023-07-15",
      queryPrivateOffers: "2023-07-15", getPrivateOffer: "2023-07-15", listProducts: "2022-07-01", listPlans: "2022-07-01",
      getPricingTemplate: "2025-06-01",
    };
    await post(`${API}/configure?$version=2022-07-01`, "{}");
    for (const route of routes) {
      domain.calls.length = 0;
      const res = await send(route, `${API}${route.path}`);
      assert.ok(res.status < 300, `${route.method} ${route.path} without $version: ${res.status} ${await res.text()}`);
      assert.equal(domain.calls[0]?.method, route.reaches);
      assert.equal(domain.calls[0]?.query?.["$version"], documented[route.reaches], route.path);
    }
    const log = (await (await call("/_emulator/requests")).json()) as { requests: { path: string; query: Record<string, string> }[] };
    assert.ok(log.requests.slice(1).every((entry) => !("$version" in entry.query)), "the log shows what the client sent");
  });

  it("refuses an unknown $version on every route, reads as well as writes, naming it", async () => {
    for (const version of ["banana", "2099-12-31", "2022-03-01-preview2", "2023-7-15"]) {
      for (const route of routes) {
        domain.calls.length = 0;
        const res = await send(route, withVersion(route.path, version));
        assert.equal(res.status, 400, `${route.method} ${route.path} with $version ${version}`);
        const body = (await res.json()) as Envelope;
        assert.equal(body.error.details[0]?.target, "$version");
        assert.equal(body.error.details[0]?.code, "unsupportedVersion");
        assert.match(body.error.message, new RegExp(`\\$version ${version.replace(/[.]/g, "\\.")} is not a version of this API`));
        assert.equal(domain.calls.length, 0, "the domain never sees it");
      }
    }
  });

  it("treats a known $version on a read as a maximum: the newest version of the route's schema not later than it", async () => {
    const answered = async (path: string, version: string) => {
      domain.calls.length = 0;
      const res = await call(withVersion(path, version), { headers: auth });
      assert.equal(res.status, 200, `${path} ${version}: ${await res.text()}`);
      return domain.calls[0]?.query?.["$version"];
    };
    await post(`${API}/configure?$version=2022-07-01`, "{}");
    assert.equal(await answered("/configure/job-1", "2026-02-01"), "2023-07-15");
    assert.equal(await answered("/configure/job-1/status", "2023-07-15"), "2022-07-01");
    assert.equal(await answered("/product", "2026-02-01"), "2022-07-01");
    assert.equal(await answered("/private-offer/query", "2025-06-01"), "2024-09-30");
    assert.equal(await answered("/private-offer/query", "2026-02-01"), "2026-02-01");
    assert.equal(await answered("/price-and-availability-private-offer-plan/p1?plan=plan/1", "2024-09-30"), "2023-07-15");
    const tooOld = await call(withVersion("/private-offer/query", "2022-07-01"), { headers: auth });
    assert.equal(tooOld.status, 400);
    assert.match(((await tooOld.json()) as Envelope).error.message, /older than every private-offer schema this API serves \(2023-07-15, 2024-09-30, 2026-02-01\)/);
  });

  it("answers unknown routes 404 and wrong methods 405, with the envelope", async () => {
    const missing = await call(`${API}/nothing?$version=1`, { headers: auth });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as Envelope).error.code, "notFound");
    const wrong = await call(`${API}/configure?$version=1`, { headers: auth });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get("allow"), "POST");
    assert.equal(((await wrong.json()) as Envelope).error.code, "methodNotAllowed");
    const elsewhere = await call("/somewhere");
    assert.equal(elsewhere.status, 404);
  });

  it("rejects malformed JSON with the position of the mistake", async () => {
    const res = await post(`${API}/configure?$version=2022-07-01`, '{"$schema": "x" "resources": []}');
    assert.equal(res.status, 400);
    const body = (await res.json()) as Envelope;
    assert.equal(body.error.details[0]?.target, "body");
    assert.match(body.error.message, /position 16 \(line 1, column 17\)/);
    assert.equal(domain.calls.length, 0);
  });

  it("refuses a body over the size limit with 413", async () => {
    const res = await post(`${API}/configure?$version=2022-07-01`, JSON.stringify({ pad: "x".repeat(4096) }));
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as Envelope).error.code, "requestEntityTooLarge");
  });

  it("puts a request id on every response and logs API and token calls, not test routes", async () => {
    const res = await call(`${API}/product?$version=2022-07-01`, { headers: auth });
    const requestId = res.headers.get("x-ms-request-id");
    assert.match(requestId ?? "", /^[0-9a-f-]{36}$/);
    await (await post("/tenant-1/oauth2/v2.0/token", "grant_type=client_credentials", {})).text();
    await call(`${API}/product`);
    const log = (await (await call("/_emulator/requests")).json()) as { requests: Record<string, unknown>[] };
    assert.deepEqual(
      log.requests.map((r) => [r["method"], r["path"], r["status"]]),
      [
        ["GET", `${API}/product`, 200],
        ["POST", "/tenant-1/oauth2/v2.0/token", 200],
        ["GET", `${API}/product`, 401],
      ],
    );
    assert.equal(log.requests[0]?.["requestId"], requestId);
    assert.equal(log.requests[0]?.["sellerId"], "seller-1");
    assert.equal(log.requests[0]?.["time"], "2026-05-01T10:00:00.000Z");
    assert.equal((await call("/_emulator/requests", { method: "DELETE" })).status, 204);
    const cleared = (await (await call("/_emulator/requests")).json()) as { requests: unknown[] };
    assert.equal(cleared.requests.length, 0);
  });

  it("injects a status fault with Retry-After for `count` matching requests only", async () => {
    await addFault({ method: "GET", path: `${API}/configure/*/status`, count: 2, status: 429, retryAfterSeconds: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(`${API}/configure/job-x/status?$version=2022-07-01`, { headers: auth });
      statuses.push(res.status);
      if (res.status === 429) {
        assert.equal(res.headers.get("retry-after"), "1");
        assert.equal(((await res.json()) as Envelope).error.code, "tooManyRequests");
      } else {
        await res.text();
      }
    }
    assert.deepEqual(statuses, [429, 429, 404]);
  });

  it("delays a request by the fault's delayMs (through the injected sleep)", async () => {
    await addFault({ path: `${API}/product`, delayMs: 3000 });
    const res = await call(`${API}/product?$version=2022-07-01`, { headers: auth });
    assert.equal(res.status, 200);
    assert.deepEqual(slept, [3000]);
  });

  it("drops the connection before processing: nothing happens", async () => {
    await addFault({ method: "POST", path: `${API}/configure`, reset: true });
    await assert.rejects(post(`${API}/configure?$version=2022-07-01`, "{}"));
    assert.equal(domain.jobs.size, 0);
    const retry = await post(`${API}/configure?$version=2022-07-01`, "{}");
    assert.equal(retry.status, 202);
  });

  it("drops the connection after processing: the job exists but the client never hears of it", async () => {
    await addFault({ method: "POST", path: `${API}/configure`, reset: true, after: "processing" });
    await assert.rejects(post(`${API}/configure?$version=2022-07-01`, "{}"));
    assert.equal(domain.jobs.size, 1);
    const log = (await (await call("/_emulator/requests")).json()) as { requests: Record<string, unknown>[] };
    assert.equal(log.requests[0]?.["status"], 0);
    assert.equal(log.requests[0]?.["fault"], "reset after processing");
  });

  it("applies faults to token routes too (token endpoint down), answering in Entra's error format", async () => {
    await addFault({ path: "/*/oauth2/v2.0/token", status: 503 });
    const res = await post("/tenant-1/oauth2/v2.0/token", "grant_type=client_credentials", {});
    assert.equal(res.status, 503);
    const body = (await res.json()) as { error: unknown; error_description: string; error_codes: number[] };
    assert.equal(body.error, "temporarily_unavailable");
    assert.match(body.error_description, /^AADSTS90033: /);
    assert.deepEqual(body.error_codes, [90033]);
    const after = await post("/tenant-1/oauth2/v2.0/token", "grant_type=client_credentials", {});
    assert.equal(after.status, 200);
  });

  it("passes failed and stuck overrides to the next jobs created, not to rejected POSTs", async () => {
    await addFault({ method: "POST", path: `${API}/configure`, count: 1, jobResult: "failed" });
    await addFault({ method: "POST", path: `${API}/configure`, stuck: true });
    const rejected = await post(`${API}/configure?$version=2022-07-01`, '{"reject":true}');
    assert.equal(rejected.status, 400);
    await post(`${API}/configure?$version=2022-07-01`, "{}");
    await post(`${API}/configure?$version=2022-07-01`, "{}");
    await post(`${API}/configure?$version=2022-07-01`, "{}");
    assert.deepEqual(
      [...domain.jobs.values()].map((job) => job.override?.kind ?? "none"),
      ["failed", "stuck", "none"],
    );
  });

  it("releases stuck jobs one by one or all at once", async () => {
    await addFault({ method: "POST", path: `${API}/configure`, count: 3, stuck: true });
    for (let i = 0; i < 3; i++) await post(`${API}/configure?$version=2022-07-01`, "{}");
    const one = await post("/_emulator/jobs/job-2/release", "", {});
    assert.equal(one.status, 200);
    assert.deepEqual(await one.json(), { released: ["job-2"] });
    const rest = await post("/_emulator/jobs/release", "", {});
    assert.deepEqual(await rest.json(), { released: ["job-1", "job-3"] });
    assert.deepEqual(domain.calls.filter((c) => c.method === "releaseStuckJobs").map((c) => c.body ?? "all"), ["job-2", "all"]);
    assert.equal((await call("/_emulator/jobs/release")).status, 405);
  });

  it("refuses a bad fault with 400 naming the property, and lists and clears faults", async () => {
    const bad = await post("/_emulator/faults", JSON.stringify({ path: "/x", status: 418 }), {});
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as Envelope).error.details[0]?.target, "status");
    await addFault({ path: "/x", count: 3, delayMs: 5 });
    const listed = (await (await call("/_emulator/faults")).json()) as { faults: Record<string, unknown>[] };
    assert.deepEqual(listed.faults.map((f) => [f["path"], f["remaining"]]), [["/x", 3]]);
    assert.equal((await call("/_emulator/faults", { method: "DELETE" })).status, 204);
    const empty = (await (await call("/_emulator/faults")).json()) as { faults: unknown[] };
    assert.equal(empty.faults.length, 0);
  });

  it("routes acceptance, edits and reset to the domain without auth", async () => {
    const accepted = await call("/_emulator/private-offers/g1/accept", { method: "POST" });
    assert.equal(accepted.status, 200);
    const edited = await post("/_emulator/private-offers/g1/edit", '{"name":"Changed"}', {});
    assert.deepEqual(await edited.json(), { id: "private-offer/g1", patch: { name: "Changed" } });
    await post(`${API}/configure?$version=2022-07-01`, "{}");
    await addFault({ path: "/x", delayMs: 1 });
    assert.equal((await call("/_emulator/reset", { method: "POST" })).status, 204);
    assert.equal(domain.jobs.size, 0);
    const faults = (await (await call("/_emulator/faults")).json()) as { faults: unknown[] };
    assert.equal(faults.faults.length, 0);
  });
});

describe("emulator data file", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), "emulator-data-"));
  });
  afterEach(() => fs.rm(directory, { recursive: true, force: true }));

  const start = (dataFile: string, domain: FakeDomain, options: Partial<Parameters<typeof serve>[0]> = {}) =>
    serve({ domain, authority: createFakeAuthority(), clock: { now: () => 0 }, dataFile, reportError: () => undefined, ...options });
  const configure = (emulator: ServingEmulator, n: number) =>
    fetch(`${emulator.url}${API}/configure?$version=2022-07-01`, { method: "POST", body: `{"n":${n}}`, headers: auth });

  it("restores state written by an earlier run, and leaves only the data file behind after a clean stop", async () => {
    const file = path.join(directory, "state.json");
    const first = createFakeDomain();
    const emulator = await start(file, first);
    for (let i = 0; i < 3; i++) await configure(emulator, i);
    await emulator.close();
    assert.deepEqual(await fs.readdir(directory), ["state.json"]);

    const second = createFakeDomain();
    const restarted = await start(file, second);
    assert.deepEqual([...second.jobs.keys()], ["job-1", "job-2", "job-3"]);
    await restarted.close();
  });

  it("has a change in the journal, flushed, before its answer leaves (a single request)", async () => {
    const file = path.join(directory, "state.json");
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const flushed: string[] = [];
    let holding = false;
    const emulator = await start(file, createFakeDomain(), {
      syncDataFile: async (handle, kind) => {
        if (kind === "journal" && holding) {
          // What the journal holds when its flush starts: the change must already be written.
          flushed.push(await fs.readFile(journalPath(file), "utf8"));
          await held;
        }
        await (kind === "journal" ? handle.datasync() : handle.sync());
      },
    });
    holding = true;
    let answered = false;
    const answer = configure(emulator, 7).then((res) => {
      answered = true;
      return res;
    });
    while (flushed.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.match(flushed[0] ?? "", /"job-1"/, "the journal line is written before the flush");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(answered, false, "no answer while the flush is held");
    release();
    assert.equal((await answer).status, 202);
    holding = false;
    await emulator.close();
  });

  it("answers reads that show no change without waiting for a flush", async () => {
    const file = path.join(directory, "state.json");
    let flushes = 0;
    const emulator = await start(file, createFakeDomain(), {
      syncDataFile: async (handle) => {
        flushes++;
        await handle.sync();
      },
    });
    const before = flushes;
    const res = await fetch(`${emulator.url}${API}/product?$version=2022-07-01`, { headers: auth });
    assert.equal(res.status, 200);
    assert.equal(flushes, before);
    await emulator.close();
  });

  it("flushes a burst of 200 configure POSTs in a few shared journal writes (group commit), every one durable", async () => {
    const file = path.join(directory, "state.json");
    const domain = createFakeDomain();
    const emulator = await start(file, domain);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => configure(emulator, i)));
    assert.ok(answers.every((res) => res.status === 202));
    const writes = emulator.persistence?.journalWrites ?? 0;
    assert.ok(writes >= 1 && writes < 100, `${writes} journal writes for 200 answers`);
    // What the answers acknowledged is on disk without a clean stop: read it as a restart would.
    const restored = createFakeDomain();
    const copy = path.join(directory, "copy.json");
    await fs.copyFile(file, copy);
    await fs.copyFile(journalPath(file), journalPath(copy));
    const reader = await start(copy, restored);
    assert.equal(restored.jobs.size, 200);
    await reader.close();
    await emulator.close();
  });

  it("replays the journal over the snapshot at start, leaving out a torn last line", async () => {
    const file = path.join(directory, "state.json");
    const emulator = await start(file, createFakeDomain());
    for (let i = 0; i < 3; i++) await configure(emulator, i);
    const copy = path.join(directory, "copy.json");
    await fs.copyFile(file, copy);
    await fs.copyFile(journalPath(file), journalPath(copy));
    await fs.appendFile(journalPath(copy), '{"generation":1,"changes":{"whole":{"jobs":{');
    const notices: string[] = [];
    const restored = createFakeDomain();
    const reader = await start(copy, restored, { reportError: (message) => notices.push(message) });
    assert.deepEqual([...restored.jobs.keys()], ["job-1", "job-2", "job-3"]);
    assert.match(notices.join("\n"), /left out an incomplete last line/);
    await reader.close();
    await emulator.close();
  });

  it("skips journal lines older than the snapshot (a crash between a snapshot and the journal's truncation)", async () => {
    const file = path.join(directory, "state.json");
    const emulator = await start(file, createFakeDomain());
    await configure(emulator, 1);
    const stale = await fs.readFile(journalPath(file), "utf8");
    await emulator.close(); // a snapshot of a later generation
    await fs.writeFile(journalPath(file), stale.replace('"job-1"', '"job-stale"'));
    const restored = createFakeDomain();
    const reader = await start(file, restored);
    assert.deepEqual([...restored.jobs.keys()], ["job-1"]);
    await reader.close();
  });

  it("answers 500 saying so when the data file cannot be written, and recovers with a full snapshot", async () => {
    const file = path.join(directory, "state.json");
    let failing = false;
    const errors: string[] = [];
    const domain = createFakeDomain();
    const emulator = await start(file, domain, {
      reportError: (message) => errors.push(message),
      syncDataFile: async (handle) => {
        if (failing) throw new Error("EIO: i/o error, fsync");
        await handle.sync();
      },
    });
    failing = true;
    const refused = await configure(emulator, 1);
    assert.equal(refused.status, 500);
    assert.match(((await refused.json()) as Envelope).error.message, /could not save its state to its data file .*EIO.* kept in memory/);
    failing = false;
    assert.equal((await configure(emulator, 2)).status, 202);
    assert.equal(emulator.persistence?.snapshots, 2, "the write after a failure is a snapshot");
    await emulator.close();
    const restored = createFakeDomain();
    const reader = await start(file, restored);
    assert.deepEqual([...restored.jobs.keys()], ["job-1", "job-2"]);
    await reader.close();
    assert.ok(errors.some((e) => /EIO/.test(e)));
  });

  it("refuses to start over a file that is not an emulator data file, or a journal that is not one", async () => {
    const file = path.join(directory, "state.json");
    await fs.writeFile(file, '{"something": "else"}');
    await assert.rejects(start(file, createFakeDomain()), /not an emulator data file \(format/);
    await fs.writeFile(file, "{oops");
    await assert.rejects(start(file, createFakeDomain()), /not valid JSON/);
    await fs.rm(file);
    await fs.writeFile(journalPath(file), "not json\n");
    await assert.rejects(start(file, createFakeDomain()), /journal .* line 1 is not valid JSON/);
    await fs.writeFile(journalPath(file), '{"generation":0,"changes":{"whole":{"jobs":{},"counter":0}}}\n{"generation":0,"changes":{"whole":"not a snapshot"}}\n');
    await assert.rejects(start(file, createFakeDomain()), /journal .* line 2 cannot be replayed/);
  });
});
