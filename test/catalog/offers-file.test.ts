// Offers from data files (provider/catalog): the YAML and CSV formats, defaults, every error with
// its file, line, column and property, and the published JSON Schema kept equal to the one
// generated from the loader's zod schema.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { CustomerOfferArgs } from "../../provider/resources/args";
import { loadOffersFile, OffersFileError, parseOffers } from "../../provider";
import { offersFileJsonSchemaText } from "../../provider/catalog/schema";
import { parseCsv } from "../../provider/catalog/csv";

const REPO = path.resolve(__dirname, "../..");
const PRODUCT = "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51";
const PLAN = "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41";
const CUSTOMER = "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31";

const YAML = `defaults:
  privateOfferType: customerPromotion
  variableStartDate: true
  end: 2027-12-31
  acceptBy: 2027-03-31
offers:
  contoso:
    name: Contoso FY27
    beneficiaries: [{ id: "${CUSTOMER}", description: Contoso }]
    pricing:
      - product: ${PRODUCT}
        plan: ${PLAN}
        discountPercentage: 10
  northwind:
    privateOfferType: cspPromotion
    name: Northwind margin
    variableStartDate: false
    start: 2027-01-01
    acceptBy: null
    beneficiaries: [{ id: 6ea018a9-0a32-4b44-b904-39dd964dd790 }]
    pricing: [{ product: ${PRODUCT}, discountPercentage: 12 }]
`;

/** The problems of a file that must not load, as `line:column property: message`. */
function problemsOf(text: string, file: string): string[] {
  try {
    parseOffers(text, file);
  } catch (error) {
    assert.ok(error instanceof OffersFileError, String(error));
    assert.equal(error.file, file);
    for (const p of error.problems) assert.ok(error.message.includes(`${file}:${p.line}:${p.column}: ${p.property}: ${p.message}`), error.message);
    return error.problems.map((p) => `${p.line}:${p.column} ${p.property}: ${p.message}`);
  }
  assert.fail(`${file} loaded, but it has mistakes`);
}

describe("offers from data files", () => {
  describe("YAML", () => {
    it("merges defaults under each offer; an offer's own value wins and null drops a default", () => {
      const offers = parseOffers(YAML, "offers.yaml");
      assert.deepEqual(
        offers.map((o) => o.resource),
        ["contoso", "northwind"],
      );
      const [contoso, northwind] = offers;
      assert.deepEqual(contoso!.args, {
        privateOfferType: "customerPromotion",
        variableStartDate: true,
        end: "2027-12-31",
        acceptBy: "2027-03-31",
        name: "Contoso FY27",
        beneficiaries: [{ id: CUSTOMER, description: "Contoso" }],
        pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 10 }],
      });
      assert.equal(northwind!.args.privateOfferType, "cspPromotion");
      assert.equal("acceptBy" in northwind!.args, false, "null drops the default accept-by (a CSP margin has none)");
      assert.equal(northwind!.args.start, "2027-01-01", "an unquoted date stays a string");
    });

    it("reports every problem at once with its line, column and property, before declaring anything", () => {
      const broken = YAML.replace("discountPercentage: 10", 'discountPercentage: "ten"')
        .replace("    name: Northwind margin\n", "    name: Northwind margin\n    colour: red\n")
        .replace("start: 2027-01-01", "start: 2027-13-01");
      assert.deepEqual(problemsOf(broken, "offers.yaml"), [
        "13:29 offers.contoso.pricing[0].discountPercentage: must be a number of percent",
        "17:5 offers.northwind.colour: is not a field of an offer",
        "19:12 offers.northwind.start: must be a calendar date written YYYY-MM-DD, e.g. 2027-06-30",
      ]);
    });

    it("applies the provider's own check to each merged offer, pointing at the default an offer inherited", () => {
      const late = YAML.replace("end: 2027-12-31", "end: 2027-12-30").replace("discountPercentage: 10", "discountPercentage: 150");
      const problems = problemsOf(late.replace("    acceptBy: null\n", ""), "offers.yaml");
      assert.ok(problems.includes("13:29 offers.contoso.pricing[0].discountPercentage: must be between 0.01 and 100 percent; it is 150"), problems.join("\n"));
      assert.ok(problems.some((p) => p.startsWith("5:13 offers.northwind.acceptBy:")), `a CSP margin inheriting acceptBy is shown at the default:\n${problems.join("\n")}`);
    });

    it("shows a missing property at the offer's key, and refuses duplicate keys and bad syntax with their place", () => {
      assert.deepEqual(problemsOf(YAML.replace(/ {4}beneficiaries: \[\{ id: "[^\n]*\n/, ""), "offers.yaml"), [
        `7:3 offers.contoso.beneficiaries: is required for a live offer: the customer's billing account, or set state to "draft" until it is known`,
      ]);
      const duplicate = problemsOf(`${YAML}  contoso:\n    name: again\n`, "offers.yaml");
      assert.equal(duplicate.length, 1);
      assert.match(duplicate[0]!, /^22:3 \(file\): Map keys must be unique/);
      assert.match(problemsOf("offers:\n  a: [1, 2\n", "bad.yaml")[0] ?? "", /^\d+:\d+ \(file\): /);
      assert.deepEqual(problemsOf("offer:\n  a: {}\n", "typo.yaml"), ["1:1 offers: must be a mapping of resource name to offer", "1:1 offer: is not a field of an offers file"]);
    });

    it("refuses absolute prices and SAS URLs, which belong in code", () => {
      const absolute = YAML.replace("        discountPercentage: 10", "        discountType: absolute\n        discountPercentage: 10");
      assert.match(problemsOf(absolute, "offers.yaml")[0] ?? "", /^13:23 offers\.contoso\.pricing\[0\]\.discountType: must be "percentage": absolute prices are declared in code/);
      const sas = YAML.replace("    name: Contoso FY27\n", "    name: Contoso FY27\n    termsAndConditionsDocSasUrl: https://x.blob.core.windows.net/t.pdf?sig=s\n");
      assert.deepEqual(problemsOf(sas, "offers.yaml"), ["9:5 offers.contoso.termsAndConditionsDocSasUrl: is not a field of an offer"]);
    });
  });

  describe("CSV", () => {
    const header = "resource,name,customerId,customerDescription,product,plan,discountPercentage,end,acceptBy,preparedBy,notificationContacts";
    const row = (resource: string, discount: string, rest = `Contoso FY27,${CUSTOMER},Contoso,${PRODUCT},${PLAN}`) =>
      `${resource},${rest},${discount},2027-12-31,2027-03-31,deals@contoso.com,a@contoso.com;b@contoso.com`;

    it("declares one customer offer per resource; later rows of an offer add discounts", () => {
      const text = [header, row("contoso", "10"), `contoso,,,,${PRODUCT},plan/x/y,5,,,,`, row("fabrikam", "7", `"Fabrikam, Inc.",${CUSTOMER},"Fabrikam ""FY27""",${PRODUCT},`)].join("\r\n");
      const [contoso, fabrikam] = parseOffers(text, "offers.csv");
      assert.deepEqual(contoso!.args, {
        privateOfferType: "customerPromotion",
        name: "Contoso FY27",
        end: "2027-12-31",
        acceptBy: "2027-03-31",
        preparedBy: "deals@contoso.com",
        notificationContacts: ["a@contoso.com", "b@contoso.com"],
        variableStartDate: true,
        beneficiaries: [{ id: CUSTOMER, description: "Contoso" }],
        pricing: [
          { product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 10 },
          { product: PRODUCT, plan: "plan/x/y", discountType: "percentage", discountPercentage: 5 },
        ],
      });
      const { name, beneficiaries } = fabrikam!.args as CustomerOfferArgs;
      assert.equal(name, "Fabrikam, Inc.");
      assert.deepEqual(beneficiaries, [{ id: CUSTOMER, description: 'Fabrikam "FY27"' }]);
    });

    it("names the line, the column and the property of each problem", () => {
      const text = [header, row("contoso", "ten"), `contoso,Other name,,,${PRODUCT},,5,,,,`, row("fab", "5").replace("deals@contoso.com", "someone")].join("\n");
      const lines = text.split("\n");
      const ten = lines[1]!.indexOf(",ten,") + 2;
      const someone = lines[3]!.indexOf(",someone,") + 2;
      assert.deepEqual(problemsOf(text, "offers.csv"), [
        `2:${ten} contoso: pricing[0].discountPercentage (column discountPercentage): must be a number of percent`,
        "3:9 contoso: name: differs from the first row of contoso (line 2): leave it empty on the offer's later rows",
        `4:${someone} fab: preparedBy (column preparedBy): must be an email address`,
      ]);
      assert.deepEqual(problemsOf("resource,colour\nx,red\n", "bad.csv"), [
        "1:10 colour: is not a column of an offers CSV file; the columns are resource, name, customerId, customerDescription, product, plan, discountPercentage, start, end, acceptBy, preparedBy, notificationContacts, state, notes",
        "1:1 product: the column product is missing",
        "1:1 discountPercentage: the column discountPercentage is missing",
      ]);
    });

    it("parses quoted cells with commas, quotes and line breaks, and knows where each cell starts", () => {
      const { rows, problems } = parseCsv('a,"b, ""c""\nd",e\n1,2,3\n');
      assert.deepEqual(problems, []);
      assert.deepEqual(rows.map((r) => r.map((c) => c.value)), [["a", 'b, "c"\nd', "e"], ["1", "2", "3"]]);
      assert.deepEqual(rows[0]!.map((c) => [c.line, c.column]), [[1, 1], [1, 3], [2, 4]]);
      assert.equal(parseCsv('a,"b\n').problems[0]?.message, "a quoted cell is not closed");
    });
  });

  it("loads the catalog example's ten offers from its two files", () => {
    const yaml = loadOffersFile(path.join(REPO, "examples/catalog/offers.yaml"));
    const csv = loadOffersFile(path.join(REPO, "examples/catalog/offers.csv"));
    assert.equal(yaml.length + csv.length, 10);
    assert.throws(() => loadOffersFile(path.join(REPO, "examples/catalog/missing.yaml")), /missing\.yaml: cannot read the offers file \(ENOENT\)/);
  });

  it("the published JSON Schema (docs/offers-file.schema.json) is the one generated from the loader's schema", () => {
    const committed = readFileSync(path.join(REPO, "docs/offers-file.schema.json"), "utf8");
    assert.equal(committed, offersFileJsonSchemaText(), "docs/offers-file.schema.json is stale: run npm run schema:offers and commit it");
  });
});
