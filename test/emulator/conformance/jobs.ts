// Driving configure jobs over plain HTTP, as any client of the real API would.

import { strict as assert } from "node:assert";
import type { PublisherAccount } from "../../../emulator/contracts";
import type { TestEmulator } from "../../support/emulator";

export const CONFIGURE_VERSION = "2022-07-01";
export const OFFER_VERSION = "2023-07-15";

export interface JobStatus {
  jobId: string;
  jobStatus: string;
  jobResult: string;
  errors?: { code: string; message: string; resourceId?: string }[];
  resourceUri?: string;
}

export async function postConfigure(emulator: TestEmulator, body: unknown, account?: PublisherAccount): Promise<JobStatus> {
  const response = await emulator.api(`/configure?$version=${CONFIGURE_VERSION}`, {
    method: "POST",
    body: JSON.stringify(body),
    ...(account ? { account } : {}),
  });
  const text = await response.text();
  assert.equal(response.status, 202, `configure answered ${response.status}: ${text}`);
  return JSON.parse(text) as JobStatus;
}

/** Polls the job until it completes (the suites run with a job latency of 0, so this is quick). */
export async function waitForJob(emulator: TestEmulator, jobId: string, account?: PublisherAccount, attempts = 50): Promise<JobStatus> {
  for (let i = 0; i < attempts; i++) {
    const response = await emulator.api(`/configure/${jobId}/status?$version=${CONFIGURE_VERSION}`, account ? { account } : {});
    assert.equal(response.status, 200, `status of ${jobId}: ${response.status}`);
    const status = (await response.json()) as JobStatus;
    if (status.jobStatus === "completed") return status;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`job ${jobId} did not complete`);
}

/** Posts, waits and asserts success; answers the offer's durable id from the job detail. */
export async function configureOffer(emulator: TestEmulator, body: unknown, account?: PublisherAccount): Promise<string> {
  const job = await postConfigure(emulator, body, account);
  const done = await waitForJob(emulator, job.jobId, account);
  assert.equal(done.jobResult, "succeeded", `job failed: ${JSON.stringify(done.errors)}`);
  const detail = await emulator.api(`/configure/${job.jobId}?$version=${OFFER_VERSION}`, account ? { account } : {});
  assert.equal(detail.status, 200);
  const resources = ((await detail.json()) as { resources: { id?: string }[] }).resources;
  const offer = resources.find((resource) => resource.id?.startsWith("private-offer/"));
  assert.ok(offer?.id, `job detail names no private offer: ${JSON.stringify(resources)}`);
  return offer.id;
}

export async function getOffer(emulator: TestEmulator, offerId: string, account?: PublisherAccount): Promise<Response> {
  return emulator.api(`/${offerId}?$version=${OFFER_VERSION}`, account ? { account } : {});
}

export async function getOfferJson(emulator: TestEmulator, offerId: string, account?: PublisherAccount): Promise<Record<string, unknown>> {
  const response = await getOffer(emulator, offerId, account);
  const text = await response.text();
  assert.equal(response.status, 200, `GET ${offerId}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}
