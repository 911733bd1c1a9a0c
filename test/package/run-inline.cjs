// Copied into a user's project by the package suites: runs one Pulumi command on the project's
// program as an Automation API inline program, with the project's own @pulumi/pulumi, so the
// provider and the program share one SDK as they do for a user. argv[2] is a JSON spec
// ({ command, stackName, config, env, cliRoot, program? }): `program` is the program's file
// (default index.js; a .ts file needs a TypeScript loader such as `node --require tsx/cjs`). A
// module exporting one function is called; otherwise its exports are the outputs. The CLI's output
// goes to stdout, and the last line is a JSON summary.
"use strict";
const path = require("node:path");
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");

async function main() {
  const spec = JSON.parse(process.argv[2]);
  // Loaded inside the run, as the language host would: top-level `new pulumi.Config()` then knows
  // the project it belongs to.
  const program = async () => {
    const loaded = require(path.join(__dirname, spec.program || "index.js"));
    return typeof loaded === "function" ? loaded() : loaded;
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: spec.stackName, projectName: "installed-offers", program },
    { workDir: __dirname, pulumiCommand: await PulumiCommand.get(spec.cliRoot ? { root: spec.cliRoot } : {}), envVars: spec.env },
  );
  await stack.setAllConfig(spec.config);
  const onOutput = (text) => process.stdout.write(text);
  const result = await stack[spec.command]({ onOutput, onError: onOutput });
  const summary = spec.command === "preview" ? { changeSummary: result.changeSummary } : { result: result.summary.result, outputs: await stack.outputs() };
  process.stdout.write(`\n${JSON.stringify(summary)}\n`);
}

main().catch((error) => {
  process.stdout.write(`\n${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
  process.exitCode = 1;
});
