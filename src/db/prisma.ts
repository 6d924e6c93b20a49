import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';

export type { PrismaClient };

// adapter-pg writes and reads timestamptz values without an offset, so PostgreSQL takes
// them in the session's time zone. In a database whose default zone is not UTC, an
// instant written as 03:04Z was stored as 03:04+05:30, 5.5 hours early for every other
// reader. Prisma's sessions therefore run in UTC. An `options` parameter in the URL
// replaces this one.
const PRISMA_SESSION_OPTIONS = '-c TimeZone=UTC';

/** Creates the Prisma client for relational data, over node-postgres through adapter-pg. */
export function createPrisma(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10, options: PRISMA_SESSION_OPTIONS }) });
}
