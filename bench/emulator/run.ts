// Emulator benchmark: requests per second and latency percentiles for configure status polls and
// GET private-offer, with 1,000 stored offers and 200 concurrent keep-alive clients. The emulator
// runs in its own process (as in `npm run emulator`), so the load generator does not share its
// event loop. Bounded in time: each measured phase runs for PHASE_SECONDS.

import { spawn } from "node:child_process";
import * as http from "node:http";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { emulatorAccounts } from "../../emulator/authority/index";
import { loadSeedFixture } from "../../test/fixtures/seeds/index";
import { clientCredentialsForm } from "../../test/support/emulator";

const OFFERS = 1000;
const CLIENTS = 200;
const PHASE_SECONDS = Number(process.env["BENCH_PHASE_SECONDS"] ?? 8);
const root = path.resolve(__dirname, "../..");

interface Answer {
  status: number;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function request(url: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", agent, headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

async function startEmulatorProcess(): Promise<{ url: string; stop(): void }> {
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "emulator", "cli.ts"), "--port", "0", "--job-latency-ms", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /listening on (\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

/** Runs `task` from `concurrency` workers until `items` are done. */
async function pool<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T);
      }
    }),
  );
  return results;
}

interface Figures {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

/** `CLIENTS` workers issue requests back to back for `seconds`. */
async function measure(name: string, seconds: number, next: () => Promise<Answer>): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const answer = await next();
        latencies.push(performance.now() - t0);
        if (answer.status !== 200) errors++;
      }
    }),
  );
  return { name, requests: latencies.length, errors, seconds: (performance.now() - started) / 1000, latencies };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function table(rows: Figures[]): string {
  const header = ["scenario", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"];
  const lines = rows.map((row) => {
    const sorted = [...row.latencies].sort((a, b) => a - b);
    return [
      row.name,
      String(row.requests),
      String(row.errors),
      (row.requests / row.seconds).toFixed(0),
      percentile(sorted, 50).toFixed(2),
      percentile(sorted, 95).toFixed(2),
      percentile(sorted, 99).toFixed(2),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join("  ");
  return [format(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(format)].join("\n");
}

async function main(): Promise<void> {
  const emulator = await startEmulatorProcess();
  try {
    const account = emulatorAccounts.softwareCompany;
    const token = await request(`${emulator.url}/${account.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: clientCredentialsForm(account),
    });
    const accessToken = (JSON.parse(token.body) as { access_token: string }).access_token;
    const headers = { authorization: `Bearer ${accessToken}`, "content-type": "application/json" };
    const api = `${emulator.url}/rp/product-ingestion`;
    const template = loadSeedFixture("csp-percentage-live").body as { resources: Record<string, unknown>[] };

    // Seeding is measured too: it is the configure POST path under the same concurrency.
    const seeded = performance.now();
    const seedLatencies: number[] = [];
    let seedErrors = 0;
    const jobIds = await pool(Array.from({ length: OFFERS }, (_, i) => i), CLIENTS, async (i) => {
      const body = structuredClone(template);
      (body.resources[0] as Record<string, unknown>)["name"] = `bench offer ${i}`;
      const t0 = performance.now();
      const answer = await request(`${api}/configure?$version=2022-07-01`, { method: "POST", headers, body: JSON.stringify(body) });
      seedLatencies.push(performance.now() - t0);
      if (answer.status !== 202) seedErrors++;
      return (JSON.parse(answer.body) as { jobId: string }).jobId;
    });
    const seedFigures: Figures = {
      name: `configure POST (${OFFERS})`,
      requests: OFFERS,
      errors: seedErrors,
      seconds: (performance.now() - seeded) / 1000,
      latencies: seedLatencies,
    };
    const offerIds = await pool(jobIds, CLIENTS, async (jobId) => {
      await request(`${api}/configure/${jobId}/status?$version=2022-07-01`, { headers });
      const detail = await request(`${api}/configure/${jobId}?$version=2023-07-15`, { headers });
      const resources = (JSON.parse(detail.body) as { resources: { id: string }[] }).resources;
      return resources.find((r) => r.id.startsWith("private-offer/"))?.id ?? "";
    });
    if (offerIds.some((id) => id === "")) throw new Error("some seeded offers were not created");

    let n = 0;
    const polls = await measure("GET configure/{jobId}/status", PHASE_SECONDS, () =>
      request(`${api}/configure/${jobIds[n++ % jobIds.length]}/status?$version=2022-07-01`, { headers }),
    );
    const gets = await measure("GET private-offer/{guid}", PHASE_SECONDS, () =>
      request(`${api}/${offerIds[n++ % offerIds.length]}?$version=2023-07-15`, { headers }),
    );
    process.stdout.write(`emulator benchmark: ${OFFERS} stored offers, ${CLIENTS} concurrent keep-alive clients, ${PHASE_SECONDS} s per phase\n\n`);
    process.stdout.write(`${table([seedFigures, polls, gets])}\n`);
  } finally {
    emulator.stop();
    agent.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
