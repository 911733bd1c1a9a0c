#!/usr/bin/env node
// `npm run cli:path`: finds or builds the Pulumi CLI and prints, as its last line, the folder holding
// `pulumi` (with `pulumi-resource-pulumi-nodejs` beside it).
//
// 1. A `pulumi` on PATH at or above the pinned release is used as is.
// 2. Else the build in `.tools/pulumi-v<version>/bin`, when its stamp matches what would be built now.
// 3. Else it is built from Pulumi's Go modules through the Go module proxy (tools/pulumi/go.mod pins
//    github.com/pulumi/pulumi/pkg/v3 and sdk/v3 at one release; go.sum fixes every module's hash),
//    with the dynamic-provider plugin script copied beside it.
//
// The Node.js language host (`pulumi-language-nodejs`, module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not built: the Go module
// proxy this project builds from answers 403 "This module version is not available." for its
// version list and for every pseudo-version asked of it. Programs therefore run as Automation API
// inline programs, which the engine reaches over `--client` and which need no language host.
"use strict";

const { execFileSync, spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { TOOLS_DIR } = require("./node.cjs");

const ROOT = path.resolve(__dirname, "..");
const MODULE_DIR = path.join(__dirname, "pulumi");
const SHIM = "pulumi-resource-pulumi-nodejs";
const CLI_PACKAGE = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const STAMP = ".build-stamp";
const EXE = process.platform === "win32" ? "pulumi.exe" : "pulumi";

/** The release tools/pulumi/go.mod pins (pkg/v3 and sdk/v3 must agree). */
function pinnedVersion() {
  const gomod = fs.readFileSync(path.join(MODULE_DIR, "go.mod"), "utf8");
  const pkg = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+\.\d+\.\d+)\b/.exec(gomod)?.[1];
  const sdk = /github\.com\/pulumi\/pulumi\/sdk\/v3 v(\d+\.\d+\.\d+)\b/.exec(gomod)?.[1];
  if (!pkg || pkg !== sdk) throw new Error(`tools/pulumi/go.mod must require pkg/v3 and sdk/v3 at one release (found pkg ${pkg}, sdk ${sdk})`);
  return pkg;
}

function buildFlags(version) {
  return [
    "-trimpath",
    "-tags",
    "osusergo,grpcnotrace",
    "-ldflags",
    `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`,
  ];
}

function outputDir(version) {
  return path.join(TOOLS_DIR, `pulumi-v${version}`, "bin");
}

/** What a build depends on: the module pins, the plugin script and the flags. */
function buildStamp(version) {
  const hash = crypto.createHash("sha256");
  for (const file of ["go.mod", "go.sum", SHIM]) hash.update(fs.readFileSync(path.join(MODULE_DIR, file)));
  hash.update(JSON.stringify(buildFlags(version)));
  return `v${version} ${hash.digest("hex")}\n`;
}

/** [major, minor, patch] of "v3.276.0" / "3.276.0-alpha.1", or undefined. */
function parseVersion(text) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(text).trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function atLeast(found, wanted) {
  for (let i = 0; i < 3; i++) if (found[i] !== wanted[i]) return found[i] > wanted[i];
  return true;
}

function onPath(name, env = process.env) {
  const found = [];
  for (const dir of (env.PATH || "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) found.push(candidate);
    } catch {
      // not there
    }
  }
  return found;
}

/**
 * Where a usable CLI is, without building: `{ dir, version, source }` or `{ missing: reasons[] }`.
 * `source` is "path" or "build".
 */
function locate(env = process.env) {
  const version = pinnedVersion();
  const wanted = parseVersion(version);
  const reasons = [];
  const own = outputDir(version);
  for (const exe of onPath(EXE, env)) {
    if (path.dirname(exe) === own) continue;
    let answer = "";
    try {
      answer = execFileSync(exe, ["version"], {
        encoding: "utf8",
        timeout: 20_000,
        env: { ...env, PULUMI_SKIP_UPDATE_CHECK: "true" },
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch (error) {
      reasons.push(`${exe} did not answer \`pulumi version\``);
      continue;
    }
    const found = parseVersion(answer);
    if (found && atLeast(found, wanted)) return { dir: path.dirname(exe), version: answer, source: "path" };
    reasons.push(`${exe} is ${answer || "of an unknown version"}, older than v${version}`);
  }
  let stamp = "";
  try {
    stamp = fs.readFileSync(path.join(own, STAMP), "utf8");
  } catch {
    // not built
  }
  if (stamp && stamp === buildStamp(version) && fs.existsSync(path.join(own, EXE))) {
    return { dir: own, version: `v${version}`, source: "build" };
  }
  reasons.push(stamp ? `${path.relative(ROOT, own)} was built from other pins` : `not built yet in ${path.relative(ROOT, own)}`);
  return { missing: reasons, version };
}

function hasGo() {
  try {
    return execFileSync("go", ["version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

function elapsed(start) {
  const s = Math.round((Date.now() - start) / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** Runs a go command in the tools module; `onLine` sees every stderr line. */
function go(args, onLine) {
  return new Promise((resolve, reject) => {
    const child = spawn("go", args, {
      cwd: MODULE_DIR,
      env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: `${process.env.GOFLAGS || ""} -mod=readonly`.trim() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let tail = [];
    let partial = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() || "";
      for (const line of lines) {
        tail = [...tail.slice(-19), line];
        onLine?.(line);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (partial) tail.push(partial);
      if (code === 0) resolve(stdout);
      else reject(new Error(`go ${args[0]} failed (exit ${code}):\n${tail.join("\n")}`));
    });
  });
}

/** Builds the CLI into .tools/ with progress lines on stderr; returns the folder holding `pulumi`. */
async function build(version, log) {
  const out = outputDir(version);
  const staging = `${out}.partial-${process.pid}`;
  const start = Date.now();
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    log(`Building the Pulumi CLI v${version} from Pulumi's Go modules (${hasGo()}); the first build takes minutes.`);
    log("[1/3] downloading the Go modules tools/pulumi/go.sum pins (about 700 MB the first time)...");
    const ticker = setInterval(() => log(`      still downloading (${elapsed(start)})`), 30_000);
    try {
      await go(["mod", "download"]);
    } finally {
      clearInterval(ticker);
    }
    const total = (await go(["list", "-deps", CLI_PACKAGE])).split("\n").filter(Boolean).length;
    log(`[2/3] compiling ${CLI_PACKAGE} and its ${total} packages (${elapsed(start)} so far)...`);
    let compiled = 0;
    const progress = setInterval(() => log(`      ${compiled} of at most ${total} packages compiled so far, the rest cached or still to do (${elapsed(start)})`), 20_000);
    try {
      await go(["build", "-v", ...buildFlags(version), "-o", path.join(staging, EXE), CLI_PACKAGE], (line) => {
        if (/^[\w.\-/]+$/.test(line)) compiled++;
      });
    } finally {
      clearInterval(progress);
    }
    log(`[3/3] installing ${SHIM} beside it and checking the version...`);
    fs.copyFileSync(path.join(MODULE_DIR, SHIM), path.join(staging, SHIM));
    fs.chmodSync(path.join(staging, SHIM), 0o755);
    const answered = execFileSync(path.join(staging, EXE), ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
    if (answered !== `v${version}`) throw new Error(`the built CLI says ${answered}, not v${version}`);
    fs.writeFileSync(path.join(staging, STAMP), buildStamp(version));
    fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(staging, out);
    log(`Pulumi CLI ${answered} built in ${elapsed(start)}: ${path.relative(ROOT, out)}`);
    return out;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Finds or builds the CLI; returns `{ dir, version, source }`. Throws an Error with one line to act on. */
async function ensureCli(log = (text) => process.stderr.write(`${text}\n`)) {
  const found = locate();
  if (!found.missing) return found;
  if (!hasGo()) {
    throw new Error(
      `no Pulumi CLI v${found.version} or newer (${found.missing.join("; ")}) and no Go toolchain to build one: ` +
        `install Go 1.26 or newer (https://go.dev/dl/) or the Pulumi CLI (https://www.pulumi.com/docs/install/), then run \`npm run cli:path\` again`,
    );
  }
  const dir = await build(found.version, log);
  return { dir, version: `v${found.version}`, source: "build" };
}

module.exports = { ensureCli, locate, pinnedVersion, parseVersion, atLeast, hasGo };

if (require.main === module) {
  ensureCli().then(
    (cli) => {
      if (cli.source === "path") process.stderr.write(`using the Pulumi CLI ${cli.version} on PATH\n`);
      process.stdout.write(`${cli.dir}\n`);
    },
    (error) => {
      process.stderr.write(`npm run cli:path: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
