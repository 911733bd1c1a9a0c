// An API endpoint whose certificate this process does not trust (a TLS-intercepting proxy, a private
// CA): the call fails at once, naming the host and NODE_EXTRA_CA_CERTS, and nothing reaches the server.
import assert from "node:assert/strict";
import { NetworkError, PartnerCenterClient } from "../../provider/api";
import { resolveSettings } from "../../provider/config/settings";
import { startTestEmulator, type TestEmulator } from "../support/emulator";

describe("an API endpoint whose TLS certificate is not trusted", function () {
  this.timeout(30_000);
  let emulator: TestEmulator;

  before(async () => {
    emulator = await startTestEmulator({ tls: true });
  });
  after(async () => emulator?.close());

  it("fails without retrying, saying which host and what to set", async () => {
    const token = await emulator.token();
    // No CA handed to the client: the emulator's certificate is signed by a CA of its own.
    const client = new PartnerCenterClient(resolveSettings({ "partnercenter:endpoint": emulator.apiBaseUrl, "partnercenter:accessToken": token }, {}));
    await emulator.clearRequests();
    const error = await client.getPrivateOffer("private-offer/0c0ffee0-0000-4000-8000-000000000001").then(
      () => assert.fail("expected a TLS failure"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof NetworkError, String(error));
    const host = new URL(emulator.apiBaseUrl).host.replace(/\./g, "\\.");
    assert.match(error.message, new RegExp(`the TLS certificate of ${host} is not trusted \\([A-Z_]+\\)`));
    assert.match(error.message, /set NODE_EXTRA_CA_CERTS to a PEM file of that CA's certificate/);
    assert.match(error.message, /partnercenter:endpoint \(or PARTNER_CENTER_ENDPOINT\)/);
    assert.doesNotMatch(error.message, /attempts/, "a certificate problem is not retried");
    assert.ok(!error.message.includes(token));
    assert.deepEqual(await emulator.requests(), []);
  });
});
