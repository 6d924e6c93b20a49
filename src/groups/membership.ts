import { matchesAllRules, parseAutoAssignRules, type AutoAssignRule } from './rules.ts';
import { selectGroupedHosts, selectGroups, updateHostGroups, type Queryable } from './storage.ts';

type RuledGroup = { id: string; rules: AutoAssignRule[] };

/**
 * Puts hosts in the first group, by name ignoring case, whose auto_assign_rules all match them.
 * A host that matches no group leaves a group it was assigned to by rules, but stays
 * in a group without rules (one filled by hand). Pass hostIds to regroup only those
 * hosts (after ingest), or none to regroup the whole project (after a group changed).
 */
export async function reassignGroups(pool: Queryable, projectId: string, hostIds?: string[]): Promise<void> {
  if (hostIds && hostIds.length === 0) return;
  const groups = await selectGroups(pool, projectId);
  if (groups.length === 0) return;

  const ruled: RuledGroup[] = [];
  const handFilled = new Set<string>();
  for (const group of groups) {
    const rules = storedRules(group.auto_assign_rules);
    if (rules.length === 0) handFilled.add(group.id);
    else ruled.push({ id: group.id, rules });
  }

  const hosts = await selectGroupedHosts(pool, projectId, hostIds);
  const assignments = hosts.flatMap((host): { hostId: string; groupId: string | null }[] => {
    const match = ruled.find((group) => matchesAllRules(host, group.rules));
    if (match) return [{ hostId: host.id, groupId: match.id }];
    if (host.host_group_id === null || handFilled.has(host.host_group_id)) return [];
    return [{ hostId: host.id, groupId: null }];
  });
  await updateHostGroups(pool, assignments);
}

// Rules are checked when a group is saved. Rules that do not parse (stored before
// that check, or written in SQL) make their group match no host.
function storedRules(value: unknown): AutoAssignRule[] {
  try {
    return parseAutoAssignRules(value);
  } catch {
    return [];
  }
}
