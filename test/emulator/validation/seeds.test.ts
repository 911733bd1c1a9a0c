import assert from "node:assert/strict";
import { validateConfigureRequest } from "../../../emulator/validation";
import { loadSeedFixture, loadSeedFixtures } from "../../fixtures/seeds";
import { QUERY } from "./requests";

describe("emulator validation: Microsoft's documented samples", () => {
  const fixtures = loadSeedFixtures();

  it("has a fixture for every documented configure request", () => {
    assert.equal(fixtures.length, 11);
  });

  for (const fixture of fixtures) {
    it(`accepts ${fixture.name}`, () => {
      const result = validateConfigureRequest(fixture.body, QUERY);
      assert.ok(result.ok, JSON.stringify(result.ok ? undefined : result.error, null, 2));
      assert.equal(result.envelopeVersion, "2022-07-01");
    });
  }

  it("hands back each resource with its type, version, position and resourceName, body untouched", () => {
    const fixture = loadSeedFixture("mpo-originator-saas-flat-rate");
    const result = validateConfigureRequest(fixture.body, QUERY);
    assert.ok(result.ok);
    assert.deepEqual(
      result.resources.map((r) => [r.type, r.version, r.index, r.resourceName]),
      [
        ["price-and-availability-private-offer-plan", "2025-06-01", 0, "newSaaSPlanAbsolutePricing"],
        ["private-offer", "2026-02-01", 1, undefined],
      ],
    );
    assert.deepEqual(result.resources[1]?.body, (fixture.body as { resources: unknown[] }).resources[1]);
  });

  it("names the known fixtures when asked for one that does not exist", () => {
    assert.throws(() => loadSeedFixture("nope"), /known: .*csp-percentage-live/);
  });
});
