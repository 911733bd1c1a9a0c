// The Pulumi CLI starts every provider plugin in a process group of its own. When the CLI dies
// without shutting its plugins down (SIGKILL of a cancelled CI job, an out-of-memory kill), the
// dynamic-provider host lives on as an orphan and this provider inside it would carry on: waiting
// for jobs, and then sending the next configure request of an update (publish after withdraw)
// while the next `pulumi up` already works on the same offer. So the provider watches for the
// engine that started it and, once it is gone, stops the process: nothing more reaches Partner
// Center, and the next `pulumi up` resumes from what the stack and the in-flight record hold.
//
// Two signs, either enough: the parent process changed (the host was started by `exec` from the
// plugin script, so its parent is the CLI), or the engine's address, which the CLI passes the host
// as its first argument, no longer accepts connections (Pulumi's own plugin script keeps a shell
// between the two, so the parent may outlive the CLI).
import * as net from "node:net";

export interface OrphanProbe {
  /** The parent's pid now. */
  parentPid(): number;
  /** True when something accepts connections at the engine's address. */
  engineAnswers(address: string): Promise<boolean>;
}

export interface OrphanWatchOptions {
  /** `host:port` of the engine, as the CLI passed it to the host; undefined when unknown. */
  engineAddress: string | undefined;
  onOrphaned: (reason: string) => void;
  intervalMs?: number;
  probe?: OrphanProbe;
  /** Schedules the next check; the default timer never keeps the process alive by itself. */
  schedule?: (check: () => void, ms: number) => void;
}

export const systemProbe: OrphanProbe = {
  parentPid: () => process.ppid,
  engineAnswers: (address) =>
    new Promise((resolve) => {
      const colon = address.lastIndexOf(":");
      const port = Number(address.slice(colon + 1));
      if (colon <= 0 || !Number.isInteger(port)) return resolve(true);
      const socket = net.connect({ host: address.slice(0, colon), port });
      const done = (answers: boolean) => {
        socket.destroy();
        resolve(answers);
      };
      socket.setTimeout(5_000, () => done(true));
      socket.once("connect", () => done(true));
      socket.once("error", (error: NodeJS.ErrnoException) => done(error.code !== "ECONNREFUSED"));
    }),
};

/**
 * The engine's address among the host's arguments (`node <dynamic-provider> 127.0.0.1:<port>`).
 * Port 0 names no engine (a host driven without one, as in tests): nothing to watch.
 */
export function engineAddressFrom(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((a) => /^(127\.0\.0\.1|localhost|\[::1\]):[1-9]\d*$/.test(a));
}

/** Starts watching; returns a function that stops it. */
export function watchForOrphaning(options: OrphanWatchOptions): () => void {
  const probe = options.probe ?? systemProbe;
  const interval = options.intervalMs ?? 2_000;
  const schedule =
    options.schedule ??
    ((check: () => void, ms: number) => {
      setTimeout(check, ms).unref();
    });
  const parent = probe.parentPid();
  let stopped = false;
  const check = async (): Promise<void> => {
    if (stopped) return;
    let reason: string | undefined;
    if (probe.parentPid() !== parent) reason = "the Pulumi CLI that started this provider has exited";
    else if (options.engineAddress && !(await probe.engineAnswers(options.engineAddress))) {
      reason = `the Pulumi engine at ${options.engineAddress} no longer answers`;
    }
    if (stopped) return;
    if (reason) {
      stopped = true;
      options.onOrphaned(reason);
      return;
    }
    schedule(() => void check(), interval);
  };
  schedule(() => void check(), interval);
  return () => {
    stopped = true;
  };
}
