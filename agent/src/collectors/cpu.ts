import { roundPercent } from '../counters.ts';

/** Jiffies spent in each state, as printed on a `cpu` line of /proc/stat. */
export type CpuTimes = {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
};

export type ProcStat = {
  total: CpuTimes;
  cores: CpuTimes[];
  bootTimeSeconds: number | null;
  /** Runnable threads, as the kernel counts them (procs_running). */
  procsRunning: number | null;
  /** Threads in uninterruptible sleep, usually waiting for I/O (procs_blocked). */
  procsBlocked: number | null;
};

export type CpuUsage = {
  usagePercent: number;
  userPercent: number;
  systemPercent: number;
  iowaitPercent: number;
  stealPercent: number;
};

/** Parses /proc/stat. Core lines keep their kernel order (cpu0, cpu1, ...). */
export function parseProcStat(text: string): ProcStat {
  let total: CpuTimes | null = null;
  const cores: CpuTimes[] = [];
  let bootTimeSeconds: number | null = null;
  let procsRunning: number | null = null;
  let procsBlocked: number | null = null;

  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const key = fields[0] ?? '';

    if (key === 'cpu') {
      total = parseCpuTimes(fields);
    } else if (/^cpu\d+$/.test(key)) {
      cores.push(parseCpuTimes(fields));
    } else if (key === 'btime') {
      bootTimeSeconds = Number(fields[1]);
    } else if (key === 'procs_running') {
      procsRunning = Number(fields[1]);
    } else if (key === 'procs_blocked') {
      procsBlocked = Number(fields[1]);
    }
  }

  if (total === null) {
    throw new Error('Invalid /proc/stat: no aggregate cpu line');
  }
  return { total, cores, bootTimeSeconds, procsRunning, procsBlocked };
}

function parseCpuTimes(fields: string[]): CpuTimes {
  const value = (index: number): number => Number(fields[index] ?? 0);
  return {
    user: value(1),
    nice: value(2),
    system: value(3),
    idle: value(4),
    iowait: value(5),
    irq: value(6),
    softirq: value(7),
    steal: value(8),
  };
}

/**
 * Computes CPU shares over the interval between two samples. Guest time is already
 * part of user time in /proc/stat, so it is not added again. User includes nice, and
 * system includes hard and soft interrupts. Returns null when no time passed or the
 * host rebooted between the samples.
 */
export function computeCpuUsage(previous: CpuTimes, current: CpuTimes): CpuUsage | null {
  // Every counter restarts from zero at boot, so a smaller sum means a reboot.
  if (sumTimes(current) < sumTimes(previous)) {
    return null;
  }

  // The kernel documents iowait as able to go down between reads, so a field that
  // decreased contributes zero instead of a negative share.
  const delta = (key: keyof CpuTimes): number => Math.max(0, current[key] - previous[key]);

  const user = delta('user') + delta('nice');
  const system = delta('system') + delta('irq') + delta('softirq');
  const idle = delta('idle');
  const iowait = delta('iowait');
  const steal = delta('steal');
  const total = user + system + idle + iowait + steal;
  if (total <= 0) {
    return null;
  }

  const share = (jiffies: number): number => roundPercent((jiffies / total) * 100);
  return {
    usagePercent: share(total - idle - iowait),
    userPercent: share(user),
    systemPercent: share(system),
    iowaitPercent: share(iowait),
    stealPercent: share(steal),
  };
}

/**
 * Computes the busy share of each core. Returns null when the core count changed
 * (CPU hotplug), because the lines no longer pair up.
 */
export function computePerCoreUsage(previous: CpuTimes[], current: CpuTimes[]): number[] | null {
  if (previous.length !== current.length || current.length === 0) {
    return null;
  }
  const usage: number[] = [];
  for (const [index, core] of current.entries()) {
    const before = previous[index];
    const result = before ? computeCpuUsage(before, core) : null;
    if (result === null) {
      return null;
    }
    usage.push(result.usagePercent);
  }
  return usage;
}

function sumTimes(times: CpuTimes): number {
  return Object.values(times).reduce((sum, value) => sum + value, 0);
}
