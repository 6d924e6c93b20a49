import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { MAX_SERIES_BUCKETS } from '../src/metrics/periods.ts';
import { SERIES_METRICS } from '../src/metrics/series-metrics.ts';
import { querySeries } from '../src/metrics/series-storage.ts';
import { seedHost, seedHostSamples } from './helpers/api-seed.ts';
import { graphql, seedProject, startTestApp } from './helpers/app.ts';

let app: Sentinel;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const SERIES_QUERY = `query ($id: ID!, $metric: SeriesMetric!, $from: DateTime, $to: DateTime, $period: String, $interval: String, $mountPoint: String) {
  host(id: $id) { series(metric: $metric, from: $from, to: $to, period: $period, interval: $interval, mountPoint: $mountPoint) { bucket avg min max sum samples } }
}`;

// A fixed past window, aligned on hours, so that no bucket contains "now".
const WINDOW_START = new Date('2026-01-05T00:00:00Z');

/** Fills the 5 min and 1 h host rollups of one host from its raw rows, as the rollup job does. */
async function fillHostRollups(hostId: string) {
  for (const [table, width] of [['host_metrics_5m', '5 minutes'], ['host_metrics_1h', '1 hour']] as const) {
    await app.services.pool.query(
      `INSERT INTO ${table} (host_id, bucket, samples, cpu_usage_percent_avg, cpu_usage_percent_min, cpu_usage_percent_max,
                             memory_usage_percent_avg, memory_usage_percent_min, memory_usage_percent_max)
       SELECT host_id, date_bin($2::interval, recorded_at, '2000-01-03T00:00:00Z'), count(*),
              avg(cpu_usage_percent), min(cpu_usage_percent), max(cpu_usage_percent),
              avg(memory_usage_percent), min(memory_usage_percent), max(memory_usage_percent)
       FROM host_metrics WHERE host_id = $1 GROUP BY 1, 2`,
      [hostId, width],
    );
  }
}

describe('Host.series', () => {
  it('buckets raw samples with avg, min and max', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    // Six samples per minute for two minutes: 10..60, then 70..120 capped at 100.
    await seedHostSamples(app.services.pool, host.id, WINDOW_START, 12, 10, (i) => Math.min(10 * (i + 1), 100));

    const result = await graphql(app.http.url, seeded.keys.read, SERIES_QUERY, {
      id: host.id, metric: 'CPU', from: WINDOW_START.toISOString(), to: new Date(WINDOW_START.getTime() + 120_000).toISOString(), interval: '1m',
    });

    expect(result.errors).toBeUndefined();
    expect(result.data!.host.series).toEqual([
      { bucket: '2026-01-05T00:00:00.000Z', avg: 35, min: 10, max: 60, sum: null, samples: 6 },
      { bucket: '2026-01-05T00:01:00.000Z', avg: 90, min: 70, max: 100, sum: null, samples: 6 },
    ]);
  });

  it('drops float noise from averages', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    // In float8, (3.19 + 3.2) / 2 is 3.1950000000000003.
    await seedHostSamples(app.services.pool, host.id, WINDOW_START, 2, 10, (i) => [3.19, 3.2][i]!);

    const result = await graphql(app.http.url, seeded.keys.read, SERIES_QUERY, {
      id: host.id, metric: 'CPU', from: WINDOW_START.toISOString(), to: new Date(WINDOW_START.getTime() + 60_000).toISOString(), interval: '1m',
    });

    expect(result.errors).toBeUndefined();
    expect(result.data!.host.series).toMatchObject([{ avg: 3.195, min: 3.19, max: 3.2, samples: 2 }]);
  });

  it('reads rollups with the same numbers as raw rows', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const samples = 2 * 8_640;
    await seedHostSamples(app.services.pool, host.id, WINDOW_START, samples, 10, (i) => (i * 37) % 101);
    await fillHostRollups(host.id);
    const from = WINDOW_START;
    const to = new Date(WINDOW_START.getTime() + samples * 10_000);

    for (const [interval, seconds] of [['1h', 3_600], ['6h', 21_600], ['5m', 300], ['15m', 900]] as const) {
      const result = await graphql(app.http.url, seeded.keys.read, SERIES_QUERY, { id: host.id, metric: 'CPU', from: from.toISOString(), to: to.toISOString(), interval });
      expect(result.errors).toBeUndefined();
      const served = result.data!.host.series as { bucket: string; avg: number; min: number; max: number; samples: number }[];
      const raw = await querySeries(app.services.pool, { definition: SERIES_METRICS.CPU, key: [host.id], intervalSeconds: seconds, parts: [{ from, to, rollup: null }] });

      expect(served.length, interval).toBe(raw.length);
      served.forEach((point, index) => {
        const expected = raw[index]!;
        expect(point.bucket).toBe(expected.bucket.toISOString());
        expect(point.avg).toBeCloseTo(expected.avg!, 9);
        expect(point.min).toBe(expected.min);
        expect(point.max).toBe(expected.max);
        expect(point.samples).toBe(expected.samples);
      });
    }
  });

  it('takes an hourly series from the rollup, not the raw rows', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    // Rollup rows without raw rows: only the rollup path can return them.
    await app.services.pool.query(
      `INSERT INTO host_metrics_1h (host_id, bucket, samples, cpu_usage_percent_avg, cpu_usage_percent_min, cpu_usage_percent_max)
       VALUES ($1, $2, 360, 40, 5, 95), ($1, $2::timestamptz + interval '1 hour', 120, 80, 70, 90)`,
      [host.id, WINDOW_START],
    );

    const to = new Date(WINDOW_START.getTime() + 2 * 3_600_000).toISOString();
    const hourly = await graphql(app.http.url, seeded.keys.read, SERIES_QUERY, { id: host.id, metric: 'CPU', from: WINDOW_START.toISOString(), to, interval: '2h' });
    expect(hourly.data!.host.series).toEqual([{ bucket: WINDOW_START.toISOString(), avg: 50, min: 5, max: 95, sum: null, samples: 480 }]);

    const fine = await graphql(app.http.url, seeded.keys.read, SERIES_QUERY, { id: host.id, metric: 'CPU', from: WINDOW_START.toISOString(), to, interval: '1m' });
    expect(fine.data!.host.series).toEqual([]);
  });

  it('sums disk byte counts per mount point', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    await app.services.pool.query(
      `INSERT INTO disk_metrics (host_id, recorded_at, device, mount_point, read_bytes)
       SELECT $1, $2::timestamptz + make_interval(secs => i * 10), 'sda', mp, 1000 * i
       FROM generate_series(0, 5) AS i, unnest(ARRAY['/', '/data']) AS mp`,
      [host.id, WINDOW_START],
    );

    const variables = { id: host.id, metric: 'DISK_READ_BYTES', from: WINDOW_START.toISOString(), to: new Date(WINDOW_START.getTime() + 60_000).toISOString(), interval: '1m' };
    const result = await graphql(app.http.url, seeded.keys.read, SERIES_QUERY, { ...variables, mountPoint: '/data' });
    expect(result.data!.host.series).toEqual([{ bucket: WINDOW_START.toISOString(), avg: 2500, min: null, max: null, sum: 15000, samples: 6 }]);

    const missing = await graphql(app.http.url, seeded.keys.read, SERIES_QUERY, variables);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'mountPoint' });
  });

  it('widens the interval to cap the bucket count', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const from = new Date(Date.now() - 30 * 86_400_000);
    await seedHostSamples(app.services.pool, host.id, from, 3_000, 900, () => 12);
    await fillHostRollups(host.id);

    const result = await graphql(app.http.url, seeded.keys.read, SERIES_QUERY, { id: host.id, metric: 'CPU', period: '30d', interval: '10s' });
    expect(result.errors).toBeUndefined();
    const series = result.data!.host.series as unknown[];
    expect(series.length).toBeGreaterThan(700);
    expect(series.length).toBeLessThanOrEqual(MAX_SERIES_BUCKETS);
  });

  it('rejects from together with period', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const result = await graphql(app.http.url, seeded.keys.read, SERIES_QUERY, { id: host.id, metric: 'CPU', from: WINDOW_START.toISOString(), period: '1h' });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'period' });
  });

  it('rejects a device the metric ignores', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const query = `query ($id: ID!, $metric: SeriesMetric!, $mountPoint: String, $interface: String) {
      host(id: $id) { series(metric: $metric, period: "1h", mountPoint: $mountPoint, interface: $interface) { avg } }
    }`;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ metric: 'CPU', mountPoint: '/' }, 'mountPoint', '/'],
      [{ metric: 'LOAD_1M', interface: 'eth0' }, 'interface', 'eth0'],
      [{ metric: 'DISK_USAGE', mountPoint: '/', interface: 'eth0' }, 'interface', 'eth0'],
      [{ metric: 'NETWORK_RX_BYTES', mountPoint: '/', interface: 'eth0' }, 'mountPoint', '/'],
    ];

    for (const [variables, field, value] of cases) {
      const result = await graphql(app.http.url, seeded.keys.read, query, { id: host.id, ...variables });
      expect(result.errors?.[0]?.extensions, field).toMatchObject({ code: 'INVALID_ARGUMENT', field, value });
      expect(result.errors?.[0]?.message, field).toContain(`${variables.metric as string} does not take ${field}`);
      expect(result.errors?.[0]?.path, field).toEqual(['host', 'series']);
    }
  });

  it('keeps cpuSeries by period and interval', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    await seedHostSamples(app.services.pool, host.id, new Date(Date.now() - 5 * 60_000), 10, 10, () => 33);
    const result = await graphql(app.http.url, seeded.keys.read, 'query ($id: ID!) { host(id: $id) { cpuSeries(period: "1h", interval: "1m") { avg samples } } }', { id: host.id });
    expect(result.errors).toBeUndefined();
    const points = result.data!.host.cpuSeries as { avg: number; samples: number }[];
    expect(points.every((point) => point.avg === 33)).toBe(true);
    expect(points.reduce((total, point) => total + point.samples, 0)).toBe(10);
  });

  it('returns no host of another project', async () => {
    const owner = await seedProject(app.services.prisma);
    const other = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, owner.projectId);
    await seedHostSamples(app.services.pool, host.id, WINDOW_START, 6, 10, () => 50);

    const result = await graphql(app.http.url, other.keys.read, SERIES_QUERY, { id: host.id, metric: 'CPU', from: WINDOW_START.toISOString(), to: new Date(WINDOW_START.getTime() + 60_000).toISOString() });

    expect(result.errors).toBeUndefined();
    expect(result.data!.host).toBeNull();
  });

  it('reads aliased series and fragments together', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    await seedHostSamples(app.services.pool, host.id, WINDOW_START, 6, 10, (i) => 10 * (i + 1));
    const window = { from: WINDOW_START.toISOString(), to: new Date(WINDOW_START.getTime() + 60_000).toISOString() };

    const result = await graphql(app.http.url, seeded.keys.read, `query ($id: ID!, $from: DateTime, $to: DateTime, $skipMemory: Boolean!) {
      host(id: $id) {
        id __typename
        cpu: series(metric: CPU, from: $from, to: $to, interval: "1m") { avg }
        ...Memory
        skipped: series(metric: SWAP, from: $from, to: $to) @skip(if: $skipMemory) { avg }
      }
    }
    fragment Memory on Host { memorySeries(from: $from, to: $to, interval: "1m") { avg max } }`, { id: host.id, ...window, skipMemory: true });

    expect(result.errors).toBeUndefined();
    expect(result.data!.host).toEqual({ id: host.id, __typename: 'Host', cpu: [{ avg: 35 }], memorySeries: [{ avg: 17.5, max: 30 }] });
  });

  it('serves a series beside other host fields', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { name: 'db-7' });
    await seedHostSamples(app.services.pool, host.id, WINDOW_START, 6, 10, () => 40);

    const result = await graphql(app.http.url, seeded.keys.read, 'query ($id: ID!, $from: DateTime, $to: DateTime) { host(id: $id) { name cpuSeries(from: $from, to: $to, interval: "1m") { avg samples } } }', {
      id: host.id,
      from: WINDOW_START.toISOString(),
      to: new Date(WINDOW_START.getTime() + 60_000).toISOString(),
    });

    expect(result.errors).toBeUndefined();
    expect(result.data!.host.name).toBe('db-7');
    expect(result.data!.host.cpuSeries).toEqual([{ avg: 40, samples: 6 }]);
  });
});
