// How the fault table judges a row, without the CLI: secrets found in text, the invariants a row
// result breaks, and the ids and times the generated page leaves out.
import { strict as assert } from "node:assert";
import { normalise } from "./report";
import { secretsIn, violations, type RowResult } from "./run-row";

const HELD: RowResult = {
  row: { kind: "api", operation: "update", step: 1, fault: "500" },
  key: "update / 500 / configure POST (publish)",
  hit: true,
  survived: false,
  cancelled: false,
  runs: 1,
  duplicated: 0,
  lost: 0,
  secrets: [],
  messages: [{ command: "pulumi up", text: "could not publish: HTTP 500. The offer is withdrawn. The next `pulumi up` publishes it again." }],
  jobs: 2,
  problems: [],
  seconds: 1,
  transcript: "",
};

describe("the fault table's judgement of a row", () => {
  it("finds a client secret and an access token anywhere in what was printed or stored, naming neither in full", () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJlLXBhcnQ";
    const found = secretsIn(["config: emulator-secret-software-company", `Authorization: Bearer ${token}`], ["emulator-secret-software-company"]);
    assert.equal(found.length, 2);
    assert.ok(found.every((f) => !f.includes("emulator-secret-software-company") && !f.includes(token)), found.join(", "));
    assert.deepEqual(secretsIn(['"ciphertext": "v1:abc"', "private-offer/7e5bf018-31c9-4ff6-baf5-a627f9c5e485"], ["emulator-secret-software-company"]), []);
  });

  it("holds a row that converged in two runs with clear messages, and breaks one that duplicated, lost, leaked, took three runs or never faulted", () => {
    assert.deepEqual(violations(HELD), []);
    assert.deepEqual(violations({ ...HELD, runs: 2 }), []);
    const broken = violations({ ...HELD, hit: false, duplicated: 1, lost: 1, secrets: ["access token eyJ…"], runs: 3 });
    assert.equal(broken.length, 5, broken.join("\n"));
    assert.match(violations({ ...HELD, runs: undefined }).join(), /not converged within 2 plain runs/);
    assert.match(violations({ ...HELD, messages: [{ ...HELD.messages[0]!, unclear: "does not say what to do" }] }).join(), /1 failure message/);
  });

  it("takes ids, ports and durations out of messages so the page changes only with behaviour", () => {
    assert.equal(
      normalise("job 8888e545-94da-463a-a5d4-81d26b9ffec8 still running after 6.0 s at https://127.0.0.1:36709/rp"),
      "job <id> still running after <n> s at https://127.0.0.1:<port>/rp",
    );
  });
});
