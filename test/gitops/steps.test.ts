// The workflow's shell steps (examples/gitops/.github/scripts), run as GitHub runs them, against the
// emulator over TLS with the real Pulumi CLI: the federated-token refresh against a stand-in for
// GitHub's OIDC token endpoint (never an empty or partial token file), the two Entra applications
// (the writer trusts only the protected environment's token), the pull request's preview and its
// comment (the provider's per-offer summary first), and the scheduled drift check and its issue.
// What this cannot cover (GitHub itself: permissions, environments, concurrency, the actions) is
// listed in examples/gitops/README.md.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { defaultAccounts } from "../../emulator/authority/accounts";
import type { PublisherAccount } from "../../emulator/contracts";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { configurePosts } from "../support/cli/partner-center";
import { openProjectCli, type ProjectCli, type StepResult } from "../support/project-cli";
import { customerOffer, providerFor } from "../export/support";
import { initRepository, installOffers, requireCommands, type InitRepository } from "./support";

const ISSUER = "https://token.actions.githubusercontent.com";
const REPOSITORY = "contoso/offers";
const SUBJECT = {
  pullRequest: `repo:${REPOSITORY}:pull_request`,
  main: `repo:${REPOSITORY}:ref:refs/heads/main`,
  environment: `repo:${REPOSITORY}:environment:private-offers`,
};
const REQUEST_TOKEN = "actions-request-token-not-a-secret-here";
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

type Answer = "ok" | "http-500" | "no-value" | "empty-value" | "truncated" | "not-a-jwt";

/** GitHub's OIDC token endpoint as a job sees it (ACTIONS_ID_TOKEN_REQUEST_URL), with switchable failures. */
async function startGithubTokenEndpoint(privateKey: string) {
  const state = { answer: "ok" as Answer, subject: SUBJECT.pullRequest, requests: 0 };
  const sign = (audience: string): string => {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const body = `${part({ alg: "RS256", typ: "JWT", kid: "gh" })}.${part({ iss: ISSUER, sub: state.subject, aud: audience, iat: now, nbf: now - 5, exp: now + 300, jti: randomUUID() })}`;
    return `${body}.${createSign("RSA-SHA256").update(body).sign(privateKey).toString("base64url")}`;
  };
  const server = http.createServer((req, res) => {
    state.requests++;
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.headers.authorization !== `bearer ${REQUEST_TOKEN}` || url.searchParams.get("api-version") !== "2.0") {
      res.writeHead(401).end();
      return;
    }
    const audience = url.searchParams.get("audience") ?? "";
    const answers: Record<Answer, () => void> = {
      ok: () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value: sign(audience) })),
      "http-500": () => res.writeHead(500).end("unavailable"),
      "no-value": () => res.writeHead(200).end("{}"),
      "empty-value": () => res.writeHead(200).end('{"value":""}'),
      truncated: () => res.writeHead(200).end(`{"value":"${sign(audience).slice(0, 40)}`),
      "not-a-jwt": () => res.writeHead(200).end('{"value":"<html>maintenance</html>"}'),
    };
    answers[state.answer]();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { state, url: `http://127.0.0.1:${port}/token?api-version=2.0`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("the GitOps workflow's shell steps against the emulator, with the real Pulumi CLI", function () {
  this.timeout(600_000);
  let emulator: TestEmulator;
  let github: Awaited<ReturnType<typeof startGithubTokenEndpoint>>;
  let writer: PublisherAccount;
  let reader: PublisherAccount;
  let repo: InitRepository;
  let cli: ProjectCli;
  let work: string;
  let ghLog: string;
  let scripts: string;
  const stack = "organization/contoso-offers/production";
  const loops: string[] = [];

  before(async () => {
    requireCommands("bash", "curl", "jq");
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicKeyPem = keys.publicKey.export({ format: "pem", type: "spki" }).toString();
    github = await startGithubTokenEndpoint(keys.privateKey.export({ format: "pem", type: "pkcs8" }).toString());
    const [company, partner] = defaultAccounts();
    writer = company!;
    // The reader: a second application of the same publisher account.
    reader = { ...company!, displayName: "Contoso offers preview", clientId: randomUUID(), clientSecret: `reader-${randomUUID()}` };
    emulator = await startTestEmulator({
      tls: true,
      jobLatencyMs: 100,
      clients: [writer, partner!, reader],
      federated: [
        { clientId: reader.clientId, issuer: ISSUER, subject: SUBJECT.pullRequest, publicKeyPem },
        { clientId: reader.clientId, issuer: ISSUER, subject: SUBJECT.main, publicKeyPem },
        { clientId: writer.clientId, issuer: ISSUER, subject: SUBJECT.environment, publicKeyPem },
      ],
    });
    await (await providerFor(emulator)).create(customerOffer());
    repo = await initRepository(emulator);
    scripts = path.join(repo.root, ".github/scripts");
    work = await fs.mkdtemp(path.join(os.tmpdir(), "gitops-runner-"));
    ghLog = path.join(work, "gh.log");
    const stubs = path.join(work, "bin");
    await fs.mkdir(stubs);
    // `gh` as the steps call it: records its arguments, answers look-ups from the environment.
    await fs.writeFile(
      path.join(stubs, "gh"),
      [
        "#!/usr/bin/env bash",
        'printf "%s\\n" "$*" >> "$GH_STUB_LOG"',
        'case "$1 $2" in',
        '  "api --paginate") printf "%s" "${GH_STUB_COMMENT_ID:-}" ;;',
        '  "issue list") printf "%s" "${GH_STUB_ISSUE:-}" ;;',
        "esac",
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    cli = await openProjectCli({ extraPath: [stubs], ...(emulator.caCertPath ? { caCertPath: emulator.caCertPath } : {}) });
    await installOffers(repo.offersDir);
    // The first `up`, as the up job runs it: the writer's credentials, the stack created when missing.
    const writerEnv = { ...partnerCenter(), AZURE_CLIENT_ID: writer.clientId, AZURE_CLIENT_SECRET: writer.clientSecret };
    const select = await cli.pulumi(["stack", "select", "--create", stack], repo.offersDir, writerEnv);
    assert.equal(select.code, 0, select.output);
    const up = await cli.pulumi(["up", "--stack", stack, "--yes", "--non-interactive"], repo.offersDir, writerEnv);
    assert.equal(up.code, 0, up.output);
  });

  after(async () => {
    for (const pidFile of loops) await stopLoop(pidFile);
    await cli?.dispose();
    await emulator?.close();
    await github?.close();
    if (repo) await fs.rm(path.dirname(repo.root), { recursive: true, force: true });
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  function partnerCenter(): Record<string, string> {
    return {
      PARTNER_CENTER_ENDPOINT: emulator.apiBaseUrl,
      AZURE_AUTHORITY_HOST: emulator.url,
      AZURE_TENANT_ID: writer.tenantId,
      PARTNER_CENTER_POLL_INTERVAL_SECONDS: "0.1",
    };
  }

  /** Ends a refresh loop (the step's background subshell) and the `sleep` it waits in. */
  async function stopLoop(pidFile: string): Promise<void> {
    const pid = Number(await fs.readFile(pidFile, "utf8").catch(() => ""));
    if (!(pid > 0)) return;
    const children = await promisify(execFile)("ps", ["-o", "pid=", "--ppid", String(pid)]).then(
      ({ stdout }) => stdout.split("\n").map(Number).filter((child) => child > 0),
      () => [] as number[],
    );
    for (const target of [pid, ...children]) {
      try {
        process.kill(target);
      } catch {
        // already gone
      }
    }
  }

  /** A job's runner folders: RUNNER_TEMP, GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY. */
  async function runnerFiles(label: string): Promise<Record<string, string>> {
    const temp = await fs.mkdtemp(path.join(work, `${label}-`));
    const files = { RUNNER_TEMP: temp, GITHUB_ENV: path.join(temp, "env"), GITHUB_OUTPUT: path.join(temp, "output"), GITHUB_STEP_SUMMARY: path.join(temp, "summary") };
    for (const file of [files.GITHUB_ENV, files.GITHUB_OUTPUT, files.GITHUB_STEP_SUMMARY]) await fs.writeFile(file, "");
    return files;
  }

  /** The federated-token step; returns the job's environment from then on (GITHUB_ENV applied). */
  async function federatedToken(runner: Record<string, string>, refreshSeconds = 240): Promise<{ step: StepResult; env: Record<string, string> }> {
    const step = await cli.bash(path.join(scripts, "federated-token.sh"), repo.offersDir, {
      ...runner,
      ACTIONS_ID_TOKEN_REQUEST_URL: github.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      FEDERATED_TOKEN_REFRESH_SECONDS: String(refreshSeconds),
      FEDERATED_TOKEN_RETRY_SECONDS: "1",
    });
    const exported = Object.fromEntries(
      (await fs.readFile(runner["GITHUB_ENV"]!, "utf8"))
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    const pidFile = exported["AZURE_FEDERATED_TOKEN_FILE"] ? `${exported["AZURE_FEDERATED_TOKEN_FILE"]}.pid` : undefined;
    if (pidFile) loops.push(pidFile);
    return { step, env: { ...runner, ...exported } };
  }

  describe("the federated-token refresh", () => {
    it("writes one whole token, exports its path, keeps it fresh, and never leaves the file empty or partial", async () => {
      github.state.answer = "ok";
      const runner = await runnerFiles("token");
      const { step, env } = await federatedToken(runner, 1);
      assert.equal(step.code, 0, step.output);
      const file = env["AZURE_FEDERATED_TOKEN_FILE"]!;
      assert.equal(path.dirname(file), runner["RUNNER_TEMP"]);
      const first = await fs.readFile(file, "utf8");
      assert.match(first, JWT);
      assert.equal(claims(first)["aud"], "api://AzureADTokenExchange");
      assert.equal((await fs.stat(file)).mode & 0o777, 0o600, "only the job's user reads the token");
      assert.ok(!step.output.includes(first), "the token is never printed");

      let latest = first;
      for (let i = 0; i < 40 && latest === first; i++) {
        await sleep(250);
        latest = await fs.readFile(file, "utf8");
      }
      assert.notEqual(latest, first, "refreshed in the background");

      for (const answer of ["http-500", "no-value", "empty-value", "truncated", "not-a-jwt"] as const) {
        github.state.answer = answer;
        const before = github.state.requests;
        const good = await fs.readFile(file, "utf8");
        for (let i = 0; i < 60 && github.state.requests < before + 2; i++) {
          await sleep(100);
          assert.match(await fs.readFile(file, "utf8"), JWT, `${answer}: the file holds a whole token at every moment`);
        }
        assert.ok(github.state.requests >= before + 2, `${answer}: the loop tried again`);
        assert.equal(await fs.readFile(file, "utf8"), good, `${answer}: the previous token stays in place`);
      }
      const log = await fs.readFile(`${file}.log`, "utf8");
      assert.match(log, /refresh failed; the previous token stays in place/);
      // A fetch in flight has its temporary file; none outlives its fetch.
      const partials = async () => (await fs.readdir(runner["RUNNER_TEMP"]!)).filter((f) => /entra-federated-token\.[A-Za-z0-9]{6}$/.test(f));
      const seen = await partials();
      await sleep(1500);
      assert.deepEqual((await partials()).filter((f) => seen.includes(f)), [], "no temporary file is left behind");

      github.state.answer = "ok";
      const stale = await fs.readFile(file, "utf8");
      let fresh = stale;
      for (let i = 0; i < 40 && fresh === stale; i++) {
        await sleep(250);
        fresh = await fs.readFile(file, "utf8");
      }
      assert.notEqual(fresh, stale, "back to fresh tokens once GitHub answers again");
      await stopLoop(`${file}.pid`);
    });

    it("fails the step, writing nothing, when GitHub gives no token or no usable one", async () => {
      github.state.answer = "truncated";
      const runner = await runnerFiles("token-fail");
      const { step, env } = await federatedToken(runner);
      assert.equal(step.code, 1, step.output);
      assert.match(step.output, /Could not get an OIDC token from GitHub/);
      assert.equal(env["AZURE_FEDERATED_TOKEN_FILE"], undefined, "no path exported");
      assert.deepEqual(await fs.readdir(runner["RUNNER_TEMP"]!), ["env", "output", "summary"], "no token file, whole or partial");

      const noPermission = await cli.bash(path.join(scripts, "federated-token.sh"), repo.offersDir, { ...runner, ACTIONS_ID_TOKEN_REQUEST_URL: "", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "" });
      assert.equal(noPermission.code, 1);
      assert.match(noPermission.output, /id-token: write/);
      github.state.answer = "ok";
    });
  });

  describe("the pull request's preview", () => {
    it("signs in as the reader and comments the provider's per-offer summary first: the withdrawal, the price before -> after", async () => {
      github.state.answer = "ok";
      github.state.subject = SUBJECT.pullRequest;
      const program = path.join(repo.offersDir, "index.ts");
      const original = await fs.readFile(program, "utf8");
      assert.match(original, /discountPercentage: 5,/);
      await fs.writeFile(program, original.replace("discountPercentage: 5,", "discountPercentage: 7,"));
      try {
        const { step, env } = await federatedToken(await runnerFiles("preview"));
        assert.equal(step.code, 0, step.output);
        await emulator.clearRequests();
        const jobEnv = { ...env, ...partnerCenter(), AZURE_CLIENT_ID: reader.clientId, PULUMI_STACK_NAME: stack, PREVIEW_COMMIT: "0123456789abcdef" };
        const preview = await cli.bash(path.join(scripts, "preview.sh"), repo.offersDir, jobEnv);
        assert.equal(preview.code, 0, preview.output);
        assert.equal(await configurePosts(emulator), 0, "a preview writes nothing");

        const comment = await fs.readFile(path.join(env["RUNNER_TEMP"]!, "preview-comment.md"), "utf8");
        assert.match(comment, /^<!-- private-offers-preview -->\n### Private offers: Preview of `organization\/contoso-offers\/production` at 0123456789ab\n/);
        const summary = comment.slice(0, comment.indexOf("<details>"));
        assert.match(summary, /"Contoso FY27": withdraws the live offer "Contoso FY27"/);
        assert.match(summary, /5% off -> 7% off/);
        assert.match(summary, /~ 1 to update/);
        assert.equal(await fs.readFile(env["GITHUB_STEP_SUMMARY"]!, "utf8"), comment, "the job summary shows the same");

        await fs.writeFile(ghLog, "");
        const post = await cli.bash(path.join(scripts, "pr-comment.sh"), repo.offersDir, {
          ...jobEnv,
          GH_STUB_LOG: ghLog,
          GITHUB_REPOSITORY: REPOSITORY,
          PR_NUMBER: "12",
          GH_TOKEN: "unused",
        }, [path.join(env["RUNNER_TEMP"]!, "preview-comment.md")]);
        assert.equal(post.code, 0, post.output);
        const calls = (await fs.readFile(ghLog, "utf8")).trim().split("\n");
        assert.match(calls[0] ?? "", /^api --paginate repos\/contoso\/offers\/issues\/12\/comments/);
        assert.match(calls[1] ?? "", /^api --method POST repos\/contoso\/offers\/issues\/12\/comments --field body=@.*preview-comment\.md$/);

        await fs.writeFile(ghLog, "");
        const update = await cli.bash(path.join(scripts, "pr-comment.sh"), repo.offersDir, {
          ...jobEnv,
          GH_STUB_LOG: ghLog,
          GH_STUB_COMMENT_ID: "4242",
          GITHUB_REPOSITORY: REPOSITORY,
          PR_NUMBER: "12",
          GH_TOKEN: "unused",
        }, [path.join(env["RUNNER_TEMP"]!, "preview-comment.md")]);
        assert.equal(update.code, 0, update.output);
        assert.match(await fs.readFile(ghLog, "utf8"), /^api --method PATCH repos\/contoso\/offers\/issues\/comments\/4242 --field body=@/m, "one comment per pull request, updated");
      } finally {
        await fs.writeFile(program, original);
      }
    });

    it("says the stack does not exist yet instead of failing, before the first up", async () => {
      const runner = await runnerFiles("preview-new");
      const preview = await cli.bash(path.join(scripts, "preview.sh"), repo.offersDir, { ...runner, ...partnerCenter(), PULUMI_STACK_NAME: "organization/contoso-offers/staging" });
      assert.equal(preview.code, 0, preview.output);
      assert.match(await fs.readFile(path.join(runner["RUNNER_TEMP"]!, "preview-comment.md"), "utf8"), /does not exist yet\. The first run of the `up` job on main creates it/);
    });

    it("the writer does not trust a pull request's token: Entra refuses the exchange, nothing is read or written", async () => {
      github.state.subject = SUBJECT.pullRequest;
      const { env } = await federatedToken(await runnerFiles("stolen"));
      await emulator.clearRequests();
      // The drift check reads every offer, so it needs a Partner Center token (a preview without changes may not).
      const check = await cli.bash(path.join(scripts, "drift-check.sh"), repo.offersDir, { ...env, ...partnerCenter(), AZURE_CLIENT_ID: writer.clientId, PULUMI_STACK_NAME: stack });
      assert.ok(check.code !== 0 && check.code !== 3, `a failure that is not drift (exit ${check.code}):\n${check.output}`);
      assert.match(check.output, /token request/i, check.output);
      assert.equal((await emulator.requests()).filter((r) => r.path.includes("/rp/product-ingestion/")).length, 0, "no API call without a token");
    });
  });

  describe("the scheduled drift check", () => {
    let env: Record<string, string>;

    before(async () => {
      github.state.answer = "ok";
      github.state.subject = SUBJECT.main;
      const token = await federatedToken(await runnerFiles("drift"));
      assert.equal(token.step.code, 0, token.step.output);
      env = { ...token.env, ...partnerCenter(), AZURE_CLIENT_ID: reader.clientId, PULUMI_STACK_NAME: stack, GH_STUB_LOG: ghLog, GITHUB_REPOSITORY: REPOSITORY, GH_TOKEN: "unused" };
    });

    it("passes while Partner Center holds what main declares, and writes nothing", async () => {
      await emulator.clearRequests();
      const check = await cli.bash(path.join(scripts, "drift-check.sh"), repo.offersDir, env);
      assert.equal(check.code, 0, check.output);
      assert.match(await fs.readFile(env["GITHUB_OUTPUT"]!, "utf8"), /^drift=false$/m);
      assert.equal(await configurePosts(emulator), 0);
    });

    it("fails with exit 3 after an edit in Partner Center, reports what differs, and opens an issue (then adds to it)", async () => {
      const [offerId] = repo.result.offers.map((o) => o.id);
      const edited = await emulator.edit(offerId!, { pricing: [{ ...((customerOffer()["pricing"] as Record<string, unknown>[])[0] ?? {}), discountPercentage: 15 }] });
      assert.equal(edited.status, 200, await edited.text());
      await fs.writeFile(env["GITHUB_OUTPUT"]!, "");
      await emulator.clearRequests();
      const check = await cli.bash(path.join(scripts, "drift-check.sh"), repo.offersDir, env);
      assert.equal(check.code, 3, check.output);
      assert.match(await fs.readFile(env["GITHUB_OUTPUT"]!, "utf8"), /^drift=true$/m);
      assert.equal(await configurePosts(emulator), 0, "the drift check writes nothing");
      const report = await fs.readFile(path.join(env["RUNNER_TEMP"]!, "drift-report.md"), "utf8");
      assert.match(report, /drift in `organization\/contoso-offers\/production`/);
      assert.match(report, /"Contoso FY27": .*15% off -> 5% off/);

      await fs.writeFile(ghLog, "");
      const opened = await cli.bash(path.join(scripts, "drift-issue.sh"), repo.offersDir, env, [path.join(env["RUNNER_TEMP"]!, "drift-report.md")]);
      assert.equal(opened.code, 0, opened.output);
      const title = "Private offers: Partner Center drifted from organization/contoso-offers/production";
      const calls = await fs.readFile(ghLog, "utf8");
      assert.match(calls, new RegExp(`^issue list --repo contoso/offers --state open --search "${title}" in:title`, "m"));
      assert.ok(calls.includes(`issue create --repo contoso/offers --title ${title} --body-file `), calls);

      await fs.writeFile(ghLog, "");
      const added = await cli.bash(path.join(scripts, "drift-issue.sh"), repo.offersDir, { ...env, GH_STUB_ISSUE: "31" }, [path.join(env["RUNNER_TEMP"]!, "drift-report.md")]);
      assert.equal(added.code, 0, added.output);
      assert.match(await fs.readFile(ghLog, "utf8"), /^issue comment 31 --repo contoso\/offers --body-file /m);
    });

    it("posts the offer status report on the run's summary, compared with the stack's state, writing nothing", async () => {
      const summary = path.join(env["RUNNER_TEMP"]!, "summary.md");
      await fs.writeFile(summary, "");
      await emulator.clearRequests();
      const report = await cli.bash(path.join(scripts, "status-report.sh"), repo.offersDir, { ...env, GITHUB_STEP_SUMMARY: summary });
      assert.equal(report.code, 0, report.output);
      const posted = await fs.readFile(summary, "utf8");
      assert.match(posted, /^## Private offers on \d{4}-\d{2}-\d{2}/);
      assert.match(posted, /\| Contoso FY27 .*\| customer \| live/);
      assert.doesNotMatch(posted, /--stack-state/, "the stack's state was given");
      assert.equal(await configurePosts(emulator), 0, "the report writes nothing");
      assert.deepEqual((await fs.readdir(env["RUNNER_TEMP"]!)).filter((f) => f.startsWith("stack-state.")), [], "the exported state is removed");
    });
  });
});
