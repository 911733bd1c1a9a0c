import assert from "node:assert/strict";

// Guards the one assumption every other suite makes: the supported Node line.
describe("toolchain", () => {
  it("runs on Node 20.19 or newer", () => {
    const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
    assert.ok(major > 20 || (major === 20 && minor >= 19), `Node ${process.versions.node} is too old`);
  });
});
