import type pg from 'pg';
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import type { AlertChangedEvent, EventPublisher } from '../events/types.ts';
import type { Job } from '../jobs/job.ts';
import type { Logger } from '../logger.ts';
import { announceChanges, endingChanges, enqueueNotifications } from './alert-changes.ts';
import { readMetricValues, type MetricValue } from './metric-values.ts';
import { loadEnabledRules, type EvaluatedRule } from './rule-storage.ts';
import { deleteEndedStates, insertEvents, loadCurrentStates, lockAlertStates, saveStates, stateKey, type CurrentStates } from './state-storage.ts';
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
 * stores changed states, their events and the notifications of changes to firing or
 * resolved in one transaction. After commit, each change is published as `alertChanged`
 * and the notifier starts sending.
 * A host without samples in a rule's window keeps its state. A state that evaluation
 * no longer reaches is deleted: that of a disabled rule, of a host that left the rule's
 * scope, of a mount point or interface the rule no longer names, or of the rule's
 * earlier metric. Before that a
 * firing alert changes to resolved, and a pending or resolved one to ok, each with its
 * event. This runs even when no rule is enabled.
 */
export async function evaluateAlerts(dependencies: EvaluationDependencies, options: EvaluationOptions): Promise<EvaluationResult> {
  const { pool, logger } = dependencies;
  const { now } = options;

  const rules = await loadEnabledRules(pool, options.projectId ?? null);
  const values = await readMetricValues(pool, rules, { now, minWindowSeconds: minWindowSeconds(dependencies.config) });

  const changes = await withTransaction(pool, (client) => storeTransitions(client, dependencies.notifier, rules, values, options));
  announceChanges(dependencies, changes);

  if (changes.length > 0) {
    logger.info({ rules: rules.length, values: values.length, changes: changes.length }, 'Evaluated alert rules');
  }
  return { rules: rules.length, values: values.length, changes };
}

async function storeTransitions(
  client: pg.PoolClient,
  notifier: AlertNotifier,
  rules: EvaluatedRule[],
  values: MetricValue[],
  options: EvaluationOptions,
): Promise<AlertChangedEvent[]> {
  const { now } = options;
  await lockAlertStates(client);
  const ended = await deleteEndedStates(client, options.projectId ?? null);
  const current = await loadCurrentStates(client, rules.map((rule) => rule.id));

  // The values were read before this transaction. Values of a rule disabled or deleted
  // since then, or of a state that just ended, are dropped. A rule whose scope or mount
  // point changed since may still leave a new state behind, which the next evaluation ends.
  const endedKeys = new Set(ended.map((state) => stateKey(state.ruleId, state.hostId, state.subject)));
  const fresh = values.filter((value) => current.enabledRuleIds.has(value.ruleId) && !endedKeys.has(stateKey(value.ruleId, value.hostId, value.subject)));
  const next = nextStates(rules, fresh, current, now);
  const changes = [...endingChanges(ended, now), ...next.changes];

  await saveStates(client, next.rows, now);
  await insertEvents(client, changes, now);
  await enqueueNotifications(client, notifier, changes);
  return changes;
}

/** Moves the state of each value one step, and returns every new state row with the changes among them. */
function nextStates(rules: EvaluatedRule[], values: MetricValue[], current: CurrentStates, now: Date) {
  const rulesById = new Map(rules.map((rule) => [rule.id, rule]));
  const rows: AlertStateRow[] = [];
  const changes: AlertChangedEvent[] = [];

  for (const value of values) {
    const rule = rulesById.get(value.ruleId)!;
    const observation = { ...value, breaching: breaches(rule.operator, value.value, rule.threshold), durationSeconds: rule.durationSeconds };
    const next = nextState(current.states.get(stateKey(value.ruleId, value.hostId, value.subject)), observation, now);
    rows.push(next.row);
    if (next.changed) changes.push(alertChange(rule, value, next.from, next.row.state, now));
  }
  return { rows, changes };
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
