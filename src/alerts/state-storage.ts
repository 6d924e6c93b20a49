import type pg from 'pg';
import { z } from 'zod';
import type { AlertChangedEvent } from '../events/types.ts';
import { METRIC_SOURCES } from './metric-values.ts';
import { HOST_IN_RULE_SCOPE } from './rule-scope.ts';
import { ALERT_STATES, type AlertStateRow } from './transitions.ts';

const stateSchema = z.object({
  ruleId: z.string(),
  hostId: z.string(),
  subject: z.string(),
  state: z.enum(ALERT_STATES),
  value: z.number().nullable(),
  pendingSince: z.date().nullable(),
  firedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
});

const endedStateSchema = z.object({
  projectId: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  metric: z.string(),
  threshold: z.number(),
  severity: z.string(),
  hostId: z.string(),
  hostName: z.string(),
  subject: z.string(),
  state: z.enum(ALERT_STATES),
  value: z.number().nullable(),
});
/** A deleted alert state with what its last change event needs of its rule and host. */
export type EndedState = z.infer<typeof endedStateSchema>;

// Columns of EndedState in DELETE ... USING alert_rules r, hosts h ... RETURNING.
// A state saved before alert_states.metric existed has none, and takes the rule's.
const ENDED_STATE_COLUMNS = `r.project_id AS "projectId", s.rule_id AS "ruleId", r.name AS "ruleName", coalesce(s.metric, r.metric) AS metric, r.threshold, r.severity,
               s.host_id AS "hostId", h.name AS "hostName", s.subject, s.state, s.value`;

function sqlTextList(values: readonly string[]): string {
  return values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ');
}

// SQL condition: rule `r` still evaluates the subject of state `s`. Disk, network and
// container rules have one state per mount point, interface or container (every one, or
// the one the rule names), which is never ''. Rules on the whole host have subject ''.
const SUBJECT_IN_RULE_SCOPE = `CASE
        WHEN r.metric IN (${sqlTextList(METRIC_SOURCES.disk)}) THEN s.subject <> '' AND (r.mount_point IS NULL OR s.subject = r.mount_point)
        WHEN r.metric IN (${sqlTextList(METRIC_SOURCES.network)}) THEN s.subject <> '' AND (r.interface IS NULL OR s.subject = r.interface)
        WHEN r.metric IN (${sqlTextList(METRIC_SOURCES.container)}) THEN s.subject <> ''
        ELSE s.subject = ''
      END`;

/** One state change, stored as an alert_events row. */
export type AlertEventRow = Pick<
  AlertChangedEvent,
  'projectId' | 'ruleId' | 'hostId' | 'subject' | 'fromState' | 'toState' | 'value' | 'threshold' | 'severity'
>;

/** The states of the rules being evaluated, and which of those rules are still enabled. */
export type CurrentStates = { enabledRuleIds: Set<string>; states: Map<string, AlertStateRow> };

export function stateKey(ruleId: string, hostId: string, subject: string): string {
  return `${ruleId}\u0000${hostId}\u0000${subject}`;
}

/**
 * Serialises state updates until the transaction ends. The scheduler already runs one
 * evaluation at a time. The lock also covers evaluations started outside it, and rule deletion.
 */
export async function lockAlertStates(client: pg.PoolClient): Promise<void> {
  await client.query(`-- Lock alert states
    SELECT pg_advisory_xact_lock(hashtextextended('sentinel.alert-states', 0))`);
}

/**
 * Loads the states of the given rules, keyed by stateKey, with the ids of those rules
 * that are still enabled. The rules are share-locked until the transaction ends, so
 * they can be neither changed nor deleted before the new states are saved.
 */
export async function loadCurrentStates(client: pg.PoolClient, ruleIds: string[]): Promise<CurrentStates> {
  const current: CurrentStates = { enabledRuleIds: new Set(), states: new Map() };
  if (ruleIds.length === 0) return current;

  const { rows } = await client.query(
    `-- Load alert states of enabled rules
     SELECT r.id AS "ruleId", s.host_id AS "hostId", s.subject, s.state, s.value,
            s.pending_since AS "pendingSince", s.fired_at AS "firedAt", s.resolved_at AS "resolvedAt"
     FROM alert_rules r
     LEFT JOIN alert_states s ON s.rule_id = r.id
     WHERE r.id = ANY($1::uuid[]) AND r.enabled
     FOR SHARE OF r`,
    [ruleIds],
  );
  for (const row of rows) {
    current.enabledRuleIds.add(row.ruleId);
    // The left join yields one row without a state for a rule that has none.
    if (row.hostId === null) continue;
    const state = stateSchema.parse(row);
    current.states.set(stateKey(state.ruleId, state.hostId, state.subject), state);
  }
  return current;
}

/**
 * Deletes and returns the states of one project, or of every project, that evaluation
 * would never reach again. Those are the states of disabled rules, of hosts that left
 * the rule's scope, of mount points or interfaces the rule no longer names, and of a
 * metric the rule no longer has.
 */
export async function deleteEndedStates(client: pg.PoolClient, projectId: string | null): Promise<EndedState[]> {
  const { rows } = await client.query(
    `-- Delete alert states evaluation no longer reaches
     DELETE FROM alert_states s
     USING alert_rules r, hosts h
     WHERE r.id = s.rule_id AND h.id = s.host_id
       AND ($1::uuid IS NULL OR r.project_id = $1::uuid)
       AND NOT (r.enabled AND ${HOST_IN_RULE_SCOPE} AND ${SUBJECT_IN_RULE_SCOPE} AND coalesce(s.metric = r.metric, true))
     RETURNING ${ENDED_STATE_COLUMNS}`,
    [projectId],
  );
  return rows.map((row) => endedStateSchema.parse(row));
}

/** Deletes every state of one rule, or of one host, and returns them. */
export async function deleteStatesOf(client: pg.PoolClient, owner: { ruleId: string } | { hostId: string }): Promise<EndedState[]> {
  const byRule = 'ruleId' in owner;
  const { rows } = await client.query(
    `-- Delete alert states of a ${byRule ? 'rule' : 'host'}
     DELETE FROM alert_states s
     USING alert_rules r, hosts h
     WHERE ${byRule ? 's.rule_id' : 's.host_id'} = $1 AND r.id = s.rule_id AND h.id = s.host_id
     RETURNING ${ENDED_STATE_COLUMNS}`,
    [byRule ? owner.ruleId : owner.hostId],
  );
  return rows.map((row) => endedStateSchema.parse(row));
}

/** Inserts or updates the given states in one statement, all evaluated at `now`. */
export async function saveStates(client: pg.PoolClient, states: AlertStateRow[], now: Date): Promise<void> {
  if (states.length === 0) return;
  await client.query(
    `-- Save alert states
     INSERT INTO alert_states (rule_id, host_id, subject, state, value, pending_since, fired_at, resolved_at, last_evaluated_at, metric)
     SELECT s.rule_id, s.host_id, s.subject, s.state, s.value, s.pending_since, s.fired_at, s.resolved_at, $9, r.metric
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])
          AS s(rule_id, host_id, subject, state, value, pending_since, fired_at, resolved_at)
     JOIN alert_rules r ON r.id = s.rule_id
     ON CONFLICT (rule_id, host_id, subject) DO UPDATE
       SET state = EXCLUDED.state, value = EXCLUDED.value, pending_since = EXCLUDED.pending_since,
           fired_at = EXCLUDED.fired_at, resolved_at = EXCLUDED.resolved_at, last_evaluated_at = EXCLUDED.last_evaluated_at,
           metric = EXCLUDED.metric`,
    [
      states.map((state) => state.ruleId),
      states.map((state) => state.hostId),
      states.map((state) => state.subject),
      states.map((state) => state.state),
      states.map((state) => state.value),
      states.map((state) => state.pendingSince),
      states.map((state) => state.firedAt),
      states.map((state) => state.resolvedAt),
      now,
    ],
  );
}

/** Inserts one alert_events row per state change, all stamped `now`. */
export async function insertEvents(client: pg.PoolClient, events: AlertEventRow[], now: Date): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `-- Insert alert events
     INSERT INTO alert_events (project_id, rule_id, host_id, subject, from_state, to_state, value, threshold, severity, created_at)
     SELECT e.project_id, e.rule_id, e.host_id, e.subject, e.from_state, e.to_state, e.value, e.threshold, e.severity, $10
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::text[])
          AS e(project_id, rule_id, host_id, subject, from_state, to_state, value, threshold, severity)`,
    [
      events.map((event) => event.projectId),
      events.map((event) => event.ruleId),
      events.map((event) => event.hostId),
      events.map((event) => event.subject),
      events.map((event) => event.fromState),
      events.map((event) => event.toState),
      events.map((event) => event.value),
      events.map((event) => event.threshold),
      events.map((event) => event.severity),
      now,
    ],
  );
}
