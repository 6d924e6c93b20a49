import { ALERT_AGGREGATIONS, ALERT_METRICS, ALERT_OPERATORS, ALERT_SCOPES, ALERT_SEVERITIES } from '../alerts/rule-validation.ts';
import { requireAccess } from './access.ts';
import { builder } from './builder.ts';
import { parseId, parseOptionalId } from './ids.ts';

/** Defines a GraphQL enum whose names are the upper-case form of the stored lower-case values. */
export function storedValueEnum(name: string, values: readonly string[]) {
  return builder.enumType(name, { values: Object.fromEntries(values.map((value) => [value.toUpperCase(), { value }])) });
}

export const AlertMetricEnum = storedValueEnum('AlertMetric', ALERT_METRICS);
const AlertOperatorEnum = storedValueEnum('AlertOperator', ALERT_OPERATORS);
const AlertAggregationEnum = storedValueEnum('AlertAggregation', ALERT_AGGREGATIONS);
export const AlertSeverityEnum = storedValueEnum('AlertSeverity', ALERT_SEVERITIES);
const AlertScopeEnum = storedValueEnum('AlertScope', ALERT_SCOPES);

builder.prismaObject('AlertRule', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    enabled: t.exposeBoolean('enabled'),
    scopeType: t.expose('scopeType', { type: AlertScopeEnum }),
    scopeHostId: t.exposeID('scopeHostId', { nullable: true }),
    scopeGroupId: t.exposeID('scopeGroupId', { nullable: true }),
    scopeTags: t.expose('scopeTags', { type: 'JSONObject' }),
    metric: t.expose('metric', { type: AlertMetricEnum }),
    operator: t.expose('operator', { type: AlertOperatorEnum }),
    threshold: t.exposeFloat('threshold'),
    aggregation: t.expose('aggregation', { type: AlertAggregationEnum }),
    durationSeconds: t.exposeInt('durationSeconds', { description: 'How long a breach must last before the alert fires.' }),
    mountPoint: t.exposeString('mountPoint', { nullable: true }),
    interface: t.exposeString('interface', { nullable: true }),
    severity: t.expose('severity', { type: AlertSeverityEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const optionalRuleFields = builder.inputType('AlertRuleOptions', {
  fields: (t) => ({
    enabled: t.boolean(),
    scopeType: t.field({ type: AlertScopeEnum, description: 'ALL when a rule is created without one.' }),
    scopeHostId: t.id({ description: 'Required for scope HOST, rejected for other scopes.' }),
    scopeGroupId: t.id({ description: 'Required for scope GROUP, rejected for other scopes.' }),
    scopeTags: t.field({ type: 'JSONObject', description: 'Required for scope TAG, where every tag must match. Rejected for other scopes.' }),
    aggregation: t.field({ type: AlertAggregationEnum }),
    durationSeconds: t.int(),
    mountPoint: t.string({ description: 'Only for DISK_USAGE and DISK_INODE_USAGE.' }),
    interface: t.string({ description: 'Only for NETWORK_ metrics.' }),
    severity: t.field({ type: AlertSeverityEnum }),
  }),
});

const CreateAlertRuleInput = builder.inputType('CreateAlertRuleInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    metric: t.field({ type: AlertMetricEnum, required: true }),
    operator: t.field({ type: AlertOperatorEnum, required: true }),
    threshold: t.float({ required: true }),
    options: t.field({ type: optionalRuleFields }),
  }),
});

const UpdateAlertRuleInput = builder.inputType('UpdateAlertRuleInput', {
  fields: (t) => ({
    name: t.string(),
    metric: t.field({ type: AlertMetricEnum }),
    operator: t.field({ type: AlertOperatorEnum }),
    threshold: t.float(),
    options: t.field({ type: optionalRuleFields }),
  }),
});

/** Drops omitted (null) input fields except those where null means "none", and checks ids. */
function ruleChanges(input: Record<string, unknown>) {
  const nullable = new Set(['mountPoint', 'interface', 'scopeHostId', 'scopeGroupId']);
  const changes = Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== undefined && (value !== null || nullable.has(key))));
  if ('scopeHostId' in changes) changes.scopeHostId = parseOptionalId('scopeHostId', changes.scopeHostId as string | null);
  if ('scopeGroupId' in changes) changes.scopeGroupId = parseOptionalId('scopeGroupId', changes.scopeGroupId as string | null);
  return changes;
}

builder.queryField('alertRules', (t) =>
  t.prismaField({
    type: ['AlertRule'],
    resolve: (query, _root, _args, ctx) =>
      ctx.services.prisma.alertRule.findMany({ ...query, where: { projectId: requireAccess(ctx, 'read').projectId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  }),
);

builder.mutationField('createAlertRule', (t) =>
  t.prismaField({
    type: 'AlertRule',
    args: { input: t.arg({ type: CreateAlertRuleInput, required: true }) },
    resolve: (_query, _root, args, ctx) => {
      const { projectId } = requireAccess(ctx, 'write');
      const { name, metric, operator, threshold, options } = args.input;
      return ctx.services.alertRules.create(projectId, { name, metric, operator, threshold, ...ruleChanges(options ?? {}) });
    },
  }),
);

builder.mutationField('updateAlertRule', (t) =>
  t.prismaField({
    type: 'AlertRule',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateAlertRuleInput, required: true }) },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.alertRules.update(requireAccess(ctx, 'write').projectId, parseId('id', args.id), {
        ...ruleChanges({ name: args.input.name, metric: args.input.metric, operator: args.input.operator, threshold: args.input.threshold }),
        ...ruleChanges(args.input.options ?? {}),
      }),
  }),
);

builder.mutationField('setAlertRuleEnabled', (t) =>
  t.prismaField({
    type: 'AlertRule',
    args: { id: t.arg.id({ required: true }), enabled: t.arg.boolean({ required: true }) },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.alertRules.setEnabled(requireAccess(ctx, 'write').projectId, parseId('id', args.id), args.enabled),
  }),
);

builder.mutationField('deleteAlertRule', (t) =>
  t.id({
    description: 'Deletes an alert rule with its states and events after resolving its firing alerts. Returns its id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.alertRules.delete(requireAccess(ctx, 'write').projectId, parseId('id', args.id)),
  }),
);
