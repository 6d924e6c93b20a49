import type pg from 'pg';
import { z } from 'zod';

const groupAverageSchema = z.object({
  groupId: z.string(),
  averageCpu: z.number().nullable(),
  averageMemory: z.number().nullable(),
});
export type GroupAverage = z.infer<typeof groupAverageSchema>;

/** Averages the latest CPU and memory usage of each group's hosts, for many groups in one query. */
export async function groupAverages(pool: pg.Pool, groupIds: readonly string[]): Promise<Map<string, GroupAverage>> {
  const { rows } = await pool.query(
    `-- Group usage averages
     SELECT h.host_group_id AS "groupId",
            avg(hl.cpu_usage_percent)::float8 AS "averageCpu",
            avg(hl.memory_usage_percent)::float8 AS "averageMemory"
     FROM hosts h
     JOIN host_latest hl ON hl.host_id = h.id
     WHERE h.host_group_id = ANY($1::uuid[])
     GROUP BY h.host_group_id`,
    [groupIds],
  );
  return new Map(rows.map((row) => groupAverageSchema.parse(row)).map((average) => [average.groupId, average]));
}
