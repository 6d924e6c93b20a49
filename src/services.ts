import { KeyAuthenticator } from './auth/authenticator.ts';
import type { Config } from './config.ts';
import { createPool, type Pool } from './db/pool.ts';
import { createPrisma, type PrismaClient } from './db/prisma.ts';
import { IngestService } from './ingest/service.ts';
import type { Logger } from './logger.ts';
import { createEventBus } from './pubsub/create.ts';
import { HostLookup } from './pubsub/host-lookup.ts';
import { LiveUpdates } from './pubsub/live-updates.ts';
import type { EventBus } from './pubsub/types.ts';

/** Process-wide dependencies, made once at start and handed to every request. */
export type Services = {
  config: Config;
  logger: Logger;
  pool: Pool;
  prisma: PrismaClient;
  authenticator: KeyAuthenticator;
  ingest: IngestService;
  // Publishes domain events after commit and feeds GraphQL subscriptions.
  events: EventBus;
  live: LiveUpdates;
  close(): Promise<void>;
};

export function createServices(config: Config, databaseUrl: string, logger: Logger): Services {
  const pool = createPool(databaseUrl);
  const prisma = createPrisma(databaseUrl);
  const authenticator = new KeyAuthenticator(prisma, logger.child({ component: 'auth' }));
  const events = createEventBus(config, logger);
  const live = new LiveUpdates(events, new HostLookup(pool), logger.child({ component: 'live' }));
  const ingest = new IngestService(pool, logger.child({ component: 'ingest' }), events);

  return {
    config,
    logger,
    pool,
    prisma,
    authenticator,
    ingest,
    events,
    live,
    async close() {
      await ingest.close();
      await events.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
