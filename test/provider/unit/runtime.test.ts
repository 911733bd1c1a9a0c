import assert from "node:assert/strict";
import { ProviderRuntime } from "../../../provider/dynamic/runtime";

describe("the provider's per-process runtime", () => {
  it("gives every credential profile its own client, all taking turns from one process-wide limiter", () => {
    const runtime = new ProviderRuntime({ env: {}, progress: () => {} });
    runtime.configure({
      "partnercenter:endpoint": "http://127.0.0.1:9/rp/product-ingestion",
      "partnercenter:maxConcurrentRequests": "3",
      "partnercenter:accounts": JSON.stringify({
        seller: { accessToken: "seller-token-not-used" },
        partner: { accessToken: "partner-token-not-used", maxConcurrentRequests: "50" },
      }),
    });
    const seller = runtime.client("seller");
    const partner = runtime.client("partner");
    assert.notEqual(seller, partner);
    assert.equal(runtime.client("seller"), seller, "one client per profile and process");
    assert.equal(seller.limiter, partner.limiter);
    assert.equal(seller.limiter.limit, 3, "the top level's bound holds for the process as a whole");
  });

  it("starts again from the new config after configure", () => {
    const runtime = new ProviderRuntime({ env: {}, progress: () => {} });
    const config = { "partnercenter:endpoint": "http://127.0.0.1:9/rp/product-ingestion", "partnercenter:accessToken": "t-not-used" };
    runtime.configure(config);
    const first = runtime.client();
    runtime.configure({ ...config, "partnercenter:maxConcurrentRequests": "2" });
    const second = runtime.client();
    assert.notEqual(first.limiter, second.limiter);
    assert.equal(second.limiter.limit, 2);
  });
});
