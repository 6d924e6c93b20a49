import { invalidArgument } from '../errors.ts';

export const ALERT_METRICS = [
  'cpu_usage', 'memory_usage', 'swap_usage', 'load_1m', 'load_5m', 'load_15m',
  'disk_usage', 'disk_inode_usage', 'network_rx_bytes', 'network_tx_bytes', 'network_errors',
  'process_count', 'container_cpu', 'container_memory', 'host_down',
] as const;
export const ALERT_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;
export const ALERT_AGGREGATIONS = ['avg', 'max', 'min', 'sum'] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const ALERT_SCOPES = ['all', 'group', 'host', 'tag'] as const;

const DISK_METRICS = new Set(['disk_usage', 'disk_inode_usage']);
const NETWORK_METRICS = new Set(['network_rx_bytes', 'network_tx_bytes', 'network_errors']);
const MAX_NAME_LENGTH = 200;
// A breach that must last longer than a week before firing is almost certainly a typo.
const MAX_DURATION_SECONDS = 7 * 86_400;

/** Every column of an alert rule that a client sets. */
export type AlertRuleFields = {
  name: string;
  enabled: boolean;
  scopeType: string;
  scopeHostId: string | null;
  scopeGroupId: string | null;
  scopeTags: Record<string, unknown>;
  metric: string;
  operator: string;
  threshold: number;
  aggregation: string;
  durationSeconds: number;
  mountPoint: string | null;
  interface: string | null;
  severity: string;
};

function oneOf(field: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw invalidArgument(field, value, `expected one of ${allowed.join(', ')}`);
}

// The scope field that names the target of each scope type other than all.
const SCOPE_TARGETS = [
  ['scopeHostId', 'host'],
  ['scopeGroupId', 'group'],
  ['scopeTags', 'tag'],
] as const;

/**
 * Checks a complete rule. `requested` contains the fields the request set, because a scope
 * target is checked against the scope type only when the request sets it. Scope ids are
 * checked for existence in the project by the caller, which has the database at hand.
 */
export function validateAlertRule(rule: AlertRuleFields, requested: Partial<AlertRuleFields>): void {
  const name = rule.name.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw invalidArgument('name', rule.name, `must have 1 to ${MAX_NAME_LENGTH} characters`);
  oneOf('metric', rule.metric, ALERT_METRICS);
  oneOf('operator', rule.operator, ALERT_OPERATORS);
  oneOf('aggregation', rule.aggregation, ALERT_AGGREGATIONS);
  oneOf('severity', rule.severity, ALERT_SEVERITIES);
  oneOf('scopeType', rule.scopeType, ALERT_SCOPES);
  if (!Number.isFinite(rule.threshold)) throw invalidArgument('threshold', rule.threshold, 'must be a finite number');
  if (!Number.isInteger(rule.durationSeconds) || rule.durationSeconds < 0 || rule.durationSeconds > MAX_DURATION_SECONDS) {
    throw invalidArgument('durationSeconds', rule.durationSeconds, `must be a whole number from 0 to ${MAX_DURATION_SECONDS}`);
  }

  validateScopeTargets(requested, rule.scopeType);
  if (rule.scopeType === 'host' && !rule.scopeHostId) throw invalidArgument('scopeHostId', rule.scopeHostId, 'is required when scopeType is HOST');
  if (rule.scopeType === 'group' && !rule.scopeGroupId) throw invalidArgument('scopeGroupId', rule.scopeGroupId, 'is required when scopeType is GROUP');
  if (rule.scopeType === 'tag') {
    const entries = Object.entries(rule.scopeTags);
    if (entries.length === 0) throw invalidArgument('scopeTags', rule.scopeTags, 'needs at least one tag when scopeType is TAG');
    const nonText = entries.find(([, value]) => typeof value !== 'string');
    if (nonText) throw invalidArgument(`scopeTags.${nonText[0]}`, nonText[1], 'tag values must be strings');
  }

  if (rule.mountPoint !== null && !DISK_METRICS.has(rule.metric)) {
    throw invalidArgument('mountPoint', rule.mountPoint, `applies only to ${[...DISK_METRICS].join(' and ')}, not ${rule.metric}`);
  }
  if (rule.interface !== null && !NETWORK_METRICS.has(rule.metric)) {
    throw invalidArgument('interface', rule.interface, `applies only to ${[...NETWORK_METRICS].join(', ')}, not ${rule.metric}`);
  }
}

/**
 * Rejects a scope target that the request sets for another scope type. normalizeScope
 * clears such a target, so a scopeHostId without scopeType HOST would otherwise create
 * a rule for every host. An empty target (null or no tags) only clears the field.
 */
function validateScopeTargets(requested: Partial<AlertRuleFields>, scopeType: string): void {
  for (const [field, targetType] of SCOPE_TARGETS) {
    const value = requested[field];
    const empty = value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0);
    if (empty || scopeType === targetType) continue;

    const expected = targetType.toUpperCase();
    throw invalidArgument(field, value, `applies only when scopeType is ${expected}, but the rule's scopeType is ${scopeType.toUpperCase()}. Set scopeType to ${expected} or leave ${field} out`);
  }
}

/** Clears the scope fields that the scope type does not use, so a stored rule keeps no stale target. */
export function normalizeScope(rule: AlertRuleFields): AlertRuleFields {
  return {
    ...rule,
    name: rule.name.trim(),
    scopeHostId: rule.scopeType === 'host' ? rule.scopeHostId : null,
    scopeGroupId: rule.scopeType === 'group' ? rule.scopeGroupId : null,
    scopeTags: rule.scopeType === 'tag' ? rule.scopeTags : {},
  };
}
