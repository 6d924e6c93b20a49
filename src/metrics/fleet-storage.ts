import type pg from 'pg';
import { z } from 'zod';

// Hosts whose latest values are current: offline hosts keep their last sample, which
// would skew averages and rankings, and unknown hosts never reported.
const CURRENT_STATUSES = ['online', 'warning', 'critical'];

const groupCountSchema = z.object({ dimension: z.enum(['status', 'environment', 'role', 'cloudProvider']), value: z.string().nullable(), count: z.number() });
export type GroupCount = z.infer<typeof groupCountSchema>;

/** Counts a project's hosts by status, environment, role and cloud provider in one pass. */
export async function countHostsByDimension(pool: pg.Pool, projectId: string): Promise<GroupCount[]> {
  const { rows } = await pool.query(
    `-- Fleet host counts
     SELECT CASE
              WHEN GROUPING(status) = 0 THEN 'status'
              WHEN GROUPING(environment) = 0 THEN 'environment'
              WHEN GROUPING(role) = 0 THEN 'role'
              ELSE 'cloudProvider'
            END AS dimension,
            coalesce(status, environment, role, cloud_provider) AS value,
            count(*) AS count
     FROM hosts
     WHERE project_id = $1
     GROUP BY GROUPING SETS ((status), (environment), (role), (cloud_provider))`,
    [projectId],
  );
  return rows.map((row) => groupCountSchema.parse(row));
}

const averagesSchema = z.object({
  averageCpu: z.number().nullable(),
  averageMemory: z.number().nullable(),
  averageLoad: z.number().nullable(),
  totalCpuCores: z.number(),
  totalMemoryBytes: z.number(),
  hosts: z.number(),
});
export type FleetAverages = z.infer<typeof averagesSchema>;

/** Averages and totals over the hosts with current values, from host_latest only. */
export async function currentAverages(pool: pg.Pool, projectId: string): Promise<FleetAverages> {
  const { rows } = await pool.query(
    `-- Fleet current averages
     SELECT avg(hl.cpu_usage_percent)::float8 AS "averageCpu",
            avg(hl.memory_usage_percent)::float8 AS "averageMemory",
            avg(hl.load_1m)::float8 AS "averageLoad",
            coalesce(sum(coalesce(h.cpu_threads, h.cpu_cores)), 0) AS "totalCpuCores",
            coalesce(sum(h.memory_total_bytes), 0) AS "totalMemoryBytes",
            count(*) AS hosts
     FROM hosts h
     LEFT JOIN host_latest hl ON hl.host_id = h.id
     WHERE h.project_id = $1 AND h.status = ANY($2)`,
    [projectId, CURRENT_STATUSES],
  );
  return averagesSchema.parse(rows[0]);
}

const topHostSchema = z.object({ hostId: z.string(), name: z.string(), value: z.number() });
export type TopHost = z.infer<typeof topHostSchema>;

const TOP_COLUMNS = { cpu: 'cpu_usage_percent', memory: 'memory_usage_percent' } as const;

/** Selects the hosts with the highest latest CPU or memory usage. host_latest has one row per host, so none repeats. */
export async function topHosts(pool: pg.Pool, projectId: string, metric: keyof typeof TOP_COLUMNS, limit: number): Promise<TopHost[]> {
  const column = TOP_COLUMNS[metric];
  const { rows } = await pool.query(
    `-- Fleet top hosts
     SELECT h.id AS "hostId", h.name, hl.${column} AS value
     FROM hosts h
     JOIN host_latest hl ON hl.host_id = h.id
     WHERE h.project_id = $1 AND h.status = ANY($2) AND hl.${column} IS NOT NULL
     ORDER BY hl.${column} DESC, h.id
     LIMIT $3`,
    [projectId, CURRENT_STATUSES, limit],
  );
  return rows.map((row) => topHostSchema.parse(row));
}
