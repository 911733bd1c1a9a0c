#!/usr/bin/env node
// Runs a command with the project's pinned toolchain first on PATH: Node.js from tools/versions.json
// (installed into .tools/ on first use) and the Pulumi CLI of `npm run cli:path` (built on first use).
// npm scripts that run what users run (`npm test`, `npm run demo`, `npm run bench`) go through it,
// so nothing depends on the machine's own Node.js or on a CLI that happens to be installed.
//
//   node tools/with-toolchain.cjs [--node <line>] [--no-cli] -- <command> [args...]
//
// The child sees PULUMI_CLI_DIR (the folder holding `pulumi`) and PULUMI_SKIP_UPDATE_CHECK=true.
"use strict";

const { spawn } = require("node:child_process");
const path = require("node:path");
const { ensureNode } = require("./node.cjs");
const { ensureCli } = require("./pulumi-cli.cjs");

function usage(message) {
  process.stderr.write(`${message}\nusage: node tools/with-toolchain.cjs [--node <line>] [--no-cli] -- <command> [args...]\n`);
  process.exit(2);
}

async function main(argv) {
  let line = process.env.PROJECT_NODE_LINE || undefined;
  let cli = true;
  let i = 0;
  for (; i < argv.length && argv[i] !== "--"; i++) {
    if (argv[i] === "--node") line = argv[++i] || usage("--node needs a line, such as 22 or 24");
    else if (argv[i] === "--no-cli") cli = false;
    else usage(`unknown option ${argv[i]}`);
  }
  const command = argv.slice(i + 1);
  if (command.length === 0) usage("no command given after --");

  const dirs = [ensureNode(line)];
  const env = { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" };
  if (cli) {
    const found = await ensureCli();
    dirs.push(found.dir);
    env.PULUMI_CLI_DIR = found.dir;
  }
  env.PATH = [...dirs, env.PATH || ""].join(path.delimiter);
  const child = spawn(command[0], command.slice(1), { stdio: "inherit", env, shell: process.platform === "win32" });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    process.stderr.write(`${command[0]}: ${error.message}\n`);
    process.exit(127);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 1)));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
