import { ALERT_STATES, stateSince, type AlertStateName } from '../alerts/transitions.ts';
import { invalidArgument } from '../errors.ts';
import { requireAccess } from './access.ts';
import { AlertMetricEnum, AlertSeverityEnum, storedValueEnum } from './alert-rule.ts';
import { builder } from './builder.ts';
import { checkConnectionArguments } from './connection-arguments.ts';

const MAX_ALERTS = 500;
const DEFAULT_ALERTS = 100;
const MAX_ALERT_EVENTS = 200;
const DEFAULT_ALERT_EVENTS = 50;

const AlertStateEnum = storedValueEnum('AlertState', ALERT_STATES);

builder.prismaObject('AlertState', {
  name: 'Alert',
  description: 'The state of one alert rule on one host, and on one mount point, interface or container for rules on those.',
  fields: (t) => ({
    rule: t.relation('rule'),
    host: t.relation('host'),
    subject: t.exposeString('subject', { description: "Mount point, interface or container name; '' for metrics of the whole host." }),
    state: t.expose('state', { type: AlertStateEnum }),
    value: t.exposeFloat('value', { nullable: true, description: 'The aggregated value at the last evaluation with data.' }),
    since: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the current state began; null for OK.',
      resolve: (alert) => stateSince({ ...alert, state: alert.state as AlertStateName }),
    }),
    pendingSince: t.expose('pendingSince', { type: 'DateTime', nullable: true }),
    firedAt: t.expose('firedAt', { type: 'DateTime', nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    lastEvaluatedAt: t.expose('lastEvaluatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('AlertEvent', {
  description: 'One state change of an alert.',
  fields: (t) => ({
    id: t.exposeID('id'),
    rule: t.relation('rule'),
    host: t.relation('host'),
    subject: t.exposeString('subject'),
    fromState: t.expose('fromState', { type: AlertStateEnum }),
    toState: t.expose('toState', { type: AlertStateEnum }),
    value: t.exposeFloat('value', { nullable: true }),
    threshold: t.exposeFloat('threshold'),
    severity: t.expose('severity', { type: AlertSeverityEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the evaluation that made the change ran.' }),
  }),
});

builder.prismaObjectField('AlertRule', 'states', (t) =>
  t.relation('states', { description: 'Current alert states of this rule, one per host and subject.', query: { orderBy: [{ hostId: 'asc' }, { subject: 'asc' }] } }),
);

builder.queryField('alerts', (t) =>
  t.prismaField({
    type: ['AlertState'],
    description: `Current alert states of enabled rules, most recently fired first (first at most ${MAX_ALERTS}).`,
    args: {
      state: t.arg({ type: [AlertStateEnum], description: 'FIRING, PENDING and RESOLVED when omitted.' }),
      metric: t.arg({ type: AlertMetricEnum }),
      first: t.arg.int({ defaultValue: DEFAULT_ALERTS }),
    },
    resolve: (query, _root, args, ctx) => {
      const { projectId } = requireAccess(ctx, 'read');
      const first = args.first ?? DEFAULT_ALERTS;
      if (first < 1 || first > MAX_ALERTS) throw invalidArgument('first', first, `must be from 1 to ${MAX_ALERTS}`);

      return ctx.services.prisma.alertState.findMany({
        ...query,
        where: {
          state: { in: args.state ?? ['firing', 'pending', 'resolved'] },
          rule: { projectId, enabled: true, ...(args.metric ? { metric: args.metric } : {}) },
        },
        orderBy: [{ firedAt: { sort: 'desc', nulls: 'last' } }, { pendingSince: { sort: 'desc', nulls: 'last' } }, { ruleId: 'asc' }, { hostId: 'asc' }, { subject: 'asc' }],
        take: first,
      });
    },
  }),
);

builder.queryField('alertEvents', (t) =>
  t.prismaConnection({
    type: 'AlertEvent',
    cursor: 'id',
    defaultSize: DEFAULT_ALERT_EVENTS,
    maxSize: MAX_ALERT_EVENTS,
    checkArguments: checkConnectionArguments(MAX_ALERT_EVENTS),
    description: `Alert state changes of the caller's project, newest first (first at most ${MAX_ALERT_EVENTS}).`,
    resolve: (query, _root, _args, ctx) =>
      ctx.services.prisma.alertEvent.findMany({
        ...query,
        where: { projectId: requireAccess(ctx, 'read').projectId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);
