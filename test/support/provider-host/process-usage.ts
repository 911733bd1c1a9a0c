// CPU time and memory of another process, read from Linux procfs: the provider host is a child
// process, so `process.resourceUsage()` cannot see it. utime/stime count every thread of the
// process in clock ticks (usually 10 ms), so compare totals over many operations, not one.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ProcessUsage {
  /** User plus system CPU time since the process started. */
  cpuMs: number;
  /** Resident set size now. */
  rssBytes: number;
  /** Highest resident set size so far (VmHWM). */
  peakRssBytes: number;
}

let clockTicksPerSecond: number | undefined;

function ticksPerSecond(): number {
  if (clockTicksPerSecond === undefined) {
    try {
      clockTicksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  return clockTicksPerSecond;
}

/** Usage of process `pid`, or undefined where procfs is not available (the figures are then unknown, not zero). */
export function readProcessUsage(pid: number): ProcessUsage | undefined {
  let stat: string;
  let status: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  // The command name in field 2 may contain spaces; the numeric fields start after its closing ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return {
    cpuMs: ((utime + stime) * 1000) / ticksPerSecond(),
    rssBytes: statusKilobytes(status, "VmRSS") * 1024,
    peakRssBytes: statusKilobytes(status, "VmHWM") * 1024,
  };
}

function statusKilobytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}
