import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { discardEvents } from '../src/events/types.ts';
import type { Job } from '../src/jobs/job.ts';
import { jobLockKey } from '../src/jobs/job-lock.ts';
import { Scheduler, type SchedulerDependencies } from '../src/jobs/scheduler.ts';
import { createLogger } from '../src/logger.ts';
import { createMigratedDatabase, type MigratedDatabase } from './helpers/migrated-database.ts';

let database: MigratedDatabase;
let dependencies: SchedulerDependencies;

beforeAll(async () => {
  database = await createMigratedDatabase('sentinel_jobs_scheduler');
  await database.pool.query('CREATE TABLE job_counter (name text PRIMARY KEY, runs integer NOT NULL)');
  await database.pool.query('CREATE TABLE job_ticks (name text NOT NULL, tick_at timestamptz NOT NULL)');
  dependencies = { pool: database.pool, logger: createLogger('silent'), events: discardEvents, config: parseConfig({}) };
});
afterAll(async () => {
  await database?.drop();
});

const INTERVAL_MS = 60_000;

function countingJob(name: string, options: { fail?: () => boolean } = {}): Job {
  return {
    name,
    intervalMs: INTERVAL_MS,
    async run({ pool }) {
      await pool.query(
        `INSERT INTO job_counter (name, runs) VALUES ($1, 1)
         ON CONFLICT (name) DO UPDATE SET runs = job_counter.runs + 1`,
        [name],
      );
      if (options.fail?.()) throw new Error(`job ${name} failed on purpose`);
    },
  };
}

async function runsOf(name: string): Promise<number> {
  const { rows } = await database.pool.query<{ runs: number }>('SELECT runs FROM job_counter WHERE name = $1', [name]);
  return rows[0]?.runs ?? 0;
}

describe('scheduler', () => {
  it('runs a tick once across two schedulers', async () => {
    let now = Date.parse('2030-01-01T00:00:10Z');
    const clock = () => now;
    const job = countingJob('count-once');
    const first = new Scheduler([job], dependencies, clock);
    const second = new Scheduler([job], dependencies, clock);

    for (let attempt = 0; attempt < 3; attempt += 1) {
      const outcomes = await Promise.all([first.runTick(job), second.runTick(job)]);
      expect(outcomes.filter((outcome) => outcome === 'ran').length).toBeLessThanOrEqual(1);
    }
    expect(await runsOf('count-once')).toBe(1);

    now += INTERVAL_MS;
    const outcomes = await Promise.all([second.runTick(job), first.runTick(job)]);
    expect(outcomes.filter((outcome) => outcome === 'ran')).toHaveLength(1);
    expect(await runsOf('count-once')).toBe(2);
  });

  it('skips a job whose lock another session holds', async () => {
    const job = countingJob('count-locked');
    const holder = await database.pool.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [jobLockKey(job.name)]);
      const scheduler = new Scheduler([job], dependencies, () => Date.parse('2030-01-01T00:00:10Z'));

      expect(await scheduler.runTick(job)).toBe('locked');
      expect(await runsOf('count-locked')).toBe(0);
    } finally {
      await holder.query('SELECT pg_advisory_unlock_all()');
      holder.release();
    }
  });

  it('retries a failed job at the next tick', async () => {
    let now = Date.parse('2030-01-01T00:00:10Z');
    let failing = true;
    const job = countingJob('count-failing', { fail: () => failing });
    const scheduler = new Scheduler([job], dependencies, () => now);

    expect(await scheduler.runTick(job)).toBe('failed');
    const failed = await database.pool.query<{ last_error: string | null }>(
      "SELECT last_error FROM job_runs WHERE name = 'count-failing'",
    );
    expect(failed.rows[0]!.last_error).toBe('job count-failing failed on purpose');
    expect(await scheduler.runTick(job)).toBe('already-ran');

    failing = false;
    now += INTERVAL_MS;
    expect(await scheduler.runTick(job)).toBe('ran');
    const recovered = await database.pool.query<{ last_error: string | null }>(
      "SELECT last_error FROM job_runs WHERE name = 'count-failing'",
    );
    expect(recovered.rows[0]!.last_error).toBeNull();
    expect(await runsOf('count-failing')).toBe(2);
  });

  it('runs each timer tick once with two started schedulers', async () => {
    const job: Job = {
      name: 'record-ticks',
      intervalMs: 1_000,
      async run({ pool, tickAt }) {
        await pool.query('INSERT INTO job_ticks (name, tick_at) VALUES ($1, $2)', ['record-ticks', tickAt]);
      },
    };
    const schedulers = [new Scheduler([job], dependencies), new Scheduler([job], dependencies)];
    schedulers.forEach((scheduler) => scheduler.start());
    try {
      await expect.poll(async () => {
        const { rows } = await database.pool.query<{ ticks: number }>(
          "SELECT count(DISTINCT tick_at) AS ticks FROM job_ticks WHERE name = 'record-ticks'",
        );
        return rows[0]!.ticks;
      }, { timeout: 15_000, interval: 200 }).toBeGreaterThanOrEqual(3);
    } finally {
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    }

    const { rows } = await database.pool.query<{ runs: number; ticks: number }>(
      "SELECT count(*) AS runs, count(DISTINCT tick_at) AS ticks FROM job_ticks WHERE name = 'record-ticks'",
    );
    expect(rows[0]!.runs).toBe(rows[0]!.ticks);
  });
});
