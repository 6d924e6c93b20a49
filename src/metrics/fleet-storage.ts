import type pg from 'pg';
import { z } from 'zod';

// Hosts whose latest values are current: offline hosts keep their last sample, which
// would skew averages and rankings, and unknown hosts never reported.
const CURRENT_STATUSES = ['online', 'warning', 'critical'];

const groupCountSchema = z.object({ dimension: z.enum(['status', 'environment', 'role', 'cloudProvider']), value: z.string().nullable(), count: z.number() });
export type GroupCount = z.infer<typeof groupCountSchema>;

const topHostSchema = z.object({ hostId: z.string(), name: z.string(), value: z.number() });
export type TopHost = z.infer<typeof topHostSchema>;

const summarySchema = z.object({
  counts: z.array(groupCountSchema),
  averageCpu: z.number().nullable(),
  averageMemory: z.number().nullable(),
  averageLoad: z.number().nullable(),
  topCpu: z.array(topHostSchema),
  topMemory: z.array(topHostSchema),
});
export type FleetSummary = z.infer<typeof summarySchema>;

// The top hosts are read from host_latest in the order of its usage indexes (migration
// 0030), so a ranking visits a few index entries instead of sorting the whole fleet.
function topHostsJson(column: 'cpu_usage_percent' | 'memory_usage_percent'): string {
  return `(SELECT coalesce(json_agg(top ORDER BY top.value DESC, top."hostId"), '[]')
       FROM (SELECT hl.host_id AS "hostId", h.name, hl.${column} AS value
             FROM host_latest hl
             JOIN hosts h ON h.id = hl.host_id
             WHERE h.project_id = $1 AND h.status = ANY($2) AND hl.${column} IS NOT NULL
             ORDER BY hl.${column} DESC, hl.host_id
             LIMIT $3) top)`;
}

// Hosts are first grouped by all four dimensions at once, which hashes each host once.
// The grouping sets then roll up these few combinations instead of hashing every host
// four times. Averages are kept as sums and counts per combination so they roll up too.
const FLEET_SUMMARY_SQL = `-- Fleet summary
  WITH combinations AS (
    SELECT h.status, h.environment, h.role, h.cloud_provider, count(*) AS hosts,
           sum(hl.cpu_usage_percent) AS cpu_sum, count(hl.cpu_usage_percent) AS cpu_count,
           sum(hl.memory_usage_percent) AS memory_sum, count(hl.memory_usage_percent) AS memory_count,
           sum(hl.load_1m) AS load_sum, count(hl.load_1m) AS load_count
    FROM hosts h
    LEFT JOIN host_latest hl ON hl.host_id = h.id
    WHERE h.project_id = $1
    GROUP BY h.status, h.environment, h.role, h.cloud_provider
  ),
  rolled_up AS (
    SELECT CASE
             WHEN GROUPING(status) = 0 THEN 'status'
             WHEN GROUPING(environment) = 0 THEN 'environment'
             WHEN GROUPING(role) = 0 THEN 'role'
             WHEN GROUPING(cloud_provider) = 0 THEN 'cloudProvider'
           END AS dimension,
           coalesce(status, environment, role, cloud_provider) AS value,
           sum(hosts)::int AS count,
           (sum(cpu_sum) FILTER (WHERE status = ANY($2)) / nullif(sum(cpu_count) FILTER (WHERE status = ANY($2)), 0))::float8 AS cpu,
           (sum(memory_sum) FILTER (WHERE status = ANY($2)) / nullif(sum(memory_count) FILTER (WHERE status = ANY($2)), 0))::float8 AS memory,
           (sum(load_sum) FILTER (WHERE status = ANY($2)) / nullif(sum(load_count) FILTER (WHERE status = ANY($2)), 0))::float8 AS load
    FROM combinations
    GROUP BY GROUPING SETS ((status), (environment), (role), (cloud_provider), ())
  )
  SELECT coalesce((SELECT json_agg(json_build_object('dimension', dimension, 'value', value, 'count', count))
                   FROM rolled_up WHERE dimension IS NOT NULL), '[]') AS counts,
         (SELECT cpu FROM rolled_up WHERE dimension IS NULL) AS "averageCpu",
         (SELECT memory FROM rolled_up WHERE dimension IS NULL) AS "averageMemory",
         (SELECT load FROM rolled_up WHERE dimension IS NULL) AS "averageLoad",
         ${topHostsJson('cpu_usage_percent')} AS "topCpu",
         ${topHostsJson('memory_usage_percent')} AS "topMemory"`;

/**
 * Counts a project's hosts by status, environment, role and cloud provider, averages the
 * current values and ranks the top `limit` hosts by CPU and by memory, in one statement.
 */
export async function fleetSummary(pool: pg.Pool, projectId: string, limit: number): Promise<FleetSummary> {
  const { rows } = await pool.query(FLEET_SUMMARY_SQL, [projectId, CURRENT_STATUSES, limit]);
  return summarySchema.parse(rows[0]);
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
