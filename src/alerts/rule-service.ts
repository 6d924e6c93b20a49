import type pg from 'pg';
import type { Pool } from '../db/pool.ts';
import type { PrismaClient } from '../db/prisma.ts';
import { withTransaction } from '../db/transaction.ts';
import { invalidArgument, SentinelError } from '../errors.ts';
import type { AlertChangedEvent } from '../events/types.ts';
import type { Logger } from '../logger.ts';
import { announceChanges, endingChanges, enqueueNotifications, type AlertChangeTargets } from './alert-changes.ts';
import type { AlertNotifier } from './webhook.ts';
import { deleteRule } from './rule-storage.ts';
import { normalizeScope, validateAlertRule, type AlertRuleFields } from './rule-validation.ts';
import { deleteStatesOf, lockAlertStates } from './state-storage.ts';

const RULE_DEFAULTS = {
  enabled: true,
  scopeType: 'all',
  scopeHostId: null,
  scopeGroupId: null,
  scopeTags: {},
  aggregation: 'avg',
  durationSeconds: 300,
  mountPoint: null,
  interface: null,
  severity: 'warning',
} as const;

export type NewAlertRule = Partial<AlertRuleFields> & Pick<AlertRuleFields, 'name' | 'metric' | 'operator' | 'threshold'>;

/** The database and receivers that deleting a rule needs to end its alerts. */
export type RuleDeletionDependencies = AlertChangeTargets & { pool: Pool };

/** Creates, changes and deletes a project's alert rules; evaluation lives elsewhere. */
export class AlertRuleService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    private readonly alerts: RuleDeletionDependencies,
  ) {}

  async create(projectId: string, input: NewAlertRule) {
    const rule = await this.checked(projectId, { ...RULE_DEFAULTS, ...input }, input);

    const created = await this.prisma.alertRule.create({ data: { ...rule, projectId, scopeTags: rule.scopeTags as object } });
    this.logger.info({ projectId, ruleId: created.id, metric: rule.metric }, 'Created alert rule');
    return created;
  }

  async update(projectId: string, id: string, changes: Partial<AlertRuleFields>) {
    const existing = await this.find(projectId, id);
    const current: AlertRuleFields = { ...existing, scopeTags: existing.scopeTags as Record<string, unknown> };
    const rule = await this.checked(projectId, { ...current, ...changes }, changes);

    const updated = await this.prisma.alertRule.update({ where: { id }, data: { ...rule, scopeTags: rule.scopeTags as object, updatedAt: new Date() } });
    this.logger.info({ projectId, ruleId: id }, 'Updated alert rule');
    return updated;
  }

  async setEnabled(projectId: string, id: string, enabled: boolean) {
    await this.find(projectId, id);
    const updated = await this.prisma.alertRule.update({ where: { id }, data: { enabled, updatedAt: new Date() } });
    this.logger.info({ projectId, ruleId: id, enabled }, 'Set alert rule enabled');
    return updated;
  }

  /**
   * Deletes a rule with its states and events. Its firing alerts resolve first, so that
   * subscribers and the webhook receiver see them end. Disabling or changing a rule ends
   * alerts at the next evaluation, but a deleted rule is never evaluated again, and
   * ON DELETE CASCADE would drop its states with no event or notification.
   */
  async delete(projectId: string, id: string): Promise<string> {
    await this.find(projectId, id);

    const changes = await withTransaction(this.alerts.pool, (client) => deleteRuleEndingAlerts(client, this.alerts.notifier, id, new Date()));
    announceChanges(this.alerts, changes);
    this.logger.info({ projectId, ruleId: id, endedAlerts: changes.length }, 'Deleted alert rule');
    return id;
  }

  private async find(projectId: string, id: string) {
    const rule = await this.prisma.alertRule.findFirst({ where: { id, projectId } });
    if (!rule) throw new SentinelError('NOT_FOUND', `Alert rule ${id} not found`, { field: 'id', value: id });
    return rule;
  }

  /** Validates a rule and returns it as it is stored. `requested` contains only the fields the request set. */
  private async checked(projectId: string, fields: AlertRuleFields, requested: Partial<AlertRuleFields>): Promise<AlertRuleFields> {
    validateAlertRule(fields, requested);
    const rule = normalizeScope(fields);

    if (rule.scopeHostId && !(await this.prisma.host.count({ where: { id: rule.scopeHostId, projectId } }))) {
      throw invalidArgument('scopeHostId', rule.scopeHostId, 'no such host in this project');
    }
    if (rule.scopeGroupId && !(await this.prisma.hostGroup.count({ where: { id: rule.scopeGroupId, projectId } }))) {
      throw invalidArgument('scopeGroupId', rule.scopeGroupId, 'no such host group in this project');
    }
    return rule;
  }
}

/**
 * Deletes a rule, stores the notifications of its resolved alerts and returns the last
 * changes of its alerts. No alert_events rows are written for them, because the rule's
 * events are deleted with it. The alert_notifications rows have no foreign key to the
 * rule, so they stay.
 */
async function deleteRuleEndingAlerts(client: pg.PoolClient, notifier: AlertNotifier, ruleId: string, now: Date): Promise<AlertChangedEvent[]> {
  await lockAlertStates(client);
  const changes = endingChanges(await deleteStatesOf(client, { ruleId }), now);
  await enqueueNotifications(client, notifier, changes);
  await deleteRule(client, ruleId);
  return changes;
}
