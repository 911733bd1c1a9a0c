// The README of the repository `export --init` writes: what is in it and the one-time set-up, with
// this repository's names filled in. Why each choice was made is in the package's examples/gitops.
import { PACKAGE_NAME } from "../render";
import type { RepositoryOptions } from "./repository";

/** The folder of the Pulumi program inside the repository (the workflow's `working-directory`). */
export const PROGRAM_DIR = "offers";
export const RATIONALE_URL = "https://github.com/pulumi-partnercenter/pulumi-partnercenter-private-offers/tree/main/examples/gitops";
export const ENVIRONMENT = "private-offers";

export function renderReadme(options: Pick<RepositoryOptions, "project" | "stack" | "program" | "offers" | "source">): string {
  const { project, stack, program, offers } = options;
  const count = offers.length === 1 ? "1 private offer" : `${offers.length} private offers`;
  const secrets = program.secretConfig;
  const lines = [
    `# ${project}: private offers as code`,
    "",
    `The ${count} that Partner Center held when \`${PACKAGE_NAME} export --init\` read them`,
    `(from ${options.source}), declared in a Pulumi program and converged by GitHub Actions: a preview`,
    "on every pull request, `pulumi up` on main behind a protected environment, and a daily check that",
    "Partner Center still holds what main declares. Each offer is adopted (`adoptExistingId`): the first",
    "`pulumi up` reads them and changes nothing.",
    "",
    "| path | what it is |",
    "|---|---|",
    `| \`${PROGRAM_DIR}/index.ts\` | the program: one \`PrivateOffer\` per offer; edit it to change offers |`,
    `| \`${PROGRAM_DIR}/Pulumi.yaml\`, \`package.json\`, \`tsconfig.json\` | the Pulumi project \`${project}\` (Node.js 22 or newer) |`,
    "| `.github/workflows/private-offers.yml` | the workflow: `preview`, `fork-note`, `up`, `drift` |",
    "| `.github/scripts/` | its shell steps: the federated-token refresh, the preview and its comment, the drift check and its issue |",
    "",
    `Why each part of the workflow is the way it is: [examples/gitops](${RATIONALE_URL}) in the package's repository.`,
    "",
    "## One-time set-up",
    "",
    "1. **Keep this repository private.** The program, the preview comments and the drift issues name",
    "   customers and prices.",
    `2. **Lock the dependencies.** \`cd ${PROGRAM_DIR} && npm install\`, then commit \`${PROGRAM_DIR}/package-lock.json\``,
    "   (the workflow runs `npm ci`).",
    "3. **Two Microsoft Entra applications** in the tenant linked to your Partner Center account, no client",
    "   secret for either. Under *Certificates & secrets → Federated credentials* add, for the scenario",
    "   *GitHub Actions deploying Azure resources* (issuer `https://token.actions.githubusercontent.com`,",
    "   audience `api://AzureADTokenExchange`), with `<owner>/<repository>` being this repository:",
    `   - the **reader** (say \`${project}-preview\`): entity *Pull request*`,
    "     (subject `repo:<owner>/<repository>:pull_request`), and entity *Branch* `main`",
    "     (subject `repo:<owner>/<repository>:ref:refs/heads/main`, for the scheduled drift check);",
    `   - the **writer** (say \`${project}-deploy\`): entity *Environment* \`${ENVIRONMENT}\``,
    `     (subject \`repo:<owner>/<repository>:environment:${ENVIRONMENT}\`), and nothing else.`,
    "4. **Partner Center** (*Account settings → User management → Microsoft Entra applications*): add the",
    "   writer with the **Manager** role, which Microsoft documents for this API. Add the reader with the",
    "   narrowest role your account offers that can still read private offers; Microsoft documents no",
    "   read-only role for this API, so check what the role you choose allows before you rely on it",
    "   (examples/gitops, *Least privilege*).",
    `5. **GitHub environment** \`${ENVIRONMENT}\` (*Settings → Environments*): required reviewers, *Deployment`,
    "   branches and tags* limited to `main`, and the environment variable `AZURE_DEPLOY_CLIENT_ID` = the",
    "   writer's client id.",
    "6. **Repository variables** (*Settings → Secrets and variables → Actions → Variables*; nothing here is a",
    "   secret):",
    "",
    "   | variable | value |",
    "   |---|---|",
    "   | `PULUMI_ORG` | your Pulumi Cloud organization |",
    `   | \`PULUMI_PROJECT\` | \`${project}\` (the \`name:\` of \`${PROGRAM_DIR}/Pulumi.yaml\`) |`,
    `   | \`PULUMI_STACK\` | \`${stack}\` |`,
    "   | `AZURE_TENANT_ID` | the Entra tenant of both applications |",
    "   | `AZURE_PREVIEW_CLIENT_ID` | the reader's client id |",
    "   | `PULUMI_PREVIEW_TEAM`, `PULUMI_DEPLOY_TEAM` | optional: Pulumi Cloud teams whose tokens the jobs use (Stack Read for previews and the drift check, Stack Write for `up`); without them the jobs get organization tokens |",
    "",
    "7. **Pulumi Cloud**: register GitHub (`https://token.actions.githubusercontent.com`) as an OIDC issuer of",
    "   the organization, with policies for the same subjects as the Entra applications (Pulumi's",
    "   documentation: *OIDC issuers*).",
    "8. **Branch protection** on `main`: changes through reviewed pull requests only, so the program that",
    "   `up` runs is always one a reviewer saw previewed.",
  ];
  if (secrets.length > 0) {
    lines.push(
      `9. **Secrets.** ${secrets.length === 1 ? "One offer has a terms document" : "Some offers have terms documents"} whose SAS URL must not be in the`,
      "   program. Create the stack and set each as a secret of it (copy the URLs from Partner Center):",
      "",
      "   ```sh",
      `   cd ${PROGRAM_DIR}`,
      `   pulumi stack init <your organization>/${project}/${stack}`,
      ...secrets.map((s) => `   pulumi config set --secret ${s.key} '<SAS URL of ${s.offerId} ${s.path}>'`),
      "   ```",
      "",
      `   Commit \`${PROGRAM_DIR}/Pulumi.${stack}.yaml\`: it holds the URLs encrypted.`,
    );
  }
  lines.push(
    "",
    "The first push to `main` runs `up` (after a reviewer approves it in the environment): it creates the",
    `stack \`${stack}\` when it is missing and adopts every offer, sending nothing to Partner Center.`,
    "",
    "## Day to day",
    "",
    `- Change an offer in \`${PROGRAM_DIR}/index.ts\` on a branch and open a pull request: the \`preview\` job`,
    "  comments what each change does to a customer (a live offer is withdrawn and published again, a price",
    "  goes from what to what, an accepted offer cannot change).",
    "- Merge: the `up` job waits for a reviewer of the environment, then converges Partner Center.",
    "- The `drift` job runs every day (and by hand from the Actions tab). When Partner Center changed behind",
    "  the stack's back, it fails and opens (or adds to) an issue with what differs. The provider refuses to",
    "  overwrite an offer changed outside the stack, so: run `pulumi refresh` on the stack once (with the",
    "  writer's rights), then either change the program to match what Partner Center holds, or let the",
    "  next `up` publish the declared values again.",
    "",
  );
  return lines.join("\n");
}
