import assert from "node:assert/strict";
import { QUERY_PATH, describeResult, runParallelCreates, startParallelCreatesScene, type ParallelCreatesScene } from "./parallel-creates";

describe("50 parallel creates through the real provider host, with the look-ups they share failing once", function () {
  // The provider is built into a program directory first (tens of seconds on a busy machine).
  this.timeout(180_000);
  let scene: ParallelCreatesScene;

  before(async () => {
    scene = await startParallelCreatesScene();
  });
  after(async () => scene?.close());

  it("one 500 on the shared offer query and one 503 at the token endpoint: all 50 succeed in the same run, no duplicate, each retried once for all", async () => {
    const result = await runParallelCreates(scene, 50, (tenantId) => [
      { method: "GET", path: QUERY_PATH, status: 500 },
      { path: `/${tenantId}/oauth2/v2.0/token`, status: 503 },
    ]);
    process.stdout.write(`      ${describeResult(result)}\n`);
    assert.deepEqual(result.failures.map((f) => `${f.name}: ${f.message.slice(0, 300)}`), []);
    assert.equal(result.succeeded, 50);
    assert.equal(result.duplicates, 0);
    assert.equal(result.missing, 0);
    assert.equal(result.acceptedConfigurePosts, 50, "one configure POST per offer");
    // Every create waited on the same look-up and the same token: each failed once and was sent again once.
    assert.deepEqual(result.queryStatuses, [500, 200]);
    assert.deepEqual(result.tokenStatuses, [503, 200]);
  });
});
