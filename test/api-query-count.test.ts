import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { seedHost, seedHostSamples } from './helpers/api-seed.ts';
import { graphql, seedProject, startTestApp } from './helpers/app.ts';

let app: Sentinel;

// Both the raw-SQL pool and Prisma's adapter-pg send every statement through
// pg.Client#query, so counting calls there counts all SQL of a request.
const recorded: string[] = [];
let recording = false;
const originalQuery = pg.Client.prototype.query;

beforeAll(async () => {
  app = await startTestApp();
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (recording) recorded.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text));
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof originalQuery;
});
afterAll(async () => {
  pg.Client.prototype.query = originalQuery;
  await app?.stop();
});

const PAGE = `query ($first: Int) {
  hosts(first: $first) {
    edges { node {
      id name status cpuUsage
      latest { cpuUsagePercent memoryUsagePercent load1m }
      group { name }
      disks { mountPoint usagePercent countsForHealth }
      health { status }
      topProcesses(limit: 3) { name }
    } }
  }
}`;

async function statementsForPage(hostCount: number): Promise<string[]> {
  const seeded = await seedProject(app.services.prisma);
  const group = await app.services.prisma.hostGroup.create({ data: { projectId: seeded.projectId, name: 'all' } });
  for (let i = 0; i < hostCount; i++) {
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { hostGroupId: group.id });
    await app.services.pool.query(
      `INSERT INTO disk_latest (host_id, recorded_at, device, mount_point, usage_percent) VALUES ($1, now(), 'sda', '/', 50)`,
      [host.id],
    );
  }
  // The first request of a key looks it up and records its use; later ones are served from the cache.
  await graphql(app.http.url, seeded.keys.read, '{ capacity { onlineHosts } }');

  recorded.length = 0;
  recording = true;
  const result = await graphql(app.http.url, seeded.keys.read, PAGE, { first: hostCount });
  recording = false;

  expect(result.errors).toBeUndefined();
  expect(result.data!.hosts.edges).toHaveLength(hostCount);
  expect(result.data!.hosts.edges[0].node.group).toEqual({ name: 'all' });
  expect(result.data!.hosts.edges[0].node.disks).toHaveLength(1);
  return [...recorded];
}

describe('hosts page queries', () => {
  it('issues the same statements for 10 and 100 hosts', async () => {
    const ten = await statementsForPage(10);
    const hundred = await statementsForPage(100);

    expect(hundred.length).toBe(ten.length);
    // One statement reads the page with each host's latest values, group and disks (the
    // health field's selection included), and the process loader reads the processes.
    expect(ten.length).toBe(2);
    expect(ten[0]).toContain('-- Host page with nodes');
    expect(ten[1]).toContain('-- Latest process snapshots');
  });
});

describe('host series queries', () => {
  async function statementsFor(key: string, query: string, variables: Record<string, unknown>) {
    recorded.length = 0;
    recording = true;
    const result = await graphql(app.http.url, key, query, variables);
    recording = false;
    expect(result.errors).toBeUndefined();
    return { data: result.data!, statements: [...recorded] };
  }

  it('reads a series in one statement', async () => {
    const owner = await seedProject(app.services.prisma);
    const other = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, owner.projectId);
    const fresh = await seedHost(app.services.prisma, app.services.pool, owner.projectId);
    for (const withSamples of [host, fresh]) await seedHostSamples(app.services.pool, withSamples.id, new Date(Date.now() - 600_000), 30, 10, (i) => i);
    const query = 'query ($id: ID!) { host(id: $id) { id series(metric: CPU, period: "1h") { bucket avg } } }';
    // The first request of a key looks the key up, and the first series request checks
    // which rollup tables exist. Later requests are served from both caches.
    await graphql(app.http.url, owner.keys.read, query, { id: host.id });
    await graphql(app.http.url, other.keys.read, '{ capacity { onlineHosts } }');

    // A host read for the first time is checked inside the series statement.
    const first = await statementsFor(owner.keys.read, query, { id: fresh.id });
    expect(first.data.host.series.length).toBeGreaterThan(0);
    expect(first.statements).toEqual([expect.stringContaining("-- Series of a project's host")]);

    // A host checked before needs the plain series statement only.
    const again = await statementsFor(owner.keys.read, query, { id: fresh.id });
    expect(again.data).toEqual(first.data);
    expect(again.statements).toEqual([expect.stringMatching(/^-- Series\n/)]);

    const foreign = await statementsFor(other.keys.read, query, { id: host.id });
    expect(foreign.data.host).toBeNull();
    expect(foreign.statements).toHaveLength(1);
  });

  it('checks the host again when a series is empty', async () => {
    const owner = await seedProject(app.services.prisma);
    const quiet = await seedHost(app.services.prisma, app.services.pool, owner.projectId);
    const doomed = await seedHost(app.services.prisma, app.services.pool, owner.projectId);
    await seedHostSamples(app.services.pool, doomed.id, new Date(Date.now() - 600_000), 30, 10, (i) => i);
    const query = 'query ($id: ID!) { host(id: $id) { id series(metric: CPU, period: "1h") { bucket avg } } }';
    for (const seeded of [quiet, doomed]) await graphql(app.http.url, owner.keys.read, query, { id: seeded.id });

    const empty = await statementsFor(owner.keys.read, query, { id: quiet.id });
    expect(empty.data.host).toEqual({ id: quiet.id, series: [] });
    expect(empty.statements).toHaveLength(2);

    // A deleted host has no series rows left, so the plain read is empty and the check finds no host.
    await app.services.hosts.delete(owner.projectId, doomed.id);
    const deleted = await statementsFor(owner.keys.read, query, { id: doomed.id });
    expect(deleted.data.host).toBeNull();
  });
});
