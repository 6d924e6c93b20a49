import { RE2JS } from 're2js';
import { SentinelError } from '../errors.ts';

export const RULE_OPERATORS = ['eq', 'neq', 'contains', 'starts_with', 'regex'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/** Host fields a rule may test, as hosts columns; `tags.<key>` tests one tag besides these. */
export const RULE_FIELDS = [
  'name',
  'hostname',
  'environment',
  'role',
  'os',
  'os_version',
  'kernel_version',
  'architecture',
  'cpu_model',
  'cloud_provider',
  'cloud_region',
  'cloud_zone',
  'instance_type',
  'agent_version',
  'public_ip',
  'private_ip',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export const MAX_RULES_PER_GROUP = 32;
export const MAX_RULE_VALUE_LENGTH = 1_000;
const TAG_PREFIX = 'tags.';

/** One condition of a group's auto_assign_rules; a host joins a group when all match. */
export type AutoAssignRule = { field: string; operator: RuleOperator; value: string };

/** A host as rules see it: the rule fields and the tags. */
export type RuleSubject = Partial<Record<RuleField, string | null>> & { tags?: Record<string, unknown> | null };

function invalid(field: string, value: unknown, reason: string): SentinelError {
  return new SentinelError('INVALID_ARGUMENT', `Invalid ${field} ${JSON.stringify(value)}: ${reason}`, { field, value });
}

// camelCase spellings that GraphQL clients are likely to send for the column names.
const FIELD_ALIASES: Record<string, RuleField> = Object.fromEntries(
  RULE_FIELDS.map((field) => [field.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase()), field]),
);

/**
 * Parses and checks a group's auto_assign_rules. Throws INVALID_ARGUMENT naming
 * `autoAssignRules[i].<key>` and the value for an unknown field or operator, a value
 * that is not text, or a regex that RE2 cannot compile. RE2 has no lookaround or
 * backreferences, and so it matches in time linear in the input.
 */
export function parseAutoAssignRules(value: unknown): AutoAssignRule[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw invalid('autoAssignRules', value, 'must be a list of rules');
  if (value.length > MAX_RULES_PER_GROUP) {
    throw invalid('autoAssignRules', `${value.length} rules`, `at most ${MAX_RULES_PER_GROUP} rules per group`);
  }
  return value.map((raw: unknown, index) => {
    const path = `autoAssignRules[${index}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(path, raw, 'must be an object');
    const rule = raw as Record<string, unknown>;

    const field = parseField(rule.field, `${path}.field`);
    if (typeof rule.operator !== 'string' || !(RULE_OPERATORS as readonly string[]).includes(rule.operator)) {
      throw invalid(`${path}.operator`, rule.operator, `must be one of ${RULE_OPERATORS.join(', ')}`);
    }
    const operator = rule.operator as RuleOperator;

    const expected = rule.value;
    if (typeof expected !== 'string' && typeof expected !== 'number' && typeof expected !== 'boolean') {
      throw invalid(`${path}.value`, expected, 'must be text');
    }
    const text = String(expected);
    if (text.length > MAX_RULE_VALUE_LENGTH) {
      throw invalid(`${path}.value`, text, `must be at most ${MAX_RULE_VALUE_LENGTH} characters`);
    }
    if (operator === 'regex') {
      try {
        compileRegex(text);
      } catch (error) {
        throw invalid(`${path}.value`, text, `is not a valid RE2 regular expression (${(error as Error).message})`);
      }
    }
    return { field, operator, value: text };
  });
}

function parseField(value: unknown, path: string): string {
  if (typeof value !== 'string') throw invalid(path, value, 'must be text');
  if (value.startsWith(TAG_PREFIX)) {
    if (value.length === TAG_PREFIX.length) throw invalid(path, value, 'must name a tag after "tags."');
    return value;
  }
  const field = (RULE_FIELDS as readonly string[]).includes(value) ? value : FIELD_ALIASES[value];
  if (!field) throw invalid(path, value, `must be one of ${RULE_FIELDS.join(', ')} or tags.<key>`);
  return field;
}

const compiledPatterns = new Map<string, RE2JS>();
const MAX_COMPILED_PATTERNS = 1_000;

// Patterns are compiled once per process. The map is emptied when it grows past its
// bound, because the set of patterns in use is small and tracking use would not pay.
function compileRegex(pattern: string): RE2JS {
  let compiled = compiledPatterns.get(pattern);
  if (!compiled) {
    compiled = RE2JS.compile(pattern);
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}

function fieldValue(subject: RuleSubject, field: string): string | null {
  if (field.startsWith(TAG_PREFIX)) {
    const tag = subject.tags?.[field.slice(TAG_PREFIX.length)];
    if (tag === null || tag === undefined) return null;
    return typeof tag === 'object' ? JSON.stringify(tag) : String(tag);
  }
  return subject[field as RuleField] ?? null;
}

/**
 * Tells whether a host matches one rule. A missing field equals nothing, so it fails
 * eq, contains, starts_with and regex and passes neq. A regex matches anywhere in the
 * value unless anchored.
 */
export function matchesRule(subject: RuleSubject, rule: AutoAssignRule): boolean {
  const value = fieldValue(subject, rule.field);
  if (rule.operator === 'neq') return value !== rule.value;
  if (value === null) return false;
  switch (rule.operator) {
    case 'eq':
      return value === rule.value;
    case 'contains':
      return value.includes(rule.value);
    case 'starts_with':
      return value.startsWith(rule.value);
    case 'regex':
      return compileRegex(rule.value).matcher(value).find();
  }
}

/**
 * Tells whether a host matches all rules of a group. A group without rules matches no
 * host: such a group is filled by hand.
 */
export function matchesAllRules(subject: RuleSubject, rules: AutoAssignRule[]): boolean {
  return rules.length > 0 && rules.every((rule) => matchesRule(subject, rule));
}
