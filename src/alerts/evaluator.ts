import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { AlertChangedEvent, EventPublisher } from '../events/types.ts';
import type { Job } from '../jobs/job.ts';
import type { Logger } from '../logger.ts';
import { readMetricValues, type MetricValue } from './metric-values.ts';
import { loadEnabledRules, type EvaluatedRule } from './rule-storage.ts';
import { deleteStatesOutOfScope, insertEvents, loadStates, lockAlertStates, saveStates, stateKey, type AlertEventRow, type OutOfScopeState } from './state-storage.ts';
import { breaches, nextState, type AlertStateName, type AlertStateRow } from './transitions.ts';
import type { AlertNotifier } from './webhook.ts';

export const ALERT_EVALUATION_INTERVAL_MS = 30_000;
// A window spans at least this many report intervals, so rules with a short duration
// still see a sample between two reports.
const MIN_WINDOW_REPORTS = 2;
const MIN_WINDOW_SECONDS = 30;

export type EvaluationDependencies = {
  pool: Pool;
  logger: Logger;
  events: EventPublisher;
  notifier: AlertNotifier;
  config: Pick<Config, 'agentIntervalSeconds'>;
};

export type EvaluationOptions = {
  now: Date;
  // Evaluates the rules of one project only; every project when omitted.
  projectId?: string;
};

export type EvaluationResult = { rules: number; values: number; changes: AlertChangedEvent[] };

/** Shortest aggregation window: two report intervals, and at least 30 seconds. */
export function minWindowSeconds(config: Pick<Config, 'agentIntervalSeconds'>): number {
  return Math.max(MIN_WINDOW_REPORTS * config.agentIntervalSeconds, MIN_WINDOW_SECONDS);
}

/**
 * Evaluates every enabled rule on every host in its scope at `now`: reads the values
 * with one query per source table, moves each (rule, host, subject) state one step and
 * stores changed states and their events in one transaction. After commit, each change
 * is published as `alertChanged`, and changes to firing or resolved go to the notifier.
 * A host without samples in a rule's window keeps its state. The state of a host that
 * left a rule's scope is deleted: a firing alert changes to resolved first, and a
 * pending or resolved one to ok, each with its event.
 * NOTE: a state whose rule was disabled, or whose mount point or interface the rule no
 * longer names, is no longer evaluated and keeps its last state. The alerts query lists
 * enabled rules only.
 */
export async function evaluateAlerts(dependencies: EvaluationDependencies, options: EvaluationOptions): Promise<EvaluationResult> {
  const { pool, events, notifier, logger } = dependencies;
  const { now } = options;

  const rules = await loadEnabledRules(pool, options.projectId ?? null);
  if (rules.length === 0) return { rules: 0, values: 0, changes: [] };
  const values = await readMetricValues(pool, rules, { now, minWindowSeconds: minWindowSeconds(dependencies.config) });

  const changes = await storeTransitions(pool, rules, values, now);

  for (const change of changes) {
    events.publish('alertChanged', change);
    if (change.toState === 'firing' || change.toState === 'resolved') notifier.notify(change);
  }
  if (changes.length > 0) {
    logger.info({ rules: rules.length, values: values.length, changes: changes.length }, 'Evaluated alert rules');
  }
  return { rules: rules.length, values: values.length, changes };
}

async function storeTransitions(pool: Pool, rules: EvaluatedRule[], values: MetricValue[], now: Date): Promise<AlertChangedEvent[]> {
  const rulesById = new Map(rules.map((rule) => [rule.id, rule]));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await lockAlertStates(client);
    const outOfScope = await deleteStatesOutOfScope(client, rules.map((rule) => rule.id));
    const current = await loadStates(client, rules.map((rule) => rule.id));

    const rows: AlertStateRow[] = [];
    const changes: AlertChangedEvent[] = [];
    for (const state of outOfScope) {
      if (state.state !== 'ok') changes.push(outOfScopeChange(rulesById.get(state.ruleId)!, state, now));
    }
    const eventRows: AlertEventRow[] = [...changes];
    // The values were read before this transaction, so a host that left the scope since
    // may still have one. Its state stays deleted.
    const left = new Set(outOfScope.map((state) => hostRuleKey(state.ruleId, state.hostId)));
    for (const value of values) {
      if (left.has(hostRuleKey(value.ruleId, value.hostId))) continue;
      const rule = rulesById.get(value.ruleId)!;
      const observation = { ...value, breaching: breaches(rule.operator, value.value, rule.threshold), durationSeconds: rule.durationSeconds };
      const next = nextState(current.get(stateKey(value.ruleId, value.hostId, value.subject)), observation, now);
      rows.push(next.row);
      if (!next.changed) continue;

      const change = alertChange(rule, value, next.from, next.row.state, now);
      changes.push(change);
      eventRows.push(change);
    }

    await saveStates(client, rows, now);
    await insertEvents(client, eventRows, now);
    await client.query('COMMIT');
    return changes;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function hostRuleKey(ruleId: string, hostId: string): string {
  return `${ruleId}\u0000${hostId}`;
}

/** The last change of a state whose host left the rule's scope: a firing alert resolves, anything else returns to ok. */
function outOfScopeChange(rule: EvaluatedRule, state: OutOfScopeState, now: Date): AlertChangedEvent {
  return alertChange(rule, state, state.state, state.state === 'firing' ? 'resolved' : 'ok', now);
}

type ChangedSubject = Pick<MetricValue, 'hostId' | 'hostName' | 'subject'> & { value: number | null };

function alertChange(rule: EvaluatedRule, subject: ChangedSubject, from: AlertStateName, to: AlertStateName, now: Date): AlertChangedEvent {
  return {
    projectId: rule.projectId,
    ruleId: rule.id,
    ruleName: rule.name,
    metric: rule.metric,
    hostId: subject.hostId,
    hostName: subject.hostName,
    subject: subject.subject,
    fromState: from,
    toState: to,
    value: subject.value,
    threshold: rule.threshold,
    severity: rule.severity,
    at: now.toISOString(),
  };
}

/** Evaluates the alert rules of every project each tick. */
export const alertEvaluationJob: Job = {
  name: 'alert-evaluation',
  intervalMs: ALERT_EVALUATION_INTERVAL_MS,
  async run({ pool, logger, events, config, alertNotifier }) {
    await evaluateAlerts({ pool, logger, events, config, notifier: alertNotifier }, { now: new Date() });
  },
};
