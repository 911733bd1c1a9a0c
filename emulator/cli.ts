// `npm run emulator -- [options]`: the emulator as a process. Options are parsed with node's
// parseArgs and checked with zod; a bad option prints what is wrong and exits 2.

import { parseArgs } from "node:util";
import * as path from "node:path";
import { z } from "zod";
import type { PublisherAccount } from "./contracts";
import {
  clientCertificateOptionFormat,
  clientOptionFormat,
  federatedCredentialOptionFormat,
  parseClientCertificateOption,
  parseClientOption,
  parseFederatedCredentialOption,
  type CertificateCredential,
  type FederatedCredential,
} from "./authority/index";
import { DEFAULT_JOB_LATENCY_MS, startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";

/** The help text, naming the command as it was invoked (`npm run emulator --`, `partnercenter-emulator`). */
export function usageFor(invokedAs: string): string {
  return usage.replace("usage: npm run emulator -- [options]", `usage: ${invokedAs} [options]`);
}

export const usage = `Partner Center product-ingestion emulator (with an Entra-compatible token endpoint)

usage: npm run emulator -- [options]

options:
  --port <n>                     port to listen on; 0 picks any free port (default 0)
  --host <address>               address to listen on (default 127.0.0.1)
  --job-latency-ms <n>           time from a configure POST to its job completing (default ${DEFAULT_JOB_LATENCY_MS})
  --tls                          serve HTTPS with a certificate made at start; prints "ca certificate: <path>"
  --tls-dir <directory>          where --tls writes its CA certificate (default a new temporary directory)
  --data <file>                  keep state in <file> (and <file>.journal) across restarts, every change
                                 flushed before it is answered (default: in memory only)
  --client ${clientOptionFormat}
                                 register an application for publisher account <sellerId>;
                                 repeatable; replaces the two default applications
  --client-certificate ${clientCertificateOptionFormat}
                                 let <clientId> authenticate with a client assertion signed by this
                                 certificate's key; repeatable
  --federated-credential ${federatedCredentialOptionFormat}
                                 let <clientId> authenticate with an external OIDC token (GitHub Actions,
                                 workload identity) from <issuer> for <subject>; repeatable
  --token-lifetime-seconds <n>   lifetime of issued access tokens (default 3600)
  --max-body-bytes <n>           limit on request bodies (default 1048576)
  --help                         print this help and exit
`;

export class CliUsageError extends Error {}

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `--${name} must be a whole number` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `--${name} must be at least ${min}` }).max(max, { error: `--${name} must be at most ${max}` }));

const cliSchema = z.object({
  port: wholeNumber("port", 0, 65535).optional(),
  host: z.string().min(1, { error: "--host must not be empty" }).optional(),
  "job-latency-ms": wholeNumber("job-latency-ms", 0, 24 * 3600 * 1000).optional(),
  tls: z.boolean().optional(),
  "tls-dir": z.string().min(1).optional(),
  data: z.string().min(1, { error: "--data needs a file path" }).optional(),
  client: z.array(z.string()).optional(),
  "client-certificate": z.array(z.string()).optional(),
  "federated-credential": z.array(z.string()).optional(),
  "token-lifetime-seconds": wholeNumber("token-lifetime-seconds", 1, 7 * 24 * 3600).optional(),
  "max-body-bytes": wholeNumber("max-body-bytes", 1024, 64 * 1024 * 1024).optional(),
  help: z.boolean().optional(),
});

export type CliCommand = { kind: "help" } | { kind: "start"; options: EmulatorOptions };

function parseEach<T>(values: string[] | undefined, parse: (value: string) => T): T[] {
  return (values ?? []).map((value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new CliUsageError((error as Error).message);
    }
  });
}

/** Turns argv (without node and the script) into what to do; throws CliUsageError on bad options. */
export function parseCli(argv: string[]): CliCommand {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "job-latency-ms": { type: "string" },
        tls: { type: "boolean" },
        "tls-dir": { type: "string" },
        data: { type: "string" },
        client: { type: "string", multiple: true },
        "client-certificate": { type: "string", multiple: true },
        "federated-credential": { type: "string", multiple: true },
        "token-lifetime-seconds": { type: "string" },
        "max-body-bytes": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const parsed = cliSchema.safeParse(values);
  if (!parsed.success) {
    throw new CliUsageError(parsed.error.issues.map((issue) => issue.message).join("; "));
  }
  const o = parsed.data;
  if (o.help) return { kind: "help" };
  const clients: PublisherAccount[] = parseEach(o.client, parseClientOption);
  const certificates: CertificateCredential[] = parseEach(o["client-certificate"], (v) => parseClientCertificateOption(v));
  const federated: FederatedCredential[] = parseEach(o["federated-credential"], (v) => parseFederatedCredentialOption(v));
  const options: EmulatorOptions = {
    port: o.port ?? 0,
    ...(o.host !== undefined ? { host: o.host } : {}),
    ...(o["job-latency-ms"] !== undefined ? { jobLatencyMs: o["job-latency-ms"] } : {}),
    ...(o.tls ? { tls: true } : {}),
    ...(o["tls-dir"] !== undefined ? { tlsDirectory: path.resolve(o["tls-dir"]) } : {}),
    ...(o.data !== undefined ? { dataFile: path.resolve(o.data) } : {}),
    ...(clients.length > 0 ? { clients } : {}),
    ...(certificates.length > 0 ? { certificates } : {}),
    ...(federated.length > 0 ? { federated } : {}),
    ...(o["token-lifetime-seconds"] !== undefined ? { tokenLifetimeSeconds: o["token-lifetime-seconds"] } : {}),
    ...(o["max-body-bytes"] !== undefined ? { maxBodyBytes: o["max-body-bytes"] } : {}),
  };
  return { kind: "start", options };
}

/** What the emulator prints once it is ready; the last line is the one scripts wait for. */
export function startupLines(emulator: RunningEmulator, options: EmulatorOptions): string[] {
  const lines = ["registered applications (emulator test credentials, valid only against this emulator):"];
  for (const account of emulator.accounts) {
    lines.push(
      `  ${account.displayName}`,
      `    sellerId:      ${account.sellerId}`,
      `    tenant:        ${account.tenantId}`,
      `    client id:     ${account.clientId}`,
      `    client secret: ${account.clientSecret}`,
    );
  }
  lines.push(`api base url: ${emulator.apiBaseUrl}`);
  lines.push(`job latency: ${options.jobLatencyMs ?? DEFAULT_JOB_LATENCY_MS} ms`);
  lines.push(options.dataFile ? `data file: ${options.dataFile}` : "data: in memory (use --data <file> to keep it)");
  if (emulator.caCertPath) lines.push(`ca certificate: ${emulator.caCertPath}`);
  lines.push(`listening on ${emulator.url}`);
  return lines;
}

/** Runs the emulator until SIGINT or SIGTERM; `invokedAs` names the command in help and errors. */
export async function main(argv: string[], invokedAs = "npm run emulator --"): Promise<void> {
  let command: CliCommand;
  try {
    command = parseCli(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`emulator: ${error.message}\nrun with --help to see every option\n`);
    process.exit(2);
  }
  if (command.kind === "help") {
    process.stdout.write(usageFor(invokedAs));
    return;
  }
  const emulator = await startEmulator(command.options);
  process.stdout.write(`${startupLines(emulator, command.options).join("\n")}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`emulator: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
