#!/usr/bin/env node
// Finds or builds actionlint, the linter of GitHub Actions workflows, and prints the path of the
// binary as its last line. The workflow suite (test/gitops) runs it on examples/gitops.
//
// tools/actionlint/go.mod pins github.com/rhysd/actionlint (go.sum fixes every module's hash); the
// binary is built through the Go module proxy into the git-ignored .tools/actionlint-v<version>/,
// with a stamp of what it was built from, so a second run builds nothing and answers at once.
// Without Go it fails with one line saying what to install: never a silent skip.
"use strict";

const { execFileSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { TOOLS_DIR } = require("./node.cjs");
const { hasGo } = require("./pulumi-cli.cjs");

const MODULE_DIR = path.join(__dirname, "actionlint");
const PACKAGE = "github.com/rhysd/actionlint/cmd/actionlint";
const EXE = process.platform === "win32" ? "actionlint.exe" : "actionlint";
const STAMP = ".build-stamp";

/** The release tools/actionlint/go.mod requires. */
function pinnedVersion() {
  const gomod = fs.readFileSync(path.join(MODULE_DIR, "go.mod"), "utf8");
  const version = /github\.com\/rhysd\/actionlint v(\d+\.\d+\.\d+)\b/.exec(gomod)?.[1];
  if (!version) throw new Error("tools/actionlint/go.mod does not require github.com/rhysd/actionlint at a release");
  return version;
}

function buildFlags(version) {
  return ["-trimpath", "-ldflags", `-s -w -X github.com/rhysd/actionlint.version=v${version}`];
}

function stampOf(version) {
  const hash = crypto.createHash("sha256");
  for (const file of ["go.mod", "go.sum", "tools.go"]) hash.update(fs.readFileSync(path.join(MODULE_DIR, file)));
  hash.update(JSON.stringify(buildFlags(version)));
  return `v${version} ${hash.digest("hex")}\n`;
}

function read(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The path of a built actionlint that matches the pins, or undefined. */
function locate() {
  const version = pinnedVersion();
  const dir = path.join(TOOLS_DIR, `actionlint-v${version}`);
  const exe = path.join(dir, EXE);
  return read(path.join(dir, STAMP)) === stampOf(version) && fs.existsSync(exe) ? exe : undefined;
}


/** Builds actionlint into .tools/ (a staging folder renamed into place); returns the binary's path. */
function build(log) {
  const version = pinnedVersion();
  const dir = path.join(TOOLS_DIR, `actionlint-v${version}`);
  const go = hasGo();
  if (!go) {
    throw new Error(
      `no actionlint v${version} in ${path.relative(process.cwd(), dir) || dir} and no Go toolchain to build it: ` +
        "install Go 1.26 or newer (https://go.dev/dl/), with access to the Go module proxy, then run `node tools/actionlint.cjs` again",
    );
  }
  log(`Building actionlint v${version} from tools/actionlint/go.mod (${go})...`);
  const staging = `${dir}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    execFileSync("go", ["build", ...buildFlags(version), "-o", path.join(staging, EXE), PACKAGE], {
      cwd: MODULE_DIR,
      env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: `${process.env.GOFLAGS || ""} -mod=readonly`.trim() },
      stdio: ["ignore", "inherit", "pipe"],
      encoding: "utf8",
    });
    const answered = execFileSync(path.join(staging, EXE), ["-version"], { encoding: "utf8" }).split("\n")[0].trim();
    if (answered !== `v${version}`) throw new Error(`the built actionlint says ${answered}, not v${version}`);
    fs.writeFileSync(path.join(staging, STAMP), stampOf(version));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
  } catch (error) {
    const stderr = error && typeof error.stderr === "string" ? error.stderr.trim() : "";
    throw new Error(`building actionlint v${version} failed${stderr ? `:\n${stderr}` : `: ${error instanceof Error ? error.message : String(error)}`}`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log(`actionlint v${version} built: ${path.join(dir, EXE)}`);
  return path.join(dir, EXE);
}

/** The path of actionlint, built first when missing. Throws an Error with one line to act on. */
function ensureActionlint(log = (text) => process.stderr.write(`${text}\n`)) {
  return locate() ?? build(log);
}

module.exports = { ensureActionlint, locate, pinnedVersion };

if (require.main === module) {
  try {
    process.stdout.write(`${ensureActionlint()}\n`);
  } catch (error) {
    process.stderr.write(`tools/actionlint.cjs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
