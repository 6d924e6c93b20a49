import type pg from 'pg';
import { z } from 'zod';
import type { AlertChangedEvent } from '../events/types.ts';
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

const outOfScopeSchema = stateSchema.extend({ hostName: z.string() });
/** A state deleted because its host left the rule's scope, with the host's name. */
export type OutOfScopeState = z.infer<typeof outOfScopeSchema>;

/** One state change, stored as an alert_events row. */
export type AlertEventRow = Pick<
  AlertChangedEvent,
  'projectId' | 'ruleId' | 'hostId' | 'subject' | 'fromState' | 'toState' | 'value' | 'threshold' | 'severity'
>;

export function stateKey(ruleId: string, hostId: string, subject: string): string {
  return `${ruleId}\u0000${hostId}\u0000${subject}`;
}

/**
 * Serialises state updates until the transaction ends. The scheduler already runs one
 * evaluation at a time; this also covers evaluations started outside it.
 */
export async function lockAlertStates(client: pg.PoolClient): Promise<void> {
  await client.query(`-- Lock alert states
    SELECT pg_advisory_xact_lock(hashtextextended('sentinel.alert-states', 0))`);
}

/** Loads the current states of the given rules, keyed by stateKey. */
export async function loadStates(client: pg.PoolClient, ruleIds: string[]): Promise<Map<string, AlertStateRow>> {
  const { rows } = await client.query(
    `-- Load alert states of rules
     SELECT rule_id AS "ruleId", host_id AS "hostId", subject, state, value,
            pending_since AS "pendingSince", fired_at AS "firedAt", resolved_at AS "resolvedAt"
     FROM alert_states
     WHERE rule_id = ANY($1::uuid[])`,
    [ruleIds],
  );
  const states = new Map<string, AlertStateRow>();
  for (const row of rows) {
    const state = stateSchema.parse(row);
    states.set(stateKey(state.ruleId, state.hostId, state.subject), state);
  }
  return states;
}

/**
 * Deletes the states of the given rules whose host is no longer in the rule's scope,
 * and returns them. Evaluation would never reach them again.
 */
export async function deleteStatesOutOfScope(client: pg.PoolClient, ruleIds: string[]): Promise<OutOfScopeState[]> {
  const { rows } = await client.query(
    `-- Delete alert states out of rule scope
     DELETE FROM alert_states s
     USING alert_rules r, hosts h
     WHERE s.rule_id = ANY($1::uuid[]) AND r.id = s.rule_id AND h.id = s.host_id
       AND NOT (${HOST_IN_RULE_SCOPE})
     RETURNING s.rule_id AS "ruleId", s.host_id AS "hostId", s.subject, s.state, s.value,
               s.pending_since AS "pendingSince", s.fired_at AS "firedAt", s.resolved_at AS "resolvedAt", h.name AS "hostName"`,
    [ruleIds],
  );
  return rows.map((row) => outOfScopeSchema.parse(row));
}

/** Inserts or updates the given states in one statement, all evaluated at `now`. */
export async function saveStates(client: pg.PoolClient, states: AlertStateRow[], now: Date): Promise<void> {
  if (states.length === 0) return;
  await client.query(
    `-- Save alert states
     INSERT INTO alert_states (rule_id, host_id, subject, state, value, pending_since, fired_at, resolved_at, last_evaluated_at)
     SELECT s.rule_id, s.host_id, s.subject, s.state, s.value, s.pending_since, s.fired_at, s.resolved_at, $9
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])
          AS s(rule_id, host_id, subject, state, value, pending_since, fired_at, resolved_at)
     ON CONFLICT (rule_id, host_id, subject) DO UPDATE
       SET state = EXCLUDED.state, value = EXCLUDED.value, pending_since = EXCLUDED.pending_since,
           fired_at = EXCLUDED.fired_at, resolved_at = EXCLUDED.resolved_at, last_evaluated_at = EXCLUDED.last_evaluated_at`,
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
