/** Milliseconds since the epoch; injected so that nothing which waits depends on the wall clock in tests. */
export interface Clock {
  now(): number;
}

export type Sleep = (ms: number) => Promise<void>;

/** A number in [0, 1), as `Math.random`. */
export type Random = () => number;

export interface Timing {
  clock: Clock;
  sleep: Sleep;
  random: Random;
}

export const systemTiming: Timing = {
  clock: { now: () => Date.now() },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  random: Math.random,
};
