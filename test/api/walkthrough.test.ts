import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const script = join(__dirname, "..", "..", "examples", "client", "walkthrough.ts");

function walkthrough(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ["--require", "tsx/cjs", script, ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("client walkthrough (msal-node's own transport, emulator CA trusted at process start)", function () {
  this.timeout(90_000);

  it("creates, withdraws, re-publishes and deletes an offer through faults with a client secret, sending each change once", () => {
    const { status, output } = walkthrough("--credential", "secret", "--faults");
    assert.equal(status, 0, output);
    assert.match(output, /create: job \w+ unknown after/, "progress is shown while waiting, also through failed status reads");
    assert.match(output, /deleted; offers named "[^"]+": 0/);
    // Five changes, plus the one configure the emulator refused with 429: nothing else was re-sent.
    assert.match(output, /\(6 configure POSTs, 4 injected faults\) and 1 token request\(s\)/);
  });

  it("does the same with a federated token file", () => {
    const { status, output } = walkthrough("--credential", "federated");
    assert.equal(status, 0, output);
    assert.match(output, /\(5 configure POSTs, 0 injected faults\) and 1 token request\(s\)/);
  });
});
