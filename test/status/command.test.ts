// `pulumi-partnercenter-private-offers status` against the emulator: every offer the account sees,
// with what needs attention, compared with a stack's state, in each format.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../provider/cli/main";
import { useEmulator } from "../support/emulator";
import { customerOffer, cspOffer, providerFor } from "../export/support";
import { future } from "../support/dates";

describe("the status command", function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  let dir: string;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "status-"));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    const err: string[] = [];
    const code = await main(["status", "--endpoint", emulator.apiBaseUrl, ...args], {
      stdout: (text) => (out += text),
      stderr: (line) => err.push(line),
      env: { PARTNER_CENTER_ACCESS_TOKEN: await emulator.token() },
      cwd: dir,
      readStdin: async () => stdin,
      // Ten days before the seeded customer offer ends (test/export/support.ts: June 30, the year after next).
      now: () => new Date(`${future("06-20", 1)}T12:00:00Z`),
    });
    return { code, out, err: err.join("\n") };
  }

  async function seed(): Promise<{ live: string; withdrawn: string }> {
    const provider = await providerFor(emulator);
    const live = await provider.create(customerOffer());
    const csp = await provider.create(cspOffer());
    const published = await provider.create({ ...customerOffer(), name: "Pulled back" });
    const withdrawnInputs = { ...customerOffer(), name: "Pulled back", state: "withdrawn" };
    await provider.update!(published.id, published.outs as Record<string, unknown>, withdrawnInputs);
    const withdrawn = published;
    await provider.create({ ...customerOffer(), name: "Kept as draft", state: "draft" });
    assert.ok(csp.id);
    return { live: live.id, withdrawn: withdrawn.id };
  }

  it("reports every offer in Markdown, with what needs attention against the stack's state from stdin", async () => {
    const { withdrawn } = await seed();
    const stackExport = JSON.stringify({
      deployment: { resources: [{ type: "pulumi-nodejs:dynamic/partnercenter:PrivateOffer", outputs: { offerId: withdrawn } }] },
    });
    const { code, out, err } = await run(["--stack-state", "-"], stackExport);
    assert.equal(code, 0, err);
    assert.match(out, new RegExp(`^## Private offers on ${future("06-20", 1)}`));
    assert.match(out, /Pulled back.*withdrawn in Partner Center, but the stack still declares it/);
    assert.match(out, new RegExp(`Contoso FY27.*ends on ${future("06-30", 1)} \\(in 10 days\\)`));
    assert.match(out, /\| Reseller margin 2027 \| CSP \| live/);
    assert.match(out, /\| Kept as draft ⚠ \| customer \| draft/);
  });

  it("writes JSON, and an SVG timeline to --out", async () => {
    await seed();
    const json = await run(["--format", "json"]);
    assert.equal(json.code, 0, json.err);
    const report = JSON.parse(json.out) as { rows: Array<{ name: string; state: string }> };
    assert.deepEqual(report.rows.map((r) => r.name).sort(), ["Contoso FY27", "Kept as draft", "Pulled back", "Reseller margin 2027"]);

    const svg = await run(["--format", "svg", "--out", "report/offers.svg"]);
    assert.equal(svg.code, 0, svg.err);
    assert.match(svg.err, /wrote the status of 4 offer\(s\), \d+ needing attention, to .*offers\.svg/);
    const picture = await fs.readFile(path.join(dir, "report/offers.svg"), "utf8");
    assert.match(picture, /^<svg /);
    assert.equal((picture.match(/ rx="3" fill=/g) ?? []).length, 4);
  });

  it("refuses a picture without --out, an unknown format and a secret flag, exit 2, naming the option", async () => {
    for (const [args, said] of [
      [["--format", "svg"], /--format svg writes a picture: add --out <file>\.svg/],
      [["--format", "pdf"], /--format must be markdown, json or svg/],
      [["--client-secret", "x"], /secrets are not accepted on the command line/],
      [["--today", "2027-13-45"], /--today must be a real date/],
    ] as const) {
      const { code, err } = await run([...args]);
      assert.equal(code, 2, err);
      assert.match(err, said);
      assert.match(err, /Usage: pulumi-partnercenter-private-offers status/);
    }
  });

  it("says what is wrong with --stack-state, exit 1", async () => {
    const { code, err } = await run(["--stack-state", "-"], "not json");
    assert.equal(code, 1);
    assert.match(err, /--stack-state - is not JSON .*pass the output of `pulumi stack export`/);
  });
});
