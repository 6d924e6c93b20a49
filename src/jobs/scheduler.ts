import type pg from 'pg';
import { discardNotifications, type AlertNotifier } from '../alerts/webhook.ts';
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { EventPublisher } from '../events/types.ts';
import type { Logger } from '../logger.ts';
import type { Job } from './job.ts';
import { tryLockJob, unlockJob } from './job-lock.ts';

// Timers fire this long after a tick boundary, so that a process whose clock is
// slightly behind still computes the new tick and not the previous one.
const TICK_DELAY_MS = 250;

export type SchedulerDependencies = {
  pool: Pool;
  logger: Logger;
  events: EventPublisher;
  config: Config;
  // Alert notifications are discarded when omitted.
  alertNotifier?: AlertNotifier;
};

/**
 * Result of one attempt at a job's tick: `locked` when another process was running the
 * job, `already-ran` when another run had claimed this tick.
 */
export type TickOutcome = 'ran' | 'failed' | 'locked' | 'already-ran';

/**
 * Runs jobs on fixed ticks: multiples of each job's interval since the Unix epoch, the
 * same in every process. Each run holds the job's advisory lock on a dedicated
 * connection, so runs of one job never overlap, and claims its tick in job_runs, so
 * each tick runs once however many processes run the scheduler. A failed run is
 * logged and the job runs again at its next tick.
 */
export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly logger: Logger;
  private stopped = true;

  constructor(
    private readonly jobs: readonly Job[],
    private readonly dependencies: SchedulerDependencies,
    private readonly clock: () => number = Date.now,
  ) {
    this.logger = dependencies.logger.child({ component: 'scheduler' });
  }

  /** Runs each job's current tick now, unless another process already did, then every tick. */
  start(): void {
    this.stopped = false;
    for (const job of this.jobs) this.track(this.runAndReschedule(job));
    this.logger.info({ jobs: this.jobs.map((job) => job.name) }, 'Started scheduler');
  }

  /** Stops the timers and waits for the runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
    this.logger.info('Stopped scheduler');
  }

  /** Runs the job's current tick if no process has run it yet. */
  async runTick(job: Job): Promise<TickOutcome> {
    const tickAt = new Date(tickStart(this.clock(), job.intervalMs));
    const client = await this.dependencies.pool.connect();
    let connectionBroken = false;
    try {
      if (!(await tryLockJob(client, job.name))) return 'locked';
      try {
        if (!(await claimTick(client, job.name, tickAt))) return 'already-ran';
        return await this.runClaimed(client, job, tickAt);
      } finally {
        await unlockJob(client, job.name).catch(() => {
          // The session lock ends with the connection, so drop it instead of reusing it.
          connectionBroken = true;
        });
      }
    } finally {
      client.release(connectionBroken);
    }
  }

  private async runClaimed(client: pg.PoolClient, job: Job, tickAt: Date): Promise<TickOutcome> {
    const startedAt = Date.now();
    const logger = this.dependencies.logger.child({ component: 'jobs', job: job.name });
    try {
      await job.run({ alertNotifier: discardNotifications, ...this.dependencies, logger, tickAt });
      await recordFinish(client, job.name, null);
      logger.debug({ tickAt: tickAt.toISOString(), durationMs: Date.now() - startedAt }, 'Ran job');
      return 'ran';
    } catch (error) {
      logger.error({ err: error, tickAt: tickAt.toISOString() }, 'Failed job run; retrying at the next tick');
      await recordFinish(client, job.name, error instanceof Error ? error.message : String(error));
      return 'failed';
    }
  }

  private async runAndReschedule(job: Job): Promise<void> {
    try {
      await this.runTick(job);
    } catch (error) {
      // Reached when the database is unreachable: the lock and the claim were never taken.
      this.logger.warn({ err: error, job: job.name }, 'Skipped job tick; retrying at the next tick');
    }
    this.scheduleNext(job);
  }

  private scheduleNext(job: Job): void {
    if (this.stopped) return;
    const now = this.clock();
    const delayMs = tickStart(now, job.intervalMs) + job.intervalMs - now + TICK_DELAY_MS;
    this.timers.set(job.name, setTimeout(() => this.track(this.runAndReschedule(job)), delayMs));
  }

  private track(run: Promise<unknown>): void {
    this.running.add(run);
    const forget = () => this.running.delete(run);
    run.then(forget, forget);
  }
}

export function tickStart(epochMs: number, intervalMs: number): number {
  return epochMs - (epochMs % intervalMs);
}

/** Records that this run owns the tick; false when a run of this tick or a later one exists. */
async function claimTick(client: pg.PoolClient, jobName: string, tickAt: Date): Promise<boolean> {
  const { rowCount } = await client.query(
    `-- Claim job tick
     INSERT INTO job_runs (name, tick_at, started_at) VALUES ($1, $2, now())
     ON CONFLICT (name) DO UPDATE
       SET tick_at = EXCLUDED.tick_at, started_at = EXCLUDED.started_at, finished_at = NULL
       WHERE job_runs.tick_at < EXCLUDED.tick_at`,
    [jobName, tickAt],
  );
  return rowCount === 1;
}

async function recordFinish(client: pg.PoolClient, jobName: string, error: string | null): Promise<void> {
  await client.query(
    `-- Record job run end
     UPDATE job_runs SET finished_at = now(), last_error = $2 WHERE name = $1`,
    [jobName, error],
  );
}
