#!/usr/bin/env node
// `npx partnercenter-emulator --port 0`: the local stand-in for Partner Center's product-ingestion
// API and Entra's token endpoint, for testing an offers stack without Partner Center. Prints its
// applications and `listening on <address>` when ready; `--help` lists every option.
"use strict";
const { main } = require("../dist/emulator/cli.js");
main(process.argv.slice(2), "partnercenter-emulator").catch((error) => {
  process.stderr.write(`partnercenter-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
