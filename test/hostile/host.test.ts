import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startTlsEmulator, type EmulatorControl } from "../../bench/support/emulator-control";
import { prepareProgramDirectory, type ProgramDirectory } from "../../bench/support/program";
import { serializedPrivateOffer, startConfiguredHost } from "../../bench/support/subjects";
import { createShimProvider } from "../../provider/dynamic/shim";
import { HostCallError, dynamicUrn, serializeProvider, startProviderHost, withProvider, type PropertyMap, type ProviderHost } from "../support/provider-host";
import { HOSTILE_CASES, namesProperty } from "./generator";
import { wrongTypeCases } from "./wrong-types";
import { offerInputs } from "../../bench/support/offers";

const PLAN_PRICING_SPECIFIER = "pulumi-partnercenter-private-offers/dist/provider/dynamic/plan-pricing.js";

describe("hostile input through the real provider host", function () {
  this.timeout(120_000);
  let program: ProgramDirectory;
  let emulator: EmulatorControl;
  let host: ProviderHost;
  let offerProvider: string;
  let pricingProvider: string;

  before(async function () {
    // Setting up compiles the provider into a program folder: slow on a loaded two-core machine.
    this.timeout(120_000);
    program = prepareProgramDirectory();
    emulator = await startTlsEmulator();
    host = await startConfiguredHost(program.dir, emulator, { pollIntervalSeconds: 0.05 });
    offerProvider = (await serializedPrivateOffer()).text;
    pricingProvider = (await serializeProvider(createShimProvider({ module: PLAN_PRICING_SPECIFIER, exportName: "planPricingProvider" }))).text;
  });

  after(async () => {
    await host?.close();
    await emulator?.close();
    program?.remove();
  });

  it("every generated input comes back from Check as a failure at the broken property, and the emulator sees no request", async () => {
    emulator.clearRequests();
    const misses: string[] = [];
    // In batches, as the engine checks the resources of a program.
    for (let start = 0; start < HOSTILE_CASES.length; start += 50) {
      await Promise.all(
        HOSTILE_CASES.slice(start, start + 50).map(async (c, i) => {
          const provider = c.resource === "PrivateOffer" ? offerProvider : pricingProvider;
          try {
            const result = await host.check(dynamicUrn(`hostile-${start + i}`), {}, withProvider(provider, c.inputs as PropertyMap));
            if (!namesProperty(result.failures, c.expectProperty)) {
              misses.push(`${c.id} ${c.description}: ${JSON.stringify(result.failures).slice(0, 300)}`);
            }
          } catch (error) {
            misses.push(`${c.id} ${c.description}: Check failed instead of reporting failures: ${error instanceof HostCallError ? error.details : String(error)}`);
          }
        }),
      );
    }
    assert.deepEqual(emulator.requests(), [], "check reached the emulator");
    assert.deepEqual(misses, [], `${misses.length} of ${HOSTILE_CASES.length} not reported by Check:\n${misses.join("\n")}`);
  });

  it("every property of every resource given each wrong JSON type comes back from Check as a failure at its path, and the emulator sees no request", async () => {
    const { cases } = wrongTypeCases();
    assert.ok(cases.length >= 1000, `${cases.length} cases`);
    emulator.clearRequests();
    const misses: string[] = [];
    for (let start = 0; start < cases.length; start += 50) {
      await Promise.all(
        cases.slice(start, start + 50).map(async (c, i) => {
          const provider = c.resource === "PrivateOffer" ? offerProvider : pricingProvider;
          try {
            const result = await host.check(dynamicUrn(`wrong-type-${start + i}`), {}, withProvider(provider, c.inputs as PropertyMap));
            if (!namesProperty(result.failures, c.expectProperty)) misses.push(`${c.id}: ${JSON.stringify(result.failures).slice(0, 300)}`);
          } catch (error) {
            misses.push(`${c.id}: Check failed instead of reporting failures: ${error instanceof HostCallError ? error.details : String(error)}`);
          }
        }),
      );
    }
    assert.deepEqual(emulator.requests(), [], "check reached the emulator");
    assert.deepEqual(misses, [], `${misses.length} of ${cases.length} not reported by Check:\n${misses.join("\n")}`);
  });

  it("Create with invalid inputs (an engine path that skipped Check) is refused before any request", async () => {
    emulator.clearRequests();
    const offers = HOSTILE_CASES.filter((c) => c.resource === "PrivateOffer").slice(0, 40);
    const outcomes = await Promise.all(
      offers.map((c, i) => host.create(dynamicUrn(`hostile-create-${i}`), withProvider(offerProvider, c.inputs as PropertyMap)).then(() => undefined, (error: unknown) => error)),
    );
    outcomes.forEach((outcome, i) => {
      assert.ok(outcome instanceof HostCallError, `${offers[i]!.id} was created`);
      assert.match(outcome.details, /invalid/i);
      assert.equal(outcome.partialState, undefined);
    });
    assert.deepEqual(emulator.requests(), []);
  });
});

/** Answers the product-ingestion routes; the route under test gets `answer`, the others a sane reply. */
type Answer = { status: number; contentType?: string; body: string | (() => Buffer) };

const MALFORMED: Record<string, Answer> = {
  "an HTML page": { status: 200, contentType: "text/html", body: "<html><body>Service Unavailable</body></html>" },
  "truncated JSON": { status: 200, body: '{"jobId":"7f1c","jobStatus":"compl' },
  "wrong types": { status: 200, body: JSON.stringify({ jobId: 42, jobStatus: true, jobResult: ["succeeded"], privateOffers: "none", id: 7, name: {} }) },
  "a JSON array": { status: 200, body: "[]" },
  "null": { status: 200, body: "null" },
  "an empty body": { status: 200, body: "" },
  "unknown enum values": { status: 200, body: JSON.stringify({ jobId: "j1", jobStatus: "exploded", jobResult: "maybe", privateOffers: [{ id: 5 }] }) },
  "a garbled error": { status: 500, body: '{"error": 5' },
  "deep nesting": { status: 200, body: "[".repeat(200_000) + "]".repeat(200_000) },
  "a 24 MB body": {
    status: 200,
    body: () => Buffer.from(JSON.stringify({ jobId: "j1", jobStatus: "completed", jobResult: "succeeded", privateOffers: Array.from({ length: 200_000 }, (_, i) => ({ id: i, padding: "x".repeat(100) })) })),
  },
};

const ROUTES = {
  query: (req: http.IncomingMessage) => req.method === "GET" && /\/private-offer\/query/.test(req.url ?? ""),
  configure: (req: http.IncomingMessage) => req.method === "POST" && /\/configure\?/.test(req.url ?? ""),
  status: (req: http.IncomingMessage) => req.method === "GET" && /\/configure\/[^/]+\/status/.test(req.url ?? ""),
};
type Route = keyof typeof ROUTES;

const SANE: Record<Route, Answer> = {
  query: { status: 200, body: JSON.stringify({ privateOffers: [] }) },
  configure: { status: 202, body: JSON.stringify({ jobId: "job-1", jobStatus: "notStarted", jobResult: "pending" }) },
  status: { status: 200, body: JSON.stringify({ jobId: "job-1", jobStatus: "running", jobResult: "pending" }) },
};

const STATIC_TOKEN = "hostile-static-token-value-0123456789";

describe("malformed and oversized API answers through the real provider host", function () {
  // Job timeout 1.2 s and one retry: a clear error comes well within this.
  this.timeout(20_000);
  let program: ProgramDirectory;
  let server: http.Server;
  let current: { route: Route; answer: Answer } | undefined;
  let endpoint: string;
  let host: ProviderHost;
  let provider: string;

  before(async () => {
    program = prepareProgramDirectory();
    server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const route = (Object.keys(ROUTES) as Route[]).find((r) => ROUTES[r](req));
        const answer = route && current?.route === route ? current.answer : route ? SANE[route] : { status: 404, body: "{}" };
        res.writeHead(answer.status, { "content-type": answer.contentType ?? "application/json" });
        res.end(typeof answer.body === "function" ? answer.body() : answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rp/product-ingestion`;
    host = await startProviderHost({ cwd: program.dir, project: "offers" });
    await host.configure(
      {
        "partnercenter:endpoint": endpoint,
        "partnercenter:accessToken": STATIC_TOKEN,
        "partnercenter:pollIntervalSeconds": "0.01",
        "partnercenter:jobTimeoutMinutes": "0.02",
        "partnercenter:maxRetries": "1",
      },
      { secretKeys: ["partnercenter:accessToken"] },
    );
    provider = (await serializedPrivateOffer()).text;
  });

  // A case that fails or times out must not leave its answer in place for the cases after it.
  afterEach(() => {
    current = undefined;
  });

  after(async () => {
    await host?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    program?.remove();
  });

  for (const route of Object.keys(ROUTES) as Route[]) {
    for (const [what, answer] of Object.entries(MALFORMED)) {
      it(`${what} from ${route} fails the create with a clear error, and the host keeps serving`, async () => {
        current = { route, answer };
        const urn = dynamicUrn(`malformed-${route}-${what.replace(/\W+/g, "-")}`);
        const error = await host.create(urn, withProvider(provider, offerInputs(1))).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(error instanceof HostCallError, `the create succeeded on ${what}`);
        assert.equal(error.code, "UNKNOWN", error.message);
        assert.ok(error.details.length > 20 && error.details.length < 4000, `message of ${error.details.length} characters: ${error.details.slice(0, 500)}`);
        assert.doesNotMatch(error.details, /TypeError|SyntaxError|Cannot read properties|undefined is not/, error.details);
        assert.ok(!error.details.includes(STATIC_TOKEN) && !host.output().includes(STATIC_TOKEN), "the token leaked");
        // Still alive and answering.
        // A name of its own: one process is one run, where a second offer of a name is refused.
        const checked = await host.check(dynamicUrn(`still-alive-${route}-${what.replace(/\W+/g, "-")}`), {}, withProvider(provider, offerInputs(2, 0, { name: `Still alive after ${what} from ${route}` })));
        assert.deepEqual(checked.failures, []);
      });
    }
  }
});
