import { strict as assert } from "node:assert";
import { parseStrictJson } from "../../../emulator/http/json-body";
import { matchApiRoute, matchTestRoute } from "../../../emulator/http/routes";
import { FaultRegistry, pathMatches } from "../../../emulator/faults/registry";
import { parseFaults } from "../../../emulator/faults/schema";

describe("emulator routing", () => {
  it("matches every product-ingestion route as graph.microsoft.com spells it", () => {
    const cases: [string, string, unknown][] = [
      ["POST", "/rp/product-ingestion/configure", { name: "configure" }],
      ["GET", "/rp/product-ingestion/configure/j1/status", { name: "jobStatus", jobId: "j1" }],
      ["GET", "/rp/product-ingestion/configure/j1", { name: "jobDetail", jobId: "j1" }],
      ["GET", "/rp/product-ingestion/private-offer/query", { name: "queryPrivateOffers" }],
      ["GET", "/rp/product-ingestion/private-offer/abc", { name: "getPrivateOffer", offerGuid: "abc" }],
      ["GET", "/rp/product-ingestion/product", { name: "listProducts" }],
      ["GET", "/rp/product-ingestion/plan", { name: "listPlans" }],
      ["GET", "/rp/product-ingestion/price-and-availability-private-offer-plan/p1", { name: "getPricingTemplate", productId: "p1" }],
    ];
    for (const [method, path, route] of cases) {
      assert.deepEqual(matchApiRoute(method, path), { kind: "matched", route }, `${method} ${path}`);
    }
  });

  it("tells a wrong method (with what is allowed) from an unknown route", () => {
    assert.deepEqual(matchApiRoute("GET", "/rp/product-ingestion/configure"), { kind: "methodNotAllowed", allowed: ["POST"] });
    assert.deepEqual(matchApiRoute("DELETE", "/rp/product-ingestion/private-offer/x"), { kind: "methodNotAllowed", allowed: ["GET"] });
    assert.deepEqual(matchApiRoute("GET", "/rp/product-ingestion/nothing"), { kind: "notFound" });
    assert.deepEqual(matchApiRoute("GET", "/rp/product-ingestion/configure/j/status/more"), { kind: "notFound" });
    assert.deepEqual(matchTestRoute("POST", "/_emulator/private-offers/g/accept"), {
      kind: "matched",
      route: { name: "acceptOffer", offerGuid: "g" },
    });
  });
});

describe("strict JSON parsing of request bodies", () => {
  it("parses valid JSON", () => {
    assert.deepEqual(parseStrictJson('{"a":[1,2]}'), { ok: true, value: { a: [1, 2] } });
  });

  it("names the position, line and column of the first error", () => {
    // The documented delete sample lacks the comma after "$schema".
    const text = '{\n  "$schema": "x"\n  "resources": []\n}';
    const result = parseStrictJson(text);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.position, text.indexOf('"resources"'));
    assert.equal(result.line, 3);
    assert.equal(result.column, 3);
    assert.match(result.problem, /',' or '}'/);
  });

  it("rejects trailing commas, single quotes and trailing garbage", () => {
    for (const text of ['{"a":1,}', "{'a':1}", '{"a":1} x', "[1,]", '"\u0001"', "{\"a\":tru}"]) {
      const result = parseStrictJson(text);
      assert.equal(result.ok, false, text);
    }
  });
});

describe("fault definitions", () => {
  it("accepts each documented effect", () => {
    const result = parseFaults([
      { method: "get", path: "/rp/product-ingestion/configure/*/status", count: 2, status: 429, retryAfterSeconds: 1 },
      { path: "/x", delayMs: 3000 },
      { path: "/x", reset: true },
      { path: "/x", reset: true, after: "processing" },
      { method: "POST", path: "/rp/product-ingestion/configure", jobResult: "failed" },
      { path: "/rp/product-ingestion/configure", stuck: true },
    ]);
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.faults[0]?.method, "GET");
    assert.equal(result.faults[1]?.count, 1);
  });

  it("refuses a bad fault naming the property", () => {
    const cases: [unknown, string][] = [
      [{ path: "/x", status: 418 }, "status"],
      [{ path: "x", delayMs: 1 }, "path"],
      [{ path: "/x", count: 0, stuck: true }, "count"],
      [{ path: "/x", reset: true, after: "later" }, "after"],
      [{ path: "/x", delayMs: 1, retryAfterSeconds: 1 }, "retryAfterSeconds"],
      [{ path: "/x" }, "fault"],
      [{ path: "/x", status: 429, delayMs: 5 }, "fault"],
    ];
    for (const [input, target] of cases) {
      const result = parseFaults(input);
      assert.equal(result.ok, false, JSON.stringify(input));
      if (result.ok) continue;
      assert.equal(result.details[0]?.target, target, JSON.stringify(result.details));
    }
  });

  it("matches `*` to exactly one path segment", () => {
    assert.equal(pathMatches("/rp/product-ingestion/configure/*/status", "/rp/product-ingestion/configure/abc/status"), true);
    assert.equal(pathMatches("/rp/product-ingestion/configure/*/status", "/rp/product-ingestion/configure/a/b/status"), false);
    assert.equal(pathMatches("/rp/product-ingestion/configure/*", "/rp/product-ingestion/configure/abc/status"), false);
  });

  it("applies a fault to as many matching requests as its count, in registration order", () => {
    const registry = new FaultRegistry();
    const parsed = parseFaults([
      { method: "GET", path: "/a/*", count: 2, status: 503 },
      { path: "/a/*", delayMs: 10 },
    ]);
    assert.ok(parsed.ok);
    registry.add(parsed.faults);
    assert.equal(registry.takeRequestFault("POST", "/a/1")?.kind, "delay");
    assert.equal(registry.takeRequestFault("GET", "/a/1")?.kind, "status");
    assert.equal(registry.takeRequestFault("GET", "/a/2")?.kind, "status");
    assert.equal(registry.takeRequestFault("GET", "/a/3"), undefined);
    assert.equal(registry.list().length, 0);
  });

  it("consumes a job fault only when the caller commits it", () => {
    const registry = new FaultRegistry();
    const parsed = parseFaults({ path: "/c", stuck: true });
    assert.ok(parsed.ok);
    registry.add(parsed.faults);
    assert.equal(registry.takeRequestFault("POST", "/c"), undefined, "job faults do not affect the request itself");
    assert.deepEqual(registry.peekJobOverride("POST", "/c")?.override, { kind: "stuck" });
    registry.peekJobOverride("POST", "/c")?.commit();
    assert.equal(registry.peekJobOverride("POST", "/c"), undefined);
  });
});
