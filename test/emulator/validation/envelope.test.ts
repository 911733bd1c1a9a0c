import assert from "node:assert/strict";
import { validateConfigureRequest } from "../../../emulator/validation";
import { accepted, rejected, rejectedDetails } from "./expect";
import { customerOffer, ENVELOPE, envelope, offerSchema, type Json } from "./requests";

describe("emulator validation: the configure envelope", () => {
  it("accepts a well-formed request", () => accepted(envelope(customerOffer())));

  it("rejects a body that is not a JSON object", () => {
    for (const body of [null, [], "configure", 42]) {
      const result = validateConfigureRequest(body, { $version: "2022-07-01" });
      assert.ok(!result.ok);
      const [detail] = result.error.error.details;
      assert.equal(detail?.code, "invalidBody");
      assert.match(detail?.message ?? "", /must be a JSON object/);
    }
  });

  it("requires the configure $schema, at version 2022-07-01", () => {
    rejected({ resources: [customerOffer()] }, "$schema", "is required");
    rejected({ ...envelope(customerOffer()), $schema: "https://schema.mp.microsoft.com/schema/configure/2022-03-01-preview2" }, "$schema", `must be "${ENVELOPE}"`);
    rejected({ ...envelope(customerOffer()), $schema: "https://product-ingestion.azureedge.net/schema/configure/2022-07-01" }, "$schema", "must be");
  });

  it("requires the $version query to equal the envelope version", () => {
    accepted(envelope(customerOffer()), { $version: "2022-07-01" });
    const detail = rejected(envelope(customerOffer()), "$version", "must equal the envelope's $schema version 2022-07-01", { $version: "2023-07-15" });
    assert.match(detail.message, /2023-07-15/);
  });

  it("requires a non-empty resources array", () => {
    rejected({ $schema: ENVELOPE }, "resources", "is required");
    rejected({ $schema: ENVELOPE, resources: {} }, "resources", "must be an array");
    rejected(envelope(), "resources", "must list at least one resource");
  });

  it("rejects properties the envelope does not have", () => {
    const detail = rejected({ ...envelope(customerOffer()), dryRun: true }, "dryRun", "is not a property of a configure request");
    assert.equal(detail.code, "unknownProperty");
  });

  it("rejects a resource that is not an object", () => {
    rejected(envelope(customerOffer(), "offer"), "resources[1]", "must be an object");
  });

  describe("resource $schema", () => {
    const cases: Array<[string, unknown]> = [
      ["a missing $schema", undefined],
      ["an unknown type", "https://schema.mp.microsoft.com/schema/private-offer-plan/2023-07-15"],
      ["an unknown private-offer version", offerSchema("2022-07-01")],
      ["an unknown pricing version", "https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2024-09-30"],
      ["a leading space", ` ${offerSchema()}`],
      ["a space inside the version", "https://schema.mp.microsoft.com/schema/private-offer/ 2023-07-15"],
      ["another host", "https://product-ingestion.azureedge.net/schema/private-offer/2023-07-15"],
    ];
    for (const [what, schema] of cases) {
      it(`rejects ${what}, naming resources[i].$schema and what is supported`, () => {
        const detail = rejected(envelope(customerOffer(), { ...customerOffer(), $schema: schema }), "resources[1].$schema", "supported:");
        assert.equal(detail.code, "unsupportedSchema");
        assert.match(detail.message, /private-offer\/2026-02-01/);
      });
    }

    for (const version of ["2023-07-15", "2024-09-30", "2026-02-01"]) {
      it(`accepts private-offer ${version}`, () => {
        const offer: Json = { ...customerOffer(), $schema: offerSchema(version) };
        if (version !== "2026-02-01") delete offer.customerContractRenewal;
        accepted(envelope(offer));
      });
    }
  });

  it("sums up in one line and reports every problem, not just the first", () => {
    const offer = customerOffer();
    offer.pricing[0].discountPercentage = 0;
    delete offer.end;
    offer.notes = "x".repeat(61);
    const details = rejectedDetails(envelope(offer, { ...customerOffer(), name: "" }), { $version: "2022-07-01" });
    const targets = details.map((d) => d.target);
    for (const target of ["resources[0].pricing[0].discountPercentage", "resources[0].end", "resources[0].notes", "resources[1].name"]) {
      assert.ok(targets.includes(target), `missing ${target} in ${JSON.stringify(targets)}`);
    }
    const result = validateConfigureRequest(envelope(offer), { $version: "2022-07-01" });
    assert.ok(!result.ok);
    assert.doesNotMatch(result.error.error.message, /\n/);
    assert.match(result.error.error.message, /3 problems/);
  });
});
