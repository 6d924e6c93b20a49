import { migrate } from '../app.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createServices } from '../services.ts';
import { startJobs } from './index.ts';

export type Worker = { stop(): Promise<void> };

/**
 * Starts a process that runs only the job scheduler, beside API processes sharing its
 * database. It needs DATABASE_URL: an embedded PostgreSQL would be a database of its
 * own that no API process reads.
 */
export async function startWorker(config: Config, logger: Logger): Promise<Worker> {
  if (!config.databaseUrl) {
    throw new Error('sentinel worker needs DATABASE_URL, the database of the API processes it works for');
  }
  await migrate(config.databaseUrl, logger);
  const services = createServices(config, config.databaseUrl, logger);
  const scheduler = startJobs(services);
  return {
    async stop() {
      await scheduler.stop();
      await services.close();
    },
  };
}
