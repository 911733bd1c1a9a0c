// Drives the two implementations the way the engine does (check, then create, or diff then
// update), against the in-process emulator, with progress lines captured instead of printed.
import assert from "node:assert/strict";
import type { TestEmulator } from "../../support/emulator";
import { temporaryRecordDir } from "../../support/records";
import { createPlanPricingProvider } from "../../../provider/dynamic/plan-pricing";
import { createPrivateOfferProvider } from "../../../provider/dynamic/private-offer";
import { ProviderRuntime } from "../../../provider/dynamic/runtime";
import type { ProviderImplementation } from "../../../provider/dynamic/shim";
import { future } from "../../support/dates";

export type Props = Record<string, unknown>;

export const SAAS_PRODUCT = "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51";
export const SAAS_PLAN = "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41";
export const PER_USER_PRODUCT = "product/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62";
export const PER_USER_PLAN = "plan/3e9a5d2b-8c4f-4f60-8b7c-1d2e3f4a5b62/7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d51";
export const VM_PRODUCT = "product/4fab6e3c-9d50-4071-9c8d-2e3f4a5b6c73";
export const VM_PLAN = "plan/4fab6e3c-9d50-4071-9c8d-2e3f4a5b6c73/8c3d4e5f-6a7b-4c8d-ae9f-1a2b3c4d5e61";

export interface Harness {
  offers: ProviderImplementation;
  pricing: ProviderImplementation;
  lines: string[];
  runtime: ProviderRuntime;
}

/** A fresh process as the host would have it: configured with the stack config. */
export async function newProcess(emulator: TestEmulator, extra: Record<string, string> = {}): Promise<Harness> {
  const lines: string[] = [];
  const runtime = new ProviderRuntime({ env: {}, progress: (line) => lines.push(line) });
  // A fresh process on a fresh machine: its own directory of create records, unless `extra` names one.
  const partnerToken = await emulator.token(emulator.channelPartner);
  runtime.configure({
    "partnercenter:endpoint": emulator.apiBaseUrl,
    "partnercenter:accessToken": await emulator.token(emulator.softwareCompany),
    "partnercenter:pollIntervalSeconds": "0.01",
    "partnercenter:jobTimeoutMinutes": "0.5",
    "partnercenter:accounts": JSON.stringify({ partner: { accessToken: partnerToken } }),
    "partnercenter:createRecordDir": temporaryRecordDir("in-process"),
    ...extra,
  });
  return { offers: createPrivateOfferProvider(runtime), pricing: createPlanPricingProvider(runtime), lines, runtime };
}

export interface Resource {
  id: string;
  outputs: Props;
  inputs: Props;
}

/** `pulumi up` of one resource: check, then create or diff + update. */
export async function up(impl: ProviderImplementation, inputs: Props, previous?: Resource): Promise<Resource> {
  const checked = await impl.check!(previous?.inputs ?? {}, inputs);
  assert.deepEqual(checked.failures ?? [], [], "check failures");
  const news = checked.inputs as Props;
  if (!previous) {
    const created = await impl.create(news);
    return { id: created.id, outputs: created.outs as Props, inputs: news };
  }
  const diff = await impl.diff!(previous.id, previous.outputs, news);
  if (!diff.changes) return { ...previous, inputs: news };
  assert.deepEqual(diff.replaces ?? [], [], "unexpected replacement");
  const updated = await impl.update!(previous.id, previous.outputs, news);
  return { id: previous.id, outputs: updated.outs as Props, inputs: news };
}

/** `pulumi refresh` of one resource. */
export async function refresh(impl: ProviderImplementation, resource: Resource): Promise<Resource> {
  const read = await impl.read!(resource.id, resource.outputs);
  return { id: read.id ?? "", outputs: (read.props ?? {}) as Props, inputs: resource.inputs };
}

export async function rejection(promise: Promise<unknown>): Promise<Error & Props> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, String(error));
    return error as Error & Props;
  }
  assert.fail("expected the operation to fail");
}

/** Configure POSTs since the last clear. */
export async function configurePosts(emulator: TestEmulator): Promise<number> {
  return (await emulator.requests()).filter((r) => r.method === "POST" && r.path.endsWith("/configure")).length;
}

export function customerOffer(overrides: Props = {}): Props {
  return {
    privateOfferType: "customerPromotion",
    name: "Contoso FY27",
    variableStartDate: true,
    end: future("06-30", 1),
    acceptBy: future("03-31", 1),
    preparedBy: "seller@example.com",
    beneficiaries: [{ id: "c0ffee00-1111-4222-8333-444455556666:c0ffee00-aaaa-4bbb-8ccc-ddddeeeeffff_2019-05-31", description: "Contoso" }],
    pricing: [{ product: SAAS_PRODUCT, plan: SAAS_PLAN, discountType: "percentage", discountPercentage: 5 }],
    ...overrides,
  };
}

export function cspOffer(overrides: Props = {}): Props {
  return {
    privateOfferType: "cspPromotion",
    name: "CSP margin FY27",
    variableStartDate: false,
    start: future("01-01", 1),
    end: future("12-31", 1),
    beneficiaries: [{ id: "5b1d6e3a-2c4f-4a8b-9d0e-1f2a3b4c5d6e", description: "Reseller" }],
    pricing: [{ product: SAAS_PRODUCT, discountType: "percentage", discountPercentage: 10 }],
    ...overrides,
  };
}

export function originatorOffer(partnerSellerId: string, overrides: Props = {}): Props {
  return {
    privateOfferType: "multipartyPromotionOriginator",
    name: "Multiparty FY27",
    variableStartDate: true,
    end: future("06-30", 1),
    acceptBy: future("03-31", 1),
    beneficiaries: [{ id: "c0ffee00-1111-4222-8333-444455556666:c0ffee00-aaaa-4bbb-8ccc-ddddeeeeffff_2019-05-31", description: "Contoso" }],
    partner: { id: partnerSellerId, name: "Fabrikam Partner" },
    pricing: [{ product: SAAS_PRODUCT, plan: SAAS_PLAN, discountType: "percentage", discountPercentage: 10 }],
    ...overrides,
  };
}
