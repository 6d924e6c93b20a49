import { bootstrapLocalCredentials, type BootstrapResult } from './auth/bootstrap.ts';
import type { Config } from './config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { runMigrations } from './db/migrate.ts';
import { createPool, endPool } from './db/pool.ts';
import { startJobs } from './jobs/index.ts';
import type { Scheduler } from './jobs/scheduler.ts';
import type { Logger } from './logger.ts';
import { buildSchema } from './schema/index.ts';
import { startHttpServer, type RunningServer } from './server/http.ts';
import { createServices, type Services } from './services.ts';

export type Sentinel = {
  services: Services;
  http: RunningServer;
  // Null when config.runJobs is false.
  scheduler: Scheduler | null;
  databaseUrl: string;
  embedded: boolean;
  // The default project's keys in SENTINEL_DATA_DIR; null unless they were asked for.
  local: BootstrapResult | null;
  stop(): Promise<void>;
};

export type StartOptions = {
  // Make sure the default project and its keys exist before the API accepts requests,
  // so that a client reading the credentials file once the port opens finds it.
  localCredentials?: boolean;
};

/**
 * Starts the API: the database (embedded PostgreSQL when DATABASE_URL is unset),
 * migrations, services, the HTTP server and, with config.runJobs, the job scheduler.
 * stop() undoes each step in reverse order.
 */
export async function startSentinel(config: Config, logger: Logger, options: StartOptions = {}): Promise<Sentinel> {
  const embeddedDatabase: EmbeddedDatabase | null = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.dataDir, logger);
  const databaseUrl = config.databaseUrl ?? embeddedDatabase!.url;

  try {
    await migrate(databaseUrl, logger);
    const services = createServices(config, databaseUrl, logger);
    const local = options.localCredentials
      ? await bootstrapLocalCredentials(services.prisma, config.dataDir, logger)
      : null;
    const http = await startHttpServer(buildSchema(), services, config.host, config.port);
    const scheduler = config.runJobs ? startJobs(services) : null;

    return {
      services,
      http,
      scheduler,
      databaseUrl,
      embedded: embeddedDatabase !== null,
      local,
      async stop() {
        await scheduler?.stop();
        await http.close();
        await services.close();
        // Logged between the steps, so that the log shows the API stopped before its database.
        logger.info('Stopped the API');
        await embeddedDatabase?.stop();
      },
    };
  } catch (error) {
    await embeddedDatabase?.stop();
    throw error;
  }
}

/** Applies pending migrations with a short-lived pool of its own. */
export async function migrate(databaseUrl: string, logger: Logger): Promise<string[]> {
  const pool = createPool(databaseUrl, 1, logger);
  try {
    return await runMigrations(pool, logger);
  } finally {
    await endPool(pool);
  }
}
