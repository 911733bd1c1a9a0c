// Runs one Pulumi command on an existing stack from a child process, so that a suite can kill the
// whole process group (this process, the `pulumi` CLI it starts, and the CLI's plugins) the way a
// CI runner's cancellation or an out-of-memory kill ends a job. The spec arrives as JSON in argv[2];
// everything the CLI prints goes to this process's stdout.
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { pulumiCommand } from "../../../scripts/cli/toolchain";
import { loadProgram, type ProgramRef } from "./stack";

export interface ChildRunSpec {
  command: "up" | "preview" | "refresh" | "destroy";
  workDir: string;
  stackName: string;
  projectName: string;
  program: ProgramRef;
  env: Record<string, string>;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? "{}") as ChildRunSpec;
  const stack = await LocalWorkspace.selectStack(
    { stackName: spec.stackName, projectName: spec.projectName, program: loadProgram(spec.program) },
    { workDir: spec.workDir, pulumiCommand: await pulumiCommand(), envVars: spec.env },
  );
  const onOutput = (text: string) => process.stdout.write(text);
  await stack[spec.command]({ onOutput, onError: onOutput });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stdout.write(`\nchild run failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
