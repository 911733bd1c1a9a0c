// The `/_emulator/` routes: no auth, never logged, never faulted. They let a test see and steer the
// emulator (request log, faults, stuck jobs, customer acceptance, out-of-band edits, reset).

import type { IncomingMessage } from "node:http";
import type { HttpResult, ProductIngestionDomain } from "../contracts";
import type { FaultRegistry, RegisteredFault } from "../faults/registry";
import { parseFaults } from "../faults/schema";
import { readJsonBody, errorResult } from "./api-routes";
import { errorEnvelope } from "./envelope";
import type { RequestLog } from "./request-log";
import type { TestRoute } from "./routes";

/** What the test routes need of the domain beyond the API: releasing stuck jobs. */
export interface TestableDomain extends ProductIngestionDomain {
  releaseStuckJobs(jobId?: string): HttpResult;
}

export interface TestRouteDependencies {
  domain: TestableDomain;
  faults: FaultRegistry;
  log: RequestLog;
  maxBodyBytes: number;
}

function faultView(fault: RegisteredFault): Record<string, unknown> {
  return { id: fault.id, ...fault.spec, remaining: fault.remaining };
}

export async function answerTestRoute(
  req: IncomingMessage,
  route: TestRoute,
  query: Record<string, string>,
  deps: TestRouteDependencies,
): Promise<HttpResult> {
  const { domain, faults, log } = deps;
  switch (route.name) {
    case "listRequests": {
      const after = Number(query["after"] ?? "0");
      if (!Number.isInteger(after) || after < 0) {
        return errorResult(400, "after must be a whole number (a seq from an earlier answer)", "after");
      }
      return { status: 200, body: { requests: log.entries(after) } };
    }
    case "clearRequests":
      log.clear();
      return { status: 204 };
    case "addFaults": {
      const body = await readJsonBody(req, deps.maxBodyBytes);
      if (!body.ok) return body.result;
      const parsed = parseFaults(body.value);
      if (!parsed.ok) {
        return { status: 400, body: errorEnvelope("badRequest", "the fault is not valid; see details", parsed.details) };
      }
      return { status: 201, body: { faults: faults.add(parsed.faults).map(faultView) } };
    }
    case "listFaults":
      return { status: 200, body: { faults: faults.list().map(faultView) } };
    case "clearFaults":
      faults.clear();
      return { status: 204 };
    case "acceptOffer": {
      const body = await readJsonBody(req, deps.maxBodyBytes, { emptyAs: {} });
      if (!body.ok) return body.result;
      return domain.acceptOffer(route.offerGuid, body.value);
    }
    case "editOffer": {
      const body = await readJsonBody(req, deps.maxBodyBytes);
      if (!body.ok) return body.result;
      return domain.editOffer(route.offerGuid, body.value);
    }
    case "releaseJob":
      return domain.releaseStuckJobs(route.jobId);
    case "releaseJobs":
      return domain.releaseStuckJobs();
    case "reset":
      domain.reset();
      faults.clear();
      log.clear();
      return { status: 204 };
  }
}
