#!/usr/bin/env node
// `npx pulumi-partnercenter-private-offers export|status`: writes a Pulumi program adopting the private
// offers that already exist in Partner Center, or reports their status. The implementation is
// compiled into dist/.
"use strict";
const { main } = require("../dist/provider/cli/main.js");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
