import type pg from 'pg';
import { z } from 'zod';
import type { Pool } from '../db/pool.ts';

const ruleSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  metric: z.string(),
  operator: z.string(),
  threshold: z.number(),
  aggregation: z.string(),
  durationSeconds: z.number(),
  mountPoint: z.string().nullable(),
  interface: z.string().nullable(),
  severity: z.string(),
});
/** The columns of an enabled alert rule that evaluation reads. */
export type EvaluatedRule = z.infer<typeof ruleSchema>;

/** Loads the enabled rules of every project, or of one project when `projectId` is set. */
export async function loadEnabledRules(pool: Pool, projectId: string | null): Promise<EvaluatedRule[]> {
  const { rows } = await pool.query(
    `-- Load enabled alert rules
     SELECT id, project_id AS "projectId", name, metric, operator, threshold, aggregation,
            duration_seconds AS "durationSeconds", mount_point AS "mountPoint", interface, severity
     FROM alert_rules
     WHERE enabled AND ($1::uuid IS NULL OR project_id = $1::uuid)
     ORDER BY id`,
    [projectId],
  );
  return rows.map((row) => ruleSchema.parse(row));
}

/** Deletes a rule; its states and events go with it by ON DELETE CASCADE. */
export async function deleteRule(client: pg.PoolClient, ruleId: string): Promise<void> {
  await client.query('-- Delete alert rule\nDELETE FROM alert_rules WHERE id = $1', [ruleId]);
}
