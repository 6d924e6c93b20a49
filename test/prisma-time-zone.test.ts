import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/app.ts';
import { createPrisma, type PrismaClient } from '../src/db/prisma.ts';
import { createLogger } from '../src/logger.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

// A database whose default time zone is not UTC, as an operator's server may be set up.
let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase('sentinel_time_zone');
  await migrate(database.url, createLogger('silent'));
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${database.name} SET TimeZone = 'Asia/Kolkata'`);
  await admin.end();
  prisma = createPrisma(database.url);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

describe('Prisma in a database outside UTC', () => {
  it('stores the instant it was given', async () => {
    const lastSeenAt = new Date('2026-01-02T03:04:05.678Z');
    const project = await prisma.project.create({ data: { slug: 'zone', name: 'zone' } });
    const host = await prisma.host.create({ data: { projectId: project.id, name: 'web-1', hostname: 'web-1', agentId: 'agent-1', lastSeenAt } });

    // A plain session in the database's own zone reads the stored instant.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ zone: string; stored: Date; text: string }>(
        "SELECT current_setting('TimeZone') AS zone, last_seen_at AS stored, (last_seen_at AT TIME ZONE 'UTC')::text AS text FROM hosts WHERE id = $1",
        [host.id],
      );
      expect(rows[0]!.zone).toBe('Asia/Kolkata');
      expect(rows[0]!.text).toBe('2026-01-02 03:04:05.678');
      expect(rows[0]!.stored.toISOString()).toBe(lastSeenAt.toISOString());
    } finally {
      await client.end();
    }

    const read = await prisma.host.findUniqueOrThrow({ where: { id: host.id } });
    expect(read.lastSeenAt!.toISOString()).toBe(lastSeenAt.toISOString());
  });
});
