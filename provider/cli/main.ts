// The package's command (`pulumi-partnercenter-private-offers`, bin/ calls `main`): `export` and
// `status`, sharing the settings flags. Exit codes: 0 done, 1 the command failed (the message says
// why), 2 a mistake in the command line (the message says which option, then the usage).
import { PartnerCenterClient } from "../api/client";
import { PartnerCenterError } from "../support/errors";
import { redact } from "../support/redact";
import { resolveSettings, type EnvironmentSource } from "../config/settings";
import { OutputExistsError, runExport } from "../export/command";
import { parseExportArgs, USAGE as EXPORT_USAGE } from "../export/options";
import { runStatus } from "../status/command";
import { parseStatusArgs, STATUS_USAGE } from "../status/options";
import { inFlagTerms } from "./settings-flags";
import { UsageError } from "./usage";

export const COMMAND = "pulumi-partnercenter-private-offers";

export const USAGE = `Usage: ${COMMAND} <command> [options]

Commands:
  export    write a Pulumi program adopting the private offers that exist (--init: a whole repository)
  status    report every private offer's state, dates and acceptance progress, and what needs attention
            (Markdown, JSON, or an SVG timeline)

Run \`${COMMAND} <command> --help\` for a command's options.`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (line: string) => void;
  env: EnvironmentSource;
  cwd: string;
  readStdin?: () => Promise<string>;
  now?: () => Date;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
  return text;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
  readStdin: () => readAll(process.stdin),
  now: () => new Date(),
};

function clientFor(settings: Record<string, string>, env: EnvironmentSource): { client: PartnerCenterClient; endpoint: string } {
  const resolved = resolveSettings(settings, env);
  return { client: new PartnerCenterClient(resolved), endpoint: resolved.endpoint };
}

/** A command: its usage, and its arguments read into the work to do ("help" for --help). */
interface Command {
  usage: string;
  prepare(rest: readonly string[], io: CliIo): "help" | (() => Promise<void>);
}

const COMMANDS: Readonly<Record<string, Command>> = {
  export: {
    usage: EXPORT_USAGE,
    prepare(rest, io) {
      const parsed = parseExportArgs(rest);
      if (parsed.kind === "help") return "help";
      return async () => {
        const { client, endpoint } = clientFor(parsed.options.settings, io.env);
        await runExport(parsed.options, { client, stdout: io.stdout, stderr: io.stderr, source: endpoint, cwd: io.cwd });
      };
    },
  },
  status: {
    usage: STATUS_USAGE,
    prepare(rest, io) {
      const parsed = parseStatusArgs(rest);
      if (parsed.kind === "help") return "help";
      return async () => {
        const { client } = clientFor(parsed.options.settings, io.env);
        await runStatus(parsed.options, {
          client,
          stdout: io.stdout,
          stderr: io.stderr,
          cwd: io.cwd,
          readStdin: io.readStdin ?? (() => readAll(process.stdin)),
          now: io.now ?? (() => new Date()),
        });
      };
    },
  },
};

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (name === undefined) throw new UsageError("no command given");
    if (!command) throw new UsageError(`unknown command "${name}": the commands are ${Object.keys(COMMANDS).join(" and ")}`);
    const run = command.prepare(rest, io);
    if (run === "help") {
      io.stdout(`${command.usage}\n`);
      return 0;
    }
    return await failuresToExitCode(io, run);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n\n${command?.usage ?? USAGE}`);
    return 2;
  }
}

/** Runs a command; a failure becomes its message (settings named by their flags) and exit code 1. */
async function failuresToExitCode(io: CliIo, run: () => Promise<void>): Promise<number> {
  try {
    await run();
    return 0;
  } catch (error) {
    if (error instanceof PartnerCenterError || error instanceof OutputExistsError) {
      io.stderr(`error: ${inFlagTerms(error.message)}`);
      return 1;
    }
    // A defect shows where it happened; anything else (a file that cannot be read, an answer the
    // command cannot use) says what happened.
    const defect = error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError;
    const text = error instanceof Error ? (defect ? (error.stack ?? error.message) : error.message) : String(error);
    io.stderr(`error: ${inFlagTerms(redact(text))}`);
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
