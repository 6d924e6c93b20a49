import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Advisory lock key of a job: the first 8 bytes of SHA-256 of its name, as a signed
 * 64-bit integer in decimal (pg passes it as text, PostgreSQL casts it to bigint).
 */
export function jobLockKey(jobName: string): string {
  return createHash('sha256').update(`sentinel.job:${jobName}`).digest().readBigInt64BE(0).toString();
}

/** Takes the job's session-level advisory lock on `client` without waiting. */
export async function tryLockJob(client: pg.PoolClient, jobName: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>('-- Try job lock\nSELECT pg_try_advisory_lock($1::bigint) AS locked', [
    jobLockKey(jobName),
  ]);
  return rows[0]!.locked;
}

export async function unlockJob(client: pg.PoolClient, jobName: string): Promise<void> {
  await client.query('-- Release job lock\nSELECT pg_advisory_unlock($1::bigint)', [jobLockKey(jobName)]);
}
