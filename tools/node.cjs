#!/usr/bin/env node
// Installs a pinned official Node.js binary (the npm registry's `node-<os>-<arch>` package, the
// build nodejs.org publishes) into the git-ignored `.tools/` folder of the checkout, and prints the
// folder holding `node` as its last line. Plain CommonJS that runs on any Node.js >= 18: it is what
// brings the Node.js the rest of the project needs.
//
//   node tools/node.cjs          the default line (tools/versions.json: "node")
//   node tools/node.cjs 24       another pinned line
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
/** Where toolchains go: .tools/ in the checkout, or PROJECT_TOOLS_DIR (a CI cache, say). */
const TOOLS_DIR = process.env.PROJECT_TOOLS_DIR ? path.resolve(process.env.PROJECT_TOOLS_DIR) : path.join(ROOT, ".tools");
const VERSIONS = JSON.parse(fs.readFileSync(path.join(__dirname, "versions.json"), "utf8"));
const COMPLETE = ".complete";

/** The pinned release of a Node.js line ("22", "24"), or an error naming the lines there are. */
function pinnedNode(line) {
  const wanted = String(line || VERSIONS.node);
  const pin = VERSIONS.nodeLines[wanted];
  if (!pin) throw new Error(`no pinned Node.js ${wanted} in tools/versions.json (pinned lines: ${Object.keys(VERSIONS.nodeLines).join(", ")})`);
  return { line: wanted, version: pin.version, integrity: pin.integrity || {} };
}

function platformKey() {
  const os = { linux: "linux", darwin: "darwin", win32: "win" }[process.platform];
  const arch = { x64: "x64", arm64: "arm64" }[process.arch];
  if (!os || !arch) throw new Error(`no official Node.js package for ${process.platform}-${process.arch}`);
  return `${os}-${arch}`;
}

function nodeDir(version) {
  return path.join(TOOLS_DIR, `node-v${version}-${platformKey()}`);
}

function binDir(version) {
  return process.platform === "win32" ? nodeDir(version) : path.join(nodeDir(version), "bin");
}

function installed(version) {
  return fs.existsSync(path.join(nodeDir(version), COMPLETE));
}

/**
 * Ensures the pinned Node.js of `line` is unpacked under .tools/ and returns the folder holding its
 * `node`. Downloads through npm (its registry and proxy settings apply); the tarball's integrity
 * is checked against the pin before anything is unpacked.
 */
function ensureNode(line, log = (text) => process.stderr.write(`${text}\n`)) {
  const pin = pinnedNode(line);
  if (installed(pin.version)) return binDir(pin.version);
  const key = platformKey();
  const pkg = `node-${key}@${pin.version}`;
  fs.mkdirSync(TOOLS_DIR, { recursive: true });
  const work = fs.mkdtempSync(path.join(TOOLS_DIR, `.node-${pin.version}-`));
  try {
    log(`Node.js ${pin.version}: fetching ${pkg} from the npm registry (about 50 MB, once)...`);
    const packed = JSON.parse(
      execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", ["pack", pkg, "--json", "--pack-destination", work], {
        cwd: work,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      }),
    )[0];
    const expected = pin.integrity[key];
    if (expected && packed.integrity !== expected) {
      throw new Error(`${pkg}: integrity ${packed.integrity} differs from the pin in tools/versions.json (${expected}); nothing was installed`);
    }
    if (!expected) log(`Node.js ${pin.version}: no pinned integrity for ${key}; trusting the registry's (${packed.integrity})`);
    const unpacked = path.join(work, "unpacked");
    fs.mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", path.join(work, packed.filename), "-C", unpacked], { stdio: "inherit" });
    const node = path.join(unpacked, "package", process.platform === "win32" ? "node.exe" : "bin/node");
    const answered = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
    if (answered !== `v${pin.version}`) throw new Error(`${pkg} unpacked a node that says ${answered}`);
    fs.writeFileSync(path.join(unpacked, "package", COMPLETE), `${pkg} ${packed.integrity}\n`);
    try {
      fs.renameSync(path.join(unpacked, "package"), nodeDir(pin.version));
    } catch (error) {
      // Another process installed the same release meanwhile: theirs is as good as ours.
      if (!installed(pin.version)) throw error;
    }
    log(`Node.js ${pin.version}: installed in ${path.relative(ROOT, nodeDir(pin.version))}`);
    return binDir(pin.version);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { ensureNode, pinnedNode, ROOT, TOOLS_DIR };

if (require.main === module) {
  try {
    process.stdout.write(`${ensureNode(process.argv[2])}\n`);
  } catch (error) {
    process.stderr.write(`tools/node.cjs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
