// The field table of each offer type is the one description of its fields: the input schemas, the
// configure payload, the outputs read back, the secret outputs and check's messages all follow it.
// These tests hold every field of every type to that: what is sent comes back as it was written.
import assert from "node:assert/strict";
import { PRIVATE_OFFER_SECRET_OUTPUTS } from "../../../provider/resources/private-offer";
import { canonical, compareInputs } from "../../../provider/lifecycle/compare";
import { normaliseOffer } from "../../../provider/lifecycle/outputs";
import { buildChannelPartnerCompletion, buildOfferEnvelope } from "../../../provider/lifecycle/payload";
import { checkPrivateOffer } from "../../../provider/schema/check";
import { OFFER_FIELDS, PRIVATE_OFFER_TYPES, fieldNames } from "../../../provider/schema/offer-fields";
import { channelPartnerOfferInputs, cspOfferInputs, customerOfferInputs, originatorOfferInputs } from "../../../provider/schema/private-offer";
import { PLAN, PRODUCT, channelPartner, checked, cspMargin, customerSaas, originator } from "./samples";
import { future } from "../../support/dates";

const OFFER_ID = "private-offer/0b0c7d1e-1111-4222-8333-444455556666";

/** Every field a publisher's offer of each type can hold, set. */
const fullInputs = {
  customerPromotion: () =>
    checked({
      ...customerSaas(),
      start: future("01-01", 1),
      variableStartDate: false,
      notificationContacts: ["amy@contoso.com"],
      termsAndConditionsDocSasUrl: "https://example.blob.core.windows.net/terms.pdf?sig=secret",
      beneficiaries: [{ id: "6ea018a9-da9d-4eae-8610-22b51ebe260b", description: "Contoso", recipients: ["b1"] }],
      customerContractRenewal: true,
      notes: "renewal",
      upgradedFrom: { id: OFFER_ID, name: "Contoso FY26" },
      pollIntervalSeconds: 5,
      jobTimeoutMinutes: 10,
      account: "seller",
      adoptExistingId: OFFER_ID,
    }),
  cspPromotion: () => checked({ ...cspMargin(), preparedBy: "amy@contoso.com", upgradedFrom: { id: OFFER_ID, name: "Margin FY26" }, account: "seller" }),
  multipartyPromotionOriginator: () => checked({ ...originator(), customerContractRenewal: true, notificationContacts: ["amy@contoso.com"] }),
};

describe("the field table of each offer type", () => {
  it("is the input schema of that type: the same fields, in the same order", () => {
    const schemas = {
      customerPromotion: customerOfferInputs,
      cspPromotion: cspOfferInputs,
      multipartyPromotionOriginator: originatorOfferInputs,
      multipartyPromotionChannelPartner: channelPartnerOfferInputs,
    };
    for (const type of PRIVATE_OFFER_TYPES) assert.deepEqual(Object.keys(schemas[type].shape), fieldNames(type), type);
  });

  for (const type of ["customerPromotion", "cspPromotion", "multipartyPromotionOriginator"] as const) {
    it(`${type}: every field sent comes back as written, options kept, nothing else added`, () => {
      const inputs = fullInputs[type]();
      if (inputs.privateOfferType === "multipartyPromotionChannelPartner") assert.fail("a publisher's offer");
      const [offer] = buildOfferEnvelope(inputs, "live").resources.slice(-1);
      const outputs: Record<string, unknown> = normaliseOffer({ ...offer, id: OFFER_ID, state: "live" }, { inputs });
      const given: Record<string, unknown> = inputs;
      for (const key of fieldNames(type, (field) => field.lands !== "state")) {
        assert.deepEqual(canonical(outputs[key]), canonical(given[key]), `${type}.${key}`);
      }
      const comparison = compareInputs(outputs, given);
      assert.deepEqual([comparison.fields, comparison.options, comparison.replacing, comparison.state], [[], [], [], false]);
      for (const key of fieldNames(type, (field) => field.lands === "option")) {
        assert.equal(JSON.stringify(offer).includes(`"${key}"`), false, `${key} is an option: never sent`);
      }
    });
  }

  it("multipartyPromotionChannelPartner: its own fields and markups are sent in the completion and come back", () => {
    const inputs = checked({
      ...channelPartner(),
      offerId: OFFER_ID,
      termsAndConditionsDocs: [{ sasUrl: "https://example.blob.core.windows.net/p.pdf?sig=s", fileName: "P.pdf", customerFacingDocumentName: "Partner terms" }],
      notificationContacts: ["sam@partner.example"],
      notes: "partner note",
      account: "partner",
    });
    if (inputs.privateOfferType !== "multipartyPromotionChannelPartner") assert.fail("a channel partner's offer");
    const asRead = { id: OFFER_ID, name: "MPO", state: "live", notes: "the originator's", originatorPricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 5 }] };
    const completion = buildChannelPartnerCompletion(asRead, inputs);
    assert.deepEqual(completion.problems, []);
    const [sent] = completion.envelope.resources;
    const outputs: Record<string, unknown> = normaliseOffer({ ...sent, state: "live" }, { inputs });
    const given: Record<string, unknown> = inputs;
    for (const key of fieldNames(inputs.privateOfferType, (field) => field.lands !== "state")) {
      assert.deepEqual(canonical(outputs[key]), canonical(given[key]), key);
    }
  });

  it("marks the SAS URLs secret, and the resource stores exactly those outputs as secrets", () => {
    assert.deepEqual(fieldNames("customerPromotion", (f) => f.secret === true), ["termsAndConditionsDocSasUrl"]);
    assert.deepEqual(fieldNames("multipartyPromotionOriginator", (f) => f.secret === true), ["termsAndConditionsDocs"]);
    assert.deepEqual(fieldNames("multipartyPromotionChannelPartner", (f) => f.secret === true), ["termsAndConditionsDocs"]);
    assert.deepEqual(PRIVATE_OFFER_SECRET_OUTPUTS, ["termsAndConditionsDocSasUrl", "termsAndConditionsDocs"]);
  });

  it("marks what needs a new offer: the type, the account, the shared offer a channel partner completes, and the offer an upgrade renews", () => {
    const expected: Record<string, string[]> = {
      customerPromotion: ["privateOfferType", "account", "upgradedFrom"],
      cspPromotion: ["privateOfferType", "account", "upgradedFrom"],
      multipartyPromotionOriginator: ["privateOfferType", "account"],
      multipartyPromotionChannelPartner: ["privateOfferType", "offerId", "account"],
    };
    for (const type of PRIVATE_OFFER_TYPES) {
      assert.deepEqual(fieldNames(type, (f) => f.replaces === true), expected[type], type);
    }
  });

  it("tells check where a property of another offer type belongs", () => {
    const failure = (news: Record<string, unknown>, property: string) => checkPrivateOffer(news).failures.find((f) => f.property === property)?.reason;
    assert.match(failure({ ...cspMargin(), notes: "x" }, "notes") ?? "", /applies to customerPromotion, multipartyPromotionOriginator and multipartyPromotionChannelPartner offers/);
    assert.match(failure({ ...cspMargin(), partners: [] }, "partners") ?? "", /API's name: write `partner: \{ id, name \}` \(multipartyPromotionOriginator offers\)/);
    assert.match(failure({ ...cspMargin(), termsAndConditionsDocSasUrl: "https://a" }, "termsAndConditionsDocSasUrl") ?? "", /customerPromotion offers \(multiparty offers use termsAndConditionsDocs\)/);
    assert.match(failure({ ...cspMargin(), beneficiaries: [{ id: "a", beneficiaryRecipients: [] }] }, "beneficiaries[0].beneficiaryRecipients") ?? "", /write `recipients: \[<id>, \.\.\.\]`/);
  });

  it("has a field table for every offer type the API knows", () => {
    assert.deepEqual(Object.keys(OFFER_FIELDS), [...PRIVATE_OFFER_TYPES]);
  });
});
