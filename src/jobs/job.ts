import type { AlertNotifier } from '../alerts/webhook.ts';
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { EventPublisher } from '../events/types.ts';
import type { Logger } from '../logger.ts';

/** Dependencies and tick of one job run. */
export type JobContext = {
  pool: Pool;
  logger: Logger;
  events: EventPublisher;
  config: Config;
  alertNotifier: AlertNotifier;
  // Start of the tick this run belongs to; all processes agree on it.
  tickAt: Date;
};

/**
 * A background job. `run` may be called by any process running the scheduler, once per
 * tick of `intervalMs`; it must leave the database consistent if the process dies.
 */
export type Job = {
  name: string;
  intervalMs: number;
  run(context: JobContext): Promise<void>;
};
