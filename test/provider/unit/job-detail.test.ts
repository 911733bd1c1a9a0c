import assert from "node:assert/strict";
import { offerInJobDetail } from "../../../provider/lifecycle/outputs";

const ID = "private-offer/0b0c7d1e-1111-4222-8333-444455556666";

describe("the offer a create job wrote, from its detail", () => {
  it("a detail carrying the whole offer, eTag included, spares reading it back", () => {
    const found = offerInJobDetail({ resources: [{ $schema: "x", id: ID, name: "Contoso", state: "Live", eTag: '"e1"' }] });
    assert.equal(found?.id, ID);
    assert.equal(found?.offer?.state, "live");
    assert.equal(found?.offer?.eTag, '"e1"');
  });
  it("a detail naming only the offer (or without its eTag) gives the id, to read the offer by", () => {
    assert.deepEqual(offerInJobDetail({ resources: [{ id: ID }] }), { id: ID });
    assert.deepEqual(offerInJobDetail({ resources: [{ id: ID, name: "Contoso", state: "live" }] }), { id: ID });
  });
  it("a detail without a private offer names none", () => {
    assert.equal(offerInJobDetail({ resources: [{ id: "price-and-availability-private-offer-plan/abc" }] }), undefined);
  });
});
