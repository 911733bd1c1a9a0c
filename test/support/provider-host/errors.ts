// Turns gRPC failures from the provider host into errors a test failure can be read from, and
// decodes the partial-state detail the host attaches when a provider throws an error carrying `id`
// (cmd/dynamic-provider/index.js, grpcResponseFromError): a google.rpc.Status with one
// `pulumirpc.ErrorResourceInitFailed` in `details`, sent as the `grpc-status-details-bin` trailer.
// The engine (provider_plugin.go, parseError) records such a resource as created with that id and
// those properties (StatusPartialFailure) instead of forgetting it.

import * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import type { PropertyMap } from "./values";

export const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

/** What the engine keeps in state after a partially failed create or update. */
export interface PartialState {
  id: string;
  properties: PropertyMap;
  reasons: string[];
}

export class HostCallError extends Error {
  override readonly name = "HostCallError";

  constructor(
    /** The RPC that failed, e.g. `Create`. */
    readonly method: string,
    readonly urn: string,
    /** The gRPC status name, e.g. `UNKNOWN`. */
    readonly code: string,
    /** The provider's own message, as the engine would print it. */
    readonly details: string,
    /** Present when the provider's error carried an `id`: the resource exists and stays in state. */
    readonly partialState: PartialState | undefined,
    hostOutput: string,
  ) {
    super(
      `${method} ${urn} failed (${code}): ${details}` +
        (partialState ? `\n  partial state: id=${partialState.id} reasons=${JSON.stringify(partialState.reasons)}` : "") +
        (hostOutput ? `\n  provider host output:\n${indent(hostOutput)}` : ""),
    );
  }
}

export function isServiceError(error: unknown): error is grpc.ServiceError {
  return error instanceof Error && typeof (error as Partial<grpc.ServiceError>).code === "number";
}

export function toHostCallError(method: string, urn: string, error: unknown, hostOutput: string): Error {
  if (!isServiceError(error)) return error instanceof Error ? error : new Error(String(error));
  const code = grpc.status[error.code] ?? String(error.code);
  return new HostCallError(method, urn, code, error.details, decodePartialState(error.metadata), hostOutput);
}

/** Reads the ErrorResourceInitFailed detail from an error's trailers, if the host sent one. */
export function decodePartialState(metadata: grpc.Metadata | undefined): PartialState | undefined {
  const raw = metadata?.get("grpc-status-details-bin")[0];
  if (raw === undefined) return undefined;
  const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
  const status = statusproto.Status.deserializeBinary(new Uint8Array(bytes));
  for (const detail of status.getDetailsList()) {
    if (detail.getTypeName() !== INIT_FAILED_TYPE) continue;
    const failed = provproto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    return {
      id: failed.getId(),
      properties: (failed.getProperties()?.toJavaScript() ?? {}) as PropertyMap,
      reasons: failed.getReasonsList(),
    };
  }
  return undefined;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
