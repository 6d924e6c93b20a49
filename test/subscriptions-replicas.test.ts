import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import type { Sentinel } from '../src/app.ts';
import { eventTopic } from '../src/pubsub/topics.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';
import {
  connectClient,
  newRedis,
  SHARED_REDIS_URL,
  subscribe,
  uniqueChannelPrefix,
  waitForSubscribers,
} from './helpers/live.ts';
import { REPORT_MUTATION, report, reportInput, systemSample } from './helpers/reports.ts';

const HOST_UPDATED = 'subscription ($hostId: ID!) { hostUpdated(hostId: $hostId) { hostId cpuUsage } }';
const HOST_METRICS = 'subscription ($hostId: ID!) { hostMetrics(hostId: $hostId) { hostId cpuUsagePercent processesTotal } }';

// Row triggers on a partitioned table apply to every partition, also future ones. This
// one makes a report with this process count fail inside the ingest transaction.
const FAILING_PROCESS_COUNT = 424_242;

const prefix = uniqueChannelPrefix();
const redis = newRedis();
let writer: Sentinel;
let reader: Sentinel;
let project: SeededProject;
let other: SeededProject;
const clients: Client[] = [];

beforeAll(async () => {
  [writer, reader] = await Promise.all([
    startTestApp({ redisUrl: SHARED_REDIS_URL, redisChannelPrefix: prefix }),
    startTestApp({ redisUrl: SHARED_REDIS_URL, redisChannelPrefix: prefix }),
  ]);
  [project, other] = await Promise.all([seedProject(writer.services.prisma), seedProject(writer.services.prisma)]);
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await Promise.all([writer?.stop(), reader?.stop()]);
  redis.disconnect();
});

function client(app: Sentinel, key: string): Client {
  const created = connectClient(app, key);
  clients.push(created);
  return created;
}

async function reportTo(app: Sentinel, key: string, input: ReturnType<typeof reportInput>) {
  return graphql(app.http.url, key, REPORT_MUTATION, { input });
}

describe('subscriptions across API processes', () => {
  it('delivers a report from the other process', async () => {
    const input = reportInput({ hostname: 'replica-1' });
    const hostId = (await reportTo(writer, project.keys.ingest, input)).data!.reportMetrics.hostId;
    const subscription = subscribe(client(reader, project.keys.read), HOST_UPDATED, { hostId });
    await waitForSubscribers(redis, eventTopic(prefix, project.projectId, 'hostUpdated'), 1);

    const next = { ...input, reports: [report({ system: systemSample({ cpuUsagePercent: 64.5 }) })] };
    expect((await reportTo(writer, project.keys.ingest, next)).errors).toBeUndefined();

    const { data } = await subscription.next();
    expect(data!.hostUpdated).toEqual({ hostId, cpuUsage: 64.5 });
    subscription.dispose();
  });

  it('keeps projects apart across processes', async () => {
    const ownInput = reportInput({ hostname: 'own' });
    const otherInput = reportInput({ hostname: 'other' });
    const ownHost = (await reportTo(writer, project.keys.ingest, ownInput)).data!.reportMetrics.hostId;
    const otherHost = (await reportTo(writer, other.keys.ingest, otherInput)).data!.reportMetrics.hostId;
    const mine = subscribe(client(reader, project.keys.read), HOST_METRICS, { hostId: ownHost });
    const theirs = subscribe(client(reader, other.keys.read), HOST_METRICS, { hostId: otherHost });
    await waitForSubscribers(redis, eventTopic(prefix, project.projectId, 'hostMetrics'), 1);
    await waitForSubscribers(redis, eventTopic(prefix, other.projectId, 'hostMetrics'), 1);

    await reportTo(writer, other.keys.ingest, { ...otherInput, reports: [report({ system: systemSample({ processesTotal: 222 }) })] });
    await reportTo(writer, project.keys.ingest, { ...ownInput, reports: [report({ system: systemSample({ processesTotal: 111 }) })] });

    expect((await mine.next()).data!.hostMetrics).toMatchObject({ hostId: ownHost, processesTotal: 111 });
    expect((await theirs.next()).data!.hostMetrics).toMatchObject({ hostId: otherHost, processesTotal: 222 });
    mine.dispose();
    theirs.dispose();
  });

  it('publishes nothing for a rolled-back report', async () => {
    const trigger = `fail_report_${prefix.replace(/\W/g, '_')}`;
    await writer.services.pool.query(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.processes_total = ${FAILING_PROCESS_COUNT} THEN
          RAISE EXCEPTION 'report rejected by test trigger';
        END IF;
        RETURN NEW;
      END $$`);
    await writer.services.pool.query(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON host_metrics FOR EACH ROW EXECUTE FUNCTION ${trigger}()`,
    );
    try {
      const input = reportInput({ hostname: 'rollback' });
      const hostId = (await reportTo(writer, project.keys.ingest, input)).data!.reportMetrics.hostId;
      const subscription = subscribe(client(reader, project.keys.read), HOST_METRICS, { hostId });
      await waitForSubscribers(redis, eventTopic(prefix, project.projectId, 'hostMetrics'), 1);

      const failing = { ...input, reports: [report({ system: systemSample({ processesTotal: FAILING_PROCESS_COUNT }) })] };
      const failed = await reportTo(writer, project.keys.ingest, failing);
      expect(failed.errors).toBeDefined();
      const stored = { ...input, reports: [report({ system: systemSample({ processesTotal: 7 }) })] };
      expect((await reportTo(writer, project.keys.ingest, stored)).errors).toBeUndefined();

      // Redis keeps the order of one publisher's messages, so an event of the failed
      // report would arrive before this one.
      expect((await subscription.next()).data!.hostMetrics.processesTotal).toBe(7);
      subscription.dispose();
    } finally {
      await writer.services.pool.query(`DROP TRIGGER ${trigger} ON host_metrics`);
      await writer.services.pool.query(`DROP FUNCTION ${trigger}()`);
    }
  });
});
