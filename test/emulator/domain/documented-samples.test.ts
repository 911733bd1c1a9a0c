import assert from "node:assert/strict";
import type { JsonObject } from "../../../emulator/contracts";
import { validateConfigureRequest } from "../../../emulator/validation";
import { loadSeedFixtures } from "../../fixtures/seeds";
import { BASE, CONFIGURE_QUERY, ISV, setUp } from "./support";

// Samples that create an offer (no id) must be accepted by schema validation and by the domain.
describe("emulator domain: documented samples with the real validator", () => {
  const creating = loadSeedFixtures().filter((f) => !(f.body as { resources: JsonObject[] }).resources.some((r) => "id" in r || String(r["privateOfferType"]).toLowerCase().includes("channelpartner")));
  for (const fixture of creating) {
    it(`${fixture.name} completes with jobResult succeeded`, () => {
      const { domain, clock, status } = setUp({ validate: validateConfigureRequest });
      const posted = domain.configure(ISV, fixture.body, CONFIGURE_QUERY, BASE);
      assert.equal(posted.status, 202, JSON.stringify(posted.body));
      clock.advance(1000);
      const final = status(ISV, (posted.body as { jobId: string }).jobId);
      assert.equal(final["jobResult"], "succeeded", JSON.stringify(final["errors"]));
    });
  }
});
