// A `pulumi` for the suites that run a user's project folder the way a GitOps workflow does: the
// workflow's shell steps call `pulumi preview ...` / `pulumi up ...` and find this script first on
// PATH. There is no Pulumi Node.js language host here (docs/real-cli.md), so `preview`, `up`,
// `refresh` and `destroy` run the folder's program as an Automation API inline program: index.ts
// compiled by the folder's own TypeScript, with the folder's own @pulumi/pulumi, driving the real
// CLI in PULUMI_REAL_CLI_DIR. Every other command (stack select --create, config set, stack ls...)
// goes to the real CLI unchanged. Exit status: the CLI's.
//
// Only the flags the workflow uses are understood; any other one fails loudly (exit 2), so a
// workflow change the suites do not cover cannot pass unnoticed.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const PROGRAM_COMMANDS = new Set(["preview", "up", "refresh", "destroy"]);
const BOOLEAN_FLAGS = {
  "--refresh": "refresh",
  "--expect-no-changes": "expectNoChanges",
  "--diff": "diff",
  "--yes": "yes",
  "-y": "yes",
  "--skip-preview": "skipPreview",
  "--non-interactive": "nonInteractive",
  "--suppress-progress": "suppressProgress",
};
const VALUE_FLAGS = { "--stack": "stack", "-s": "stack", "--color": "color", "--message": "message", "-m": "message" };

function realCliDir() {
  const dir = process.env.PULUMI_REAL_CLI_DIR;
  if (!dir || !fs.existsSync(path.join(dir, "pulumi"))) {
    process.stderr.write("pulumi stand-in: PULUMI_REAL_CLI_DIR must name the folder holding the real pulumi\n");
    process.exit(2);
  }
  return dir;
}

function parse(args) {
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].includes("=") ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    if (BOOLEAN_FLAGS[flag]) options[BOOLEAN_FLAGS[flag]] = inline === undefined ? true : inline !== "false";
    else if (VALUE_FLAGS[flag]) options[VALUE_FLAGS[flag]] = inline ?? args[++i];
    else {
      process.stderr.write(`pulumi stand-in: ${flag} is not understood (test/support/project-cli/pulumi.cjs): add it there\n`);
      process.exit(2);
    }
  }
  return options;
}

/** The project's name and the program's entry, from Pulumi.yaml and package.json. */
function project(cwd) {
  const yaml = fs.readFileSync(path.join(cwd, "Pulumi.yaml"), "utf8");
  const name = /^name:\s*["']?([^"'\s#]+)/m.exec(yaml)?.[1];
  if (!name) throw new Error(`no name in ${path.join(cwd, "Pulumi.yaml")}`);
  const main = /^main:\s*["']?([^"'\s#]+)/m.exec(yaml)?.[1] ?? JSON.parse(fs.readFileSync(path.join(cwd, "package.json"), "utf8")).main ?? "index.ts";
  return { name, main: path.resolve(cwd, main) };
}

/** TypeScript sources load through the project's own compiler, as Pulumi's Node.js host does with ts-node. */
function registerTypeScript(cwd) {
  const ts = require(require.resolve("typescript", { paths: [cwd] }));
  require.extensions[".ts"] = (module, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
    });
    module._compile(output.outputText, filename);
  };
}

async function runProgram(command, options, cwd) {
  const automation = require(require.resolve("@pulumi/pulumi/automation", { paths: [cwd] }));
  const { name, main } = project(cwd);
  registerTypeScript(cwd);
  const dir = realCliDir();
  const pulumiCommand = await automation.PulumiCommand.get(path.basename(dir) === "bin" ? { root: path.dirname(dir) } : {});
  if (!options.stack) throw new Error("pulumi stand-in: pass --stack (the workflow always names its stack)");
  const program = async () => require(main);
  const stack = await automation.LocalWorkspace.selectStack({ stackName: options.stack, projectName: name, program }, { workDir: cwd, pulumiCommand });
  const onOutput = (text) => process.stdout.write(text);
  const onError = (text) => process.stderr.write(text);
  const common = { onOutput, onError, color: options.color ?? "never", ...(options.diff ? { diff: true } : {}), ...(options.message ? { message: options.message } : {}) };
  if (command === "preview") {
    await stack.preview({ ...common, ...(options.refresh ? { refresh: true } : {}), ...(options.expectNoChanges ? { expectNoChanges: true } : {}) });
  } else if (command === "up") {
    if (!options.yes) throw new Error("pulumi stand-in: `up` needs --yes in a workflow (nobody answers the prompt)");
    await stack.up({ ...common, ...(options.refresh ? { refresh: true } : {}), ...(options.expectNoChanges ? { expectNoChanges: true } : {}) });
  } else if (command === "refresh") {
    await stack.refresh({ ...common, ...(options.expectNoChanges ? { expectNoChanges: true } : {}) });
  } else {
    await stack.destroy(common);
  }
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!PROGRAM_COMMANDS.has(command)) {
    const dir = realCliDir();
    const result = spawnSync(path.join(dir, "pulumi"), process.argv.slice(2), { stdio: "inherit" });
    process.exit(result.status ?? 1);
  }
  const options = parse(rest);
  try {
    await runProgram(command, options, process.cwd());
    process.exit(0);
  } catch (error) {
    const code = error && error.commandResult && typeof error.commandResult.code === "number" ? error.commandResult.code : 1;
    if (!(error && error.commandResult)) process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(code === 0 ? 1 : code);
  }
}

main();
