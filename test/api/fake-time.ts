import type { Timing } from "../../provider/support/timing";

/** A clock that only moves when something sleeps: waits are instant and exactly measurable. */
export class FakeTime implements Timing {
  nowMs = Date.parse("2026-11-21T09:00:00Z");
  readonly sleeps: number[] = [];
  randomValue = 0.5;
  readonly clock = { now: () => this.nowMs };
  readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.nowMs += ms;
    await new Promise((resolve) => setImmediate(resolve));
  };
  readonly random = (): number => this.randomValue;
}
