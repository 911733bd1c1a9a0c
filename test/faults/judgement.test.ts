import assert from "node:assert/strict";
import { unclearMessage } from "./matrix";

describe("the fault matrix's judgement of failure messages", () => {
  it("accepts a message that says what happened and what to do", () => {
    assert.equal(unclearMessage("POST /configure (HTTP 503): the outcome is unknown. Run `pulumi refresh`, then `pulumi up`."), undefined);
    assert.equal(unclearMessage("the token request to login.microsoftonline.com was answered HTTP 503. Retry in a few minutes."), undefined);
  });

  it("refuses crashes, msal-node's empty template, and text that only describes", () => {
    assert.match(unclearMessage("Could not obtain a token: [object Object]: Error(s): Not Available - Timestamp: Not Available")!, /crash/);
    assert.match(unclearMessage("Cannot read properties of undefined (reading 'jobId') while creating the offer")!, /crash/);
    assert.match(unclearMessage("configure job 7f1c is still running after 3 s on the service side")!, /does not say what to do/);
    assert.match(unclearMessage("failed")!, /too short/);
  });
});
