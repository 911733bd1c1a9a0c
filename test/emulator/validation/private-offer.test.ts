import { accepted, rejected } from "./expect";
import {
  channelPartnerOffer,
  cspOffer,
  customerOffer,
  customerSaasOffer,
  customerVmsrOffer,
  envelope,
  offerSchema,
  originatorOffer,
  saasPricingResource,
  vmsrPricingResource,
  type Json,
} from "./requests";

/** One rule: a request that keeps it, one that breaks it, and where and how the break is reported. */
interface RuleCase {
  rule: string;
  valid: () => Json;
  invalid: () => Json;
  target: string;
  says: string | RegExp;
}

const offer = (base: () => Json, change: (o: Json) => void) => () => {
  const o = base();
  change(o);
  return envelope(o);
};
const withPricing = (pricing: () => Json, base: () => Json, change: (o: Json) => void = () => {}) => () => {
  const o = base();
  change(o);
  return envelope(pricing(), o);
};
const same = (base: () => Json) => offer(base, () => {});

const cases: RuleCase[] = [
  // identity and enums
  { rule: "name is required", valid: same(customerOffer), invalid: offer(customerOffer, (o) => delete o.name), target: "resources[0].name", says: "is required" },
  { rule: "name is at most 128 characters", valid: offer(customerOffer, (o) => (o.name = "n".repeat(128))), invalid: offer(customerOffer, (o) => (o.name = "n".repeat(129))), target: "resources[0].name", says: "at most 128 characters" },
  { rule: "name has no forbidden characters", valid: offer(customerOffer, (o) => (o.name = "Contoso - FY27 (renewal)")), invalid: offer(customerOffer, (o) => (o.name = "Contoso #1")), target: "resources[0].name", says: "must not contain ! < > ^ [ ] @ # % /" },
  { rule: "customer names are ASCII without ~", valid: offer(originatorOffer, (o) => (o.name = "Contoso ~ Café")), invalid: offer(customerOffer, (o) => (o.name = "Contoso Café")), target: "resources[0].name", says: "non-ASCII" },
  { rule: "privateOfferType is one of the four types", valid: offer(customerOffer, (o) => (o.privateOfferType = "CustomerPromotion")), invalid: offer(customerOffer, (o) => (o.privateOfferType = "customer")), target: "resources[0].privateOfferType", says: "must be one of customerPromotion, cspPromotion" },
  { rule: "state is one of the four states", valid: offer(customerOffer, (o) => (o.state = "Live")), invalid: offer(customerOffer, (o) => (o.state = "published")), target: "resources[0].state", says: "must be one of draft, live, withdrawn, deleted" },
  { rule: "offerPricingType is known", valid: same(customerOffer), invalid: offer(customerOffer, (o) => (o.offerPricingType = "newSimpleAbsolutePricing")), target: "resources[0].offerPricingType", says: "must be one of editExistingOfferPricingOnly" },
  { rule: "newCustomizedPlans needs 2024-09-30 or later", valid: withPricing(() => ({ ...saasPricingResource(), offerPricingType: "newCustomizedPlans" }), customerSaasOffer, (o) => { o.offerPricingType = "newCustomizedPlans"; o.$schema = offerSchema("2024-09-30"); }), invalid: withPricing(saasPricingResource, customerSaasOffer, (o) => { o.offerPricingType = "newCustomizedPlans"; o.$schema = offerSchema("2023-07-15"); }), target: "resources[1].offerPricingType", says: "needs private-offer 2024-09-30 or later" },
  { rule: "customerContractRenewal needs 2026-02-01", valid: offer(originatorOffer, (o) => (o.customerContractRenewal = true)), invalid: offer(originatorOffer, (o) => (o.$schema = offerSchema("2024-09-30"))), target: "resources[0].customerContractRenewal", says: "needs private-offer 2026-02-01" },
  { rule: "customerContractRenewal is refused on 2023-07-15 from an originator (README, Decisions)", valid: offer(originatorOffer, (o) => { o.$schema = offerSchema("2023-07-15"); delete o.customerContractRenewal; }), invalid: offer(originatorOffer, (o) => (o.$schema = offerSchema("2023-07-15"))), target: "resources[0].customerContractRenewal", says: "needs private-offer 2026-02-01; this resource uses 2023-07-15" },
  { rule: "customerContractRenewal is refused on 2023-07-15 for a customer (README, Decisions)", valid: offer(customerOffer, (o) => (o.customerContractRenewal = true)), invalid: offer(customerOffer, (o) => { o.$schema = offerSchema("2023-07-15"); o.customerContractRenewal = true; }), target: "resources[0].customerContractRenewal", says: "needs private-offer 2026-02-01; this resource uses 2023-07-15" },
  { rule: "unknown properties are rejected", valid: offer(customerOffer, (o) => { o.eTag = '"abc"'; o.lastModified = "2026-01-01"; o.validations = []; o.id = "private-offer/1b0c7a7e"; }), invalid: offer(customerOffer, (o) => (o.discount = 5)), target: "resources[0].discount", says: "is not a property of a private-offer resource" },
  { rule: "unknown pricing item properties are rejected, read-only names are not", valid: offer(customerOffer, (o) => { o.pricing[0].productName = "Contoso"; o.pricing[0].planName = "Gold"; }), invalid: offer(customerOffer, (o) => (o.pricing[0].price = 3)), target: "resources[0].pricing[0].price", says: "is not a property of a pricing item" },

  // live requirements by type
  { rule: "a live customer offer needs end", valid: same(customerOffer), invalid: offer(customerOffer, (o) => delete o.end), target: "resources[0].end", says: "is required when a customerPromotion offer is live" },
  { rule: "a live customer offer needs acceptBy", valid: same(customerOffer), invalid: offer(customerOffer, (o) => delete o.acceptBy), target: "resources[0].acceptBy", says: "is required when a customerPromotion offer is live" },
  { rule: "a live customer offer needs a beneficiary", valid: same(customerOffer), invalid: offer(customerOffer, (o) => (o.beneficiaries = [])), target: "resources[0].beneficiaries", says: "must have at least one item when a customerPromotion offer is live" },
  { rule: "a live customer offer needs pricing", valid: same(customerOffer), invalid: offer(customerOffer, (o) => delete o.pricing), target: "resources[0].pricing", says: "is required when a customerPromotion offer is live" },
  { rule: "a live CSP offer needs end", valid: same(cspOffer), invalid: offer(cspOffer, (o) => delete o.end), target: "resources[0].end", says: "is required when a cspPromotion offer is live" },
  { rule: "a live originator offer needs acceptBy", valid: same(originatorOffer), invalid: offer(originatorOffer, (o) => delete o.acceptBy), target: "resources[0].acceptBy", says: "is required when a multipartyPromotionOriginator offer is live" },
  { rule: "a live originator offer names its channel partner", valid: same(originatorOffer), invalid: offer(originatorOffer, (o) => delete o.partners), target: "resources[0].partners", says: "is required when a multipartyPromotionOriginator offer is live" },
  { rule: "a re-publish (live with id) needs the full payload", valid: offer(customerOffer, (o) => (o.id = "private-offer/1b0c7a7e")), invalid: offer(customerOffer, (o) => { o.id = "private-offer/1b0c7a7e"; delete o.pricing; }), target: "resources[0].pricing", says: "is required when a customerPromotion offer is live" },
  { rule: "a draft needs only name, state and type", valid: () => envelope({ $schema: offerSchema(), name: "Draft", state: "draft", privateOfferType: "customerPromotion" }), invalid: () => envelope({ $schema: offerSchema(), name: "Draft", state: "draft" }), target: "resources[0].privateOfferType", says: "is required" },
  { rule: "a withdraw needs the offer id", valid: () => envelope({ $schema: offerSchema(), id: "private-offer/1b0c7a7e", name: "X", privateOfferType: "customerPromotion", state: "withdrawn" }), invalid: () => envelope({ $schema: offerSchema(), name: "X", privateOfferType: "customerPromotion", state: "withdrawn" }), target: "resources[0].id", says: "is required to withdraw an offer" },
  { rule: "draft with an id is a withdraw and needs nothing more", valid: () => envelope({ $schema: offerSchema(), id: "private-offer/1b0c7a7e", name: "X", privateOfferType: "cspPromotion", state: "draft" }), invalid: () => envelope({ $schema: offerSchema(), id: "private-offer/1b0c7a7e", privateOfferType: "cspPromotion", state: "draft" }), target: "resources[0].name", says: "is required" },
  { rule: "a delete needs the offer id", valid: () => envelope({ $schema: offerSchema(), id: "private-offer/1b0c7a7e", name: "X", privateOfferType: "customerPromotion", state: "deleted" }), invalid: () => envelope({ $schema: offerSchema(), name: "X", privateOfferType: "customerPromotion", state: "deleted" }), target: "resources[0].id", says: "is required to delete an offer" },
  { rule: "a channel partner cannot delete", valid: () => envelope({ $schema: offerSchema(), id: "private-offer/1b0c7a7e", name: "X", privateOfferType: "multipartyPromotionChannelPartner", state: "withdrawn" }), invalid: () => envelope({ $schema: offerSchema(), id: "private-offer/1b0c7a7e", name: "X", privateOfferType: "multipartyPromotionChannelPartner", state: "deleted" }), target: "resources[0].state", says: "only the originator deletes" },
  { rule: "ids are private-offer durable ids", valid: offer(customerOffer, (o) => (o.id = "private-offer/1b0c7a7e")), invalid: offer(customerOffer, (o) => (o.id = "1b0c7a7e")), target: "resources[0].id", says: "private-offer/<id>" },

  // dates
  { rule: "dates are YYYY-MM-DD", valid: same(customerOffer), invalid: offer(customerOffer, (o) => (o.end = "06/30/2027")), target: "resources[0].end", says: "YYYY-MM-DD" },
  { rule: "dates exist", valid: offer(customerOffer, (o) => { o.end = "2028-02-29"; }), invalid: offer(customerOffer, (o) => (o.end = "2027-02-29")), target: "resources[0].end", says: "that exists" },
  { rule: "a variable start sends no start", valid: same(customerOffer), invalid: offer(customerOffer, (o) => (o.start = "2027-01-01")), target: "resources[0].start", says: "must not be sent when variableStartDate is true" },
  { rule: "a fixed start is required when live", valid: offer(customerOffer, (o) => { o.variableStartDate = false; o.start = "2027-01-01"; }), invalid: offer(customerOffer, (o) => (o.variableStartDate = false)), target: "resources[0].start", says: "is required when a customerPromotion offer is live and variableStartDate is not true" },
  { rule: "an absent variableStartDate means a fixed start", valid: same(cspOffer), invalid: offer(cspOffer, (o) => { delete o.variableStartDate; delete o.start; }), target: "resources[0].start", says: "variableStartDate is not true" },
  { rule: "start is on or before end", valid: offer(cspOffer, (o) => (o.start = o.end)), invalid: offer(cspOffer, (o) => (o.start = "2028-01-01")), target: "resources[0].end", says: "must be on or after start (2028-01-01)" },
  { rule: "acceptBy may fall after end, as in every documented sample (README, Decisions)", valid: offer(customerOffer, (o) => (o.acceptBy = "2027-07-31")), invalid: offer(customerOffer, (o) => (o.acceptBy = "2027-06-31")), target: "resources[0].acceptBy", says: "that exists" },
  { rule: "acceptBy may fall after a fixed start; start need not be the 1st (A-7)", valid: offer(customerOffer, (o) => { o.variableStartDate = false; o.start = "2027-01-15"; o.acceptBy = "2027-02-01"; }), invalid: offer(customerOffer, (o) => { o.variableStartDate = false; o.start = "2027-01-15"; o.acceptBy = "2027-02-30"; }), target: "resources[0].acceptBy", says: "that exists" },

  // limits
  { rule: "at most 10 pricing items", valid: offer(customerOffer, (o) => (o.pricing = Array(10).fill(o.pricing[0]))), invalid: offer(customerOffer, (o) => (o.pricing = Array(11).fill(o.pricing[0]))), target: "resources[0].pricing", says: "at most 10 items" },
  { rule: "at most 5 notification contacts", valid: offer(customerOffer, (o) => (o.notificationContacts = Array(5).fill("a@contoso.com"))), invalid: offer(customerOffer, (o) => (o.notificationContacts = Array(6).fill("a@contoso.com"))), target: "resources[0].notificationContacts", says: "at most 5 contacts" },
  { rule: "notification contacts are email addresses", valid: same(customerOffer), invalid: offer(customerOffer, (o) => (o.notificationContacts = ["amy"])), target: "resources[0].notificationContacts[0]", says: "must be an email address" },
  { rule: "notes are at most 60 characters", valid: offer(originatorOffer, (o) => (o.notes = "n".repeat(60))), invalid: offer(originatorOffer, (o) => (o.notes = "n".repeat(61))), target: "resources[0].notes", says: "at most 60 characters" },
  { rule: "one beneficiary for customer offers", valid: same(customerOffer), invalid: offer(customerOffer, (o) => o.beneficiaries.push({ id: "other" })), target: "resources[0].beneficiaries", says: "exactly one beneficiary" },
  { rule: "one beneficiary for originator offers", valid: same(originatorOffer), invalid: offer(originatorOffer, (o) => o.beneficiaries.push({ id: "other" })), target: "resources[0].beneficiaries", says: "exactly one beneficiary" },
  { rule: "up to 150 beneficiaries for CSP offers", valid: offer(cspOffer, (o) => (o.beneficiaries = Array.from({ length: 150 }, (_, i) => ({ id: `t${i}` })))), invalid: offer(cspOffer, (o) => (o.beneficiaries = Array.from({ length: 151 }, (_, i) => ({ id: `t${i}` })))), target: "resources[0].beneficiaries", says: "at most 150" },
  { rule: "CSP recipients are cspCustomer", valid: offer(cspOffer, (o) => (o.beneficiaries[0].beneficiaryRecipients = [{ id: "c1", recipientType: "cspCustomer" }])), invalid: offer(cspOffer, (o) => (o.beneficiaries[0].beneficiaryRecipients = [{ id: "c1", recipientType: "billingGroup" }])), target: "resources[0].beneficiaries[0].beneficiaryRecipients[0].recipientType", says: "must be cspCustomer in cspPromotion offers" },
  { rule: "one channel partner for originator offers", valid: same(originatorOffer), invalid: offer(originatorOffer, (o) => o.partners.push({ id: "87654321" })), target: "resources[0].partners", says: "exactly one channel partner" },
  { rule: "at most 5 terms documents", valid: offer(originatorOffer, (o) => (o.termsAndConditionsDocs = Array(5).fill(o.termsAndConditionsDocs[0]))), invalid: offer(originatorOffer, (o) => (o.termsAndConditionsDocs = Array(6).fill(o.termsAndConditionsDocs[0]))), target: "resources[0].termsAndConditionsDocs", says: "at most 5 documents" },
  { rule: "partner and originator documents together at most 5", valid: offer(channelPartnerOffer, (o) => { const d = { sasUrl: "https://x.example/t.pdf", fileName: "t.pdf", customerFacingDocumentName: "T" }; o.termsAndConditionsDocs = [d, d]; o.originatorTermsAndConditionsDocs = [d, d, d]; }), invalid: offer(channelPartnerOffer, (o) => { const d = { sasUrl: "https://x.example/t.pdf", fileName: "t.pdf", customerFacingDocumentName: "T" }; o.termsAndConditionsDocs = [d, d, d]; o.originatorTermsAndConditionsDocs = [d, d, d]; }), target: "resources[0].termsAndConditionsDocs", says: "together with originatorTermsAndConditionsDocs must hold at most 5" },
  { rule: "resourceName is 1 to 50 characters", valid: offer(customerOffer, (o) => (o.resourceName = "r".repeat(50))), invalid: offer(customerOffer, (o) => (o.resourceName = "r".repeat(51))), target: "resources[0].resourceName", says: "1 to 50 characters" },
  { rule: "the terms document URL is https", valid: same(customerOffer), invalid: offer(customerOffer, (o) => (o.termsAndConditionsDocSasUrl = "http://contoso.example/terms.pdf")), target: "resources[0].termsAndConditionsDocSasUrl", says: "must be an https:// URL" },

  // what each type may not send
  { rule: "CSP offers have no acceptBy", valid: same(cspOffer), invalid: offer(cspOffer, (o) => (o.acceptBy = "2027-06-30")), target: "resources[0].acceptBy", says: "not allowed on cspPromotion offers" },
  { rule: "CSP offers have no terms document", valid: same(cspOffer), invalid: offer(cspOffer, (o) => (o.termsAndConditionsDocSasUrl = "https://contoso.example/t.pdf")), target: "resources[0].termsAndConditionsDocSasUrl", says: "not allowed on cspPromotion offers" },
  { rule: "CSP offers price existing plans", valid: offer(cspOffer, (o) => (o.offerPricingType = "editExistingOfferPricingOnly")), invalid: offer(cspOffer, (o) => (o.offerPricingType = "saasNewCustomizedPlans")), target: "resources[0].offerPricingType", says: "must be editExistingOfferPricingOnly for cspPromotion offers" },
  { rule: "customer offers have no partners", valid: same(customerOffer), invalid: offer(customerOffer, (o) => (o.partners = [{ id: "12345678" }])), target: "resources[0].partners", says: "only for multiparty offers" },

  // pricing items
  { rule: "discountType is percentage or absolute", valid: same(customerOffer), invalid: offer(customerOffer, (o) => (o.pricing[0].discountType = "fixed")), target: "resources[0].pricing[0].discountType", says: "must be one of percentage, absolute" },
  { rule: "discountPercentage is at least 0.01", valid: offer(customerOffer, (o) => (o.pricing[0].discountPercentage = 0.01)), invalid: offer(customerOffer, (o) => (o.pricing[0].discountPercentage = 0)), target: "resources[0].pricing[0].discountPercentage", says: "between 0.01 and 100" },
  { rule: "discountPercentage is at most 100", valid: offer(customerOffer, (o) => (o.pricing[0].discountPercentage = 100)), invalid: offer(customerOffer, (o) => (o.pricing[0].discountPercentage = 100.5)), target: "resources[0].pricing[0].discountPercentage", says: "between 0.01 and 100" },
  { rule: "a percentage discount needs discountPercentage", valid: same(customerOffer), invalid: offer(customerOffer, (o) => delete o.pricing[0].discountPercentage), target: "resources[0].pricing[0].discountPercentage", says: "is required when discountType is percentage" },
  { rule: "an absolute discount needs priceDetails", valid: withPricing(saasPricingResource, customerSaasOffer), invalid: offer(customerSaasOffer, (o) => delete o.pricing[0].priceDetails), target: "resources[0].pricing[0].priceDetails", says: "is required when discountType is absolute" },
  { rule: "editExistingOfferPricingOnly uses plan, not basePlan", valid: same(customerOffer), invalid: offer(customerOffer, (o) => (o.pricing[0].basePlan = o.pricing[0].plan)), target: "resources[0].pricing[0].basePlan", says: "editExistingOfferPricingOnly uses plan" },
  { rule: "a whole-product discount omits plan, absolute pricing needs it", valid: offer(customerOffer, (o) => delete o.pricing[0].plan), invalid: offer(customerOffer, (o) => { delete o.pricing[0].plan; o.pricing[0].discountType = "absolute"; delete o.pricing[0].discountPercentage; o.pricing[0].priceDetails = "price-and-availability-private-offer-plan/7ba807c8/1"; }), target: "resources[0].pricing[0].plan", says: "is required for absolute pricing" },
  { rule: "saasNewCustomizedPlans needs basePlan", valid: withPricing(saasPricingResource, customerSaasOffer), invalid: withPricing(saasPricingResource, customerSaasOffer, (o) => delete o.pricing[0].basePlan), target: "resources[1].pricing[0].basePlan", says: "is required with saasNewCustomizedPlans" },
  { rule: "saasNewCustomizedPlans does not take plan", valid: withPricing(saasPricingResource, customerSaasOffer), invalid: withPricing(saasPricingResource, customerSaasOffer, (o) => (o.pricing[0].plan = o.pricing[0].basePlan)), target: "resources[1].pricing[0].plan", says: "must not be sent with saasNewCustomizedPlans" },
  { rule: "saasNewCustomizedPlans needs newPlanDetails", valid: withPricing(saasPricingResource, customerSaasOffer), invalid: withPricing(saasPricingResource, customerSaasOffer, (o) => delete o.pricing[0].newPlanDetails), target: "resources[1].pricing[0].newPlanDetails", says: "is required with saasNewCustomizedPlans" },
  { rule: "newPlanDetails has a description", valid: withPricing(saasPricingResource, customerSaasOffer), invalid: withPricing(saasPricingResource, customerSaasOffer, (o) => delete o.pricing[0].newPlanDetails.description), target: "resources[1].pricing[0].newPlanDetails.description", says: "is required with saasNewCustomizedPlans" },
  { rule: "new plans are priced absolutely", valid: withPricing(saasPricingResource, customerSaasOffer), invalid: offer(customerSaasOffer, (o) => { o.pricing[0].discountType = "percentage"; o.pricing[0].discountPercentage = 5; delete o.pricing[0].priceDetails; }), target: "resources[0].pricing[0].discountType", says: "must be absolute with saasNewCustomizedPlans" },
  { rule: "vmSoftwareReservations takes no newPlanDetails", valid: withPricing(vmsrPricingResource, customerVmsrOffer), invalid: withPricing(vmsrPricingResource, customerVmsrOffer, (o) => (o.pricing[0].newPlanDetails = { name: "n", description: "d" })), target: "resources[1].pricing[0].newPlanDetails", says: "must not be sent with vmSoftwareReservations" },
  { rule: "markupPercentage is not set on pricing", valid: same(customerOffer), invalid: offer(customerOffer, (o) => (o.pricing[0].markupPercentage = 2)), target: "resources[0].pricing[0].markupPercentage", says: "only set by the channel partner, on originatorPricing items" },

  // upgrades (README, "Decisions", "Upgrades of accepted offers"): the shape is a 400; the rules that need the original are failed jobs (test/emulator/domain/upgrades.test.ts)
  { rule: "upgradedFrom names the original by id and name", valid: offer(customerOffer, (o) => (o.upgradedFrom = { id: "private-offer/1b0c7a7e", name: "Contoso FY27" })), invalid: offer(customerOffer, (o) => (o.upgradedFrom = { id: "private-offer/1b0c7a7e" })), target: "resources[0].upgradedFrom.name", says: "is required: the name of the offer being upgraded" },
  { rule: "upgradedFrom.name is not empty", valid: offer(customerOffer, (o) => (o.upgradedFrom = { id: "private-offer/1b0c7a7e", name: "x" })), invalid: offer(customerOffer, (o) => (o.upgradedFrom = { id: "private-offer/1b0c7a7e", name: "" })), target: "resources[0].upgradedFrom.name", says: "must not be empty" },
  { rule: "upgradedFrom.id is a private-offer durable id", valid: offer(cspOffer, (o) => (o.upgradedFrom = { id: "private-offer/1b0c7a7e", name: "Contoso FY27" })), invalid: offer(cspOffer, (o) => (o.upgradedFrom = { id: "1b0c7a7e", name: "Contoso FY27" })), target: "resources[0].upgradedFrom.id", says: "private-offer/<id>" },
  { rule: "upgradedFrom holds only id and name", valid: offer(customerOffer, (o) => (o.upgradedFrom = { id: "private-offer/1b0c7a7e", name: "Contoso FY27" })), invalid: offer(customerOffer, (o) => (o.upgradedFrom = { id: "private-offer/1b0c7a7e", name: "Contoso FY27", state: "live" })), target: "resources[0].upgradedFrom.state", says: "is not a property of upgradedFrom (id, name)" },
  { rule: "multiparty offers are not upgraded", valid: offer(customerOffer, (o) => (o.upgradedFrom = { id: "private-offer/1b0c7a7e", name: "Contoso FY27" })), invalid: offer(originatorOffer, (o) => (o.upgradedFrom = { id: "private-offer/1b0c7a7e", name: "Contoso FY27" })), target: "resources[0].upgradedFrom", says: "is not allowed on multiparty offers" },
  { rule: "an upgrade with a variable start is schema-valid (the rule needs the original: a failed job)", valid: offer(customerOffer, (o) => { o.upgradedFrom = { id: "private-offer/1b0c7a7e", name: "Contoso FY27" }; o.variableStartDate = true; }), invalid: offer(customerOffer, (o) => { o.upgradedFrom = { id: "private-offer/1b0c7a7e", name: "Contoso FY27" }; o.start = "2027-07-01"; }), target: "resources[0].start", says: "must not be sent when variableStartDate is true" },

  // channel partner
  { rule: "a channel partner sends preparedBy", valid: same(channelPartnerOffer), invalid: offer(channelPartnerOffer, (o) => delete o.preparedBy), target: "resources[0].preparedBy", says: "is required when a multipartyPromotionChannelPartner offer is live" },
  { rule: "a channel partner sets markupPercentage on every item", valid: same(channelPartnerOffer), invalid: offer(channelPartnerOffer, (o) => o.originatorPricing.push({ ...o.originatorPricing[0], markupPercentage: undefined })), target: "resources[0].originatorPricing[1].markupPercentage", says: "is required on every originatorPricing item" },
  { rule: "markupPercentage is at most 100", valid: offer(channelPartnerOffer, (o) => (o.originatorPricing[0].markupPercentage = 0)), invalid: offer(channelPartnerOffer, (o) => (o.originatorPricing[0].markupPercentage = 101)), target: "resources[0].originatorPricing[0].markupPercentage", says: "between 0 and 100" },
  { rule: "markupPercentage has at most 8 decimals", valid: offer(channelPartnerOffer, (o) => (o.originatorPricing[0].markupPercentage = 1.12345678)), invalid: offer(channelPartnerOffer, (o) => (o.originatorPricing[0].markupPercentage = 1.123456789)), target: "resources[0].originatorPricing[0].markupPercentage", says: "at most 8 decimal places" },
  { rule: "a channel partner sends originatorPricing, not pricing", valid: same(channelPartnerOffer), invalid: offer(channelPartnerOffer, (o) => (o.pricing = o.originatorPricing)), target: "resources[0].pricing", says: "set markupPercentage on each originatorPricing item instead" },
];

describe("emulator validation: private-offer rules", () => {
  for (const c of cases) {
    describe(c.rule, () => {
      it("accepts a request that keeps it", () => accepted(c.valid()));
      it(`rejects one that breaks it at ${c.target}`, () => rejected(c.invalid(), c.target, c.says));
    });
  }
});
