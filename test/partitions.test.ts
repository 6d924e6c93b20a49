import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../src/db/pool.ts';
import { testDatabaseUrl } from './helpers/app.ts';

let pool: Pool;

beforeAll(() => {
  pool = createPool(testDatabaseUrl(), 2);
});
afterAll(async () => {
  await pool.end();
});

async function partitionOf(hostId: string, recordedAt: Date): Promise<string> {
  const { rows } = await pool.query<{ partition: string }>(
    'SELECT tableoid::regclass::text AS partition FROM host_metrics WHERE host_id = $1 AND recorded_at = $2',
    [hostId, recordedAt],
  );
  return rows[0]!.partition;
}

describe('host_metrics partitions on plain PostgreSQL', () => {
  it('stores a row of today in the daily partition of its UTC day', async () => {
    const hostId = randomUUID();
    const now = new Date();
    await pool.query('INSERT INTO host_metrics (host_id, recorded_at, cpu_usage_percent) VALUES ($1, $2, 5)', [hostId, now]);

    const day = now.toISOString().slice(0, 10).replaceAll('-', '');
    expect(await partitionOf(hostId, now)).toBe(`host_metrics_p${day}`);
  });

  it('keeps a row beyond the partitions made ahead in the default partition', async () => {
    const hostId = randomUUID();
    const farAhead = new Date(Date.now() + 90 * 86_400_000);
    await pool.query('INSERT INTO host_metrics (host_id, recorded_at, cpu_usage_percent) VALUES ($1, $2, 7)', [hostId, farAhead]);

    expect(await partitionOf(hostId, farAhead)).toBe('host_metrics_default');
  });

  it('creates daily partitions from yesterday to a week ahead', async () => {
    const { rows } = await pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'host_metrics'::regclass AND c.relname ~ '_p[0-9]{8}$'`,
    );
    const names = new Set(rows.map((row) => row.name));
    for (let offset = -1; offset <= 7; offset += 1) {
      const day = new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
      expect(names.has(`host_metrics_p${day}`), `partition for ${day}`).toBe(true);
    }
  });
});
