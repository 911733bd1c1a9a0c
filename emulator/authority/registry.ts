// Who is registered: publisher accounts with their applications, and the extra credentials
// (certificates, federated identities) an application may use instead of its secret.

import type { PublisherAccount } from "../contracts";
import { checkAccounts } from "./accounts";
import {
  registerCertificate,
  registerFederatedCredential,
  type CertificateCredential,
  type FederatedCredential,
  type RegisteredCertificate,
  type RegisteredFederatedCredential,
} from "./credentials";

export interface Registry {
  accounts(): readonly PublisherAccount[];
  hasTenant(tenantId: string): boolean;
  /** The application `clientId` in `tenantId`, or nothing when it is not registered there. */
  findAccount(tenantId: string, clientId: string): PublisherAccount | undefined;
  certificates(clientId: string): readonly RegisteredCertificate[];
  federatedCredentials(clientId: string): readonly RegisteredFederatedCredential[];
  addAccount(account: PublisherAccount): void;
  addCertificate(credential: CertificateCredential): void;
  addFederatedCredential(credential: FederatedCredential): void;
}

const normalise = (id: string) => id.toLowerCase();

export function createRegistry(
  initialAccounts: readonly PublisherAccount[],
  certificates: readonly CertificateCredential[] = [],
  federated: readonly FederatedCredential[] = [],
): Registry {
  checkAccounts(initialAccounts);
  const byClient = new Map<string, PublisherAccount>();
  const certificatesByClient = new Map<string, RegisteredCertificate[]>();
  const federatedByClient = new Map<string, RegisteredFederatedCredential[]>();

  const requireApplication = (clientId: string, what: string) => {
    if (!byClient.has(normalise(clientId))) {
      throw new Error(`${what} names application ${clientId}, which is not registered; register it with --client first`);
    }
  };
  const append = <T>(map: Map<string, T[]>, clientId: string, item: T) => {
    const key = normalise(clientId);
    map.set(key, [...(map.get(key) ?? []), item]);
  };

  const registry: Registry = {
    accounts: () => [...byClient.values()],
    hasTenant: (tenantId) => [...byClient.values()].some((account) => normalise(account.tenantId) === normalise(tenantId)),
    findAccount: (tenantId, clientId) => {
      const account = byClient.get(normalise(clientId));
      return account && normalise(account.tenantId) === normalise(tenantId) ? account : undefined;
    },
    certificates: (clientId) => certificatesByClient.get(normalise(clientId)) ?? [],
    federatedCredentials: (clientId) => federatedByClient.get(normalise(clientId)) ?? [],
    addAccount: (account) => {
      checkAccounts([...byClient.values(), account]);
      byClient.set(normalise(account.clientId), { ...account });
    },
    addCertificate: (credential) => {
      requireApplication(credential.clientId, "a client certificate");
      append(certificatesByClient, credential.clientId, registerCertificate(credential));
    },
    addFederatedCredential: (credential) => {
      requireApplication(credential.clientId, "a federated credential");
      append(federatedByClient, credential.clientId, registerFederatedCredential(credential));
    },
  };
  initialAccounts.forEach(registry.addAccount);
  certificates.forEach(registry.addCertificate);
  federated.forEach(registry.addFederatedCredential);
  return registry;
}
