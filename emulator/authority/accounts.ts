// Publisher accounts and the applications registered for them. The default credentials are the
// emulator's own test values: they open nothing but this emulator and are printed at start.

import { z } from "zod";
import type { PublisherAccount } from "../contracts";

/** Ids of the two default applications, fixed so scripts and docs can name them. */
export const emulatorAccounts = {
  softwareCompany: {
    sellerId: "1000001",
    displayName: "Contoso Software (emulator software company)",
    tenantId: "7e57c0de-0000-4000-8000-00000000a11c",
    clientId: "c1e47000-0000-4000-8000-00000000a11c",
    clientSecret: "emulator-secret-software-company",
  },
  channelPartner: {
    sellerId: "2000002",
    displayName: "Fabrikam Channel (emulator channel partner)",
    tenantId: "7e57c0de-0000-4000-8000-00000000b0b0",
    clientId: "c1e47000-0000-4000-8000-00000000b0b0",
    clientSecret: "emulator-secret-channel-partner",
  },
} as const satisfies Record<string, PublisherAccount>;

/** A software company and a channel partner, each with one application in its own tenant. */
export function defaultAccounts(): PublisherAccount[] {
  return [{ ...emulatorAccounts.softwareCompany }, { ...emulatorAccounts.channelPartner }];
}

const guid = (what: string) =>
  z.guid({ error: `${what} must be a GUID such as 00000000-0000-4000-8000-000000000000` });

const clientOptionSchema = z.object({
  tenantId: guid("tenantId"),
  clientId: guid("clientId"),
  clientSecret: z.string().min(1, { error: "clientSecret must not be empty" }),
  sellerId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: "sellerId must be letters, digits, '.', '_' or '-'" }),
});

export const clientOptionFormat = "<tenantId>:<clientId>:<clientSecret>:<sellerId>";

/**
 * Parses `--client <tenantId>:<clientId>:<clientSecret>:<sellerId>`. A secret may itself contain
 * ':' (the first two and the last field are colon-free). Errors name the field, never its value,
 * since the value holds a secret.
 */
export function parseClientOption(value: string): PublisherAccount {
  const parts = value.split(":");
  if (parts.length < 4) {
    throw new Error(`--client expects ${clientOptionFormat}, four fields separated by ':' (got ${parts.length})`);
  }
  const candidate = {
    tenantId: parts[0],
    clientId: parts[1],
    clientSecret: parts.slice(2, -1).join(":"),
    sellerId: parts[parts.length - 1],
  };
  const parsed = clientOptionSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join("; ");
    throw new Error(`--client expects ${clientOptionFormat}: ${problems}`);
  }
  const account = parsed.data;
  return {
    ...account,
    tenantId: account.tenantId.toLowerCase(),
    clientId: account.clientId.toLowerCase(),
    displayName: `Publisher ${account.sellerId}`,
  };
}

/** Refuses registrations that would make a token ambiguous. */
export function checkAccounts(accounts: readonly PublisherAccount[]): void {
  const seen = new Set<string>();
  for (const account of accounts) {
    const key = account.clientId.toLowerCase();
    if (seen.has(key)) {
      throw new Error(`application ${account.clientId} is registered twice; each application belongs to one publisher account`);
    }
    seen.add(key);
  }
}
