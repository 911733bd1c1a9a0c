// The offers as the stack's last deployment left them, for the withdrawal guard: the engine shows a
// policy only the resources of the program being previewed, never their previous state, so the
// guard reads the stack's checkpoint with `pulumi stack export` (the CLI on PATH, the same backend
// and environment as the run being checked), from the Pulumi program's folder.
import { execFile } from "node:child_process";
import { z } from "zod";
import { PRIVATE_OFFER_TYPE, type RecordedOffer } from "./rules";

const checkpoint = z.object({
  deployment: z
    .object({
      resources: z
        .array(
          z.object({
            urn: z.string(),
            type: z.string(),
            inputs: z.record(z.string(), z.unknown()).optional(),
            outputs: z.record(z.string(), z.unknown()).optional(),
            delete: z.boolean().optional(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});

/** The name of a resource's URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function urnName(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** The stack of a URN. */
export function urnStack(urn: string): string | undefined {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}

/** The `PrivateOffer` resources of a `pulumi stack export` document. */
export function recordedOffers(exported: unknown): RecordedOffer[] {
  const parsed = checkpoint.safeParse(exported);
  if (!parsed.success) throw new Error(`pulumi stack export printed no checkpoint this policy can read: ${parsed.error.issues[0]?.message ?? ""}`);
  return (parsed.data.deployment?.resources ?? [])
    .filter((r) => r.type === PRIVATE_OFFER_TYPE && !r.delete)
    .map((r) => ({ urn: r.urn, resource: urnName(r.urn), inputs: r.inputs ?? {}, outputs: r.outputs ?? {} }));
}

/** Runs `pulumi stack export --stack <stack>` in `programDir` and returns the recorded offers. */
export function readRecordedOffers(stack: string, programDir: string): Promise<RecordedOffer[]> {
  return new Promise((resolve, reject) => {
    execFile("pulumi", ["stack", "export", "--stack", stack, "--non-interactive"], { cwd: programDir, maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const why = (stderr || error.message).trim().split("\n").slice(-3).join(" ");
        reject(new Error(`cannot read the last deployment of stack ${stack} with \`pulumi stack export\` in ${programDir}: ${why}`));
        return;
      }
      try {
        resolve(recordedOffers(JSON.parse(stdout)));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}
