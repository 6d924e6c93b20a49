import type pg from 'pg';
import { invalidArgument } from '../errors.ts';
import { LruCache } from '../ingest/lru-cache.ts';
import { alignDown, resolveSeriesWindow, type SeriesWindowArgs } from './periods.ts';
import { SERIES_METRICS, SERIES_TABLES, type SeriesMetric, type SeriesSource } from './series-metrics.ts';
import { queryProjectHostSeries, querySeries, type RollupWidth, type SeriesPart, type SeriesPoint, type SeriesRequest } from './series-storage.ts';

export type { SeriesPoint };

// How far behind real time the rollups may lag: the 1 h rollup job runs every 10
// minutes, and a bucket is rolled up only after it closes. Buckets that end later than
// this before now are read from raw samples.
// NOTE: this assumes the rollup jobs run on schedule; a stopped worker leaves older
// buckets incomplete and they are served as they are.
const ROLLUP_LAG_MS = 15 * 60_000;

const ROLLUP_WIDTHS: readonly [RollupWidth, number][] = [
  ['1h', 3_600],
  ['5m', 300],
];

/** The host or container of a series, with the mount point or interface for metrics that need one. */
export type SeriesSubject =
  | { kind: 'host'; hostId: string; mountPoint?: string | null; interface?: string | null }
  | { kind: 'container'; containerId: string };

/**
 * Reads a series as time buckets, oldest first. An interval that is a multiple of an
 * hour reads the 1 h rollup, a multiple of 5 minutes the 5 min rollup, anything else
 * the raw samples. Buckets within ROLLUP_LAG_MS of now are read from raw samples,
 * because the rollup job may not have reached them yet.
 */
export async function readSeries(
  pool: pg.Pool,
  subject: SeriesSubject,
  metric: SeriesMetric,
  args: SeriesWindowArgs,
  now = new Date(),
): Promise<SeriesPoint[]> {
  return querySeries(pool, await planSeries(pool, subject, metric, args, now));
}

/**
 * Checks the arguments of a series and picks the tables of each part of its window, as
 * readSeries describes, without reading it. Invalid arguments raise INVALID_ARGUMENT.
 */
export async function planSeries(
  pool: pg.Pool,
  subject: SeriesSubject,
  metric: SeriesMetric,
  args: SeriesWindowArgs,
  now = new Date(),
): Promise<SeriesRequest> {
  const definition = SERIES_METRICS[metric];
  const key = seriesKey(subject, metric, definition.source);
  const window = resolveSeriesWindow(args, now);
  const request = { definition, key, intervalSeconds: window.intervalSeconds };

  const width = await usableRollup(pool, definition.source, window.intervalSeconds);
  if (!width) return { ...request, parts: [{ from: window.from, to: window.to, rollup: null }] };

  const lagStart = alignDown(new Date(now.getTime() - ROLLUP_LAG_MS), window.intervalSeconds).getTime();
  const freshFrom = new Date(Math.min(Math.max(lagStart, window.from.getTime()), window.to.getTime()));
  const parts: SeriesPart[] = [];
  if (freshFrom > window.from) parts.push({ from: window.from, to: freshFrom, rollup: width });
  if (freshFrom < window.to) parts.push({ from: freshFrom, to: window.to, rollup: null });
  return { ...request, parts };
}

// Hosts known to belong to a project, per pool, with the time each entry expires. A
// host never moves to another project, and deleting a host deletes its series rows, so
// on plain PostgreSQL only an empty read needs the check again. TimescaleDB's continuous
// aggregates keep a deleted host's buckets until they are refreshed, so entries also
// expire, and a deletion in this process removes its entry at once.
const knownHosts = new WeakMap<pg.Pool, LruCache<string, number>>();
const KNOWN_HOSTS_PER_POOL = 10_000;
const KNOWN_HOST_TTL_MS = 10_000;

function knownHostsOf(pool: pg.Pool): LruCache<string, number> {
  let known = knownHosts.get(pool);
  if (!known) knownHosts.set(pool, (known = new LruCache(KNOWN_HOSTS_PER_POOL)));
  return known;
}

/**
 * Reads a planned host series, or returns null when the host is not one of the project's.
 * The first read of a host checks its project in the series statement itself. Reads of
 * the same host in the next KNOWN_HOST_TTL_MS run the plain series statement, because
 * the check cost 0.05 to 0.1 ms per statement, and fall back to the checked statement
 * when they find no buckets.
 */
export async function readProjectHostSeries(pool: pg.Pool, projectId: string, request: SeriesRequest): Promise<SeriesPoint[] | null> {
  const known = knownHostsOf(pool);
  const pair = `${projectId}\u0000${request.key[0]}`;

  if ((known.get(pair) ?? 0) > Date.now()) {
    const points = await querySeries(pool, request);
    if (points.length > 0) return points;
  }
  const points = await queryProjectHostSeries(pool, projectId, request);
  if (points) known.set(pair, Date.now() + KNOWN_HOST_TTL_MS);
  else known.delete(pair);
  return points;
}

/** Removes the entry of a deleted host, so that its next read checks the project again. */
export function forgetProjectHost(pool: pg.Pool, projectId: string, hostId: string): void {
  knownHostsOf(pool).delete(`${projectId}\u0000${hostId}`);
}

function seriesKey(subject: SeriesSubject, metric: SeriesMetric, source: SeriesSource): string[] {
  if (subject.kind === 'container') {
    if (source !== 'container') throw invalidArgument('metric', metric, 'a container series needs a CONTAINER_ metric');
    return [subject.containerId];
  }
  // A device argument that the metric does not read is rejected, because ignoring it
  // would serve another series than the one the client named.
  switch (source) {
    case 'host':
      rejectUnusedArgument('mountPoint', subject.mountPoint, metric, 'DISK_');
      rejectUnusedArgument('interface', subject.interface, metric, 'NETWORK_');
      return [subject.hostId];
    case 'disk':
      rejectUnusedArgument('interface', subject.interface, metric, 'NETWORK_');
      if (!subject.mountPoint) throw invalidArgument('mountPoint', subject.mountPoint ?? null, `${metric} needs the mountPoint argument`);
      return [subject.hostId, subject.mountPoint];
    case 'network':
      rejectUnusedArgument('mountPoint', subject.mountPoint, metric, 'DISK_');
      if (!subject.interface) throw invalidArgument('interface', subject.interface ?? null, `${metric} needs the interface argument`);
      return [subject.hostId, subject.interface];
    case 'container':
      throw invalidArgument('metric', metric, 'container metrics are read through Container.series');
  }
}

function rejectUnusedArgument(argument: 'mountPoint' | 'interface', value: string | null | undefined, metric: SeriesMetric, prefix: string): void {
  if (value === null || value === undefined) return;
  throw invalidArgument(argument, value, `${metric} does not take ${argument}, which only ${prefix} metrics use. Leave it out`);
}

async function usableRollup(pool: pg.Pool, source: SeriesSource, intervalSeconds: number): Promise<RollupWidth | null> {
  for (const [width, seconds] of ROLLUP_WIDTHS) {
    if (intervalSeconds % seconds !== 0) continue;
    if (await rollupExists(pool, `${SERIES_TABLES[source].rollupPrefix}_${width}`)) return width;
  }
  return null;
}

// Whether each rollup table exists, per pool, looked up once: they come with a migration,
// and a database without them (an older schema) still serves every series from raw rows.
const rollupTables = new WeakMap<pg.Pool, Map<string, Promise<boolean>>>();

function rollupExists(pool: pg.Pool, table: string): Promise<boolean> {
  let tables = rollupTables.get(pool);
  if (!tables) rollupTables.set(pool, (tables = new Map()));
  let exists = tables.get(table);
  if (!exists) {
    exists = pool
      .query<{ exists: boolean }>('-- Rollup table exists\nSELECT to_regclass($1) IS NOT NULL AS exists', [table])
      .then(({ rows }) => rows[0]!.exists);
    // A failed lookup is not cached, so the next request runs it again.
    exists.catch(() => tables.delete(table));
    tables.set(table, exists);
  }
  return exists;
}
