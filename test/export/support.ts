// Offers of every kind created in the emulator through the provider itself, as a publisher who has
// been using Partner Center would have them, for the export tests.
import { readFileSync } from "node:fs";
import { createAxiosTransport } from "../../provider/api/transport";
import { createPrivateOfferProvider } from "../../provider/dynamic/private-offer";
import { ProviderRuntime } from "../../provider/dynamic/runtime";
import type { ProviderImplementation } from "../../provider/dynamic/shim";
import type { PublisherAccount } from "../../emulator/contracts";
import type { TestEmulator } from "../support/emulator";
import { temporaryRecordDir } from "../support/records";
import { future } from "../support/dates";

export const PRODUCT = "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51";
export const PLAN = "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41";
export const SAAS_PRODUCT = "product/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62";
export const SAAS_PLAN = "plan/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62/7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d51";
export const BILLING_ACCOUNT = "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31";

/**
 * The provider as the dynamic-provider host would run it, configured for the emulator with a static
 * token of one account (default: the software company). Under TLS it trusts the emulator's CA.
 */
export async function providerFor(emulator: TestEmulator, account: PublisherAccount = emulator.softwareCompany): Promise<ProviderImplementation> {
  const ca = emulator.caCertPath ? readFileSync(emulator.caCertPath, "utf8") : undefined;
  const runtime = new ProviderRuntime({
    env: {},
    progress: () => undefined,
    ...(ca ? { clientDeps: { transport: createAxiosTransport({ timeoutMs: 30_000, maxSockets: 16, ca }) } } : {}),
  });
  const provider = createPrivateOfferProvider(runtime);
  runtime.configure({
    "partnercenter:endpoint": emulator.apiBaseUrl,
    "partnercenter:accessToken": await emulator.token(account),
    "partnercenter:pollIntervalSeconds": "0.02",
    // Creates are recorded before they are sent: never beside this repository.
    "partnercenter:createRecordDir": temporaryRecordDir("export"),
  });
  return provider;
}

export function customerOffer(): Record<string, unknown> {
  return {
    privateOfferType: "customerPromotion",
    name: "Contoso FY27",
    variableStartDate: true,
    end: future("06-30", 1),
    acceptBy: future("12-31"),
    preparedBy: "amy@contoso.example",
    beneficiaries: [{ id: BILLING_ACCOUNT, description: "Contoso" }],
    pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 5 }],
    notes: "FY27 renewal",
  };
}

export function cspOffer(): Record<string, unknown> {
  return {
    privateOfferType: "cspPromotion",
    name: "Reseller margin 2027",
    start: future("01-01", 1),
    end: future("12-31", 1),
    beneficiaries: [
      { id: "6ea018a9-0a32-4b44-b904-39dd964dd790", description: "Top CSP", recipients: ["a0c2b2e5-48b4-4f80-8a33-3cd9c6091234"] },
    ],
    pricing: [{ product: PRODUCT, discountType: "percentage", discountPercentage: 10 }],
  };
}

export function originatorOffer(channelPartnerSellerId: string): Record<string, unknown> {
  return {
    privateOfferType: "multipartyPromotionOriginator",
    name: "Fabrikam via partner",
    variableStartDate: true,
    end: future("06-30", 1),
    acceptBy: future("12-31"),
    beneficiaries: [{ id: BILLING_ACCOUNT, description: "Fabrikam" }],
    partner: { id: channelPartnerSellerId, name: "Fabrikam Channel" },
    termsAndConditionsDocs: [
      { sasUrl: "https://terms.example.blob.core.windows.net/t/terms.pdf?sig=not-for-source-code", fileName: "Terms.pdf", customerFacingDocumentName: "Terms" },
    ],
    pricing: [{ product: PRODUCT, plan: PLAN, discountType: "percentage", discountPercentage: 5 }],
  };
}
