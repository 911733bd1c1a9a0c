// `export --init <dir>`: the whole repository around the exported program. Pure: the same offers
// and names give the same files, so running it again on unchanged offers changes nothing.
import type { ExportedOffer } from "../offer-args";
import { PACKAGE_NAME, type RenderedProgram } from "../render";
import { GITOPS_FILES } from "./gitops-files";
import type { DependencyPins } from "./manifest";
import { PROGRAM_DIR, renderReadme } from "./readme";

export interface RepositoryFile {
  /** Relative to the repository's root, with "/". */
  path: string;
  text: string;
  executable: boolean;
}

export interface RepositoryOptions {
  project: string;
  stack: string;
  program: RenderedProgram;
  offers: readonly ExportedOffer[];
  pins: DependencyPins;
  /** Where the offers came from (an endpoint URL; never a credential). */
  source: string;
}

export { PROGRAM_DIR };

/** A Pulumi project name from a directory's name: lower-case words joined by "-". */
export function projectNameFor(dir: string): string {
  const base = dir.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? "";
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 100);
  return slug || "private-offers";
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function repositoryFiles(options: RepositoryOptions): RepositoryFile[] {
  const { project, pins } = options;
  const file = (path: string, text: string): RepositoryFile => ({ path, text, executable: false });
  return [
    file("README.md", renderReadme(options)),
    file(".gitignore", ["node_modules/", `${PROGRAM_DIR}/bin/`, "# The provider's records of creates in flight stay on the machine (and in the Actions cache).", ".partnercenter/", ""].join("\n")),
    ...GITOPS_FILES.map((f) => ({ path: f.path, text: f.text, executable: f.executable })),
    file(
      `${PROGRAM_DIR}/Pulumi.yaml`,
      [
        `name: ${project}`,
        `description: Private offers in Microsoft Partner Center, declared with ${PACKAGE_NAME}`,
        "runtime:",
        "  name: nodejs",
        "  options:",
        "    packagemanager: npm",
        "",
      ].join("\n"),
    ),
    file(
      `${PROGRAM_DIR}/package.json`,
      json({
        name: project,
        private: true,
        main: "index.ts",
        scripts: { typecheck: "tsc --noEmit" },
        engines: { node: pins.node },
        dependencies: { "@pulumi/pulumi": pins.pulumi, [PACKAGE_NAME]: `^${pins.packageVersion}` },
        devDependencies: { "@types/node": pins.nodeTypes, typescript: pins.typescript },
      }),
    ),
    file(
      `${PROGRAM_DIR}/tsconfig.json`,
      json({
        compilerOptions: {
          strict: true,
          outDir: "bin",
          target: "ES2022",
          module: "node16",
          moduleResolution: "node16",
          sourceMap: true,
          forceConsistentCasingInFileNames: true,
          noFallthroughCasesInSwitch: true,
          skipLibCheck: true,
          types: ["node"],
        },
        files: ["index.ts"],
      }),
    ),
    file(`${PROGRAM_DIR}/index.ts`, options.program.text),
  ];
}
