import { afterAll, describe, expect, it } from 'vitest';
import { columnOf, scalarFields, selectsInstants } from '../src/db/model-json.ts';
import { createPool } from '../src/db/pool.ts';
import { createPrisma } from '../src/db/prisma.ts';
import type { Prisma } from '../src/generated/prisma/client.ts';
import { hostRowSql } from '../src/hosts/host-row-sql.ts';
import { queryHostPage } from '../src/hosts/host-list-storage.ts';
import { seedHost } from './helpers/api-seed.ts';
import { seedProject, testDatabaseUrl } from './helpers/app.ts';

const pool = createPool(testDatabaseUrl(), 4);
const prisma = createPrisma(testDatabaseUrl());

afterAll(async () => {
  await pool.end();
  await prisma.$disconnect();
});

const MODEL_TABLES = { Host: 'hosts', HostLatest: 'host_latest', DiskLatest: 'disk_latest', NetworkLatest: 'network_latest', HostGroup: 'host_groups' };

async function seedFullHost(projectId: string) {
  const group = await prisma.hostGroup.create({ data: { projectId, name: 'web', description: 'front', autoAssignRules: [{ field: 'role', value: 'web' }] } });
  const host = await seedHost(prisma, pool, projectId, { tags: { team: 'a' }, hostGroupId: group.id, environment: 'prod', role: 'web' });
  await pool.query(
    `UPDATE hosts SET ip_addresses = '{10.0.0.1,10.0.0.2}', mac_addresses = '{aa:bb}', swap_total_bytes = 9007199254740991,
                      boot_time = '2026-01-02T03:04:05.678Z', clock_skew_ms = 'NaN', os = 'linux'
     WHERE id = $1`,
    [host.id],
  );
  await pool.query(
    `UPDATE host_latest SET cpu_per_core_percent = '{1.5,2.25}', memory_used_bytes = 123456789012, load_15m = 'Infinity', tcp_time_wait = 4
     WHERE host_id = $1`,
    [host.id],
  );
  await pool.query(
    `INSERT INTO disk_latest (host_id, recorded_at, device, mount_point, filesystem, read_only, total_bytes, usage_percent)
     VALUES ($1, now(), 'sdb', '/var', 'xfs', false, 5000000000, 12.5), ($1, now(), 'sda', '/', 'ext4', true, 100, NULL)`,
    [host.id],
  );
  await pool.query(`INSERT INTO network_latest (host_id, recorded_at, interface, bytes_sent, errors_in) VALUES ($1, now(), 'eth0', 42, 0)`, [host.id]);
  return host;
}

function pageOf(projectId: string, node: NonNullable<ReturnType<typeof hostRowSql>>) {
  return queryHostPage(pool, { projectId, filter: {}, field: 'NAME', direction: 'ASC', backward: false, cursor: null, limit: 10, node });
}

describe('host row SQL', () => {
  it('translates an equal query once', () => {
    const translated = hostRowSql({ select: { name: true, disks: { orderBy: { mountPoint: 'asc' }, select: { mountPoint: true } } } });
    expect(translated).not.toBeNull();
    expect(hostRowSql({ select: { name: true, disks: { orderBy: { mountPoint: 'asc' }, select: { mountPoint: true } } } })).toBe(translated);
  });

  it('maps every field to its column', async () => {
    const { rows } = await pool.query<{ table: string; column: string }>(
      "SELECT table_name AS table, column_name AS column FROM information_schema.columns WHERE table_schema = 'public'",
    );
    const columns = new Set(rows.map((row) => `${row.table}.${row.column}`));
    for (const [model, table] of Object.entries(MODEL_TABLES)) {
      for (const field of scalarFields(model)) {
        expect(columns, `${model}.${field.name}`).toContain(`${table}.${columnOf(field.name)}`);
      }
    }
  });

  it('returns what Prisma returns for every field', async () => {
    const { projectId } = await seedProject(prisma);
    const host = await seedFullHost(projectId);
    const select: Prisma.HostSelect = {
      ...Object.fromEntries(scalarFields('Host').map((field) => [field.name, true])),
      latest: true,
      hostGroup: true,
      disks: { orderBy: { mountPoint: 'asc' } },
      interfaces: { orderBy: [{ interface: 'asc' }], select: { interface: true, bytesSent: true, errorsIn: true, recordedAt: true } },
    };

    const node = hostRowSql({ select });
    expect(node).not.toBeNull();
    const rows = await pageOf(projectId, node!);
    const expected = await prisma.host.findUniqueOrThrow({ where: { id: host.id }, select });

    expect(rows).toHaveLength(1);
    expect(rows[0]!.node).toEqual(expected);
    expect(rows[0]!.node!.disks).toHaveLength(2);
  });

  it('loads a host without latest values or group', async () => {
    const { projectId } = await seedProject(prisma);
    const host = await seedHost(prisma, pool, projectId, { latest: null });
    const select = { id: true, createdAt: true, latest: { select: { cpuUsagePercent: true } }, hostGroup: true, disks: true } as const;

    const rows = await pageOf(projectId, hostRowSql({ select })!);

    expect(rows[0]!.node).toEqual(await prisma.host.findUniqueOrThrow({ where: { id: host.id }, select }));
    expect(rows[0]!.node).toMatchObject({ latest: null, hostGroup: null, disks: [] });
  });

  it('loads NULL lists as empty lists', async () => {
    const { projectId } = await seedProject(prisma);
    const host = await seedHost(prisma, pool, projectId);
    const select = { id: true, latest: { select: { cpuPerCorePercent: true } } } as const;

    const rows = await pageOf(projectId, hostRowSql({ select })!);

    expect(rows[0]!.node).toEqual(await prisma.host.findUniqueOrThrow({ where: { id: host.id }, select }));
    expect(rows[0]!.node).toMatchObject({ latest: { cpuPerCorePercent: [] } });
  });

  it('loads every scalar field when the query names none', async () => {
    const { projectId } = await seedProject(prisma);
    const host = await seedFullHost(projectId);

    const rows = await pageOf(projectId, hostRowSql({ include: { latest: true } })!);

    expect(rows[0]!.node).toEqual(await prisma.host.findUniqueOrThrow({ where: { id: host.id }, include: { latest: true } }));
  });

  it.each(['UTC', 'Asia/Kolkata', 'America/St_Johns'])('reads instants as ISO text in session time zone %s', async (timeZone) => {
    const { projectId } = await seedProject(prisma);
    const host = await seedHost(prisma, pool, projectId);
    await pool.query("UPDATE hosts SET last_seen_at = '2026-12-04 10:00:00.123456+00', boot_time = '1969-07-20 20:17:40+00' WHERE id = $1", [host.id]);
    const select = { id: true, lastSeenAt: true, bootTime: true, latest: { select: { recordedAt: true } } } as const;

    // A pool whose sessions write timestamps in another zone: instants then go through pg's parser.
    const url = new URL(testDatabaseUrl());
    url.searchParams.set('options', `-c TimeZone=${timeZone}`);
    const zoned = createPool(url.toString(), 1);
    try {
      const { rows: settings } = await zoned.query<{ TimeZone: string }>('SHOW TimeZone');
      expect(settings[0]!.TimeZone).toBe(timeZone);
      const rows = await queryHostPage(zoned, { projectId, filter: {}, field: 'NAME', direction: 'ASC', backward: false, cursor: null, limit: 10, node: hostRowSql({ select }, 'text')! });
      const expected = await prisma.host.findUniqueOrThrow({ where: { id: host.id }, select });
      expect(rows[0]!.node).toEqual({
        id: host.id,
        lastSeenAt: '2026-12-04T10:00:00.123Z',
        bootTime: '1969-07-20T20:17:40.000Z',
        latest: { recordedAt: expected.latest!.recordedAt.toISOString() },
      });
    } finally {
      await zoned.end();
    }
  });

  it('tells which selects read instants', () => {
    expect(selectsInstants('Host', { name: true, latest: { select: { cpuUsagePercent: true } } })).toBe(false);
    expect(selectsInstants('Host', { name: true, lastSeenAt: true })).toBe(true);
    expect(selectsInstants('Host', { latest: { select: { recordedAt: true } } })).toBe(true);
    expect(selectsInstants('Host', { disks: true })).toBe(true);
    expect(selectsInstants('Host', { disks: { orderBy: { mountPoint: 'asc' }, select: { usagePercent: true } } })).toBe(false);
    expect(selectsInstants('Host', { lastSeenAt: false })).toBe(false);
  });

  it.each([
    ['a filtered relation', { select: { id: true, containers: { where: { status: 'running' } } } }],
    ['a relation it does not load', { select: { id: true, alertStates: true } }],
    ['a relation count', { select: { id: true, hostGroup: { include: { _count: { select: { hosts: true } } } } } }],
    ['a relation of a relation', { select: { id: true, disks: { select: { host: true } } } }],
    ['a limit', { select: { id: true, disks: { take: 1 } } }],
    ['an order on a single row', { select: { id: true, latest: { orderBy: { recordedAt: 'asc' } } } }],
    ['an order by a relation', { select: { id: true, disks: { orderBy: { host: { name: 'asc' } } } } }],
    ['an unknown field', { select: { id: true, nickname: true } }],
  ])('leaves %s to Prisma', (_case, query) => {
    expect(hostRowSql(query)).toBeNull();
  });
});
