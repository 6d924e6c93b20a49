// SQL condition: host `h` is in the scope of alert rule `r`, both of one project. A rule
// covers every host, the hosts of one group, one host, or the hosts whose tags contain
// the rule's tags.
export const HOST_IN_RULE_SCOPE = `h.project_id = r.project_id
      AND CASE r.scope_type
            WHEN 'all' THEN true
            WHEN 'group' THEN h.host_group_id IS NOT DISTINCT FROM r.scope_group_id
            WHEN 'host' THEN h.id = r.scope_host_id
            WHEN 'tag' THEN h.tags @> r.scope_tags
            ELSE false
          END`;
