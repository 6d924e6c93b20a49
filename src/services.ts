import { KeyAuthenticator } from './auth/authenticator.ts';
import type { Config } from './config.ts';
import { createPool, type Pool } from './db/pool.ts';
import { createPrisma, type PrismaClient } from './db/prisma.ts';
import { discardEvents } from './events/types.ts';
import { IngestService } from './ingest/service.ts';
import type { Logger } from './logger.ts';

/** Process-wide dependencies, made once at start and handed to every request. */
export type Services = {
  config: Config;
  logger: Logger;
  pool: Pool;
  prisma: PrismaClient;
  authenticator: KeyAuthenticator;
  ingest: IngestService;
  close(): Promise<void>;
};

export function createServices(config: Config, databaseUrl: string, logger: Logger): Services {
  const pool = createPool(databaseUrl);
  const prisma = createPrisma(databaseUrl);
  const authenticator = new KeyAuthenticator(prisma, logger.child({ component: 'auth' }));
  const ingest = new IngestService(pool, logger.child({ component: 'ingest' }), discardEvents);

  return {
    config,
    logger,
    pool,
    prisma,
    authenticator,
    ingest,
    async close() {
      await ingest.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
