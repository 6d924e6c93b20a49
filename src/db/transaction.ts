import type pg from 'pg';

/**
 * Runs `work` in a transaction on one connection of the pool: commits when it returns,
 * rolls back and rethrows when it throws.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      // The connection failed, so the server ends the transaction, and the pool must not reuse the connection.
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
