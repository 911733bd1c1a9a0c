// The environment of every Pulumi CLI process the project starts (demo, benchmarks, real-CLI
// suites): its own PULUMI_HOME and file backend, a passphrase secrets provider, no plugin downloads,
// no update check, and no route to the internet (a proxy that refuses everything but loopback,
// where the emulator listens), trusting the emulator's TLS certificate.
import * as path from "node:path";

export interface CliPaths {
  /** The file backend's folder. */
  stateDir: string;
  /** PULUMI_HOME: plugins, workspaces and the CLI's logs. */
  home: string;
  /** The folder holding `pulumi` and `pulumi-resource-pulumi-nodejs`. */
  cliDir: string;
  /** The emulator's CA certificate under TLS. */
  caCertPath?: string;
  /** Protects only local, throw-away state. */
  passphrase: string;
}

/** What every CLI process gets, whatever its stack: its home, no downloads, no route but loopback. */
export function offlineCliEnvironment(paths: Pick<CliPaths, "home" | "cliDir">): Record<string, string> {
  return {
    PULUMI_HOME: paths.home,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
    HTTPS_PROXY: "http://127.0.0.1:9",
    HTTP_PROXY: "http://127.0.0.1:9",
    NO_PROXY: "127.0.0.1,localhost,::1",
    PATH: `${paths.cliDir}${path.delimiter}${process.env["PATH"] ?? ""}`,
  };
}

export function cliEnvironment(paths: CliPaths): Record<string, string> {
  return {
    ...offlineCliEnvironment(paths),
    PULUMI_BACKEND_URL: `file://${paths.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: paths.passphrase,
    ...(paths.caCertPath ? { NODE_EXTRA_CA_CERTS: paths.caCertPath } : {}),
  };
}
