"use strict";
// Runs msal-node's real client-credentials flow for each case in MSAL_CASES and prints what
// happened as JSON. Every URL msal-node fetches is recorded, and any host other than loopback is
// refused, so a stray call to login.microsoftonline.com shows up instead of hanging.

const requested = [];
const loopback = new Set(["127.0.0.1", "[::1]", "localhost"]);
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url);
  requested.push(`${url.origin}${url.pathname}`);
  if (!loopback.has(url.hostname)) throw new Error(`refused a request to ${url.host}`);
  return realFetch(input, init);
};

const msal = require(process.env.MSAL_NODE_PATH);
const cases = JSON.parse(process.env.MSAL_CASES);

(async () => {
  const results = [];
  for (const testCase of cases) {
    try {
      const app = new msal.ConfidentialClientApplication({
        auth: {
          clientId: testCase.clientId,
          authority: testCase.authority,
          // An explicit undefined would replace msal-node's default [] and break its own checks.
          ...(testCase.knownAuthorities ? { knownAuthorities: testCase.knownAuthorities } : {}),
          ...testCase.credential,
        },
      });
      const request = { scopes: ["https://graph.microsoft.com/.default"] };
      const first = await app.acquireTokenByClientCredential(request);
      const second = await app.acquireTokenByClientCredential(request);
      results.push({ name: testCase.name, ok: true, accessToken: first.accessToken, cached: second.accessToken === first.accessToken });
    } catch (error) {
      results.push({ name: testCase.name, ok: false, errorCode: error && error.errorCode, message: String(error && error.message) });
    }
  }
  process.stdout.write(JSON.stringify({ results, requested }));
})();
