// Proves that code makes no network call: while `withoutNetwork` runs, every outgoing socket
// connection (http, https, axios, fetch/undici, msal: they all end in net.Socket#connect) is
// recorded and refused.

import net from "node:net";

export interface NetworkAttempts {
  /** One entry per refused connection attempt, e.g. `127.0.0.1:443`. */
  attempts: string[];
}

export async function withoutNetwork<T>(work: () => T | Promise<T>): Promise<{ result: T } & NetworkAttempts> {
  const attempts: string[] = [];
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function refusedConnect(this: net.Socket, ...args: unknown[]) {
    const [first, second] = args as [unknown, unknown];
    const target =
      first !== null && typeof first === "object"
        ? `${String((first as { host?: unknown }).host ?? (first as { path?: unknown }).path ?? "?")}:${String((first as { port?: unknown }).port ?? "")}`
        : `${String(second ?? "localhost")}:${String(first)}`;
    attempts.push(target);
    throw new Error(`network access during a check (${target})`);
  } as typeof original;
  try {
    return { result: await work(), attempts };
  } finally {
    net.Socket.prototype.connect = original;
  }
}
