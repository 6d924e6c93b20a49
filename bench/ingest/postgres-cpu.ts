// CPU time of the PostgreSQL backends serving one database, read from /proc (Linux, and
// the benchmark must run as the PostgreSQL user or root). Requests/s moves with whatever
// else the machine runs; the CPU each side spends per report mostly does not.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type pg from 'pg';

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

export type BackendCpu = Map<number, number>;

/** Returns the CPU milliseconds each backend connected to the pool's database has used so far. */
export async function readBackendCpu(pool: pg.Pool): Promise<BackendCpu> {
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
  );
  const usage: BackendCpu = new Map();
  for (const { pid } of rows) {
    const milliseconds = processCpuMs(pid);
    if (milliseconds !== null) usage.set(pid, milliseconds);
  }
  return usage;
}

/**
 * Returns the CPU milliseconds the backends used between two readings. A backend that
 * started in between counts whole; one that exited in between is missed, so the figure
 * is a lower bound. The pool keeps its connections while it is busy, so few exit.
 */
export function backendCpuBetween(before: BackendCpu, after: BackendCpu): number {
  let total = 0;
  for (const [pid, milliseconds] of after) total += milliseconds - (before.get(pid) ?? 0);
  return total;
}

// Fields 14 and 15 of /proc/<pid>/stat are user and system time in clock ticks. The
// command name (field 2) is in parentheses and may contain spaces, so fields are counted
// from the closing parenthesis.
function processCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000) / CLOCK_TICKS_PER_SECOND;
}
