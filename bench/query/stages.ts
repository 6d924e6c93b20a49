// Times the stages of the direct read path one by one, on the data of run.ts, so that
// the per-stage figures in RESULTS.md can be measured again. Run from the repository
// root with PostgreSQL on 127.0.0.1:
//   node --import tsx bench/query/stages.ts
// Creates and drops its own database and prints one line per stage (p50 of 1,000 calls).

import { performance } from 'node:perf_hooks';
import { parse, visit, type GraphQLObjectType, type SelectionSetNode } from 'graphql';
import type pg from 'pg';
import { migrate } from '../../src/app.ts';
import { createApiKey } from '../../src/auth/projects.ts';
import { parseConfig } from '../../src/config.ts';
import { encodeHostCursor, encodeHostCursors, type HostCursor } from '../../src/hosts/host-cursor.ts';
import { listHosts } from '../../src/hosts/host-list.ts';
import { queryHostPage } from '../../src/hosts/host-list-storage.ts';
import { hostRowSql } from '../../src/hosts/host-row-sql.ts';
import { formatIsoInstant } from '../../src/iso-instant.ts';
import { createLogger } from '../../src/logger.ts';
import { planSeries, readProjectHostSeries, readSeries } from '../../src/metrics/series-service.ts';
import { queryProjectHostSeries } from '../../src/metrics/series-storage.ts';
import { buildSchema } from '../../src/schema/index.ts';
import { compilePrismaObject } from '../../src/server/direct/prisma-projection.ts';
import { createDirectExecutor } from '../../src/server/http.ts';
import { createServices } from '../../src/services.ts';
import { createTestDatabase } from '../../test/helpers/database.ts';
import { BARE_HOSTS_PAGE_SQL, HOSTS_PAGE_QUERY, seedSettledBenchData } from './seed.ts';

const WARMUP_CALLS = 200;
const MEASURED_CALLS = 1_000;
const MICRO_ROWS = 100;

async function stage(name: string, run: () => unknown): Promise<void> {
  for (let i = 0; i < WARMUP_CALLS; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < MEASURED_CALLS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(52)} ${(times[times.length >> 1]! * 1000).toFixed(1)} µs`);
}

// The page's node selection as the direct path plans it for HOSTS_PAGE_QUERY.
const PAGE_SELECT = {
  name: true,
  status: true,
  lastSeenAt: true,
  latest: { select: { cpuUsagePercent: true, memoryUsagePercent: true } },
  disks: { orderBy: { mountPoint: 'asc' }, select: { mountPoint: true, usagePercent: true } },
};

// The same page with each node built as response-shaped JSON text by PostgreSQL.
const JSON_TEXT_PAGE_SQL = `SELECT h.id, h.name AS "sortValue", json_build_object('id', h.id, 'name', h.name, 'status', h.status,
     'cpuUsage', hl.cpu_usage_percent, 'memoryUsage', hl.memory_usage_percent,
     'lastSeenAt', to_char(h.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
     'disks', (SELECT coalesce(json_agg(json_build_object('mountPoint', d.mount_point, 'usagePercent', d.usage_percent) ORDER BY d.mount_point), '[]')
               FROM disk_latest d WHERE d.host_id = h.id))::text AS node
   FROM hosts h LEFT JOIN host_latest hl ON hl.host_id = h.id
   WHERE h.project_id = $1 ORDER BY h.name, h.id LIMIT 101`;

// The selection on `node` in a hosts connection query.
function nodeSelection(query: string): SelectionSetNode {
  let found: SelectionSetNode | undefined;
  visit(parse(query), {
    Field(field) {
      if (field.name.value === 'node') found = field.selectionSet;
    },
  });
  if (!found) throw new Error('The query selects no node');
  return found;
}

/**
 * Runs `run` once to record the page statement's result, then returns a function that
 * runs it with pool.query returning a copy of that result: the executor's own
 * time without the database round trip. The pool's query is restored after each call.
 */
async function replayingPool(pool: pg.Pool, run: () => Promise<unknown>): Promise<() => Promise<unknown>> {
  const original = pool.query;
  let recorded: pg.QueryResult | undefined;
  pool.query = (async (...args: Parameters<pg.Pool['query']>) => {
    recorded = await (original as (...a: unknown[]) => Promise<pg.QueryResult>).apply(pool, args);
    return recorded;
  }) as pg.Pool['query'];
  try {
    await run();
  } finally {
    pool.query = original;
  }
  const result = recorded!;
  return async () => {
    pool.query = (async () => ({ ...result, rows: result.rows.map((row: object) => ({ ...row })) })) as unknown as pg.Pool['query'];
    try {
      return await run();
    } finally {
      pool.query = original;
    }
  };
}

const database = await createTestDatabase('sentinel_bench_stages');
const logger = createLogger('warn');
try {
  await migrate(database.url, logger);
  const services = createServices({ ...parseConfig({}), databaseUrl: database.url, logLevel: 'silent', runJobs: false }, database.url, logger);
  try {
    const { projectId, seriesHostId } = await seedSettledBenchData(services.pool);

    const key = await createApiKey(services.prisma, projectId, 'read', 'bench');
    const direct = createDirectExecutor(buildSchema(), services);
    const respond = async (query: string, variables: Record<string, unknown>) => {
      const body = JSON.stringify({ query, variables });
      const answered = await direct.respond({ body, accept: undefined, origin: undefined, authorization: `Bearer ${key.secret}`, requestId: undefined });
      return answered!.text;
    };

    console.log('Hosts page of 100');
    const rowSql = hostRowSql({ select: PAGE_SELECT })!;
    const pageRequest = { projectId, filter: {}, field: 'NAME', direction: 'ASC', backward: false, cursor: null, limit: 101, node: rowSql } as const;
    const pageArgs = { filter: {}, field: 'NAME', direction: 'ASC', first: 100, after: null, last: null, before: null, node: rowSql } as const;
    const responseText = await respond(HOSTS_PAGE_QUERY, {});
    const response = JSON.parse(responseText) as unknown;
    await stage('bare join (the SQL side of run.ts)', () => services.pool.query({ name: 'bench-bare-hosts-page', text: BARE_HOSTS_PAGE_SQL, values: [projectId] }));
    await stage('page statement with nodes as JSON text', () => services.pool.query(JSON_TEXT_PAGE_SQL, [projectId]));
    await stage('page statement, rows decoded (queryHostPage)', () => queryHostPage(services.pool, pageRequest));
    await stage('page with cursors (listHosts)', () => listHosts(services.pool, projectId, pageArgs));
    await stage(`JSON.stringify of the response (${responseText.length} bytes)`, () => JSON.stringify(response));
    await stage('JSON.parse of the response', () => JSON.parse(responseText));
    await stage('direct executor respond(), then JSON.parse', async () => JSON.parse(await respond(HOSTS_PAGE_QUERY, {})));
    await stage('respond() with the statement result replayed', await replayingPool(services.pool, () => respond(HOSTS_PAGE_QUERY, {})));
    const page = await listHosts(services.pool, projectId, pageArgs);
    const hostWriter = compilePrismaObject(buildSchema().getType('Host') as GraphQLObjectType, nodeSelection(HOSTS_PAGE_QUERY))!;
    await stage('writing the 100 loaded hosts of the page', () => page.edges.map((edge) => hostWriter.write(edge.node)));

    console.log('Host series, one statement each');
    for (const period of ['1h', '24h']) {
      const request = await planSeries(services.pool, { kind: 'host', hostId: seriesHostId }, 'CPU', { period });
      await stage(`${period}: readSeries (the SQL side of run.ts)`, () => readSeries(services.pool, { kind: 'host', hostId: seriesHostId }, 'CPU', { period }));
      await stage(`${period}: statement with the host check`, () => queryProjectHostSeries(services.pool, projectId, request));
      await stage(`${period}: readProjectHostSeries, host checked before`, () => readProjectHostSeries(services.pool, projectId, request));
    }

    console.log(`Formatting, ${MICRO_ROWS} values per call`);
    const dates = Array.from({ length: MICRO_ROWS }, (_, index) => new Date(Date.now() - index * 1_000));
    const cursors: HostCursor[] = dates.map((_, index) => ({ field: 'NAME', direction: 'ASC', value: `host-${index}`, id: '34ad9897-6b15-492d-86af-13695d6b7477' }));
    await stage('Date#toISOString', () => dates.map((date) => date.toISOString()));
    await stage('formatIsoInstant', () => dates.map(formatIsoInstant));
    await stage('cursor as base64url JSON object (earlier form)', () => cursors.map((cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url')));
    await stage('encodeHostCursor, each', () => cursors.map(encodeHostCursor));
    await stage('encodeHostCursors, one page', () => encodeHostCursors(cursors));
  } finally {
    await services.close();
  }
} finally {
  await database.drop();
}
