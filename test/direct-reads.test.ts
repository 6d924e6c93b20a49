import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { buildSchema } from '../src/schema/index.ts';
import type { DirectExecutor } from '../src/server/direct/executor.ts';
import { createDirectExecutor } from '../src/server/http.ts';
import { createGraphQLHandler } from '../src/server/yoga.ts';
import { seedHost, seedHostSamples } from './helpers/api-seed.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';

// The direct executor must respond to a read exactly as yoga does. Every request goes to
// a direct executor and to yoga, both on the same services and database. The bodies must
// be equal, and each test states which requests the direct path takes and which it
// leaves to yoga.

let app: Sentinel;
let direct: DirectExecutor;
let yoga: ReturnType<typeof createGraphQLHandler>;
let project: SeededProject;
let other: SeededProject;
const hostIds: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  const schema = buildSchema();
  direct = createDirectExecutor(schema, app.services);
  yoga = createGraphQLHandler(schema, app.services);

  const { prisma, pool } = app.services;
  project = await seedProject(prisma);
  other = await seedProject(prisma);
  const group = await prisma.hostGroup.create({ data: { projectId: project.projectId, name: 'web', description: 'front', color: '#00aa00' } });
  const web = await seedHost(prisma, pool, project.projectId, { name: 'web-1', environment: 'prod', role: 'web', tags: { team: 'a' }, hostGroupId: group.id, latest: { cpu: 97, memory: 91, load1m: 12 } });
  const db = await seedHost(prisma, pool, project.projectId, { name: 'db-1', environment: 'prod', role: 'db', latest: { cpu: 10, memory: 20 } });
  const idle = await seedHost(prisma, pool, project.projectId, { name: 'idle-1', status: 'offline', latest: null, lastSeenAt: null });
  const foreign = await seedHost(prisma, pool, other.projectId, { name: 'web-1' });
  Object.assign(hostIds, { web: web.id, db: db.id, idle: idle.id, foreign: foreign.id });

  await pool.query(
    `UPDATE hosts SET ip_addresses = '{10.0.0.1,10.0.0.2}', mac_addresses = '{aa:bb}', swap_total_bytes = 9007199254740991,
                      boot_time = '2026-01-02T03:04:05.678Z', clock_skew_ms = 12.5, os = 'linux', cpu_threads = 16
     WHERE id = $1`,
    [web.id],
  );
  await pool.query(`UPDATE host_latest SET cpu_per_core_percent = '{1.5,2.25}', memory_used_bytes = 123456789012, tcp_time_wait = 4 WHERE host_id = $1`, [web.id]);
  await pool.query(
    `INSERT INTO disk_latest (host_id, recorded_at, device, mount_point, filesystem, read_only, total_bytes, usage_percent)
     VALUES ($1, now(), 'sdb', '/var', 'xfs', false, 5000000000, 96.5), ($1, now(), 'sda', '/', 'ext4', true, 100, NULL),
            ($2, now(), 'sda', '/', 'ext4', false, 100000000, 40)`,
    [web.id, db.id],
  );
  await pool.query(`INSERT INTO network_latest (host_id, recorded_at, interface, bytes_sent, errors_in) VALUES ($1, now(), 'eth1', 42, 0), ($1, now(), 'eth0', 7, 1)`, [web.id]);
  await pool.query(`INSERT INTO containers (host_id, container_id, name, status) VALUES ($1, 'c1', 'api', 'running')`, [web.id]);
  await seedHostSamples(pool, web.id, new Date(Date.now() - 2 * 3_600_000), 720, 10, (i) => (i % 100) + 0.25);
});
afterAll(async () => {
  await app?.stop();
});

type Body = { query: string; variables?: Record<string, unknown> };

/** Sends one request to both paths and returns both bodies, and whether the direct path responded. */
async function bothWays(body: Body, key: string | null = project.keys.read) {
  const text = JSON.stringify(body);
  const authorization = key ? `Bearer ${key}` : undefined;
  const answered = await direct.respond({ body: text, accept: 'application/json', origin: undefined, authorization, requestId: undefined });
  const response = await yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
    body: text,
  });
  const reference = await response.json();
  if (answered) expect(answered.headers['content-type']).toBe(response.headers.get('content-type'));
  return { ranDirectly: answered !== null, direct: answered ? JSON.parse(answered.text) : reference, reference };
}

async function expectSame(body: Body, ranDirectly: boolean, key?: string | null) {
  const result = await bothWays(body, key);
  expect(result.direct).toEqual(result.reference);
  expect(result.ranDirectly).toBe(ranDirectly);
  return result.reference as { data?: Record<string, any>; errors?: unknown[] };
}

const HOST_COLUMNS = `id name hostname agentId agentVersion agentStartedAt status lastSeenAt clockSkewMs createdAt updatedAt
  os osVersion kernelVersion architecture cpuModel cpuCores cpuThreads memoryTotalBytes swapTotalBytes ipAddresses publicIp
  privateIp macAddresses bootTime cloudProvider cloudRegion cloudZone instanceType instanceId environment role tags`;
const LATEST = `latest { recordedAt cpuUsagePercent cpuPerCorePercent load1m load15m memoryUsedBytes memoryUsagePercent tcpTimeWait uptimeSeconds }`;
const DISKS = `disks { __typename recordedAt device mountPoint filesystem readOnly countsForHealth totalBytes usedBytes usagePercent inodesTotal ioTimePercent }`;
const INTERFACES = `interfaces { name bytesSent bytesReceived errorsIn recordedAt }`;
const COMPUTED = `cpuUsage memoryUsage load1m uptime { seconds text } health { status issues { type severity value threshold mountPoint message } }`;

describe('direct reads of the hosts connection', () => {
  it('answers the benchmark hosts page', async () => {
    const body = { query: '{ hosts(first: 100) { edges { cursor node { id name status cpuUsage memoryUsage lastSeenAt disks { mountPoint usagePercent } } } } }' };
    const answer = await expectSame(body, true);
    expect(answer.data!.hosts.edges.map((edge: any) => edge.node.name)).toEqual(['db-1', 'idle-1', 'web-1']);
  });

  it('answers columns, relations and computed fields', async () => {
    const query = `query Page { __typename hosts(first: 10) { __typename totalCount pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
      edges { __typename cursor node { __typename ${HOST_COLUMNS} ${LATEST} ${DISKS} ${INTERFACES} group { id name description color createdAt } ${COMPUTED} } } } }`;
    const answer = await expectSame({ query: query.replace('__typename hosts', 'hosts') }, true);
    const web = answer.data!.hosts.edges.find((edge: any) => edge.node.name === 'web-1').node;
    expect(web.disks.map((disk: any) => disk.mountPoint)).toEqual(['/', '/var']);
    expect(web.health.issues.length).toBeGreaterThan(0);
    expect(web.swapTotalBytes).toBe(9007199254740991);
  });

  it('merges repeated fields and aliases', async () => {
    const query = `{ hosts { edges { node { b: name a: id disks { mountPoint } disks { usagePercent } cpu: cpuUsage name } } } }`;
    await expectSame({ query }, true);
  });

  it('answers a __proto__ alias', async () => {
    const answer = await expectSame({ query: '{ hosts { edges { node { __proto__: name group { __proto__: name } } } } }' }, true);
    const node = answer.data!.hosts.edges[0].node;
    expect(Object.keys(node)).toEqual(['__proto__', 'group']);
    expect(Object.getOwnPropertyDescriptor(node, '__proto__')?.value).toBe('db-1');
  });

  it('inlines fragments as graphql-js collects them', async () => {
    const query = `query Page { hosts(first: 5) { ...Connection } }
      fragment Connection on QueryHostsConnection { totalCount edges { node { id ...Row ... on Host { cpuUsage disks { ...DiskRow } } name } } }
      fragment Row on Host { name status group { name } }
      fragment DiskRow on Disk { mountPoint usagePercent }`;
    const answer = await expectSame({ query }, true);
    expect(Object.keys(answer.data!.hosts.edges[0].node)).toEqual(['id', 'name', 'status', 'group', 'cpuUsage', 'disks']);
  });

  it.each<[{ withDisks: boolean; bare?: boolean }]>([
    [{ withDisks: true, bare: false }],
    [{ withDisks: false, bare: true }],
    [{ withDisks: false }],
  ])('keeps or leaves out @include and @skip selections for %o', async (variables) => {
    const query = `query ($withDisks: Boolean!, $bare: Boolean = false) { hosts(first: 3) { edges { node {
      name disks @include(if: $withDisks) { mountPoint } ...Load @skip(if: $bare) status @skip(if: false) } } } }
      fragment Load on Host { cpuUsage uptime @include(if: true) { text } }`;
    const answer = await expectSame({ query, variables }, true);
    const node = answer.data!.hosts.edges[0].node;
    expect('disks' in node).toBe(variables.withDisks);
    expect('cpuUsage' in node).toBe(variables.bare !== true);
  });

  it('leaves a missing condition to yoga', async () => {
    await expectSame({ query: 'query ($show: Boolean!) { hosts { edges { node { name @include(if: $show) } } } }', variables: {} }, false);
  });

  it('pages with filters and cursors', async () => {
    const query = `query ($filter: HostFilter, $order: HostOrder, $first: Int = 1, $after: String) {
      hosts(filter: $filter, orderBy: $order, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name cpuUsage } } } }`;
    const first = await expectSame({ query, variables: { filter: { environment: 'prod' }, order: { field: 'CPU', direction: 'DESC' } } }, true);
    expect(first.data!.hosts.edges[0].node.name).toBe('web-1');
    const next = await expectSame({ query, variables: { filter: { environment: 'prod' }, order: { field: 'CPU', direction: 'DESC' }, after: first.data!.hosts.pageInfo.endCursor } }, true);
    expect(next.data!.hosts.edges[0].node.name).toBe('db-1');

    const backward = `query ($before: String) { hosts(last: 1, before: $before) { pageInfo { hasPreviousPage startCursor } edges { node { name } } } }`;
    const last = await expectSame({ query: backward }, true);
    expect(last.data!.hosts.edges[0].node.name).toBe('web-1');
    await expectSame({ query: backward, variables: { before: last.data!.hosts.pageInfo.startCursor } }, true);
    await expectSame({ query: '{ hosts(filter: { search: "WEB", tag: { key: "team", value: "a" } }) { edges { node { name } } } }' }, true);
  });

  it.each([
    ['a relation with arguments', '{ hosts { edges { node { containers(status: "running") { name } } } } }'],
    ['a field that needs the context', '{ hosts { edges { node { topProcesses { pid } } } } }'],
    ['a count of a relation', '{ hosts { edges { node { group { hostCount } } } } }'],
    ['edges selected twice under two aliases', '{ hosts { a: edges { node { name } } b: edges { node { id } } } }'],
    ['two root fields', '{ hosts { totalCount } fleetOverview { totalHosts } }'],
  ])('leaves %s to yoga', async (_case, query) => {
    const answer = await expectSame({ query }, false);
    expect(answer.errors).toBeUndefined();
  });

  it.each([
    ['a page too large', '{ hosts(first: 500) { totalCount } }', 'INVALID_ARGUMENT'],
    ['a foreign cursor', '{ hosts(after: "bm90IGEgY3Vyc29y") { totalCount } }', 'INVALID_ARGUMENT'],
    ['a malformed group id', '{ hosts(filter: { groupId: "g1" }) { totalCount } }', 'INVALID_ARGUMENT'],
    ['an upper-case status filter', '{ hosts(filter: { status: "CRITICAL" }) { totalCount edges { node { name } } } }', 'INVALID_ARGUMENT'],
    ['too many top processes', '{ hosts { edges { node { name topProcesses(limit: 101) { pid } } } } }', 'INVALID_ARGUMENT'],
    ['a negative top process limit', '{ hosts { edges { node { topProcesses(limit: -1) { pid } } } } }', 'INVALID_ARGUMENT'],
    ['a group page too large', '{ hosts { edges { node { group { hosts(first: 1000) { totalCount } } } } } }', 'INVALID_ARGUMENT'],
    ['a malformed group cursor', '{ hosts { edges { node { group { hosts(after: "junk") { totalCount } } } } } }', 'INVALID_ARGUMENT'],
    ['more than 20 directives', `{ hosts(first: 1) { edges { node { ${Array.from({ length: 21 }, () => 'id @skip(if: false)').join(' ')} } } } }`, 'QUERY_TOO_COMPLEX'],
  ])('leaves %s to yoga, which reports it', async (_case, query, code) => {
    const answer = await expectSame({ query }, false);
    expect((answer.errors as { extensions: { code: string } }[])[0]!.extensions.code).toBe(code);
  });

  it('leaves bad keys and variables to yoga', async () => {
    const query = '{ hosts { totalCount } }';
    await expectSame({ query }, false, project.keys.ingest);
    await expectSame({ query }, false, null);
    await expectSame({ query: 'query ($first: Int!) { hosts(first: $first) { totalCount } }', variables: {} }, false);
    await expectSame({ query: 'query ($first: Int) { hosts(first: $first) { totalCount } }', variables: { first: 'ten' } }, false);
  });

  it('shows another project nothing', async () => {
    const answer = await expectSame({ query: '{ hosts { totalCount edges { node { id name } } } }' }, true, other.keys.read);
    expect(answer.data!.hosts).toEqual({ totalCount: 1, edges: [{ node: { id: hostIds.foreign, name: 'web-1' } }] });
  });
});

describe('direct reads of host series', () => {
  const query = `query ($id: ID!, $period: String, $metric: SeriesMetric!) { host(id: $id) { __typename id
    series(metric: $metric, period: $period) { bucket avg min max sum samples } cpu: cpuSeries(period: "1h", interval: "1m") { bucket avg }
    memorySeries(period: $period) { max } } }`;

  it('answers series of own host', async () => {
    const answer = await expectSame({ query, variables: { id: hostIds.web, period: '3h', metric: 'CPU' } }, true);
    expect(answer.data!.host.series.length).toBeGreaterThan(2);
    expect(answer.data!.host.cpu.length).toBeGreaterThanOrEqual(59);
  });

  it('answers null for foreign hosts', async () => {
    const foreign = await expectSame({ query, variables: { id: hostIds.foreign, metric: 'CPU' } }, true);
    expect(foreign.data).toEqual({ host: null });
    await expectSame({ query, variables: { id: '00000000-0000-4000-8000-000000000000', metric: 'LOAD_1M' } }, true);
  });

  it('leaves invalid arguments to yoga', async () => {
    const invalid = await expectSame({ query, variables: { id: 'web-1', metric: 'CPU' } }, false);
    expect(invalid.errors).toHaveLength(1);
    await expectSame({ query, variables: { id: hostIds.web, metric: 'CPU', period: 'forever' } }, false);
    await expectSame({ query, variables: { id: hostIds.web, metric: 'DISK_USAGE' } }, false);
    await expectSame({ query: `query ($id: ID!) { host(id: $id) { name topProcesses { pid } cpuSeries { avg } } }`, variables: { id: hostIds.web } }, false);
    const tooMany = await expectSame({ query: `query ($id: ID!) { host(id: $id) { topProcesses(limit: 101) { pid } cpuSeries { avg } } }`, variables: { id: hostIds.web } }, false);
    expect(tooMany.errors).toMatchObject([{ extensions: { code: 'INVALID_ARGUMENT', field: 'limit', value: 101 } }]);
  });

  it.each([
    ['a mountPoint of CPU', 'query ($id: ID!) { host(id: $id) { id series(metric: CPU, mountPoint: "/") { avg } } }', 'mountPoint'],
    ['an interface of DISK_USAGE', 'query ($id: ID!) { host(id: $id) { name series(metric: DISK_USAGE, mountPoint: "/var", interface: "eth0") { avg } } }', 'interface'],
    ['a mountPoint by host name', '{ hostByName(name: "web-1") { series(metric: NETWORK_TX_BYTES, interface: "eth0", mountPoint: "/") { sum } } }', 'mountPoint'],
  ])('leaves %s to yoga, which rejects it', async (_case, query, field) => {
    const variables = query.includes('$id') ? { id: hostIds.web } : {};
    const answer = await expectSame({ query, variables }, false);
    expect(answer.errors).toMatchObject([{ extensions: { code: 'INVALID_ARGUMENT', field } }]);
  });
});

describe('direct reads of one host', () => {
  const detail = `${HOST_COLUMNS} ${LATEST} ${DISKS} ${INTERFACES} group { name } ${COMPUTED}`;

  it('answers host detail with series', async () => {
    const query = `query ($id: ID!) { host(id: $id) { name cpu: cpuSeries(period: "1h", interval: "1m") { bucket avg } ${detail} memorySeries { max } } }`;
    const answer = await expectSame({ query, variables: { id: hostIds.web } }, true);
    expect(Object.keys(answer.data!.host).slice(0, 3)).toEqual(['name', 'cpu', 'id']);
    expect(answer.data!.host.disks).toHaveLength(2);
    await expectSame({ query, variables: { id: hostIds.idle } }, true);
    const foreign = await expectSame({ query, variables: { id: hostIds.foreign } }, true);
    expect(foreign.data).toEqual({ host: null });
  });

  it('answers hostByName per project', async () => {
    const query = `query ($name: String!) { hostByName(name: $name) { id ${detail} series(metric: LOAD_1M, period: "3h") { avg } } }`;
    const own = await expectSame({ query, variables: { name: 'web-1' } }, true);
    expect(own.data!.hostByName.id).toBe(hostIds.web);
    const foreign = await expectSame({ query, variables: { name: 'web-1' } }, true, other.keys.read);
    expect(foreign.data!.hostByName.id).toBe(hostIds.foreign);
    const missing = await expectSame({ query, variables: { name: 'nobody' } }, true);
    expect(missing.data).toEqual({ hostByName: null });
  });

  it('leaves an instant of infinity to yoga', async () => {
    // PostgreSQL stores infinity, which no DateTime can represent: yoga nulls that one field.
    const { prisma, pool } = app.services;
    const odd = await seedHost(prisma, pool, other.projectId, { name: 'infinite-boot' });
    await pool.query("UPDATE hosts SET boot_time = 'infinity' WHERE id = $1", [odd.id]);
    const query = 'query ($id: ID!) { host(id: $id) { name bootTime } }';

    const result = await expectSame({ query, variables: { id: odd.id } }, false, other.keys.read);

    expect(result.data).toEqual({ host: { name: 'infinite-boot', bootTime: null } });
    expect(result.errors).toHaveLength(1);
  });
});

describe('GraphQL HTTP route', () => {
  it('serves both paths alike', async () => {
    const page = await graphql(app.http.url, project.keys.read, '{ hosts(first: 2) { edges { node { name } } } }');
    expect(page.data!.hosts.edges).toHaveLength(2);
    const viaYoga = await graphql(app.http.url, project.keys.read, '{ hosts(first: 2) { edges { node { ... on Host { name } } } } }');
    expect(viaYoga).toEqual(page);
  });
});
