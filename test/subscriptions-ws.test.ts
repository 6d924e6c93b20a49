import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import type { Sentinel } from '../src/app.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';
import {
  connectClient,
  connectionOutcome,
  hostUpdatedEvent,
  insertHost,
  subscribe,
  waitUntil,
} from './helpers/live.ts';
import { REPORT_MUTATION, report, reportInput, systemSample } from './helpers/reports.ts';

const HOST_UPDATED = `subscription ($hostId: ID!) {
  hostUpdated(hostId: $hostId) { hostId name status previousStatus created cpuUsage memoryUsage load1m lastSeenAt updatedAt }
}`;
const HOST_METRICS = `subscription ($hostId: ID!) {
  hostMetrics(hostId: $hostId) { hostId recordedAt cpuUsagePercent memoryUsedBytes load5m }
}`;
const CONTAINER_UPDATED = `subscription ($hostId: ID!) {
  containerUpdated(hostId: $hostId) { hostId recordedAt containers { id containerId name status memoryUsedBytes } }
}`;
const HOSTS_UPDATED = `subscription ($filter: HostsUpdatedFilter) {
  hostsUpdated(filter: $filter) { hostId name status previousStatus created }
}`;

let app: Sentinel;
let project: SeededProject;
let other: SeededProject;
const clients: Client[] = [];

beforeAll(async () => {
  app = await startTestApp();
  [project, other] = await Promise.all([seedProject(app.services.prisma), seedProject(app.services.prisma)]);
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await app?.stop();
});

function client(key: string): Client {
  const created = connectClient(app, key);
  clients.push(created);
  return created;
}

/** Waits until this process has `count` more open event streams than before. */
async function waitForStreams(baseline: number, count: number): Promise<void> {
  await waitUntil(() => app.services.events.openStreamCount() >= baseline + count);
}

describe('websocket connection', () => {
  it('closes without a key', async () => {
    const outcome = await connectionOutcome(app, {});
    expect(outcome.acknowledged).toBe(false);
    expect(outcome.code).toBe(4401);
    expect(outcome.reason).toMatch(/missing API key/);
  });

  it('closes with an unknown key', async () => {
    const outcome = await connectionOutcome(app, { authorization: 'Bearer sk_not_a_real_key' });
    expect(outcome.code).toBe(4401);
    expect(outcome.reason).toMatch(/invalid or revoked API key/);
  });

  it('closes with an ingest key', async () => {
    const outcome = await connectionOutcome(app, { authorization: `Bearer ${project.keys.ingest}` });
    expect(outcome.code).toBe(4403);
    expect(outcome.reason).toMatch(/scope ingest may not subscribe/);
  });

  it('accepts read and admin keys', async () => {
    expect((await connectionOutcome(app, { authorization: `Bearer ${project.keys.read}` })).acknowledged).toBe(true);
    expect((await connectionOutcome(app, { apiKey: project.keys.admin })).acknowledged).toBe(true);
  });
});

describe('hostUpdated', () => {
  it('delivers a report sent through the mutation', async () => {
    const input = reportInput({ hostname: 'live-1' });
    const hostId = (await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input })).data!.reportMetrics.hostId;
    const baseline = app.services.events.openStreamCount();
    const subscription = subscribe(client(project.keys.read), HOST_UPDATED, { hostId });
    await waitForStreams(baseline, 1);

    const next = { ...input, reports: [report({ system: systemSample({ cpuUsagePercent: 91.5, memoryUsagePercent: 50 }) })] };
    const reported = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input: next });
    expect(reported.errors).toBeUndefined();

    const { data, errors } = await subscription.next();
    expect(errors).toBeUndefined();
    expect(data!.hostUpdated.hostId).toBe(hostId);
    expect(data!.hostUpdated.name).toBe('live-1');
    expect(data!.hostUpdated.cpuUsage).toBe(91.5);
    expect(data!.hostUpdated.status).toBe('warning');
    expect(data!.hostUpdated.previousStatus).toBe('online');
    expect(data!.hostUpdated.created).toBe(false);
    subscription.dispose();
  });

  it('delivers only the subscribed host', async () => {
    const [hostA, hostB] = [await insertHost(app, project.projectId), await insertHost(app, project.projectId)];
    const baseline = app.services.events.openStreamCount();
    const subscription = subscribe(client(project.keys.admin), HOST_UPDATED, { hostId: hostA });
    await waitForStreams(baseline, 1);

    app.services.events.publish('hostUpdated', hostUpdatedEvent(project.projectId, hostB, { name: 'not-this-one' }));
    app.services.events.publish('hostUpdated', hostUpdatedEvent(project.projectId, hostA, { name: 'this-one', status: 'warning' }));

    const { data } = await subscription.next();
    expect(data!.hostUpdated).toMatchObject({ hostId: hostA, name: 'this-one', status: 'warning' });
    subscription.dispose();
  });

  it('rejects a host of another project', async () => {
    const foreignHost = await insertHost(app, other.projectId);
    const subscription = subscribe(client(project.keys.read), HOST_UPDATED, { hostId: foreignHost });

    const { data, errors } = await subscription.next();
    expect(data ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions?.code).toBe('HOST_NOT_FOUND');
    expect(await subscription.ended).toBeNull();
  });

  it('rejects an unknown host id', async () => {
    const hostId = '00000000-0000-4000-8000-000000000000';
    const subscription = subscribe(client(project.keys.read), HOST_UPDATED, { hostId });
    const { errors } = await subscription.next();
    expect(errors![0]!.extensions?.code).toBe('HOST_NOT_FOUND');
    expect(errors![0]!.message).toContain(hostId);
  });

  it('rejects a malformed host id as over HTTP', async () => {
    const overHttp = await graphql(app.http.url, project.keys.read, '{ host(id: "not-a-uuid") { id } }');
    for (const query of [HOST_UPDATED, HOST_METRICS, CONTAINER_UPDATED]) {
      const subscription = subscribe(client(project.keys.read), query, { hostId: 'not-a-uuid' });
      const { data, errors } = await subscription.next();
      expect(data ?? null, query).toBeNull();
      expect(errors![0]!.extensions, query).toEqual({ code: 'INVALID_ARGUMENT', field: 'hostId', value: 'not-a-uuid' });
      expect(errors![0]!.message, query).toBe('Invalid hostId "not-a-uuid": expected a UUID');
    }
    expect(overHttp.errors![0]!.extensions).toEqual({ code: 'INVALID_ARGUMENT', field: 'id', value: 'not-a-uuid' });
  });

  it('delivers to an upper-case host id', async () => {
    const input = reportInput({ hostname: 'live-upper' });
    const hostId = (await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input })).data!.reportMetrics.hostId;
    const baseline = app.services.events.openStreamCount();
    const subscription = subscribe(client(project.keys.read), HOST_UPDATED, { hostId: hostId.toUpperCase() });
    await waitForStreams(baseline, 1);

    await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input: { ...input, reports: [report()] } });

    const { data, errors } = await subscription.next();
    expect(errors).toBeUndefined();
    expect(data!.hostUpdated.hostId).toBe(hostId);
    subscription.dispose();
  });

  it('never delivers another project event', async () => {
    const hostId = await insertHost(app, project.projectId);
    const baseline = app.services.events.openStreamCount();
    const mine = subscribe(client(project.keys.read), HOSTS_UPDATED);
    const theirs = subscribe(client(other.keys.read), HOSTS_UPDATED);
    await waitForStreams(baseline, 2);

    // The foreign event names a host of this project, so only the channel keeps it out.
    app.services.events.publish('hostUpdated', hostUpdatedEvent(other.projectId, hostId, { created: true, name: 'foreign' }));
    app.services.events.publish('hostUpdated', hostUpdatedEvent(project.projectId, hostId, { created: true, name: 'own' }));

    expect((await mine.next()).data!.hostsUpdated.name).toBe('own');
    expect((await theirs.next()).data!.hostsUpdated.name).toBe('foreign');
    mine.dispose();
    theirs.dispose();
  });
});

describe('hostsUpdated', () => {
  it('delivers new hosts and status changes only', async () => {
    const hostId = await insertHost(app, project.projectId);
    const baseline = app.services.events.openStreamCount();
    const subscription = subscribe(client(project.keys.read), HOSTS_UPDATED);
    await waitForStreams(baseline, 1);

    app.services.events.publish('hostUpdated', hostUpdatedEvent(project.projectId, hostId, { name: 'unchanged' }));
    app.services.events.publish('hostUpdated', hostUpdatedEvent(project.projectId, hostId, { name: 'offline', status: 'offline' }));
    app.services.events.publish('hostUpdated', hostUpdatedEvent(project.projectId, hostId, { name: 'new', created: true }));

    expect((await subscription.next()).data!.hostsUpdated).toMatchObject({ name: 'offline', status: 'offline', previousStatus: 'online' });
    expect((await subscription.next()).data!.hostsUpdated).toMatchObject({ name: 'new', created: true });
    subscription.dispose();
  });

  it('filters by status entered or left', async () => {
    const hostId = await insertHost(app, project.projectId);
    const baseline = app.services.events.openStreamCount();
    const subscription = subscribe(client(project.keys.read), HOSTS_UPDATED, { filter: { status: 'offline' } });
    await waitForStreams(baseline, 1);

    const publish = (name: string, previousStatus: 'online' | 'warning' | 'offline', status: 'online' | 'warning' | 'offline') =>
      app.services.events.publish('hostUpdated', hostUpdatedEvent(project.projectId, hostId, { name, previousStatus, status }));
    publish('to-warning', 'online', 'warning');
    publish('went-offline', 'warning', 'offline');
    publish('came-back', 'offline', 'online');

    expect((await subscription.next()).data!.hostsUpdated.name).toBe('went-offline');
    expect((await subscription.next()).data!.hostsUpdated.name).toBe('came-back');
    subscription.dispose();
  });

  it('filters by environment and role', async () => {
    const web = await insertHost(app, project.projectId, { environment: 'production', role: 'web' });
    const db = await insertHost(app, project.projectId, { environment: 'production', role: 'database' });
    const baseline = app.services.events.openStreamCount();
    const subscription = subscribe(client(project.keys.read), HOSTS_UPDATED, { filter: { environment: 'production', role: 'web' } });
    await waitForStreams(baseline, 1);

    app.services.events.publish('hostUpdated', hostUpdatedEvent(project.projectId, db, { name: 'db', created: true }));
    app.services.events.publish('hostUpdated', hostUpdatedEvent(project.projectId, web, { name: 'web', created: true }));

    expect((await subscription.next()).data!.hostsUpdated.name).toBe('web');
    subscription.dispose();
  });

  it('rejects an unknown status', async () => {
    const subscription = subscribe(client(project.keys.read), HOSTS_UPDATED, { filter: { status: 'sleeping' } });
    const { errors } = await subscription.next();
    expect(errors![0]!.extensions?.code).toBe('INVALID_ARGUMENT');
    expect(errors![0]!.message).toContain('sleeping');
  });

  it('applies the query limits', async () => {
    const aliases = Array.from({ length: 21 }, (_, index) => `a${index}: hostId`).join(' ');
    const tooMany = subscribe(client(project.keys.read), `subscription { hostsUpdated { ${aliases} } }`);
    const [aliasError] = (await tooMany.ended) as { extensions?: Record<string, unknown> }[];
    expect(aliasError!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 20 });

    const fields = Array.from({ length: 5_100 }, () => 'hostId').join(' ');
    const tooLong = subscribe(client(project.keys.read), `subscription { hostsUpdated { ${fields} } }`);
    const [tokenError] = (await tooLong.ended) as { extensions?: Record<string, unknown> }[];
    expect(tokenError!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 5_000 });
  });

  it('reports a syntax error without closing', async () => {
    const connection = client(project.keys.read);
    const broken = subscribe(connection, 'subscription { hostsUpdated { hostId }');
    const [syntaxError] = (await broken.ended) as { message: string; extensions?: Record<string, unknown> }[];
    expect(syntaxError!.message).toContain('Syntax Error');
    expect(syntaxError!.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });

    const empty = subscribe(connection, ' # nothing');
    const [emptyError] = (await empty.ended) as { message: string }[];
    expect(emptyError!.message).toContain('The query is empty');

    const unknown = subscribe(connection, 'subscription { hostsUpdated { nope } }');
    const [unknownError] = (await unknown.ended) as { extensions?: Record<string, unknown> }[];
    expect(unknownError!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });

    const baseline = app.services.events.openStreamCount();
    subscribe(connection, HOSTS_UPDATED);
    await waitForStreams(baseline, 1);
  });

  it('names a rejected variable', async () => {
    const subscription = subscribe(client(project.keys.read), HOSTS_UPDATED, { filter: { status: 3 } });
    const { data, errors } = await subscription.next();
    expect(data ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions).toEqual({ code: 'INVALID_ARGUMENT', variable: 'filter', field: 'filter.status', value: 3 });
  });

  it('rejects an unknown operation like HTTP', async () => {
    const twoOperations = 'subscription One { hostsUpdated { hostId } } subscription Two { hostsUpdated { name } }';
    const overHttp = await graphql(app.http.url, project.keys.read, twoOperations);
    expect(overHttp.errors![0]!.extensions).toEqual({ code: 'OPERATION_RESOLUTION_FAILURE' });

    const connection = client(project.keys.read);
    for (const operationName of [undefined, 'Missing']) {
      const subscription = subscribe(connection, twoOperations, {}, operationName);
      const [error] = (await subscription.ended) as { message: string; extensions?: Record<string, unknown> }[];
      expect(error, operationName).toEqual({ message: overHttp.errors![0]!.message, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
    }
  });

  it('names rejected variables over HTTP', async () => {
    // yoga runs an HTTP subscription through subscribe, not execute.
    for (const accept of ['text/event-stream', 'application/json']) {
      const response = await fetch(`${app.http.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${project.keys.read}` },
        body: JSON.stringify({ query: HOSTS_UPDATED, variables: { filter: { status: 3 } } }),
      });
      const text = await response.text();
      const json = accept === 'application/json' ? text : /^data: (.*)$/m.exec(text)![1]!;
      const { errors } = JSON.parse(json) as { errors: { extensions: Record<string, unknown> }[] };
      expect(errors, accept).toHaveLength(1);
      expect(errors[0]!.extensions, accept).toEqual({ code: 'INVALID_ARGUMENT', variable: 'filter', field: 'filter.status', value: 3 });
    }
  });
});

describe('hostMetrics and containerUpdated', () => {
  it('delivers a sample sent through the mutation', async () => {
    const input = reportInput({ hostname: 'metrics-1' });
    const hostId = (await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input })).data!.reportMetrics.hostId;
    const baseline = app.services.events.openStreamCount();
    const subscription = subscribe(client(project.keys.read), HOST_METRICS, { hostId });
    await waitForStreams(baseline, 1);

    const collectedAt = new Date(Date.now() - 5_000).toISOString();
    const sample = systemSample({ cpuUsagePercent: 33.25, memoryUsedBytes: 7_500_000_000, load5m: 1.75 });
    await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input: { ...input, reports: [report({ collectedAt, system: sample })] } });

    const { data } = await subscription.next();
    expect(data!.hostMetrics).toEqual({ hostId, recordedAt: collectedAt, cpuUsagePercent: 33.25, memoryUsedBytes: 7_500_000_000, load5m: 1.75 });
    subscription.dispose();
  });

  it('delivers the containers of a host', async () => {
    const hostId = await insertHost(app, project.projectId);
    const baseline = app.services.events.openStreamCount();
    const subscription = subscribe(client(project.keys.read), CONTAINER_UPDATED, { hostId });
    await waitForStreams(baseline, 1);

    const recordedAt = new Date().toISOString();
    const container = {
      id: '3d0e1a52-9a49-4c5e-8d3e-0c1f0b6b9a11',
      containerId: 'c0ffee',
      name: 'api',
      image: 'api:1',
      status: 'running',
      cpuUsagePercent: 3,
      memoryUsedBytes: 5_000_000_000,
      memoryUsagePercent: 10,
    };
    app.services.events.publish('containerUpdated', { projectId: project.projectId, hostId, recordedAt, containers: [container] });

    const { data } = await subscription.next();
    expect(data!.containerUpdated).toEqual({
      hostId,
      recordedAt,
      containers: [{ id: container.id, containerId: 'c0ffee', name: 'api', status: 'running', memoryUsedBytes: 5_000_000_000 }],
    });
    subscription.dispose();
  });
});

describe('shutdown', () => {
  it('closes connections with 1001', async () => {
    const local = await startTestApp();
    const hostId = await insertHost(local, project.projectId);
    const closed = new Promise<number>((resolveClosed) => {
      const shutdownClient = connectClient(local, project.keys.read);
      shutdownClient.on('closed', (event) => resolveClosed((event as { code: number }).code));
      subscribe(shutdownClient, HOST_UPDATED, { hostId });
    });
    await waitUntil(() => local.services.events.openStreamCount() === 1);

    await local.stop();

    expect(await closed).toBe(1001);
    expect(local.services.events.openStreamCount()).toBe(0);
  });
});
