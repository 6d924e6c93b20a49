import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { fullInput, fullReport } from '../bench/ingest/fixture.ts';
import { seedHost } from './helpers/api-seed.ts';
import { graphql, seedProject, startTestApp, type GraphQLResponse, type SeededProject } from './helpers/app.ts';
import { REPORT_MUTATION } from './helpers/reports.ts';

let app: Sentinel;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

async function project(): Promise<SeededProject> {
  return seedProject(app.services.prisma);
}

const PAGE_QUERY = `query Page($first: Int, $after: String, $last: Int, $before: String, $orderBy: HostOrder, $filter: HostFilter) {
  hosts(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
    totalCount
    edges { cursor node { id name cpuUsage } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

type PageConnection = {
  totalCount: number;
  edges: { cursor: string; node: { id: string; cpuUsage: number | null } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
};

/** Seeds ten hosts: nine whose CPU values tie in groups and one without a latest sample. */
async function seedCpuTies(projectId: string) {
  for (const cpu of [50, 50, 50, 50, 50, 10, 10, 90, 90, null]) {
    await seedHost(app.services.prisma, app.services.pool, projectId, cpu === null ? { latest: null } : { latest: { cpu } });
  }
}

describe('Host fields', () => {
  it('serves latest values, disks, interfaces, processes, health and uptime', async () => {
    const seeded = await project();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, {
      cpuCores: 2,
      latest: { cpu: 91, memory: 50, load1m: 0.4, uptimeSeconds: 3 * 86_400 + 2 * 3_600 + 60 },
    });
    const recordedAt = (await app.services.prisma.hostLatest.findUniqueOrThrow({ where: { hostId: host.id } })).recordedAt;
    await app.services.pool.query(
      `INSERT INTO disk_latest (host_id, recorded_at, device, mount_point, filesystem, read_only, total_bytes, usage_percent)
       VALUES ($1, $2, '/dev/sda1', '/', 'ext4', false, 100, 93), ($1, $2, '/dev/loop0', '/snap/core', 'squashfs', true, 100, 100)`,
      [host.id, recordedAt],
    );
    await app.services.pool.query(
      `INSERT INTO network_latest (host_id, recorded_at, interface, bytes_received, errors_in) VALUES ($1, $2, 'eth0', 5000000000, 3)`,
      [host.id, recordedAt],
    );
    await app.services.pool.query(
      `INSERT INTO process_snapshots (host_id, recorded_at, pid, name, cpu_percent, memory_percent)
       VALUES ($1, $2, 1, 'init', 0.1, 0.5), ($1, $2, 200, 'postgres', 40, 10), ($1, $2, 300, 'java', 20, 60),
              ($1, $2 - interval '10 seconds', 400, 'old', 99, 99)`,
      [host.id, recordedAt],
    );

    const result = await graphql(app.http.url, seeded.keys.read, `query ($id: ID!) {
      host(id: $id) {
        name latest { cpuUsagePercent memoryUsagePercent }
        disks { mountPoint countsForHealth usagePercent }
        interfaces { name bytesReceived errorsIn }
        byCpu: topProcesses(sortBy: CPU, limit: 2) { pid name }
        byMemory: topProcesses(sortBy: MEMORY, limit: 1) { name }
        health { status issues { type severity value threshold mountPoint } }
        uptime { seconds text }
      }
    }`, { id: host.id });

    expect(result.errors).toBeUndefined();
    const served = result.data!.host;
    expect(served.latest).toEqual({ cpuUsagePercent: 91, memoryUsagePercent: 50 });
    expect(served.disks).toEqual([
      { mountPoint: '/', countsForHealth: true, usagePercent: 93 },
      { mountPoint: '/snap/core', countsForHealth: false, usagePercent: 100 },
    ]);
    expect(served.interfaces).toEqual([{ name: 'eth0', bytesReceived: 5_000_000_000, errorsIn: 3 }]);
    expect(served.byCpu.map((p: { name: string }) => p.name)).toEqual(['postgres', 'java']);
    expect(served.byMemory.map((p: { name: string }) => p.name)).toEqual(['java']);
    expect(served.health.status).toBe('critical');
    expect(served.health.issues).toEqual([
      { type: 'cpu', severity: 'warning', value: 91, threshold: 80, mountPoint: null },
      { type: 'disk', severity: 'critical', value: 93, threshold: 90, mountPoint: '/' },
    ]);
    expect(served.uptime).toEqual({ seconds: 266_460, text: '3 days, 2 hours, 1 minute' });
  });

  it('reports a host without samples as unknown', async () => {
    const seeded = await project();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { status: 'unknown', latest: null });
    const result = await graphql(app.http.url, seeded.keys.read, 'query ($id: ID!) { host(id: $id) { health { status issues { type } } uptime { seconds } } }', { id: host.id });
    expect(result.data!.host).toEqual({ health: { status: 'unknown', issues: [] }, uptime: null });
  });

  it('rejects a malformed id as INVALID_ARGUMENT', async () => {
    const seeded = await project();
    const result = await graphql(app.http.url, seeded.keys.read, '{ host(id: "not-a-uuid") { id } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect(result.errors?.[0]?.message).toContain('not-a-uuid');
  });

  it('finds a host by name', async () => {
    const seeded = await project();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { name: 'db-primary' });
    const result = await graphql(app.http.url, seeded.keys.read, '{ hostByName(name: "db-primary") { id } missing: hostByName(name: "nope") { id } }');
    expect(result.data).toEqual({ hostByName: { id: host.id }, missing: null });
  });

  it('lists containers by host and status', async () => {
    const seeded = await project();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    await app.services.prisma.container.createMany({
      data: [
        { hostId: host.id, containerId: 'c1', name: 'api', status: 'running', portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }], labels: { app: 'api' } },
        { hostId: host.id, containerId: 'c2', name: 'batch', status: 'exited', exitCode: 1 },
      ],
    });
    const result = await graphql(app.http.url, seeded.keys.read, `query ($hostId: ID!) {
      running: containers(hostId: $hostId, status: "running") { name ports { containerPort hostPort protocol } labels }
      host(id: $hostId) { containers(status: "exited") { name exitCode } }
    }`, { hostId: host.id });
    expect(result.errors).toBeUndefined();
    expect(result.data!.running).toEqual([{ name: 'api', ports: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }], labels: { app: 'api' } }]);
    expect(result.data!.host.containers).toEqual([{ name: 'batch', exitCode: 1 }]);
  });

  it('rejects an unknown container status', async () => {
    const seeded = await project();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    await app.services.prisma.container.create({ data: { hostId: host.id, containerId: 'c1', name: 'api', status: 'running' } });
    const queries = {
      root: '{ containers(status: "RUNNING") { name } }',
      host: 'query ($id: ID!) { host(id: $id) { containers(status: "RUNNING") { name } } }',
      hosts: '{ hosts { edges { node { containers(status: "RUNNING") { name } } } } }',
    };

    for (const [field, query] of Object.entries(queries)) {
      const result = await graphql(app.http.url, seeded.keys.read, query, { id: host.id });
      expect(result.errors?.[0]?.extensions, field).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'status', value: 'RUNNING' });
      expect(result.errors?.[0]?.message, field).toContain('created, running, paused, restarting, removing, exited, dead');
    }
  });
});

describe('page size limits', () => {
  it('rejects topProcesses limits out of range', async () => {
    const seeded = await project();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const query = 'query ($id: ID!, $limit: Int!) { host(id: $id) { topProcesses(limit: $limit) { pid } } }';
    for (const limit of [101, -1]) {
      const result = await graphql(app.http.url, seeded.keys.read, query, { id: host.id, limit });
      expect(result.errors?.[0]?.extensions, String(limit)).toEqual({ code: 'INVALID_ARGUMENT', field: 'limit', value: limit });
      expect(result.errors?.[0]?.message, String(limit)).toBe(`Invalid limit ${limit}: must be between 0 and 100`);
      expect(result.errors?.[0]?.path, String(limit)).toEqual(['host', 'topProcesses']);
    }
    for (const limit of [0, 100]) {
      const result = await graphql(app.http.url, seeded.keys.read, query, { id: host.id, limit });
      expect(result.errors, String(limit)).toBeUndefined();
    }
  });

  it('rejects bad group host pages', async () => {
    const seeded = await project();
    const group = await app.services.prisma.hostGroup.create({ data: { projectId: seeded.projectId, name: 'pages' } });
    await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { hostGroupId: group.id });
    const query = `query ($first: Int, $last: Int, $after: String, $before: String) {
      hostGroups { hosts(first: $first, last: $last, after: $after, before: $before) { totalCount } } }`;
    const cases: [Record<string, unknown>, string, unknown][] = [
      [{ first: 1000 }, 'first', 1000],
      [{ first: -3 }, 'first', -3],
      [{ last: 101 }, 'last', 101],
      [{ after: 'junk' }, 'after', 'junk'],
      [{ before: 'junk' }, 'before', 'junk'],
      [{ first: 1, before: 'junk' }, 'first', 1],
    ];
    for (const [variables, field, value] of cases) {
      const result = await graphql(app.http.url, seeded.keys.read, query, variables);
      expect(result.errors?.[0]?.extensions, JSON.stringify(variables)).toEqual({ code: 'INVALID_ARGUMENT', field, value });
    }
  });

  it('pages group hosts with their cursors', async () => {
    const seeded = await project();
    const group = await app.services.prisma.hostGroup.create({ data: { projectId: seeded.projectId, name: 'paged' } });
    for (let i = 0; i < 3; i++) await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { hostGroupId: group.id });
    const query = `query ($first: Int, $after: String) {
      hostGroups { hosts(first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;

    const first = await graphql(app.http.url, seeded.keys.read, query, { first: 2 });
    expect(first.errors).toBeUndefined();
    const page = first.data!.hostGroups[0].hosts;
    expect(page.edges).toHaveLength(2);
    const rest = await graphql(app.http.url, seeded.keys.read, query, { first: 100, after: page.pageInfo.endCursor });
    expect(rest.errors).toBeUndefined();
    expect(rest.data!.hostGroups[0].hosts.edges).toHaveLength(1);
    expect(rest.data!.hostGroups[0].hosts.pageInfo.hasNextPage).toBe(false);
  });
});

describe('hosts connection', () => {
  it('pages through ties in CPU order without gaps or repeats', async () => {
    const seeded = await project();
    await seedCpuTies(seeded.projectId);

    const seen: { id: string; cpuUsage: number | null }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const result: GraphQLResponse = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { first: 3, after, orderBy: { field: 'CPU', direction: 'DESC' } });
      expect(result.errors).toBeUndefined();
      const connection: { totalCount: number; edges: { node: { id: string; cpuUsage: number | null } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        result.data!.hosts;
      expect(connection.totalCount).toBe(10);
      seen.push(...connection.edges.map((edge) => edge.node));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages += 1;
    } while (after);

    expect(pages).toBe(4);
    expect(new Set(seen.map((host) => host.id)).size).toBe(10);
    expect(seen.map((host) => host.cpuUsage)).toEqual([90, 90, 50, 50, 50, 50, 50, 10, 10, null]);
  });

  it('pages backward through ties to the same order', async () => {
    const seeded = await project();
    await seedCpuTies(seeded.projectId);
    const orderBy = { field: 'CPU', direction: 'DESC' };
    const forward: GraphQLResponse = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { first: 10, orderBy });
    const forwardIds = (forward.data!.hosts as PageConnection).edges.map((edge) => edge.node.id);

    const pages: PageConnection[] = [];
    let before: string | null = null;
    do {
      const result: GraphQLResponse = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { last: 3, before, orderBy });
      expect(result.errors).toBeUndefined();
      const connection = result.data!.hosts as PageConnection;
      pages.unshift(connection);
      before = connection.pageInfo.hasPreviousPage ? connection.pageInfo.startCursor : null;
    } while (before);

    expect(pages.map((page) => page.edges.length)).toEqual([1, 3, 3, 3]);
    expect(pages.flatMap((page) => page.edges.map((edge) => edge.node.id))).toEqual(forwardIds);
    expect(pages.flatMap((page) => page.edges.map((edge) => edge.node.cpuUsage))).toEqual([90, 90, 50, 50, 50, 50, 50, 10, 10, null]);
    expect(pages.at(-1)!.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(pages[0]!.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('goes back from a forward cursor', async () => {
    const seeded = await project();
    await seedCpuTies(seeded.projectId);
    const first: GraphQLResponse = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { first: 4 });
    const second: GraphQLResponse = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { first: 4, after: first.data!.hosts.pageInfo.endCursor });

    const back: GraphQLResponse = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { last: 4, before: second.data!.hosts.pageInfo.startCursor });

    expect(back.errors).toBeUndefined();
    expect(back.data!.hosts.edges).toEqual(first.data!.hosts.edges);
    expect(back.data!.hosts.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('rejects paging both ways at once', async () => {
    const seeded = await project();
    const result = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { first: 2, last: 2 });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'first', value: 2 });
    const tooMany = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { last: 101 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'last', value: 101 });
  });

  it('filters by environment, tag, status, group and search', async () => {
    const seeded = await project();
    const group = await app.services.prisma.hostGroup.create({ data: { projectId: seeded.projectId, name: 'web' } });
    await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { name: 'web-1', environment: 'prod', tags: { team: 'a' }, hostGroupId: group.id });
    await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { name: 'web-2', environment: 'staging', tags: { team: 'b' }, status: 'warning' });
    await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { name: 'db_1', environment: 'prod', tags: { team: 'a' } });

    const names = async (filter: Record<string, unknown>) => {
      const result = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { filter });
      expect(result.errors).toBeUndefined();
      return result.data!.hosts.edges.map((edge: { node: { name: string } }) => edge.node.name);
    };
    expect(await names({ environment: 'prod' })).toEqual(['db_1', 'web-1']);
    expect(await names({ tag: { key: 'team', value: 'b' } })).toEqual(['web-2']);
    expect(await names({ status: 'warning' })).toEqual(['web-2']);
    expect(await names({ groupId: group.id })).toEqual(['web-1']);
    expect(await names({ search: 'WEB' })).toEqual(['web-1', 'web-2']);
    expect(await names({ search: '_' })).toEqual(['db_1']);
  });

  it('rejects an unknown status filter', async () => {
    const seeded = await project();
    await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { status: 'critical' });

    for (const status of ['CRITICAL', 'Online', 'bogus', '']) {
      const result = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { filter: { status } });
      expect(result.data, status).toBeNull();
      expect(result.errors?.[0]?.extensions, status).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'filter.status', value: status });
      expect(result.errors?.[0]?.message, status).toContain('unknown, online, warning, critical, offline');
    }
  });

  it('keeps every lower-case status filter', async () => {
    const seeded = await project();
    for (const status of ['unknown', 'online', 'warning', 'critical', 'offline']) {
      await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { name: `host-${status}`, status });
    }

    for (const status of ['unknown', 'online', 'warning', 'critical', 'offline']) {
      const result = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { filter: { status } });
      expect(result.errors, status).toBeUndefined();
      expect(result.data!.hosts.totalCount, status).toBe(1);
    }
  });

  it('loads a page through Prisma when a relation is filtered', async () => {
    const seeded = await project();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { name: 'app-1', latest: { cpu: 12 } });
    await app.services.prisma.container.createMany({
      data: [
        { hostId: host.id, containerId: 'c1', name: 'api', status: 'running' },
        { hostId: host.id, containerId: 'c2', name: 'batch', status: 'exited' },
      ],
    });

    const result = await graphql(app.http.url, seeded.keys.read, '{ hosts { edges { node { name cpuUsage containers(status: "exited") { name } } } } }');

    expect(result.errors).toBeUndefined();
    expect(result.data!.hosts.edges).toEqual([{ node: { name: 'app-1', cpuUsage: 12, containers: [{ name: 'batch' }] } }]);
  });

  it('rejects a page larger than 100', async () => {
    const seeded = await project();
    const result = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { first: 101 });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'first', value: 101 });
  });

  it('rejects a cursor from another order', async () => {
    const seeded = await project();
    await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const first = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { first: 1 });
    const cursor = first.data!.hosts.pageInfo.endCursor;
    const result = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { first: 1, after: cursor, orderBy: { field: 'MEMORY' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    const garbage = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { first: 1, after: randomUUID() });
    expect(garbage.errors?.[0]?.extensions?.field).toBe('after');
    const garbageBefore = await graphql(app.http.url, seeded.keys.read, PAGE_QUERY, { last: 1, before: randomUUID() });
    expect(garbageBefore.errors?.[0]?.extensions?.field).toBe('before');
  });
});

describe('variable errors', () => {
  /** Posts a query and returns the HTTP status with the body. */
  async function post(key: string, query: string, variables: Record<string, unknown>) {
    const response = await fetch(`${app.http.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse };
  }

  it('names a variable of the wrong type', async () => {
    const seeded = await project();
    const { status, body } = await post(seeded.keys.read, 'query ($n: Int) { hosts(first: $n) { totalCount } }', { n: 'ten' });
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.message).toContain('"$n" got invalid value "ten"');
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'INVALID_ARGUMENT', variable: 'n', field: 'n', value: 'ten' });
  });

  it('names missing and null variables', async () => {
    const seeded = await project();
    const query = 'query ($first: Int!) { hosts(first: $first) { totalCount } }';
    const missing = await post(seeded.keys.read, query, {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors?.[0]?.extensions).toEqual({ code: 'INVALID_ARGUMENT', variable: 'first', field: 'first', value: null });
    const nulled = await post(seeded.keys.read, query, { first: null });
    expect(nulled.body.errors?.[0]?.extensions).toEqual({ code: 'INVALID_ARGUMENT', variable: 'first', field: 'first', value: null });
  });

  it('names the path inside an input object', async () => {
    const seeded = await project();
    const { status, body } = await post(seeded.keys.read, PAGE_QUERY, { orderBy: { field: 'SHOE_SIZE' }, filter: { nope: 1 } });
    expect(status).toBe(400);
    expect(body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'INVALID_ARGUMENT', variable: 'orderBy', field: 'orderBy.field', value: 'SHOE_SIZE' },
      { code: 'INVALID_ARGUMENT', variable: 'filter', field: 'filter', value: { nope: 1 } },
    ]);
  });

  it('names a rejected report field', async () => {
    // The report mutation runs on the direct executor and graphql-jit, which hand a
    // rejected input to graphql-js.
    const seeded = await project();
    const input = fullInput(`agent-${randomUUID()}`, 'web-1', [fullReport()]);
    (input.reports[0]!.system as Record<string, unknown>).cpuUsagePercent = 'high';
    const { status, body } = await post(seeded.keys.ingest, REPORT_MUTATION, { input });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'INVALID_ARGUMENT', variable: 'input', field: 'input.reports[0].system.cpuUsagePercent', value: 'high' });
  });
});
