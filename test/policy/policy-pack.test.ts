// The policy pack of policy/ through the real Pulumi CLI against the emulator: the pack is copied
// out of the checkout as a user gets it, its dependencies installed from its lock file and its
// TypeScript checked, then `pulumi preview --policy-pack <pack>/analyzer --policy-pack-config
// <file>` runs a stack that passes every rule (exit status 0) and, for each rule, a stack that
// breaks only that rule (exit status 1): the exit status and the CLI's policy report are asserted.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../scripts/cli/toolchain";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { openCliStack, Transcript, type CliStack } from "../support/cli/stack";
import { NPM } from "../support/package";
import { ANALYTICS_STANDARD } from "./programs";

const run = promisify(execFile);
const PROGRAM = { module: path.resolve(__dirname, "programs.ts"), exportName: "guardedOffer" };

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
/** Today (UTC) plus `days`. */
function inDays(days: number): string {
  return isoDay(new Date(Date.now() + days * 86_400_000));
}
/** The last day of the month `months` after this one. */
function monthEnd(months: number): string {
  const now = new Date();
  return isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months + 1, 0)));
}

/** Config of an offer that passes every rule of POLICY_CONFIG. */
const PASSING: Record<string, string> = {
  name: "Contoso FY27",
  discount: "10",
  end: monthEnd(12),
  acceptBy: inDays(30),
  preparedBy: "deals@contoso.com",
  monthlyPrice: "10",
};

function policyConfig(nameConvention: "mandatory" | "advisory", allow: string[] = []): Record<string, unknown> {
  return {
    "offer-max-discount": { maxPercent: 25, plans: { [ANALYTICS_STANDARD]: 15 } },
    "offer-max-term": { maxMonths: 24 },
    "offer-accept-by-window": { maxDays: 60 },
    "offer-prepared-by": { domains: ["contoso.com"] },
    "plan-price-floor": { minimumMonthlyUsd: 5 },
    "offer-withdrawal-guard": { allow },
    "offer-name-convention": { enforcementLevel: nameConvention, pattern: "^[A-Z][A-Za-z0-9 ]+ FY\\d{2}$", example: "Contoso FY27" },
  };
}

interface Outcome {
  /** The CLI's exit status. */
  code: number;
  text: string;
  /** The rules the CLI's policy report lists, with their level: `mandatory offer-max-term`. */
  reported: string[];
}

describe("the policy pack through the real Pulumi CLI: pulumi preview --policy-pack", function () {
  this.timeout(600_000);
  let work: string;
  let pack: string;
  let emulator: TestEmulator;
  const stacks: CliStack[] = [];
  const out = new Transcript();

  before(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), "offers-policy-"));
    pack = path.join(work, "policy");
    await fs.cp(path.join(REPO_ROOT, "policy"), pack, { recursive: true, filter: (src) => !src.split(path.sep).includes("node_modules") });
    await run(NPM, ["ci", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: pack, maxBuffer: 64 * 1024 * 1024 });
    await run(process.execPath, [path.join(pack, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: pack });
    for (const [name, level] of [["mandatory", "mandatory"], ["advisory", "advisory"]] as const) {
      await fs.writeFile(path.join(work, `${name}.json`), JSON.stringify(policyConfig(level), null, 2));
    }
    await fs.writeFile(path.join(work, "allow.json"), JSON.stringify(policyConfig("mandatory", ["contoso"]), null, 2));
    emulator = await startTestEmulator({ tls: true, jobLatencyMs: 100 });
  });

  after(async () => {
    for (const stack of stacks) await stack.dispose();
    await emulator?.close();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  async function open(projectName: string): Promise<CliStack> {
    const cli = await openCliStack({ program: PROGRAM, emulator, projectName });
    stacks.push(cli);
    return cli;
  }

  async function configure(cli: CliStack, values: Record<string, string>): Promise<void> {
    await cli.stack.setAllConfig(Object.fromEntries(Object.entries({ ...PASSING, ...values }).map(([k, value]) => [`guard:${k}`, { value }])));
  }

  async function preview(cli: CliStack, configFile: "mandatory" | "advisory" | "allow"): Promise<Outcome> {
    const result = await cli.stack
      .preview({ ...out, policyPacks: [path.join(pack, "analyzer")], policyPackConfigs: [path.join(work, `${configFile}.json`)] })
      .then(
        () => ({ code: 0, message: "" }),
        // The Automation API's CommandError carries the CLI's exit status only in its message.
        (error: { message?: string }) => ({ code: Number(/Command failed with exit code (\d+)/.exec(String(error.message))?.[1] ?? -1), message: String(error.message) }),
      );
    const text = out.take() + result.message;
    const report = text.slice(text.indexOf("Policies:"));
    const reported = [...new Set([...report.matchAll(/\[(mandatory|advisory)\]\s+(\S+)\s+\(/g)].map((m) => `${m[1]} ${m[2]}`))];
    return { code: result.code, text, reported };
  }

  it("a stack within every rule previews with exit status 0 and the pack's report", async () => {
    const cli = await open("policy-pass");
    await configure(cli, {});
    const outcome = await preview(cli, "mandatory");
    assert.equal(outcome.code, 0, outcome.text);
    assert.match(outcome.text, /Policies:\s+✅ partnercenter-private-offers@v0\.1\.0 \(local: .*analyzer\)/, outcome.text);
    assert.deepEqual(outcome.reported, [], outcome.text);
  });

  const violations: Array<{ rule: string; config: Record<string, string>; message: RegExp }> = [
    {
      rule: "offer-max-discount",
      config: { discount: "20" },
      message: /offer "Contoso FY27" \(resource contoso\): 20% off product\/\S+ plan\/\S+ is more than the largest discount allowed for plan\/\S+, 15%/,
    },
    {
      rule: "offer-max-term",
      config: { end: monthEnd(30) },
      message: /offer "Contoso FY27" \(resource contoso\): runs 31 months, from acceptance \(at the earliest this month, \d{4}-\d{2}\) to \d{4}-\d{2}-\d{2}, longer than the longest term allowed, 24 months/,
    },
    {
      rule: "offer-accept-by-window",
      config: { acceptBy: inDays(75) },
      message: /offer "Contoso FY27" \(resource contoso\): accept-by \d{4}-\d{2}-\d{2} is 75 days after publishing \(\d{4}-\d{2}-\d{2}\), later than the 60 days allowed/,
    },
    {
      rule: "offer-prepared-by",
      config: { preparedBy: "deals@example.org" },
      message: /offer "Contoso FY27" \(resource contoso\): preparedBy deals@example\.org is not an address at contoso\.com/,
    },
    {
      rule: "plan-price-floor",
      config: { monthlyPrice: "4" },
      message: /plan pricing resource seats \(plan\/\S+\): \$4 per user every 1 month\(s\) of the 1-year term is \$4 per user a month, under the floor of \$5 a month/,
    },
    {
      rule: "offer-name-convention",
      config: { name: "contoso special deal" },
      message: /offer "contoso special deal" \(resource contoso\): the name "contoso special deal" does not follow the naming convention \/\^\[A-Z\]\[A-Za-z0-9 \]\+ FY\\d\{2\}\$\/, e\.g\. "Contoso FY27"/,
    },
  ];

  for (const { rule, config, message } of violations) {
    it(`${rule}: a stack that breaks only this rule fails preview, and the report names the offer, the limit and the value`, async () => {
      const cli = await open(`policy-${rule}`);
      await configure(cli, config);
      const outcome = await preview(cli, "mandatory");
      assert.equal(outcome.code, 1, outcome.text);
      assert.deepEqual(outcome.reported, [`mandatory ${rule}`], outcome.text);
      assert.match(outcome.text, message, outcome.text);
      assert.match(outcome.text, /❌ partnercenter-private-offers@v0\.1\.0/, outcome.text);
    });
  }

  it("an advisory rule is reported and the preview still succeeds", async () => {
    const cli = await open("policy-advisory");
    await configure(cli, { name: "contoso special deal" });
    const outcome = await preview(cli, "advisory");
    assert.equal(outcome.code, 0, outcome.text);
    assert.deepEqual(outcome.reported, ["advisory offer-name-convention"], outcome.text);
  });

  it("offer-withdrawal-guard: a change to a live offer awaiting acceptance fails preview unless the config allows that offer; no change passes", async () => {
    const cli = await open("policy-withdrawal");
    await configure(cli, { noPlanPricing: "true" });
    const up = await cli.stack.up(out);
    assert.equal(up.summary.result, "succeeded", out.take());
    out.take();

    const unchanged = await preview(cli, "mandatory");
    assert.equal(unchanged.code, 0, unchanged.text);
    assert.deepEqual(unchanged.reported, [], unchanged.text);

    await configure(cli, { noPlanPricing: "true", discount: "12" });
    const changed = await preview(cli, "mandatory");
    assert.equal(changed.code, 1, changed.text);
    assert.deepEqual(changed.reported, ["mandatory offer-withdrawal-guard"], changed.text);
    assert.match(
      changed.text,
      /offer "Contoso FY27" \(resource contoso\) is live and awaiting the customer's acceptance \(accept-by \d{4}-\d{2}-\d{2}\); changing pricing withdraws it and publishes it again, so the customer's acceptance link stops working until then; add "contoso" to allow of offer-withdrawal-guard in the policy config to do it anyway/,
    );

    await configure(cli, { noPlanPricing: "true", state: "withdrawn" });
    const withdrawn = await preview(cli, "mandatory");
    assert.equal(withdrawn.code, 1, withdrawn.text);
    assert.deepEqual(withdrawn.reported, ["mandatory offer-withdrawal-guard"], withdrawn.text);
    assert.match(withdrawn.text, /setting state to withdrawn withdraws it/);

    const allowed = await preview(cli, "allow");
    assert.equal(allowed.code, 0, allowed.text);
    assert.deepEqual(allowed.reported, [], allowed.text);
  });

  it("a pack whose dependencies are not installed: the CLI says to run npm install there", async () => {
    const bare = path.join(work, "bare");
    await fs.cp(pack, bare, { recursive: true, filter: (src) => !src.split(path.sep).includes("node_modules") });
    const cli = await open("policy-bare");
    await configure(cli, {});
    const result = await cli.stack.preview({ ...out, policyPacks: [path.join(bare, "analyzer")] }).then(
      () => "",
      (error: Error) => error.message,
    );
    const text = out.take() + result;
    assert.match(text, /it looks like the policy pack's dependencies are not installed; try running npm install or yarn install in ".*bare\/analyzer"/, text);
  });
});
