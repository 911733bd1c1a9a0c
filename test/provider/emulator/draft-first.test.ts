// What creating an offer as a draft first, then publishing it, would cost against creating it live in
// one request (docs/reliability.md weighs the two). Measured against the emulator with every job taking
// JOB_LATENCY_MS: requests by kind and wall time, for the same offer. Only lower bounds on time are
// asserted; the figures are printed for the document.
import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import { customerOffer, newProcess, up } from "./support";

const JOB_LATENCY_MS = 1000;
const POLL_SECONDS = 0.2;

interface Figures {
  posts: number;
  statusReads: number;
  otherReads: number;
  wallMs: number;
}

describe("draft first, then publish, against one live create (figures for docs/reliability.md)", function () {
  this.timeout(60_000);
  const emulator = useEmulator({ jobLatencyMs: JOB_LATENCY_MS });

  async function measure(run: () => Promise<unknown>): Promise<Figures> {
    await emulator.clearRequests();
    const started = Date.now();
    await run();
    const wallMs = Date.now() - started;
    const api = (await emulator.requests()).filter((r) => r.path.startsWith("/rp/product-ingestion/"));
    const posts = api.filter((r) => r.method === "POST").length;
    const statusReads = api.filter((r) => r.method === "GET" && r.path.endsWith("/status")).length;
    return { posts, statusReads, otherReads: api.length - posts - statusReads, wallMs };
  }

  it("a draft first needs two configure jobs where a live create needs one: about twice the requests and the time", async () => {
    const direct = await measure(async () => {
      const h = await newProcess(emulator, { "partnercenter:pollIntervalSeconds": String(POLL_SECONDS) });
      await up(h.offers, customerOffer({ name: "Direct create" }));
    });
    const draftFirst = await measure(async () => {
      const h = await newProcess(emulator, { "partnercenter:pollIntervalSeconds": String(POLL_SECONDS) });
      const draft = await up(h.offers, customerOffer({ name: "Draft first", state: "draft" }));
      await up(h.offers, customerOffer({ name: "Draft first" }), draft);
    });
    const row = (label: string, f: Figures) =>
      `| ${label} | ${f.posts} | ${f.statusReads} | ${f.otherReads} | ${f.posts + f.statusReads + f.otherReads} | ${(f.wallMs / 1000).toFixed(1)} s |`;
    process.stdout.write(
      [
        "",
        `jobs of ${JOB_LATENCY_MS} ms, status polled every ${POLL_SECONDS} s:`,
        "| create | configure POSTs | status reads | other reads | API requests | wall time |",
        "|---|---|---|---|---|---|",
        row("live in one request", direct),
        row("draft, then publish", draftFirst),
        "",
      ].join("\n"),
    );
    assert.equal(direct.posts, 1);
    assert.equal(draftFirst.posts, 2, "one configure job to save the draft, one to publish it");
    assert.ok(draftFirst.statusReads > direct.statusReads);
    assert.ok(direct.wallMs >= JOB_LATENCY_MS, "one job's time at least");
    assert.ok(draftFirst.wallMs >= 2 * JOB_LATENCY_MS, "two jobs one after the other");
  });
});
