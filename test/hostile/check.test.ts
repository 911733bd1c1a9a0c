import assert from "node:assert/strict";
import { checkPlanPricing, checkPrivateOffer, type CheckFailure } from "../../provider/schema/check";
import { HOSTILE_CASES as CASES, HOSTILE_SEED, generateHostileCases, namesProperty, type HostileCase } from "./generator";
import { withoutNetwork } from "./no-network";
import { FULL_INPUTS } from "./full-inputs";
import { OFFER_KINDS, validOffer, validPlanPricing, validVmReservation } from "./valid-inputs";
import { JSON_TYPES, wrongTypeCases } from "./wrong-types";

function checkCase(c: HostileCase): { failures: CheckFailure[]; ok: boolean } {
  return c.resource === "PrivateOffer" ? checkPrivateOffer(c.inputs) : checkPlanPricing(c.inputs);
}

describe(`hostile input: ${CASES.length} generated invalid inputs rejected in check (seed ${HOSTILE_SEED})`, () => {
  it("starts from inputs that check accepts in every desired state, so each case breaks exactly one thing", () => {
    for (const kind of OFFER_KINDS) {
      for (const state of ["live", "draft", "withdrawn"]) {
        const result = checkPrivateOffer({ ...validOffer(kind), state });
        assert.ok(result.ok, `${kind} (${state}): ${JSON.stringify(result.failures)}`);
      }
    }
    for (const inputs of [validPlanPricing(), validVmReservation()]) {
      const result = checkPlanPricing(inputs);
      assert.ok(result.ok, JSON.stringify(result.failures));
    }
  });

  it("generates at least 500 distinct cases covering every family and both resources", () => {
    assert.ok(CASES.length >= 500, `${CASES.length} cases`);
    const families = new Set(CASES.map((c) => c.family));
    assert.equal(families.size, 9, [...families].join(", "));
    for (const resource of ["PrivateOffer", "PrivateOfferPlanPricing"] as const) {
      assert.ok(CASES.filter((c) => c.resource === resource).length >= 30, `too few ${resource} cases`);
    }
    for (const kind of OFFER_KINDS) {
      assert.ok(CASES.some((c) => c.inputs["privateOfferType"] === kind), `no case for ${kind}`);
    }
    assert.deepEqual(generateHostileCases(HOSTILE_SEED, 600), CASES, "the same seed must give the same cases");
  });

  it("the network guard itself notices a connection attempt", async () => {
    const { attempts } = await withoutNetwork(() => fetch("http://127.0.0.1:65000/").catch(() => undefined));
    assert.equal(attempts.length, 1);
  });

  it("rejects every case, naming the broken property, with bounded messages and no network call", async () => {
    const { result: misses, attempts } = await withoutNetwork(() => {
      const out: string[] = [];
      for (const c of CASES) {
        let result: ReturnType<typeof checkCase>;
        try {
          result = checkCase(c);
        } catch (error) {
          out.push(`${c.id} ${c.description}: check threw ${String(error).split("\n")[0]}`);
          continue;
        }
        if (result.ok) out.push(`${c.id} ${c.description}: accepted`);
        else if (!namesProperty(result.failures, c.expectProperty)) {
          out.push(`${c.id} ${c.description}: expected a failure at ${c.expectProperty}, got ${JSON.stringify(result.failures)}`);
        } else {
          const unreadable = result.failures.find((f) => !f.property || f.reason.trim().length < 5 || f.reason.length > 400);
          if (unreadable) out.push(`${c.id} ${c.description}: unreadable failure ${JSON.stringify(unreadable).slice(0, 200)}`);
        }
      }
      return out;
    });
    assert.deepEqual(attempts, [], "check opened a connection");
    assert.deepEqual(misses, [], `${misses.length} of ${CASES.length} cases not rejected as they should be:\n${misses.join("\n")}`);
  });
});

describe("hostile input: every property of every resource given each wrong JSON type", () => {
  const suite = wrongTypeCases();

  it("the full inputs hold every property of the schemas, and those meant to be valid pass check", () => {
    assert.deepEqual(suite.uncovered, [], "properties no full input holds a place for");
    for (const [kind, bases] of Object.entries(FULL_INPUTS)) {
      for (const base of bases.filter((b) => b.valid)) {
        const result = kind === "PrivateOfferPlanPricing" ? checkPlanPricing(base.inputs) : checkPrivateOffer(base.inputs);
        assert.deepEqual(result.failures, [], `${kind}: ${base.label}`);
      }
    }
  });

  it(`has at least 1,000 cases: each property with each of the five JSON types it is not`, () => {
    const properties = Object.values(suite.properties).reduce((a, b) => a + b, 0);
    assert.equal(suite.cases.length, properties * 5, JSON.stringify(suite.properties));
    assert.ok(suite.cases.length >= 1000, `${suite.cases.length} cases`);
    for (const type of JSON_TYPES) assert.ok(suite.cases.some((c) => c.given === type), `no case gives ${type}`);
  });

  it("each is a check failure at the property's path, never a throw, and nothing touches the network", async () => {
    const { result: misses, attempts } = await withoutNetwork(() => {
      const out: string[] = [];
      for (const c of suite.cases) {
        try {
          const result = c.resource === "PrivateOffer" ? checkPrivateOffer(c.inputs) : checkPlanPricing(c.inputs);
          if (result.ok) out.push(`${c.id}: accepted`);
          else if (!namesProperty(result.failures, c.expectProperty)) out.push(`${c.id}: no failure at ${c.expectProperty}: ${JSON.stringify(result.failures).slice(0, 300)}`);
        } catch (error) {
          out.push(`${c.id}: check threw ${String(error).split("\n")[0]}`);
        }
      }
      return out;
    });
    assert.deepEqual(attempts, [], "check opened a connection");
    assert.deepEqual(misses, [], `${misses.length} of ${suite.cases.length} cases:\n${misses.join("\n")}`);
  });

  it("inputs that are no object at all are a failure, not a throw", () => {
    for (const news of [null, 12, "text", true, [], [{}]]) {
      assert.equal(checkPrivateOffer(news).ok, false);
      assert.equal(checkPlanPricing(news).ok, false);
    }
  });
});
