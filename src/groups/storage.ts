import type pg from 'pg';
import { RULE_FIELDS, type RuleSubject } from './rules.ts';

export type Queryable = pg.Pool | pg.PoolClient;

export type GroupRow = { id: string; name: string; auto_assign_rules: unknown };
export type GroupedHostRow = RuleSubject & { id: string; host_group_id: string | null };

/**
 * Reads the groups of a project in the order rules are tried: by name, ignoring case.
 * The statement fixes the order instead of leaving it to the database's collation,
 * because under the C collation every upper-case name came first.
 */
export async function selectGroups(db: Queryable, projectId: string): Promise<GroupRow[]> {
  const { rows } = await db.query<GroupRow>(
    `-- Groups of a project by name
     SELECT id, name, auto_assign_rules FROM host_groups WHERE project_id = $1
     ORDER BY lower(name) COLLATE "C", name COLLATE "C", id`,
    [projectId],
  );
  return rows;
}

/** Reads the fields rules test of the given hosts, or of every host of the project. */
export async function selectGroupedHosts(db: Queryable, projectId: string, hostIds?: string[]): Promise<GroupedHostRow[]> {
  const { rows } = await db.query<GroupedHostRow>(
    `-- Hosts with their grouping fields
     SELECT id, host_group_id, tags, ${RULE_FIELDS.join(', ')}
     FROM hosts
     WHERE project_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
    [projectId, hostIds ?? null],
  );
  return rows;
}

/** Sets the group of each host; a host already in its group is not written. */
export async function updateHostGroups(db: Queryable, assignments: { hostId: string; groupId: string | null }[]): Promise<number> {
  if (assignments.length === 0) return 0;
  const { rowCount } = await db.query(
    `-- Assign hosts to groups
     UPDATE hosts AS h SET host_group_id = v.group_id, updated_at = now()
     FROM unnest($1::uuid[], $2::uuid[]) AS v (id, group_id)
     WHERE h.id = v.id AND h.host_group_id IS DISTINCT FROM v.group_id`,
    [assignments.map((entry) => entry.hostId), assignments.map((entry) => entry.groupId)],
  );
  return rowCount ?? 0;
}
