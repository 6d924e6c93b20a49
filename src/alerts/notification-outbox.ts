import type pg from 'pg';
import { z } from 'zod';

// Storage of the alert_notifications outbox. Rows are written in the transaction of the
// alert change they announce and deleted once delivered or given up.

const claimedSchema = z.object({
  id: z.number(),
  ruleId: z.string(),
  hostId: z.string(),
  subject: z.string(),
  payload: z.record(z.string(), z.unknown()),
  attempts: z.number(),
});
/** A notification locked by the claiming transaction, with its failed attempts so far. */
export type ClaimedNotification = z.infer<typeof claimedSchema>;

/** One notification to store: the alert it is about and the JSON body to post. */
export type OutboxEntry = { projectId: string; ruleId: string; hostId: string; subject: string; payload: unknown };

/** Inserts one row per entry in one statement. */
export async function insertNotifications(client: pg.PoolClient, entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await client.query(
    `-- Insert alert notifications
     INSERT INTO alert_notifications (project_id, rule_id, host_id, subject, payload)
     SELECT n.project_id, n.rule_id, n.host_id, n.subject, n.payload::jsonb
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[]) AS n(project_id, rule_id, host_id, subject, payload)`,
    [
      entries.map((entry) => entry.projectId),
      entries.map((entry) => entry.ruleId),
      entries.map((entry) => entry.hostId),
      entries.map((entry) => entry.subject),
      entries.map((entry) => JSON.stringify(entry.payload)),
    ],
  );
}

/**
 * Deletes, in each of the given projects, the oldest rows beyond the project's newest
 * `maxRows`, and returns how many it deleted. A project whose alerts flap, or whose
 * notifications pile up during an outage, then drops only its own. Rows that a notifier
 * is sending are locked and skipped, so this never waits for a post.
 */
export async function trimNotifications(client: pg.PoolClient, projectIds: readonly string[], maxRows: number): Promise<number> {
  if (projectIds.length === 0) return 0;
  const { rowCount } = await client.query(
    `-- Trim alert notifications
     DELETE FROM alert_notifications
     WHERE id IN (
       SELECT beyond.id
       FROM unnest($1::uuid[]) AS p(project_id)
       CROSS JOIN LATERAL (
         SELECT n.id FROM alert_notifications n
         WHERE n.project_id = p.project_id
         ORDER BY n.id DESC
         OFFSET $2
         FOR UPDATE SKIP LOCKED
       ) beyond
     )`,
    [projectIds, maxRows],
  );
  return rowCount ?? 0;
}

/**
 * Locks and returns the oldest notification that is due, or null. Rows locked by
 * another transaction are skipped, so concurrent notifiers claim different rows. A row
 * waits while an older notification of the same alert exists, so that a receiver never
 * gets an alert's resolution before its firing, even from two notifiers.
 */
export async function claimNextNotification(client: pg.PoolClient): Promise<ClaimedNotification | null> {
  const { rows } = await client.query(
    `-- Claim next alert notification
     SELECT n.id, n.rule_id AS "ruleId", n.host_id AS "hostId", n.subject, n.payload, n.attempts
     FROM alert_notifications n
     WHERE n.next_attempt_at <= now()
       AND NOT EXISTS (
         SELECT 1 FROM alert_notifications older
         WHERE older.rule_id = n.rule_id AND older.host_id = n.host_id AND older.subject = n.subject AND older.id < n.id
       )
     ORDER BY n.id
     LIMIT 1
     FOR UPDATE SKIP LOCKED`,
  );
  return rows.length === 0 ? null : claimedSchema.parse(rows[0]);
}

export async function deleteNotification(client: pg.PoolClient, id: number): Promise<void> {
  await client.query('-- Delete alert notification\nDELETE FROM alert_notifications WHERE id = $1', [id]);
}

/**
 * Records a failed attempt and makes the row due again after `delayMs`. The delay runs
 * from the database clock at this statement, not at the start of the transaction, which
 * may have waited for a slow receiver.
 */
export async function recordFailedAttempt(client: pg.PoolClient, id: number, delayMs: number, error: string): Promise<void> {
  await client.query(
    `-- Record failed alert notification attempt
     UPDATE alert_notifications
     SET attempts = attempts + 1, last_error = $3,
         next_attempt_at = clock_timestamp() + make_interval(secs => $2::float8 / 1000)
     WHERE id = $1`,
    [id, delayMs, error],
  );
}

/** Counts the rows of the outbox, of every project. */
export async function countNotifications(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ count: number }>('-- Count alert notifications\nSELECT count(*) AS count FROM alert_notifications');
  return rows[0]!.count;
}
