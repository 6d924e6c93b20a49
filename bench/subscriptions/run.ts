// Measures how long a hostUpdated event takes from publish to 1,000 graphql-ws
// subscribers, and compares it with the same message broadcast by a bare `ws` server.
// The API runs in this process on a fresh database; the subscribers run in a child
// process. Run from the repository root:
//   node --import tsx bench/subscriptions/run.ts [--connections 1000] [--events 40]
// Needs PostgreSQL on 127.0.0.1:5432 (TEST_DATABASE_URL overrides it) and Redis on
// 127.0.0.1:6379, and sends traffic only to 127.0.0.1.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { startSentinel } from '../../src/app.ts';
import { createApiKey, ensureProject } from '../../src/auth/projects.ts';
import { parseConfig } from '../../src/config.ts';
import type { HostUpdatedEvent } from '../../src/events/types.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../../test/helpers/database.ts';
import type { ClientsMessage, ClientsRequest } from './clients.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
// Events are this far apart, so that each broadcast ends before the next one starts.
const EVENT_INTERVAL_MS = 250;
// The first events of a run warm up the code paths and are left out of the numbers.
const WARM_UP_EVENTS = 5;

type RunResult = { name: string; latenciesMs: number[]; missing: number; serverCpuMsPerEvent: number };

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

function startClients(request: ClientsRequest): { child: ChildProcess; connected: Promise<void>; done: Promise<Extract<ClientsMessage, { type: 'done' }>> } {
  const child = fork(fileURLToPath(new URL('./clients.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  let resolveConnected!: () => void;
  let resolveDone!: (message: Extract<ClientsMessage, { type: 'done' }>) => void;
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));
  const done = new Promise<Extract<ClientsMessage, { type: 'done' }>>((resolve) => (resolveDone = resolve));
  child.on('message', (message: ClientsMessage) => {
    if (message.type === 'connected') resolveConnected();
    else resolveDone(message);
  });
  child.send(request);
  return { child, connected, done };
}

function hostEvent(projectId: string, hostId: string): HostUpdatedEvent {
  const now = new Date().toISOString();
  return {
    projectId,
    hostId,
    name: 'bench-host',
    status: 'online',
    previousStatus: 'online',
    created: false,
    cpuUsagePercent: 42.5,
    memoryUsagePercent: 61.25,
    load1m: 0.75,
    lastSeenAt: now,
    updatedAt: now,
  };
}

/** Sends `events` events through `send`, measuring the CPU time of this process meanwhile. */
async function broadcast(events: number, send: () => void): Promise<number> {
  for (let index = 0; index < WARM_UP_EVENTS; index += 1) {
    send();
    await sleep(EVENT_INTERVAL_MS);
  }
  const before = process.cpuUsage();
  for (let index = 0; index < events; index += 1) {
    send();
    await sleep(EVENT_INTERVAL_MS);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1_000 / events;
}

function dropWarmUp(latenciesMs: number[], connections: number): number[] {
  // Arrivals are recorded in order, so the first events' latencies come first.
  return latenciesMs.slice(WARM_UP_EVENTS * connections);
}

async function measureGraphql(
  databaseUrl: string,
  transport: 'redis' | 'in-process',
  shared: boolean,
  connections: number,
  events: number,
): Promise<RunResult> {
  const config = {
    ...parseConfig({}),
    databaseUrl,
    redisUrl: transport === 'redis' ? REDIS_URL : undefined,
    redisChannelPrefix: `sentinel-bench-${randomBytes(4).toString('hex')}`,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'warn' as const,
    runJobs: false,
  };
  const app = await startSentinel(config, createLogger('warn'));
  try {
    const project = await ensureProject(app.services.prisma, 'bench', 'bench');
    const key = await createApiKey(app.services.prisma, project.id, 'read', 'bench');
    const { rows } = await app.services.pool.query<{ id: string }>(
      `-- Insert bench host
       INSERT INTO hosts (project_id, name, hostname, agent_id) VALUES ($1, 'bench-host', 'bench-host', gen_random_uuid()::text)
       RETURNING id`,
      [project.id],
    );
    const hostId = rows[0]!.id;

    const url = `${app.http.url.replace(/^http/, 'ws')}/graphql`;
    const clients = startClients({ kind: 'graphql', url, key: key.secret, hostId, connections, events: events + WARM_UP_EVENTS, shared });
    await clients.connected;
    while (app.services.events.openStreamCount() < connections) await sleep(20);
    // The last SUBSCRIBE may still be on its way to Redis.
    await sleep(500);

    const serverCpuMsPerEvent = await broadcast(events, () => app.services.events.publish('hostUpdated', hostEvent(project.id, hostId)));
    const result = await clients.done;
    return {
      name: `graphql-ws, ${transport}${shared ? '' : ', one execution per subscriber'}`,
      latenciesMs: dropWarmUp(result.latenciesMs, connections),
      missing: result.missing,
      serverCpuMsPerEvent,
    };
  } finally {
    await app.stop();
  }
}

async function measureBare(connections: number, events: number): Promise<RunResult> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  try {
    const port = (server.address() as { port: number }).port;
    const clients = startClients({ kind: 'bare', url: `ws://127.0.0.1:${port}`, connections, events: events + WARM_UP_EVENTS });
    await clients.connected;

    const serverCpuMsPerEvent = await broadcast(events, () => {
      const event = hostEvent('bench', 'bench-host');
      const hostUpdated = {
        hostId: event.hostId,
        name: event.name,
        status: event.status,
        previousStatus: event.previousStatus,
        created: event.created,
        cpuUsage: event.cpuUsagePercent,
        memoryUsage: event.memoryUsagePercent,
        load1m: event.load1m,
        lastSeenAt: event.lastSeenAt,
        updatedAt: event.updatedAt,
      };
      const message = JSON.stringify({ id: 'bench', type: 'next', payload: { data: { hostUpdated } } });
      for (const socket of server.clients) socket.send(message);
    });
    const result = await clients.done;
    return { name: 'bare ws broadcast', latenciesMs: dropWarmUp(result.latenciesMs, connections), missing: result.missing, serverCpuMsPerEvent };
  } finally {
    for (const socket of server.clients) socket.terminate();
    server.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { connections: { type: 'string', default: '1000' }, events: { type: 'string', default: '40' } } });
  const connections = Number(values.connections);
  const events = Number(values.events);

  const database = await createTestDatabase('sentinel_bench');
  try {
    const results = [
      await measureBare(connections, events),
      await measureGraphql(database.url, 'redis', true, connections, events),
      await measureGraphql(database.url, 'in-process', true, connections, events),
      await measureGraphql(database.url, 'redis', false, connections, events),
    ];
    const bareP95 = percentile([...results[0]!.latenciesMs].sort((a, b) => a - b), 0.95);

    console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    console.log(`load average at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
    console.log(`connections: ${connections}, events measured: ${events} (after ${WARM_UP_EVENTS} warm-up events), ${EVENT_INTERVAL_MS} ms apart`);
    console.log('| run | p50 ms | p95 ms | p99 ms | max ms | p95 / bare p95 | server CPU ms per event | missing |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const result of results) {
      const sorted = [...result.latenciesMs].sort((a, b) => a - b);
      const p95 = percentile(sorted, 0.95);
      console.log(
        `| ${result.name} | ${percentile(sorted, 0.5)} | ${p95} | ${percentile(sorted, 0.99)} | ${sorted.at(-1)} | ${(p95 / bareP95).toFixed(2)} | ${result.serverCpuMsPerEvent.toFixed(1)} | ${result.missing} |`,
      );
    }
  } finally {
    await database.drop();
  }
}

await main();
