// `pulumi-partnercenter-private-offers export`: the command-line entry (bin/ calls `main`). Exit
// codes: 0 done, 1 the export failed, 2 a mistake in the command line.
import { PartnerCenterClient } from "../api/client";
import { PartnerCenterError } from "../config/errors";
import { redact } from "../config/redact";
import { resolveSettings, type EnvironmentSource } from "../config/settings";
import { OutputExistsError, runExport } from "./command";
import { parseCommand, USAGE, UsageError } from "./options";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (line: string) => void;
  env: EnvironmentSource;
  cwd: string;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
};

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.kind === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    const settings = resolveSettings(command.options.settings, io.env);
    const client = new PartnerCenterClient(settings);
    await runExport(command.options, { client, stdout: io.stdout, stderr: io.stderr, source: settings.endpoint, cwd: io.cwd });
    return 0;
  } catch (error) {
    if (error instanceof PartnerCenterError || error instanceof OutputExistsError) {
      io.stderr(`error: ${error.message}`);
      return 1;
    }
    io.stderr(`error: ${redact(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${redact(String(error))}\n`);
      process.exitCode = 1;
    },
  );
}
