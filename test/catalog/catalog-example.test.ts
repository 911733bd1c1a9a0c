// examples/catalog as a user's project through the real Pulumi CLI against the emulator: the packed
// package installed, `pulumi up` declares the ten offers of offers.yaml and offers.csv, then one
// row of the CSV changes and `pulumi preview` proposes an update of exactly that offer.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliEnvironment } from "../../scripts/cli/environment";
import { cliDir } from "../../scripts/cli/toolchain";
import { emulatorConfig } from "../../scripts/demo/stack";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { listOffers } from "../support/cli/partner-center";
import { NEXT_YEAR } from "../support/dates";
import { installExample, packPackage, runInline, type InlineOutcome } from "../support/package";


/** The files are written for 2027 on: their dates moved by whole years so that 2027 is next year, in order, never already past. */
function inComingYears(text: string): string {
  return text.replace(/(?<![_\d])(20\d\d)-(\d\d)-(\d\d)\b/g, (date: string, year: string, month: string, day: string) =>
    Number(year) >= 2027 ? `${Number(year) - 2027 + NEXT_YEAR}-${month}-${day}` : date,
  );
}

describe("examples/catalog: ten offers from data files through the real CLI", function () {
  this.timeout(900_000);
  let work: string;
  let project: string;
  let emulator: TestEmulator;

  before(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), "offers-catalog-"));
    const { tarball } = await packPackage(work);
    ({ dir: project } = await installExample("catalog", work, tarball, async (dir) => {
      for (const file of ["offers.yaml", "offers.csv"]) {
        const at = path.join(dir, file);
        await fs.writeFile(at, inComingYears(await fs.readFile(at, "utf8")));
      }
    }));
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 100 });
  });

  after(async () => {
    await emulator?.close();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  async function pulumi(command: "preview" | "up"): Promise<InlineOutcome> {
    const dir = await cliDir();
    const env = cliEnvironment({ stateDir: path.join(project, ".state"), home: path.join(project, ".home"), cliDir: dir, passphrase: "catalog", ...(emulator.caCertPath ? { caCertPath: emulator.caCertPath } : {}) });
    return runInline(project, { command, stackName: "dev", config: emulatorConfig(emulator, 0.1), env, cliDir: dir, program: "index.ts" });
  }

  it("up creates the ten offers; a changed CSV row previews as an update of that offer alone", async () => {
    const up = await pulumi("up");
    assert.equal(up.summary.result, "succeeded", up.output);
    const ids = up.summary.outputs?.["offerIds"]?.value as Record<string, string>;
    assert.deepEqual(Object.keys(ids).sort(), [
      "adventure-works-pilot",
      "alpine-fy27",
      "contoso-fy27",
      "fabrikam-fy27",
      "litware-gateway",
      "northwind-margin",
      "proseware-fy27",
      "tailspin-margin",
      "wingtip-fy27",
      "woodgrove-collaborate",
    ]);
    const names = (await listOffers(emulator)).map((o) => o.name);
    for (const name of ["Contoso FY27", "Alpine Ski House, FY27", "Northwind reseller margin 2027"]) assert.ok(names.includes(name), `${name} is in Partner Center: ${names.join(", ")}`);

    const unchanged = await pulumi("preview");
    assert.deepEqual(unchanged.summary.changeSummary, { same: 11 }, unchanged.output);

    const csv = path.join(project, "offers.csv");
    const rows = (await fs.readFile(csv, "utf8")).split("\n");
    const wingtip = rows.findIndex((row) => row.startsWith("wingtip-fy27,"));
    assert.ok(wingtip > 0);
    rows[wingtip] = rows[wingtip]!.replace(`,7,${NEXT_YEAR}-12-31,`, `,9,${NEXT_YEAR}-12-31,`);
    await fs.writeFile(csv, rows.join("\n"));

    const changed = await pulumi("preview");
    assert.deepEqual(changed.summary.changeSummary, { same: 10, update: 1 }, changed.output);
    const updates = changed.output.split("\n").filter((line) => /PrivateOffer \S+ +update/.test(line));
    assert.equal(updates.length, 1, changed.output);
    assert.match(updates[0]!, /PrivateOffer wingtip-fy27 +update/);
    assert.match(changed.output, /"Wingtip Toys FY27": product\/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62 \(whole product\): 7% off -> 9% off/);
  });

  it("a mistake in the file fails the preview with the file, line, column and property", async () => {
    const yaml = path.join(project, "offers.yaml");
    const text = await fs.readFile(yaml, "utf8");
    await fs.writeFile(yaml, text.replace("discountPercentage: 12\n", "discountPercentage: twelve\n"));
    const broken = await pulumi("preview");
    assert.match(broken.output + (broken.summary.error ?? ""), /offers\.yaml:\d+:29: offers\.fabrikam-fy27\.pricing\[0\]\.discountPercentage: must be a number of percent/);
    await fs.writeFile(yaml, text);
  });
});
