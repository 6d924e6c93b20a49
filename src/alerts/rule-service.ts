import type { PrismaClient } from '../db/prisma.ts';
import { invalidArgument, SentinelError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { normalizeScope, validateAlertRule, type AlertRuleFields } from './rule-validation.ts';

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

/** Creates, changes and deletes a project's alert rules; evaluation lives elsewhere. */
export class AlertRuleService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {}

  async create(projectId: string, input: NewAlertRule) {
    const rule = await this.checked(projectId, { ...RULE_DEFAULTS, ...input });

    const created = await this.prisma.alertRule.create({ data: { ...rule, projectId, scopeTags: rule.scopeTags as object } });
    this.logger.info({ projectId, ruleId: created.id, metric: rule.metric }, 'Created alert rule');
    return created;
  }

  async update(projectId: string, id: string, changes: Partial<AlertRuleFields>) {
    const existing = await this.find(projectId, id);
    const current: AlertRuleFields = { ...existing, scopeTags: existing.scopeTags as Record<string, unknown> };
    const rule = await this.checked(projectId, { ...current, ...changes });

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

  async delete(projectId: string, id: string): Promise<string> {
    await this.find(projectId, id);
    await this.prisma.alertRule.delete({ where: { id } });
    this.logger.info({ projectId, ruleId: id }, 'Deleted alert rule');
    return id;
  }

  private async find(projectId: string, id: string) {
    const rule = await this.prisma.alertRule.findFirst({ where: { id, projectId } });
    if (!rule) throw new SentinelError('NOT_FOUND', `Alert rule ${id} not found`, { field: 'id', value: id });
    return rule;
  }

  private async checked(projectId: string, fields: AlertRuleFields): Promise<AlertRuleFields> {
    validateAlertRule(fields);
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
