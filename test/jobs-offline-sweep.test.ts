import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import type { EventMap, EventName, EventPublisher } from '../src/events/types.ts';
import { offlineAfterMs, offlineSweepJob } from '../src/jobs/offline-sweep.ts';
import { Scheduler } from '../src/jobs/scheduler.ts';
import { createLogger } from '../src/logger.ts';
import { createMigratedDatabase, insertHost, type MigratedDatabase } from './helpers/migrated-database.ts';

let database: MigratedDatabase;

beforeAll(async () => {
  database = await createMigratedDatabase('sentinel_jobs_offline');
});
afterAll(async () => {
  await database?.drop();
});

/** An EventPublisher that keeps what it was given, in order. */
class RecordingPublisher implements EventPublisher {
  readonly events: { name: EventName; event: EventMap[EventName] }[] = [];
  publish<Name extends EventName>(name: Name, event: EventMap[Name]): void {
    this.events.push({ name, event });
  }
}

async function statusOf(hostId: string): Promise<string> {
  const { rows } = await database.pool.query<{ status: string }>('SELECT status FROM hosts WHERE id = $1', [hostId]);
  return rows[0]!.status;
}

describe('offline sweep', () => {
  it('waits three intervals and at least two minutes', () => {
    expect(offlineAfterMs({ agentIntervalSeconds: 10 })).toBe(120_000);
    expect(offlineAfterMs({ agentIntervalSeconds: 60 })).toBe(180_000);
  });

  it('marks a silent host offline once across two schedulers', async () => {
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const silent = await insertHost(database.pool, { status: 'warning', lastSeenAt: minutesAgo(10), name: 'silent' });
    const recent = await insertHost(database.pool, { status: 'online', lastSeenAt: minutesAgo(1), name: 'recent' });
    const neverReported = await insertHost(database.pool, { status: 'unknown', lastSeenAt: null, name: 'new' });
    const alreadyOffline = await insertHost(database.pool, { status: 'offline', lastSeenAt: minutesAgo(60) });
    await database.pool.query(
      `INSERT INTO host_latest (host_id, recorded_at, cpu_usage_percent, memory_usage_percent, load_1m)
       VALUES ($1, $2, 91, 40, 2.5)`,
      [silent, minutesAgo(10)],
    );

    let now = Date.now();
    const publishers = [new RecordingPublisher(), new RecordingPublisher()];
    const schedulers = publishers.map(
      (events) =>
        new Scheduler(
          [offlineSweepJob],
          { pool: database.pool, logger: createLogger('silent'), events, config: parseConfig({}) },
          () => now,
        ),
    );

    await Promise.all(schedulers.map((scheduler) => scheduler.runTick(offlineSweepJob)));
    now += offlineSweepJob.intervalMs;
    await Promise.all(schedulers.map((scheduler) => scheduler.runTick(offlineSweepJob)));

    const published = publishers.flatMap((publisher) => publisher.events);
    expect(published).toHaveLength(1);
    expect(published[0]!.name).toBe('hostUpdated');
    expect(published[0]!.event).toMatchObject({
      hostId: silent,
      name: 'silent',
      status: 'offline',
      previousStatus: 'warning',
      created: false,
      cpuUsagePercent: 91,
      memoryUsagePercent: 40,
      load1m: 2.5,
    });
    expect(await statusOf(silent)).toBe('offline');
    expect(await statusOf(recent)).toBe('online');
    expect(await statusOf(neverReported)).toBe('unknown');
    expect(await statusOf(alreadyOffline)).toBe('offline');
  });
});
