// Copied into a user's project by the package suite: runs one Pulumi command on the project's
// program as an Automation API inline program, with the project's own @pulumi/pulumi, so the
// provider and the program share one SDK as they do for a user. argv[2] is a JSON spec
// ({ command, stackName, config, env, cliRoot }); the CLI's output goes to stdout, and the last line
// is a JSON summary.
"use strict";
const path = require("node:path");
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");

async function main() {
  const spec = JSON.parse(process.argv[2]);
  const program = require(path.join(__dirname, "index.js"));
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: spec.stackName, projectName: "installed-offers", program: typeof program === "function" ? program : async () => program },
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
