// The layers of provider/ as docs/architecture.md draws them: each folder imports only the folders
// below it. lifecycle/ decides without I/O and never reaches the API; support/ and schema/ import
// nothing of the provider's; the emulator imports no provider code at all.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../../..");

/** What each folder of provider/ may import, besides itself. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  support: [],
  schema: [],
  config: ["support"],
  auth: ["config", "support"],
  api: ["auth", "config", "schema", "support"],
  lifecycle: ["schema", "support"],
  dynamic: ["api", "auth", "config", "lifecycle", "schema", "support"],
  resources: ["dynamic", "lifecycle", "schema"],
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith(".ts") ? [full] : [];
  });
}

/** The folders of provider/ (or `outside`) that a file's relative imports reach. */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import\(|require\()\s*"(\.{1,2}\/[^"]+)"/g)].map(([, specifier]) => {
    const target = path.relative(path.join(REPO, "provider"), path.resolve(path.dirname(file), specifier!));
    return target.startsWith("..") ? "outside" : (target.split(path.sep)[0] ?? "");
  });
}

describe("the layers of provider/", () => {
  for (const [folder, allowed] of Object.entries(MAY_IMPORT)) {
    it(`${folder}/ imports ${allowed.length ? allowed.join(", ") : "nothing of the provider's"}`, () => {
      for (const file of filesUnder(path.join(REPO, "provider", folder))) {
        for (const target of importedFolders(file)) {
          if (target === folder) continue;
          assert.ok(allowed.includes(target), `${path.relative(REPO, file)} imports from ${target}/`);
        }
      }
    });
  }

  it("the emulator imports no provider code: it stands for Microsoft and may disagree", () => {
    for (const file of filesUnder(path.join(REPO, "emulator"))) {
      assert.equal(/from "[./]*provider\//.test(readFileSync(file, "utf8")), false, path.relative(REPO, file));
    }
  });
});
