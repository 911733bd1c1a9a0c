// The types a user compiles against: README's examples, written in a new project that installed the
// packed package, type-check with `skipLibCheck: false` under the tsconfig `pulumi new typescript`
// writes (CommonJS, node resolution, no esModuleInterop) and under a nodenext one. Every nested
// input takes an Output, and nothing of the package's internals (zod) reaches the declarations.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../scripts/cli/toolchain";
import { installInNewProject, packPackage } from "../support/package";

const run = promisify(execFile);

/** The ```ts blocks of README's "Using it in your own project" section, in order. */
async function readmeExamples(): Promise<string[]> {
  const readme = await fs.readFile(path.join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## Using it in your own project");
  const end = readme.indexOf("\n## ", start + 10);
  return [...readme.slice(start, end).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Inputs nested two levels deep, each an Output of another resource: what a real program does. */
const OUTPUTS_EVERYWHERE = `import * as pulumi from "@pulumi/pulumi";
import { PrivateOffer, PrivateOfferPlanPricing, type PrivateOfferArgs } from "pulumi-partnercenter-private-offers";

const config = new pulumi.Config();
const seats = new PrivateOfferPlanPricing("seats", {
  product: "product/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62",
  plan: "plan/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62/7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d51",
  offerPricingType: "saasNewCustomizedPlans",
  pricing: {
    recurrentPrice: {
      recurrentPriceMode: "perUser",
      userLimits: { min: 20, max: config.requireNumber("maxUsers") },
      prices: [{ billingTerm: { type: "month", value: 1 }, paymentOption: { type: "month", value: 1 }, pricePerPaymentInUsd: config.requireNumber("price") }],
    },
  },
});
const customer: pulumi.Output<string> = config.requireSecret("billingAccount");
const args: PrivateOfferArgs = {
  privateOfferType: "customerPromotion",
  name: pulumi.interpolate\`Seats for \${config.require("customer")}\`,
  variableStartDate: true,
  end: "2027-12-31",
  acceptBy: config.require("acceptBy"),
  beneficiaries: [{ id: customer, description: config.require("customer") }],
  pricing: [
    {
      product: "product/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62",
      basePlan: "plan/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62/7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d51",
      discountType: "absolute",
      priceDetails: seats.document,
      newPlanDetails: { name: "Seats", description: config.require("planDescription") },
    },
  ],
};
export const offer = new PrivateOffer("seats-offer", args);
export const offerId: pulumi.Output<string> = offer.offerId;
`;

const TSCONFIGS = {
  // What `pulumi new typescript` writes.
  classic: {
    compilerOptions: {
      strict: true,
      outDir: "bin",
      target: "es2020",
      module: "commonjs",
      moduleResolution: "node",
      sourceMap: true,
      experimentalDecorators: true,
      pretty: false,
      noFallthroughCasesInSwitch: true,
      noImplicitReturns: true,
      forceConsistentCasingInFileNames: true,
      skipLibCheck: false,
    },
  },
  nodenext: {
    compilerOptions: { strict: true, outDir: "bin", target: "es2022", module: "nodenext", moduleResolution: "nodenext", skipLibCheck: false, pretty: false },
  },
} as const;

describe("the package's types as a user compiles them", function () {
  this.timeout(600_000);
  let work: string;
  let project: string;

  before(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), "offers-types-"));
    const { tarball } = await packPackage(work);
    const typescript = JSON.parse(await fs.readFile(path.join(REPO_ROOT, "node_modules/typescript/package.json"), "utf8")) as { version: string };
    const typesNode = JSON.parse(await fs.readFile(path.join(REPO_ROOT, "node_modules/@types/node/package.json"), "utf8")) as { version: string };
    project = await installInNewProject(tarball, { typescript: typescript.version, "@types/node": typesNode.version });
    const examples = await readmeExamples();
    assert.ok(examples.length >= 1, "README shows how to declare an offer");
    for (const [i, code] of examples.entries()) await fs.writeFile(path.join(project, `readme-${i + 1}.ts`), code);
    await fs.writeFile(path.join(project, "outputs.ts"), OUTPUTS_EVERYWHERE);
  });

  after(async () => {
    for (const dir of [work, project]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  for (const [name, tsconfig] of Object.entries(TSCONFIGS)) {
    it(`README's examples and outputs nested in inputs compile under the ${name} tsconfig, with skipLibCheck false`, async () => {
      const files = (await fs.readdir(project)).filter((f) => f.endsWith(".ts"));
      await fs.writeFile(path.join(project, `tsconfig.${name}.json`), JSON.stringify({ ...tsconfig, files }, null, 2));
      const result = await run(process.execPath, [path.join(project, "node_modules/typescript/bin/tsc"), "-p", `tsconfig.${name}.json`, "--noEmit"], {
        cwd: project,
        maxBuffer: 64 * 1024 * 1024,
      }).then(
        () => "",
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      assert.equal(result, "", `tsc reports:\n${result.split("\n").slice(0, 30).join("\n")}`);
    });
  }

  it("the public declarations reach no zod type", async () => {
    const dist = path.join(project, "node_modules/pulumi-partnercenter-private-offers/dist/provider");
    const seen = new Set<string>();
    const offenders: string[] = [];
    async function visit(file: string): Promise<void> {
      if (seen.has(file)) return;
      seen.add(file);
      const text = await fs.readFile(file, "utf8");
      if (/from "zod"|import\("zod"\)/.test(text)) offenders.push(path.relative(dist, file));
      for (const [, spec] of text.matchAll(/from "(\.[^"]+)"|import\("(\.[^"]+)"\)/g)) {
        if (!spec) continue;
        const base = path.resolve(path.dirname(file), spec);
        for (const candidate of [`${base}.d.ts`, path.join(base, "index.d.ts")]) {
          if (await fs.access(candidate).then(() => true, () => false)) {
            await visit(candidate);
            break;
          }
        }
      }
    }
    await visit(path.join(dist, "index.d.ts"));
    assert.deepEqual(offenders, [], "declarations the public entry reaches import zod");
  });
});
