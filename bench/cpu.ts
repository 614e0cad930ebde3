// CPU time spent by each process of the system (and the benchmark itself) over a stretch of a run, from
// /proc: where a phase's work went, so a figure says how much is our code and how much the machine.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

function cpuMsOf(pid: number): number {
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

export type CpuUse = Record<string, number>;

/** Each process's CPU milliseconds so far; `benchmark` is this process. */
export function cpuNow(pids: Record<string, number>): CpuUse {
  const use: CpuUse = {};
  for (const [part, pid] of Object.entries(pids)) use[part] = cpuMsOf(pid);
  const self = process.cpuUsage();
  use.benchmark = (self.user + self.system) / 1000;
  return use;
}

/** What each process spent between two readings. */
export function cpuSince(before: CpuUse, after: CpuUse): CpuUse {
  return Object.fromEntries(Object.entries(after).map(([part, ms]) => [part, ms - (before[part] ?? 0)]));
}

/**
 * Waits until the system's processes (not this one) used under `busyShare` of one core over a `windowMs` window,
 * for up to `limitMs`: the work the previous phase led to (mail, the processes taking its clicks) is done. Whether
 * it was is returned, so a run that never settled says so.
 */
export async function settled(
  pids: Record<string, number>,
  { windowMs = 250, busyShare = 0.1, limitMs = 30_000 } = {},
): Promise<boolean> {
  const systemMs = () =>
    Object.entries(cpuNow(pids))
      .filter(([part]) => part !== 'benchmark')
      .reduce((sum, [, ms]) => sum + ms, 0);
  const until = performance.now() + limitMs;
  while (performance.now() < until) {
    const before = systemMs();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if (systemMs() - before < windowMs * busyShare) return true;
  }
  return false;
}

/** Adds `more` into `total`. */
export function addCpu(total: CpuUse, more: CpuUse): void {
  for (const [part, ms] of Object.entries(more)) total[part] = (total[part] ?? 0) + ms;
}
