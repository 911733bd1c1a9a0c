// examples/gitops as a security reviewer reads it: actionlint (pinned in tools/actionlint, with
// shellcheck on every `run:`) and shellcheck on the scripts pass, and each point of the design holds
// in the workflow's text: actions pinned by commit, no default permissions, two identities, forks
// without a token, a protected environment for `up`, one `up` at a time, previews never cancelled,
// Node.js 22, names from variables, the stack created when missing, the drift check. Also: the
// copy `export --init` ships is the example to the byte.
import { strict as assert } from "node:assert";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { requireCommands } from "./support";
import { EXAMPLE_DIR, TEMPLATES_MODULE, exampleFiles, templatesModule } from "./sync-templates";

const WORKFLOW = path.join(EXAMPLE_DIR, ".github/workflows/private-offers.yml");
const SCRIPTS = path.join(EXAMPLE_DIR, ".github/scripts");
const text = readFileSync(WORKFLOW, "utf8");

/** Each action the workflow uses, at the commit of the release named in the comment beside it. */
export const PINNED_ACTIONS: Record<string, { sha: string; tag: string }> = {
  "actions/checkout": { sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", tag: "v7.0.1" },
  "actions/setup-node": { sha: "249970729cb0ef3589644e2896645e5dc5ba9c38", tag: "v6.5.0" },
  "pulumi/actions": { sha: "8e5e406f4007fca908480587cb9893c07090f58d", tag: "v7.0.0" },
  "pulumi/auth-actions": { sha: "141415910c3beb54e03b48e9057c204c97b956f2", tag: "v2.1.0" },
  "actions/cache/restore": { sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae", tag: "v5.0.5" },
  "actions/cache/save": { sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae", tag: "v5.0.5" },
};

// js-yaml comes with @pulumi/pulumi (one of its dependencies); what it returns is checked with zod.
const yaml = require("js-yaml") as { load: (source: string) => unknown };

const step = z.object({ name: z.string().optional(), id: z.string().optional(), if: z.string().optional(), uses: z.string().optional(), run: z.string().optional(), with: z.record(z.string(), z.unknown()).optional(), env: z.record(z.string(), z.string()).optional() });
const job = z.object({
  if: z.string(),
  "runs-on": z.string(),
  "timeout-minutes": z.number(),
  permissions: z.record(z.string(), z.string()),
  environment: z.string().optional(),
  concurrency: z.object({ group: z.string(), "cancel-in-progress": z.boolean() }).optional(),
  env: z.record(z.string(), z.string()).optional(),
  defaults: z.object({ run: z.object({ shell: z.string(), "working-directory": z.string() }) }).optional(),
  steps: z.array(step),
});
const workflow = z.object({
  name: z.string(),
  on: z.object({ pull_request: z.unknown(), push: z.unknown(), schedule: z.array(z.object({ cron: z.string() })), workflow_dispatch: z.unknown() }).strict(),
  permissions: z.record(z.string(), z.string()),
  env: z.record(z.string(), z.string()),
  jobs: z.object({ preview: job, "fork-note": job, up: job, drift: job }).strict(),
});
const parsed = workflow.parse(yaml.load(text));
const { jobs } = parsed;

function runs(j: z.infer<typeof job>): string {
  return j.steps.map((s) => s.run ?? "").join("\n");
}

function shellcheck(): string {
  return requireCommands("shellcheck")[0]!;
}

describe("examples/gitops: the workflow a security reviewer signs off", function () {
  this.timeout(120_000);

  it("passes actionlint, with shellcheck on every run: step", async () => {
    const { ensureActionlint } = require("../../tools/actionlint.cjs") as { ensureActionlint: (log?: (line: string) => void) => string };
    // No actionlint (no Go to build it) is a failure with what to install, never a skip.
    const actionlint = ensureActionlint(() => undefined);
    const result = await promisify(execFile)(actionlint, ["-shellcheck", shellcheck(), "-no-color", WORKFLOW]).catch((error: { stdout?: string; code?: number }) => {
      assert.fail(`actionlint found problems (exit ${error.code}):\n${error.stdout ?? String(error)}`);
    });
    assert.equal(result.stdout, "");
  });

  it("its scripts pass shellcheck, are executable and start with set -euo pipefail", () => {
    const scripts = exampleFiles().filter((f) => f.path.endsWith(".sh"));
    assert.ok(scripts.length >= 6);
    for (const script of scripts) {
      assert.ok(script.executable, `${script.path} is not executable`);
      assert.match(script.text, /^#!\/usr\/bin\/env bash\n/, script.path);
      assert.match(script.text, /^set -euo pipefail$/m, script.path);
    }
    try {
      execFileSync(shellcheck(), ["--severity=style", ...scripts.map((s) => path.join(EXAMPLE_DIR, s.path))], { encoding: "utf8" });
    } catch (error) {
      assert.fail(`shellcheck:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    }
    for (const reference of text.matchAll(/\.\.\/\.github\/scripts\/([\w-]+\.sh)/g)) {
      assert.ok(existsSync(path.join(SCRIPTS, reference[1]!)), `the workflow runs ${reference[1]}, which does not exist`);
    }
  });

  it("pins every action to a full commit SHA, with its release tag in a comment", () => {
    const uses = [...text.matchAll(/^\s*(?:- )?uses: (\S+)(.*)$/gm)];
    assert.ok(uses.length >= 14);
    for (const [line, ref, rest] of uses) {
      const match = /^([\w.-]+\/[\w.-]+(?:\/[\w.-]+)?)@([0-9a-f]{40})$/.exec(ref!);
      assert.ok(match, `not pinned to a commit: ${line!.trim()}`);
      const pin = PINNED_ACTIONS[match[1]!];
      assert.ok(pin, `${match[1]} is not in the table of pins`);
      assert.equal(match[2], pin.sha, `${match[1]}: another commit than ${pin.tag}'s`);
      assert.equal(rest!.trim(), `# ${pin.tag}`, `${match[1]}: the tag comment`);
    }
    const readme = readFileSync(path.join(EXAMPLE_DIR, "README.md"), "utf8");
    for (const [action, pin] of Object.entries(PINNED_ACTIONS)) {
      assert.ok(readme.includes(pin.sha), `README.md does not say where ${action}'s ${pin.sha} comes from`);
    }
  });

  it("grants nothing by default; each job asks for what it needs, and nothing runs on pull_request_target or reads a secret", () => {
    assert.deepEqual(parsed.permissions, {});
    assert.deepEqual(jobs.preview.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
    assert.deepEqual(jobs["fork-note"].permissions, {});
    assert.deepEqual(jobs.up.permissions, { contents: "read", "id-token": "write" });
    assert.deepEqual(jobs.drift.permissions, { contents: "read", "id-token": "write", issues: "write" });
    assert.doesNotMatch(text, /pull_request_target|workflow_run|secrets\./);
    for (const j of Object.values(jobs)) {
      for (const s of j.steps.filter((st) => st.uses?.startsWith("actions/checkout@"))) assert.equal(s.with?.["persist-credentials"], false, "no token left in .git/config for the program to read");
      if (j.defaults) assert.equal(j.defaults.run.shell, "bash", "bash -eo pipefail for every run: step");
    }
    // The GitHub token reaches only the steps that post, never the program.
    for (const [name, j] of Object.entries(jobs)) {
      for (const s of j.steps) if (s.env?.["GH_TOKEN"]) assert.match(s.run ?? "", /(pr-comment|drift-issue)\.sh/, `${name}: ${s.name}`);
      assert.equal(j.env?.["GH_TOKEN"], undefined);
    }
  });

  it("two identities: previews and the drift check as the reader; up as the writer, in the protected environment only", () => {
    assert.equal(jobs.preview.env?.["AZURE_CLIENT_ID"], "${{ vars.AZURE_PREVIEW_CLIENT_ID }}");
    assert.equal(jobs.drift.env?.["AZURE_CLIENT_ID"], "${{ vars.AZURE_PREVIEW_CLIENT_ID }}");
    assert.equal(jobs.up.env?.["AZURE_CLIENT_ID"], "${{ vars.AZURE_DEPLOY_CLIENT_ID }}");
    assert.equal(jobs.up.environment, "private-offers");
    for (const name of ["preview", "drift", "fork-note"] as const) assert.equal(jobs[name].environment, undefined, `${name} must not use the writer's environment`);
    assert.doesNotMatch(`${runs(jobs.preview)}\n${runs(jobs.drift)}`, /pulumi up|stack select --create/);
    assert.equal(text.split("AZURE_DEPLOY_CLIENT_ID").length - 1, 1, "the writer's id appears in the up job only");
  });

  it("pull requests from forks get no token: no preview, a note instead", () => {
    assert.match(jobs.preview.if, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
    assert.match(jobs["fork-note"].if, /github\.event\.pull_request\.head\.repo\.full_name != github\.repository/);
    assert.deepEqual(jobs["fork-note"].steps.map((s) => s.uses), [undefined]);
    assert.match(runs(jobs["fork-note"]), /GITHUB_STEP_SUMMARY/);
  });

  it("one up at a time per stack and previews never cancelled by a push", () => {
    assert.equal(jobs.up.concurrency?.["cancel-in-progress"], false);
    assert.match(jobs.up.concurrency?.group ?? "", /vars\.PULUMI_ORG.*vars\.PULUMI_PROJECT.*vars\.PULUMI_STACK/);
    assert.equal(jobs.preview.concurrency?.["cancel-in-progress"], false);
    assert.equal(jobs.drift.concurrency?.["cancel-in-progress"], false);
    assert.match(jobs.up.if, /github\.event_name == 'push' && github\.ref == 'refs\/heads\/main'/);
  });

  it("Node.js 22, the Pulumi CLI pinned, project and stack from variables, the stack created when missing", () => {
    assert.ok(Number(parsed.env["NODE_VERSION"]) >= 22);
    assert.match(parsed.env["PULUMI_VERSION"] ?? "", /^3\.\d+\.\d+$/);
    assert.equal(parsed.env["PULUMI_STACK_NAME"], "${{ vars.PULUMI_ORG }}/${{ vars.PULUMI_PROJECT }}/${{ vars.PULUMI_STACK }}");
    for (const j of Object.values(jobs)) {
      for (const s of j.steps) {
        if (s.uses?.startsWith("actions/setup-node@")) assert.equal(s.with?.["node-version"], "${{ env.NODE_VERSION }}");
        if (s.uses?.startsWith("pulumi/actions@")) assert.deepEqual(s.with, { "pulumi-version": "${{ env.PULUMI_VERSION }}" }, "install only: the commands are plain shell steps");
      }
    }
    assert.match(runs(jobs.up), /pulumi stack select --create "\$PULUMI_STACK_NAME"\npulumi up --stack "\$PULUMI_STACK_NAME" --yes/);
  });

  it("the token refresh runs before any Pulumi command, the preview comments, and the drift check runs daily and opens an issue", () => {
    const names = (j: z.infer<typeof job>) => j.steps.map((s) => s.run ?? s.uses ?? "");
    for (const j of [jobs.preview, jobs.up, jobs.drift]) {
      const token = names(j).findIndex((r) => r.includes("federated-token.sh"));
      const firstPulumi = names(j).findIndex((r) => /^(pulumi |\.\.\/\.github\/scripts\/(preview|drift-check)\.sh)/.test(r));
      assert.ok(token >= 0 && token < firstPulumi, "the federated token first");
    }
    const comment = jobs.preview.steps.find((s) => s.run?.includes("pr-comment.sh"));
    assert.equal(comment?.if, "${{ !cancelled() && steps.preview.outcome != 'skipped' }}");
    assert.ok(parsed.on.schedule.length === 1);
    assert.match(jobs.drift.if, /github\.event_name == 'schedule'/);
    const issue = jobs.drift.steps.find((s) => s.run?.includes("drift-issue.sh"));
    assert.equal(issue?.if, "failure() && steps.drift.outputs.drift == 'true'");
    const tokenScript = readFileSync(path.join(SCRIPTS, "federated-token.sh"), "utf8");
    for (const rule of [/mktemp "\$\{token_file\}\.XXXXXX"/, /\[ -s "\$partial" \]/, /mv -f "\$partial" "\$token_file"/, /curl [^\n]*--fail/, /jq [^\n]*--exit-status/]) assert.match(tokenScript, rule);
    assert.match(readFileSync(path.join(SCRIPTS, "drift-check.sh"), "utf8"), /pulumi preview --stack "\$stack" --refresh --expect-no-changes/);
  });

  it("export --init ships these files exactly (provider/export/init/gitops-files.ts is generated from them)", () => {
    const current = readFileSync(TEMPLATES_MODULE, "utf8");
    assert.ok(current === templatesModule(), "provider/export/init/gitops-files.ts is out of date: run `npx tsx test/gitops/sync-templates.ts`");
    for (const file of exampleFiles()) assert.equal((statSync(path.join(EXAMPLE_DIR, file.path)).mode & 0o111) !== 0, file.executable);
  });
});
