import { z } from 'zod';
import type { Pool } from '../db/pool.ts';
import { countsForDiskHealth } from '../health/filesystems.ts';
import { HOST_IN_RULE_SCOPE } from './rule-scope.ts';
import type { EvaluatedRule } from './rule-storage.ts';

/** How each metric of ALERT_METRICS is read, grouped by the table it comes from. */
export const METRIC_SOURCES = {
  host: ['cpu_usage', 'memory_usage', 'swap_usage', 'load_1m', 'load_5m', 'load_15m', 'process_count'],
  disk: ['disk_usage', 'disk_inode_usage'],
  network: ['network_rx_bytes', 'network_tx_bytes', 'network_errors'],
  container: ['container_cpu', 'container_memory'],
  status: ['host_down'],
} as const;
export type MetricSource = keyof typeof METRIC_SOURCES;

const valueSchema = z.object({
  ruleId: z.string(),
  hostId: z.string(),
  hostName: z.string(),
  subject: z.string(),
  value: z.number(),
  filesystem: z.string().nullable().optional(),
  readOnly: z.boolean().nullable().optional(),
  totalBytes: z.number().nullable().optional(),
});
/** The value of one rule on one host and subject (mount point, interface, container name or ''). */
export type MetricValue = { ruleId: string; hostId: string; hostName: string; subject: string; value: number };

export type ValueWindow = {
  now: Date;
  // Rules with a shorter duration aggregate over this many seconds, so that a window
  // always spans at least one report.
  minWindowSeconds: number;
};

// Hosts in each rule's scope, with the start of the rule's window. $1 rule ids,
// $2 now, $3 minimum window in seconds.
const SCOPED_HOSTS = `
  scoped AS (
    SELECT r.id AS rule_id, r.metric, r.aggregation, r.mount_point, r.interface,
           h.id AS host_id, h.name AS host_name, h.status,
           $2::timestamptz - make_interval(secs => greatest(r.duration_seconds, $3::integer)) AS window_start
    FROM alert_rules r
    JOIN hosts h ON h.project_id = r.project_id
    WHERE r.id = ANY($1::uuid[])
      AND ${HOST_IN_RULE_SCOPE}
  )`;

// The rule's aggregation of x.v; NULL when every sample lacks the value.
const AGGREGATE = `CASE s.aggregation WHEN 'avg' THEN avg(x.v) WHEN 'max' THEN max(x.v) WHEN 'min' THEN min(x.v) ELSE sum(x.v) END`;

const QUERIES: Record<MetricSource, string> = {
  host: `-- Aggregate host metrics for alert rules
    WITH ${SCOPED_HOSTS}
    SELECT s.rule_id AS "ruleId", s.host_id AS "hostId", s.host_name AS "hostName", '' AS subject, ${AGGREGATE} AS value
    FROM scoped s
    JOIN host_metrics m ON m.host_id = s.host_id AND m.recorded_at > s.window_start AND m.recorded_at <= $2 AND m.recorded_at > $4
    CROSS JOIN LATERAL (
      SELECT CASE s.metric
               WHEN 'cpu_usage' THEN m.cpu_usage_percent
               WHEN 'memory_usage' THEN m.memory_usage_percent
               WHEN 'swap_usage' THEN m.swap_usage_percent
               WHEN 'load_1m' THEN m.load_1m
               WHEN 'load_5m' THEN m.load_5m
               WHEN 'load_15m' THEN m.load_15m
               WHEN 'process_count' THEN m.processes_total::float8
             END AS v
    ) x
    GROUP BY s.rule_id, s.host_id, s.host_name, s.aggregation
    HAVING count(x.v) > 0`,

  disk: `-- Aggregate disk metrics per mount point for alert rules
    WITH ${SCOPED_HOSTS}
    SELECT s.rule_id AS "ruleId", s.host_id AS "hostId", s.host_name AS "hostName", d.mount_point AS subject, ${AGGREGATE} AS value,
           (array_agg(d.filesystem ORDER BY d.recorded_at DESC))[1] AS filesystem,
           (array_agg(d.read_only ORDER BY d.recorded_at DESC))[1] AS "readOnly",
           (array_agg(d.total_bytes ORDER BY d.recorded_at DESC))[1] AS "totalBytes"
    FROM scoped s
    JOIN disk_metrics d ON d.host_id = s.host_id AND d.recorded_at > s.window_start AND d.recorded_at <= $2 AND d.recorded_at > $4
                       AND (s.mount_point IS NULL OR d.mount_point = s.mount_point)
    CROSS JOIN LATERAL (
      SELECT CASE s.metric WHEN 'disk_usage' THEN d.usage_percent WHEN 'disk_inode_usage' THEN d.inodes_usage_percent END AS v
    ) x
    GROUP BY s.rule_id, s.host_id, s.host_name, s.aggregation, d.mount_point
    HAVING count(x.v) > 0`,

  network: `-- Aggregate network metrics per interface for alert rules
    WITH ${SCOPED_HOSTS}
    SELECT s.rule_id AS "ruleId", s.host_id AS "hostId", s.host_name AS "hostName", n.interface AS subject, ${AGGREGATE} AS value
    FROM scoped s
    JOIN network_metrics n ON n.host_id = s.host_id AND n.recorded_at > s.window_start AND n.recorded_at <= $2 AND n.recorded_at > $4
                          AND (s.interface IS NULL OR n.interface = s.interface)
    CROSS JOIN LATERAL (
      SELECT CASE s.metric
               WHEN 'network_rx_bytes' THEN n.bytes_received::float8
               WHEN 'network_tx_bytes' THEN n.bytes_sent::float8
               WHEN 'network_errors' THEN
                 CASE WHEN n.errors_in IS NULL AND n.errors_out IS NULL THEN NULL
                      ELSE (coalesce(n.errors_in, 0) + coalesce(n.errors_out, 0))::float8 END
             END AS v
    ) x
    GROUP BY s.rule_id, s.host_id, s.host_name, s.aggregation, n.interface
    HAVING count(x.v) > 0`,

  // Grouped by name, so a container recreated under the same name keeps one alert.
  container: `-- Aggregate container metrics per container name for alert rules
    WITH ${SCOPED_HOSTS}
    SELECT s.rule_id AS "ruleId", s.host_id AS "hostId", s.host_name AS "hostName", c.name AS subject, ${AGGREGATE} AS value
    FROM scoped s
    JOIN containers c ON c.host_id = s.host_id
    JOIN container_metrics cm ON cm.container_id = c.id AND cm.recorded_at > s.window_start AND cm.recorded_at <= $2 AND cm.recorded_at > $4
    CROSS JOIN LATERAL (
      SELECT CASE s.metric WHEN 'container_cpu' THEN cm.cpu_usage_percent WHEN 'container_memory' THEN cm.memory_usage_percent END AS v
    ) x
    GROUP BY s.rule_id, s.host_id, s.host_name, s.aggregation, c.name
    HAVING count(x.v) > 0`,

  // 1 for an offline host, 0 otherwise; status is kept current by the offline sweep.
  status: `-- Read host status for alert rules
    WITH ${SCOPED_HOSTS}
    SELECT s.rule_id AS "ruleId", s.host_id AS "hostId", s.host_name AS "hostName", '' AS subject,
           CASE WHEN s.status = 'offline' THEN 1 ELSE 0 END::float8 AS value
    FROM scoped s`,
};

/** Returns the source table family of a metric accepted by rule validation. */
export function metricSource(metric: string): MetricSource {
  for (const [source, metrics] of Object.entries(METRIC_SOURCES) as [MetricSource, readonly string[]][]) {
    if (metrics.includes(metric)) return source;
  }
  throw new Error(`Alert metric ${JSON.stringify(metric)} has no source`);
}

/**
 * Computes the value of every rule on every host in its scope, with one query per
 * source table that has rules. Hosts without samples in a rule's window get no value.
 * Disk rules without a mount point skip filesystems that cannot fill up (tmpfs,
 * squashfs, read-only ones). A rule that names a mount point evaluates that mount.
 */
export async function readMetricValues(pool: Pool, rules: EvaluatedRule[], window: ValueWindow): Promise<MetricValue[]> {
  const bySource = new Map<MetricSource, EvaluatedRule[]>();
  for (const rule of rules) {
    const source = metricSource(rule.metric);
    bySource.set(source, [...(bySource.get(source) ?? []), rule]);
  }

  const results = await Promise.all(
    [...bySource].map(async ([source, sourceRules]) => {
      const longestSeconds = Math.max(window.minWindowSeconds, ...sourceRules.map((rule) => rule.durationSeconds));
      // A constant lower bound lets PostgreSQL skip older partitions or chunks.
      const since = new Date(window.now.getTime() - longestSeconds * 1_000);
      const parameters: unknown[] = [sourceRules.map((rule) => rule.id), window.now, window.minWindowSeconds];
      if (source !== 'status') parameters.push(since);
      const { rows } = await pool.query(QUERIES[source], parameters);
      return rows.map((row) => valueSchema.parse(row));
    }),
  );

  const allMountRules = new Set(rules.filter((rule) => metricSource(rule.metric) === 'disk' && rule.mountPoint === null).map((rule) => rule.id));
  return results.flat().flatMap(({ filesystem, readOnly, totalBytes, ...value }) => {
    if (allMountRules.has(value.ruleId) && !countsForDiskHealth({ filesystem, readOnly, totalBytes })) return [];
    return [value];
  });
}
