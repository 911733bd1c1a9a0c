// The status report as data and as what a person reads: which offers need attention and why, and
// the three renderings.
import { strict as assert } from "node:assert";
import { renderJson, renderMarkdown, renderSvg } from "../../provider/status/render";
import { buildStatusReport, offerIdsInStackExport, statusOfferSchema, type StatusOffer } from "../../provider/status/report";

const TODAY = "2027-03-10";

function offer(fields: Record<string, unknown>): StatusOffer {
  return statusOfferSchema.parse({ id: `private-offer/${String(fields["name"]).toLowerCase().replace(/\W+/g, "-")}`, state: "live", ...fields });
}

const OFFERS = [
  offer({ name: "Accept soon", privateOfferType: "customerPromotion", subState: "pendingAcceptance", acceptBy: "2027-03-20", end: "2027-12-31", beneficiaries: [{ id: "b1", description: "Contoso" }] }),
  offer({ name: "Accepted", privateOfferType: "customerPromotion", subState: "accepted", acceptBy: "2027-03-12", end: "2027-12-31", beneficiaries: [{ id: "b2", description: "Fabrikam" }] }),
  offer({ name: "Ending soon", privateOfferType: "cspPromotion", start: "2026-04-01", end: "2027-03-31", beneficiaries: [{ id: "t1", description: "Northwind (CSP)" }] }),
  offer({ name: "Pulled back", privateOfferType: "customerPromotion", state: "withdrawn", end: "2027-12-31" }),
  offer({ name: "Old draft", privateOfferType: "customerPromotion", state: "draft", lastModified: "2027-02-20", end: "2027-12-31" }),
  offer({ name: "Fresh draft", privateOfferType: "customerPromotion", state: "draft", lastModified: "2027-03-08", end: "2027-12-31" }),
  offer({ name: "Via channel", privateOfferType: "multipartyPromotionOriginator", subState: "pendingPartnerAction", acceptBy: "2027-06-30", end: "2027-12-31", beneficiaries: [{ id: "b3", description: "Woodgrove" }], partners: [{ id: "2000002", partnerName: "Fabrikam Channel" }] }),
  offer({ name: "Gone", privateOfferType: "customerPromotion", state: "deleted" }),
];

describe("the status report", () => {
  const inStack = new Set(["private-offer/pulled-back", "private-offer/accept-soon"]);
  const report = buildStatusReport(OFFERS, TODAY, inStack);
  const row = (name: string) => report.rows.find((r) => r.name === name)!;

  it("says what needs attention, each with its date, and nothing else", () => {
    assert.deepEqual(row("Accept soon").attention.map((a) => a.message), ["the customer must accept by 2027-03-20 (in 10 days)"]);
    assert.deepEqual(row("Ending soon").attention.map((a) => a.message), ["ends on 2027-03-31 (in 21 days)"]);
    assert.deepEqual(row("Pulled back").attention.map((a) => a.kind), ["withdrawnInStack"]);
    assert.deepEqual(row("Old draft").attention.map((a) => a.message), ["a draft untouched since 2027-02-20 (18 days)"]);
    for (const calm of ["Accepted", "Fresh draft", "Via channel"]) assert.deepEqual(row(calm).attention, [], calm);
  });

  it("leaves deleted offers out, puts those needing attention first, and words the progress", () => {
    assert.equal(report.rows.length, 7);
    assert.ok(!report.rows.some((r) => r.name === "Gone"));
    assert.deepEqual(report.rows.slice(0, 4).map((r) => r.attention.length > 0), [true, true, true, true]);
    assert.equal(row("Via channel").progress, "published; waiting for the channel partner to complete it");
    assert.equal(row("Via channel").counterparty, "Woodgrove via Fabrikam Channel");
    assert.equal(row("Accepted").progress, "accepted by the customer");
    assert.equal(row("Ending soon").type, "CSP");
  });

  it("without the stack's state, flags no withdrawn offer and says so", () => {
    const blind = buildStatusReport(OFFERS, TODAY);
    assert.deepEqual(blind.rows.find((r) => r.name === "Pulled back")!.attention, []);
    assert.match(renderMarkdown(blind), /pass `--stack-state`/);
  });

  it("reads the offer ids of a pulumi stack export", () => {
    const exported = {
      deployment: {
        resources: [
          { type: "pulumi:pulumi:Stack", outputs: {} },
          { type: "pulumi-nodejs:dynamic/partnercenter:PrivateOffer", outputs: { offerId: "private-offer/a" } },
          { type: "pulumi-nodejs:dynamic/partnercenter:PrivateOfferPlanPricing", outputs: { offerId: "private-offer/not-an-offer" } },
        ],
      },
    };
    assert.deepEqual([...offerIdsInStackExport(exported)], ["private-offer/a"]);
    assert.throws(() => offerIdsInStackExport({ resources: [] }), /not the output of `pulumi stack export`/);
  });

  it("renders Markdown a pull request shows: the attention list, then one table row per offer", () => {
    const text = renderMarkdown(report);
    assert.match(text, /^## Private offers on 2027-03-10/);
    assert.match(text, /\*\*4 offers need attention:\*\*/);
    assert.match(text, /- \*\*Accept soon\*\* \(private-offer\/accept-soon\): the customer must accept by 2027-03-20 \(in 10 days\)/);
    assert.equal(text.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| offer")).length, 7);
  });

  it("renders JSON with every row", () => {
    const parsed = JSON.parse(renderJson(report)) as { today: string; rows: unknown[] };
    assert.equal(parsed.today, TODAY);
    assert.equal(parsed.rows.length, 7);
  });

  it("renders an SVG timeline: a bar per offer, accept-by marked, today drawn, names escaped", () => {
    const svg = renderSvg(buildStatusReport([...OFFERS, offer({ name: "Tom & <Jerry>", privateOfferType: "customerPromotion", end: "2027-09-30" })], TODAY));
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<\/svg>\n$/);
    assert.equal((svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="16" rx="3"/g) ?? []).length, 8, "one bar per offer");
    assert.equal((svg.match(/: accept by 2027-/g) ?? []).length, 3, "one marker per accept-by date");
    assert.match(svg, />today<\/text>/);
    assert.match(svg, /Tom &amp; &lt;Jerry&gt;/);
    assert.doesNotMatch(svg, /Tom & <Jerry>/);
    assert.doesNotMatch(svg, /NaN|undefined/);
  });
});
