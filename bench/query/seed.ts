import type pg from 'pg';
import { ROLLUP_LEVELS } from '../../src/jobs/rollup-definitions.ts';
import { rollUp } from '../../src/jobs/rollups.ts';

export const HOST_COUNT = 10_000;
export const SERIES_DAYS = 30;
export const SAMPLE_SECONDS = 10;

/** The hosts page case: GraphQL and the bare SQL that reads the same data. */
export const HOSTS_PAGE_QUERY = '{ hosts(first: 100) { edges { cursor node { id name status cpuUsage memoryUsage lastSeenAt disks { mountPoint usagePercent } } } } }';
export const BARE_HOSTS_PAGE_SQL = `SELECT h.id, h.name, h.status, h.last_seen_at, hl.cpu_usage_percent, hl.memory_usage_percent,
        (SELECT json_agg(json_build_object('mountPoint', d.mount_point, 'usagePercent', d.usage_percent)) FROM disk_latest d WHERE d.host_id = h.id) AS disks
 FROM hosts h LEFT JOIN host_latest hl ON hl.host_id = h.id
 WHERE h.project_id = $1 ORDER BY h.name, h.id LIMIT 100`;

/**
 * Fills a fresh database: one project, HOST_COUNT hosts with their latest values and
 * one disk each, and one host with SERIES_DAYS days of samples every SAMPLE_SECONDS.
 * Returns the project id and the id of the host that has the series.
 */
export async function seedBenchData(pool: pg.Pool): Promise<{ projectId: string; seriesHostId: string }> {
  const { rows: projects } = await pool.query<{ id: string }>(
    "INSERT INTO projects (name, slug) VALUES ('bench', 'bench') RETURNING id",
  );
  const projectId = projects[0]!.id;

  await pool.query(
    `INSERT INTO hosts (project_id, name, hostname, agent_id, status, environment, role, cloud_provider,
                        cpu_cores, memory_total_bytes, last_seen_at)
     SELECT $1, 'host-' || lpad(i::text, 5, '0'), 'host-' || i, 'agent-' || i,
            (ARRAY['online', 'online', 'online', 'warning', 'critical', 'offline'])[1 + i % 6],
            (ARRAY['prod', 'staging', 'dev'])[1 + i % 3], (ARRAY['web', 'db', 'cache', 'worker'])[1 + i % 4],
            (ARRAY['aws', 'gcp', NULL])[1 + i % 3], 4 + i % 4 * 4, 16000000000, now()
     FROM generate_series(1, $2) AS i`,
    [projectId, HOST_COUNT],
  );
  await pool.query(
    `INSERT INTO host_latest (host_id, recorded_at, cpu_usage_percent, memory_usage_percent, load_1m, uptime_seconds)
     SELECT id, now(), random() * 100, random() * 100, random() * 8, 86400 FROM hosts WHERE project_id = $1`,
    [projectId],
  );
  await pool.query(
    `INSERT INTO disk_latest (host_id, recorded_at, device, mount_point, filesystem, total_bytes, usage_percent)
     SELECT id, now(), '/dev/sda1', '/', 'ext4', 100000000000, random() * 100 FROM hosts WHERE project_id = $1`,
    [projectId],
  );

  const { rows: hosts } = await pool.query<{ id: string }>("SELECT id FROM hosts WHERE project_id = $1 AND name = 'host-00001'", [projectId]);
  const seriesHostId = hosts[0]!.id;
  await pool.query("SELECT sentinel_create_daily_partitions('host_metrics'::regclass, (now() AT TIME ZONE 'UTC')::date - $1::int, $1::int + 2)", [SERIES_DAYS + 1]);
  await pool.query(
    `INSERT INTO host_metrics (host_id, recorded_at, cpu_usage_percent, memory_usage_percent, load_1m, load_5m, load_15m, processes_total)
     SELECT $1, t, 50 + 40 * sin(extract(epoch FROM t) / 3600), 60 + 10 * cos(extract(epoch FROM t) / 7200), 1, 1, 1, 200
     FROM generate_series(now() - make_interval(days => $2), now(), make_interval(secs => $3)) AS t`,
    [seriesHostId, SERIES_DAYS, SAMPLE_SECONDS],
  );
  // The rollup job rolls up the buckets of the reports received since its last run, as
  // the ingest records them. Without these rows the rollups stayed empty, and the longer
  // periods read almost nothing.
  await pool.query(
    `INSERT INTO ingested_reports (report_id, host_id, collected_at)
     SELECT gen_random_uuid(), $1, t
     FROM generate_series(now() - make_interval(days => $2), now(), make_interval(secs => $3)) AS t`,
    [seriesHostId, SERIES_DAYS, SAMPLE_SECONDS],
  );
  await pool.query('ANALYZE');
  return { projectId, seriesHostId };
}

/**
 * Seeds the data as seedBenchData does, rolls it up with the rollup job's statements,
 * and settles the database: VACUUM sets the hint bits and visibility map that the first
 * reads after a bulk load would otherwise write, and CHECKPOINT flushes the load's WAL
 * so that no checkpoint runs during the measurements.
 */
export async function seedSettledBenchData(pool: pg.Pool): Promise<{ projectId: string; seriesHostId: string }> {
  const seeded = await seedBenchData(pool);
  for (const level of ROLLUP_LEVELS) await rollUp(pool, level);
  await pool.query('VACUUM ANALYZE');
  await pool.query('CHECKPOINT');
  return seeded;
}
