import { alertEvaluationJob } from '../alerts/evaluator.ts';
import type { Services } from '../services.ts';
import type { Job } from './job.ts';
import { offlineSweepJob } from './offline-sweep.ts';
import { partitionsJob } from './partitions.ts';
import { retentionJob } from './retention.ts';
import { rollupJobs } from './rollups.ts';
import { Scheduler } from './scheduler.ts';

export const SENTINEL_JOBS: readonly Job[] = [offlineSweepJob, alertEvaluationJob, partitionsJob, retentionJob, ...rollupJobs];

/** Starts the scheduler with every Sentinel job on the process's services. */
export function startJobs(services: Services): Scheduler {
  const scheduler = new Scheduler(SENTINEL_JOBS, {
    pool: services.pool,
    logger: services.logger,
    events: services.events,
    config: services.config,
    alertNotifier: services.alertNotifier,
  });
  scheduler.start();
  return scheduler;
}
