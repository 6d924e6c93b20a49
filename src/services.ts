import { AlertRuleService } from './alerts/rule-service.ts';
import type { AlertNotifier } from './alerts/webhook.ts';
import { createAlertNotifier } from './alerts/webhook-notifier.ts';
import { KeyAuthenticator } from './auth/authenticator.ts';
import { KeyService } from './auth/key-service.ts';
import type { Config } from './config.ts';
import { createPool, endPool, type Pool } from './db/pool.ts';
import { createPrisma, type PrismaClient } from './db/prisma.ts';
import { GroupService } from './hosts/group-service.ts';
import { HostService } from './hosts/host-service.ts';
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
  // Management services behind the GraphQL mutations and queries.
  hosts: HostService;
  groups: GroupService;
  alertRules: AlertRuleService;
  keys: KeyService;
  // Sends alert changes to the configured webhook; the alert evaluation job feeds it.
  alertNotifier: AlertNotifier;
  close(): Promise<void>;
};

export function createServices(config: Config, databaseUrl: string, logger: Logger): Services {
  const pool = createPool(databaseUrl, 10, logger.child({ component: 'database' }));
  const prisma = createPrisma(databaseUrl);
  const authenticator = new KeyAuthenticator(prisma, logger.child({ component: 'auth' }));
  const events = createEventBus(config, logger);
  const live = new LiveUpdates(events, new HostLookup(pool), logger.child({ component: 'live' }));
  const ingest = new IngestService(pool, logger.child({ component: 'ingest' }), events);
  const alertNotifier = createAlertNotifier(config, pool, logger.child({ component: 'alert-webhook' }));
  const hosts = new HostService(prisma, pool, logger.child({ component: 'hosts' }), { events, notifier: alertNotifier });
  const groups = new GroupService(prisma, pool, logger.child({ component: 'host-groups' }));
  const alertRules = new AlertRuleService(prisma, logger.child({ component: 'alert-rules' }), { pool, events, notifier: alertNotifier });
  const keys = new KeyService(prisma, authenticator, logger.child({ component: 'api-keys' }));

  return {
    config,
    logger,
    pool,
    prisma,
    authenticator,
    ingest,
    events,
    live,
    hosts,
    groups,
    alertRules,
    keys,
    alertNotifier,
    async close() {
      await alertNotifier.close();
      await ingest.close();
      await events.close();
      await prisma.$disconnect();
      await endPool(pool);
    },
  };
}
