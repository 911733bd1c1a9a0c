// The preview a reviewer reads is the plan `pulumi up` then runs. For every state an offer can be in
// and every kind of change to it, this previews the change as the engine does (check, diff) and
// reads the steps from the preview's lines, then applies it as the engine does (an update, or for a
// replacement the old offer's delete and the new one's create) and records the configure requests
// that reach the emulator. The two lists must be the same.
import assert from "node:assert/strict";
import { createAxiosTransport, type Transport } from "../../../provider/api";
import { createPrivateOfferProvider } from "../../../provider/dynamic/private-offer";
import { ProviderRuntime } from "../../../provider/dynamic/runtime";
import type { ProviderImplementation } from "../../../provider/dynamic/shim";
import { useEmulator, type TestEmulator } from "../../support/emulator";
import { temporaryRecordDir } from "../../support/records";
import { customerOffer, originatorOffer, rejection, type Props, type Resource } from "./support";
import { future } from "../../support/dates";

/** A provider process whose configure requests are recorded as the emulator receives them. */
async function recordingProcess(emulator: TestEmulator) {
  const lines: string[] = [];
  const posts: Props[] = [];
  const inner = createAxiosTransport({ timeoutMs: 10_000, maxSockets: 8 });
  const transport: Transport = {
    send(request) {
      if (request.method === "POST" && /\/configure\?/.test(request.url)) {
        const resources = (request.body as { resources: Props[] }).resources;
        posts.push(resources[resources.length - 1]!);
      }
      return inner.send(request);
    },
  };
  const runtime = new ProviderRuntime({ env: {}, progress: (line) => lines.push(line), clientDeps: { transport } });
  const seller = await emulator.token(emulator.softwareCompany);
  const partner = await emulator.token(emulator.channelPartner);
  runtime.configure({
    "partnercenter:endpoint": emulator.apiBaseUrl,
    "partnercenter:accessToken": seller,
    "partnercenter:pollIntervalSeconds": "0.01",
    "partnercenter:jobTimeoutMinutes": "0.5",
    // Two names for each seller: moving an offer to another profile replaces it.
    "partnercenter:accounts": JSON.stringify({ seller: { accessToken: seller }, partner: { accessToken: partner }, partner2: { accessToken: partner } }),
    "partnercenter:createRecordDir": temporaryRecordDir("preview-is-the-plan"),
  });
  return { offers: createPrivateOfferProvider(runtime), lines, posts };
}

type Process = Awaited<ReturnType<typeof recordingProcess>>;

/** A configure request as a step: the state it asks for, and whether it names an existing offer. */
function stepOfRequest(offer: Props): string {
  if (offer["state"] === "withdrawn") return "withdraw";
  if (offer["state"] === "deleted") return "delete";
  return offer["id"] ? "publish" : "create";
}

/** A preview line as a step: the verbs the preview uses for each kind of step. */
function stepOfLine(line: string): string | undefined {
  // Lines start with the offer's name in quotes, or its id when it has no name of its own.
  const verb = /^(?:"[^"]*"|private-offer\/\S+): (withdraws|publishes|deletes|creates|an earlier configure job) /.exec(line)?.[1];
  return verb === undefined ? undefined : { withdraws: "withdraw", publishes: "publish", deletes: "delete", creates: "create" }[verb] ?? "await";
}

async function check(offers: ProviderImplementation, inputs: Props): Promise<Props> {
  const checked = await offers.check!({}, inputs);
  assert.deepEqual(checked.failures ?? [], [], "check failures");
  return checked.inputs as Props;
}

async function create(h: Process, inputs: Props): Promise<Resource> {
  const news = await check(h.offers, inputs);
  const created = await h.offers.create(news);
  return { id: created.id, outputs: created.outs as Props, inputs: news };
}

async function update(h: Process, resource: Resource, inputs: Props): Promise<Resource> {
  const news = await check(h.offers, inputs);
  const updated = await h.offers.update!(resource.id, resource.outputs, news);
  return { id: resource.id, outputs: updated.outs as Props, inputs: news };
}

/** `pulumi preview`, then `pulumi up`, of new inputs for a resource in state: the steps of each. */
async function previewThenUp(h: Process, resource: Resource, inputs: Props): Promise<{ previewed: string[]; performed: string[]; refused?: string }> {
  const news = await check(h.offers, inputs);
  const before = h.lines.length;
  let diff;
  try {
    diff = await h.offers.diff!(resource.id, resource.outputs, news);
  } catch (error) {
    // Refused in preview: `pulumi up` stops at the same diff, so nothing is performed.
    return { previewed: [], performed: [], refused: (error as Error).message };
  }
  const previewed = h.lines.slice(before).map(stepOfLine).filter((s): s is string => s !== undefined);
  const posted = h.posts.length;
  const running = h.lines.length;
  if ((diff.replaces ?? []).length > 0) {
    // deleteBeforeReplace: the engine deletes the old offer, then creates the new one.
    await h.offers.delete!(resource.id, resource.outputs);
    await h.offers.create(news);
  } else if (diff.changes) {
    await h.offers.update!(resource.id, resource.outputs, news);
  }
  const resumed = h.lines.slice(running).some((line) => line.includes(": resuming: wait for the"));
  const performed = [...(resumed ? ["await"] : []), ...h.posts.slice(posted).map(stepOfRequest)];
  return { previewed, performed };
}

const CHANGES: [string, Props][] = [
  ["a field", { end: future("09-30", 1) }],
  ["the state to live", { state: "live" }],
  ["the state to withdrawn", { state: "withdrawn" }],
  ["the state to draft", { state: "draft" }],
  ["a provider option", { pollIntervalSeconds: 0.02 }],
  ["the account", { account: "seller" }],
  ["nothing", {}],
];

describe("the preview is the plan up runs (every offer state x every kind of change, against the emulator)", function () {
  this.timeout(120_000);
  const emulator = useEmulator({ jobLatencyMs: 10 });

  /** How each state is reached: the inputs it was last written with, and the resource in state. */
  const STATES: [string, (h: Process, name: string) => Promise<{ resource: Resource; inputs: Props }>][] = [
    ["live", async (h, name) => ({ inputs: customerOffer({ name }), resource: await create(h, customerOffer({ name })) })],
    ["draft", async (h, name) => ({ inputs: customerOffer({ name, state: "draft" }), resource: await create(h, customerOffer({ name, state: "draft" })) })],
    [
      "withdrawn",
      async (h, name) => {
        const inputs = customerOffer({ name, state: "withdrawn" });
        return { inputs, resource: await update(h, await create(h, customerOffer({ name })), inputs) };
      },
    ],
    [
      "live with a withdraw job an earlier run left pending",
      async (h, name) => {
        const live = await create(h, customerOffer({ name }));
        await emulator.fault({ method: "POST", path: "/rp/product-ingestion/configure", stuck: true });
        const inputs = customerOffer({ name, state: "withdrawn" });
        const error = await rejection(update(h, live, { ...inputs, jobTimeoutMinutes: 0.0005 }));
        await emulator.clearFaults();
        await emulator.releaseStuckJobs();
        assert.equal((error.properties as Props | undefined)?.["pendingJob"] !== undefined, true, error.message);
        return { inputs, resource: { id: String(error.id), outputs: error.properties as Props, inputs } };
      },
    ],
    [
      "live and accepted by the customer",
      async (h, name) => {
        const live = await create(h, customerOffer({ name }));
        assert.ok((await emulator.accept(String(live.outputs.offerId))).ok);
        const read = await h.offers.read!(live.id, live.outputs);
        return { inputs: customerOffer({ name }), resource: { ...live, outputs: read.props as Props } };
      },
    ],
  ];

  for (const [state, reach] of STATES) {
    it(`an offer ${state}`, async () => {
      const h = await recordingProcess(emulator);
      for (const [index, [change, patch]] of CHANGES.entries()) {
        const name = `Walk ${state.split(" ")[0]} ${index}`;
        const { resource, inputs } = await reach(h, name);
        const { previewed, performed, refused } = await previewThenUp(h, resource, { ...inputs, ...patch });
        assert.deepEqual(previewed, performed, `${state}, change of ${change}: the preview said ${JSON.stringify(previewed)}, up did ${JSON.stringify(performed)}`);
        if (state.includes("accepted")) assert.equal(refused !== undefined, change !== "nothing" && change !== "a provider option" && change !== "the state to live", `${state}, ${change}: ${refused}`);
      }
    });
  }

  it("a channel partner's completion, live", async () => {
    const h = await recordingProcess(emulator);
    for (const [index, [change, patch]] of CHANGES.entries()) {
      if (change === "the state to draft") continue; // a completion is withdrawn or live; draft is its own case
      const originator = await create(h, originatorOffer(emulator.channelPartner.sellerId, { name: `Walk partner ${index}` }));
      const item = (originatorOffer("x").pricing as Props[])[0]!;
      const inputs: Props = {
        privateOfferType: "multipartyPromotionChannelPartner",
        offerId: originator.outputs.offerId,
        account: "partner",
        preparedBy: "partner@example.com",
        markups: [{ product: item.product, plan: item.plan, markupPercentage: 2 }],
      };
      const completed = await create(h, inputs);
      const own = change === "a field" ? { notes: "a note of the partner's" } : change === "the account" ? { account: "partner2" } : patch;
      const { previewed, performed } = await previewThenUp(h, completed, { ...inputs, ...own });
      assert.deepEqual(previewed, performed, `channel partner, change of ${change}: the preview said ${JSON.stringify(previewed)}, up did ${JSON.stringify(performed)}`);
    }
  });
});
