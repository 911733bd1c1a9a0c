// The README is the user's manual: its configuration table must name every key and environment
// variable exactly as the code reads them, and the scripts and options it mentions must exist.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ACCOUNTS_KEY, SETTINGS, SETTING_NAMES, configKey } from "../../provider/config/settings";
import { usage as EMULATOR_USAGE } from "../../emulator/cli";
import { USAGE } from "../../provider/export/options";
import { STATUS_USAGE } from "../../provider/status/options";

const REPO = path.resolve(__dirname, "../..");
const readme = readFileSync(path.join(REPO, "README.md"), "utf8");

describe("README", () => {
  it("has the settings table of provider/config/settings.ts: every key in order, its variable, secrecy and default", () => {
    const rows = readme
      .split("\n")
      // A row of the settings table starts with the key alone (the error table's rows quote messages).
      .filter((line) => /^\| `partnercenter:\w+`( \(secret\))? \|/.test(line))
      .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| /, "").replace(/ \|$/, "").trim()));
    const documented = rows.map(([key]) => /^`(partnercenter:\w+)`/.exec(key ?? "")?.[1]);
    assert.deepEqual(documented, [...SETTING_NAMES.map(configKey), ACCOUNTS_KEY], "the README's rows are the settings, in the table's order");
    for (const name of SETTING_NAMES) {
      const spec: { env: string; secret?: true; default?: string } = SETTINGS[name];
      const [key, variable, , defaultValue] = rows.find(([cell]) => cell?.startsWith(`\`${configKey(name)}\``)) ?? [];
      assert.equal(key, `\`${configKey(name)}\`${spec.secret ? " (secret)" : ""}`, `${name}: secret in the code, so "(secret)" in the README`);
      assert.equal(variable, `\`${spec.env}\``, `${name}: the environment variable`);
      if (spec.default !== undefined) assert.equal(defaultValue, `\`${spec.default}\``, `${name}: the default`);
      else assert.ok(!defaultValue?.startsWith("`"), `${name} has no default, but the README names one`);
    }
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
