// The README is the user's manual: its configuration table must name every key and environment
// variable exactly as the code reads them, and the scripts and options it mentions must exist.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { SETTING_KEYS } from "../../provider/dynamic/runtime";
import { usage as EMULATOR_USAGE } from "../../emulator/cli";
import { USAGE } from "../../provider/export/options";
import { STATUS_USAGE } from "../../provider/status/options";

const REPO = path.resolve(__dirname, "../..");
const readme = readFileSync(path.join(REPO, "README.md"), "utf8");

describe("README", () => {
  it("lists every partnercenter key with the environment variable the code falls back to", () => {
    const source = readFileSync(path.join(REPO, "provider/config/settings.ts"), "utf8");
    const pairs = [...source.matchAll(/\{ config: "(\w+)", env: "(\w+)"/g)].map((m) => [m[1]!, m[2]!] as const);
    assert.ok(pairs.length >= 13, "the settings table was found in settings.ts");
    for (const [key, env] of pairs) {
      const row = readme.split("\n").find((line) => line.startsWith(`| \`partnercenter:${key}\``));
      assert.ok(row, `no configuration row for partnercenter:${key}`);
      assert.ok(row.includes(`\`${env}\``), `the row of partnercenter:${key} does not name ${env}`);
    }
    for (const key of SETTING_KEYS) assert.ok(pairs.some(([k]) => k === key), `${key} is read by the provider but not in settings.ts`);
    assert.match(readme, /\| `partnercenter:accounts` \(secret\)/);
  });

  it("mentions only npm scripts that exist", () => {
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    for (const [, name] of readme.matchAll(/npm run ([\w:-]*[\w-])/g)) assert.ok(scripts.includes(name!), `npm run ${name} is not a script`);
  });

  it("describes the commands' options as the commands have them", () => {
    for (const [, option] of readme.matchAll(/`(--[a-z-]+)/g)) {
      if (option === "--secret") continue; // pulumi config set --secret
      const known = [USAGE, STATUS_USAGE, EMULATOR_USAGE].some((usage) => usage.includes(`${option} `));
      assert.ok(known, `${option} is an option of none of the export and status commands and the emulator`);
    }
  });
});
