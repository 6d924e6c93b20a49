import type pg from 'pg';
import { z } from 'zod';

const processRowSchema = z.object({
  hostId: z.string(),
  recordedAt: z.date(),
  pid: z.number().int(),
  ppid: z.number().int().nullable(),
  name: z.string(),
  command: z.string().nullable(),
  userName: z.string().nullable(),
  state: z.string().nullable(),
  cpuPercent: z.number().nullable(),
  memoryPercent: z.number().nullable(),
  memoryRssBytes: z.number().nullable(),
  memoryVmsBytes: z.number().nullable(),
  ioReadBytes: z.number().nullable(),
  ioWriteBytes: z.number().nullable(),
  threadsCount: z.number().int().nullable(),
  fdCount: z.number().int().nullable(),
  cpuTimeMs: z.number().nullable(),
  startedAt: z.date().nullable(),
});
export type ProcessRow = z.infer<typeof processRowSchema>;

/**
 * Reads the process snapshot each host sent with its newest report, for many hosts in
 * one query. Hosts without one get an empty list.
 */
export async function latestProcesses(pool: pg.Pool, hostIds: readonly string[]): Promise<Map<string, ProcessRow[]>> {
  const { rows } = await pool.query(
    `-- Latest process snapshots
     SELECT p.host_id AS "hostId", p.recorded_at AS "recordedAt", p.pid, p.ppid, p.name, p.command,
            p.user_name AS "userName", p.state, p.cpu_percent AS "cpuPercent", p.memory_percent AS "memoryPercent",
            p.memory_rss_bytes AS "memoryRssBytes", p.memory_vms_bytes AS "memoryVmsBytes",
            p.io_read_bytes AS "ioReadBytes", p.io_write_bytes AS "ioWriteBytes",
            p.threads_count AS "threadsCount", p.fd_count AS "fdCount", p.cpu_time_ms AS "cpuTimeMs",
            p.started_at AS "startedAt"
     FROM host_latest hl
     JOIN process_snapshots p ON p.host_id = hl.host_id AND p.recorded_at = hl.recorded_at
     WHERE hl.host_id = ANY($1::uuid[])`,
    [hostIds],
  );
  const byHost = new Map<string, ProcessRow[]>(hostIds.map((id) => [id, []]));
  for (const row of rows) {
    const process = processRowSchema.parse(row);
    byHost.get(process.hostId)?.push(process);
  }
  return byHost;
}

export type ProcessSort = 'cpu' | 'memory';

/** Sorts processes by CPU or memory share, highest first, and keeps the first `limit`. */
export function topProcesses(processes: readonly ProcessRow[], sortBy: ProcessSort, limit: number): ProcessRow[] {
  const value = (process: ProcessRow) => (sortBy === 'cpu' ? process.cpuPercent : process.memoryPercent) ?? -1;
  return [...processes].sort((a, b) => value(b) - value(a) || a.pid - b.pid).slice(0, limit);
}
