import assert from "node:assert/strict";
import { checkPlanPricing, checkPrivateOffer, type CheckFailure } from "../../provider/schema/check";
import { HOSTILE_CASES as CASES, HOSTILE_SEED, generateHostileCases, namesProperty, type HostileCase } from "./generator";
import { withoutNetwork } from "./no-network";
import { OFFER_KINDS, validOffer, validPlanPricing, validVmReservation } from "./valid-inputs";

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
