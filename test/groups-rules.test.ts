import { describe, expect, it } from 'vitest';
import type { SentinelError } from '../src/errors.ts';
import { matchesAllRules, matchesRule, parseAutoAssignRules } from '../src/groups/rules.ts';

function parseError(value: unknown): SentinelError {
  try {
    parseAutoAssignRules(value);
  } catch (error) {
    return error as SentinelError;
  }
  throw new Error('expected the rules to be rejected');
}

const host = {
  name: 'web-eu-1',
  hostname: 'ip-10-0-1-17',
  role: 'web',
  environment: 'production',
  os: 'linux',
  architecture: 'x86_64',
  cloud_provider: 'aws',
  tags: { team: 'platform', tier: 1 },
};

describe('group rules parsing', () => {
  it('accepts every operator', () => {
    const rules = parseAutoAssignRules([
      { field: 'role', operator: 'eq', value: 'web' },
      { field: 'environment', operator: 'neq', value: 'staging' },
      { field: 'hostname', operator: 'contains', value: '10-0' },
      { field: 'name', operator: 'starts_with', value: 'web-' },
      { field: 'cloudProvider', operator: 'regex', value: '^(aws|gcp)$' },
      { field: 'tags.tier', operator: 'eq', value: 1 },
    ]);
    expect(rules[4]).toEqual({ field: 'cloud_provider', operator: 'regex', value: '^(aws|gcp)$' });
    expect(rules[5]).toEqual({ field: 'tags.tier', operator: 'eq', value: '1' });
  });

  const invalid = [
    { name: 'not a list', value: { field: 'role' }, field: 'autoAssignRules' },
    { name: 'unknown field', value: [{ field: 'password', operator: 'eq', value: 'x' }], field: 'autoAssignRules[0].field' },
    { name: 'empty tag key', value: [{ field: 'tags.', operator: 'eq', value: 'x' }], field: 'autoAssignRules[0].field' },
    { name: 'unknown operator', value: [{ field: 'role', operator: 'like', value: 'x' }], field: 'autoAssignRules[0].operator' },
    { name: 'object value', value: [{ field: 'role', operator: 'eq', value: { a: 1 } }], field: 'autoAssignRules[0].value' },
    {
      name: 'invalid regex',
      value: [
        { field: 'role', operator: 'eq', value: 'web' },
        { field: 'name', operator: 'regex', value: '(web' },
      ],
      field: 'autoAssignRules[1].value',
    },
    { name: 'lookahead regex', value: [{ field: 'name', operator: 'regex', value: '(?=web)' }], field: 'autoAssignRules[0].value' },
    { name: 'backreference regex', value: [{ field: 'name', operator: 'regex', value: '(a)\\1' }], field: 'autoAssignRules[0].value' },
  ];
  for (const { name, value, field } of invalid) {
    it(`rejects ${name}`, () => {
      const error = parseError(value);
      expect(error.extensions.code).toBe('INVALID_ARGUMENT');
      expect(error.extensions.field).toBe(field);
      expect(error.message).toContain(field);
    });
  }

  it('names the invalid regex value', () => {
    const error = parseError([{ field: 'name', operator: 'regex', value: '(web' }]);
    expect(error.extensions.value).toBe('(web');
    expect(error.message).toMatch(/not a valid RE2 regular expression/);
  });
});

describe('group rules matching', () => {
  const cases: { rule: { field: string; operator: string; value: string }; expected: boolean }[] = [
    { rule: { field: 'role', operator: 'eq', value: 'web' }, expected: true },
    { rule: { field: 'role', operator: 'eq', value: 'Web' }, expected: false },
    { rule: { field: 'role', operator: 'neq', value: 'db' }, expected: true },
    { rule: { field: 'instance_type', operator: 'neq', value: 'm5.large' }, expected: true },
    { rule: { field: 'instance_type', operator: 'eq', value: '' }, expected: false },
    { rule: { field: 'hostname', operator: 'contains', value: '10-0-1' }, expected: true },
    { rule: { field: 'name', operator: 'starts_with', value: 'web-' }, expected: true },
    { rule: { field: 'name', operator: 'starts_with', value: 'eu' }, expected: false },
    { rule: { field: 'name', operator: 'regex', value: 'eu-\\d+$' }, expected: true },
    { rule: { field: 'tags.team', operator: 'eq', value: 'platform' }, expected: true },
    { rule: { field: 'tags.tier', operator: 'eq', value: '1' }, expected: true },
    { rule: { field: 'tags.missing', operator: 'contains', value: '' }, expected: false },
  ];
  for (const { rule, expected } of cases) {
    it(`${rule.field} ${rule.operator} ${JSON.stringify(rule.value)}`, () => {
      const [parsed] = parseAutoAssignRules([rule]);
      expect(matchesRule(host, parsed!)).toBe(expected);
    });
  }

  it('requires all rules', () => {
    const rules = parseAutoAssignRules([
      { field: 'role', operator: 'eq', value: 'web' },
      { field: 'environment', operator: 'eq', value: 'staging' },
    ]);
    expect(matchesAllRules(host, rules)).toBe(false);
    expect(matchesAllRules({ ...host, environment: 'staging' }, rules)).toBe(true);
  });

  it('matches nothing without rules', () => {
    expect(matchesAllRules(host, [])).toBe(false);
  });

  it('survives a catastrophic regex', () => {
    const [rule] = parseAutoAssignRules([{ field: 'name', operator: 'regex', value: '(a+)+$' }]);
    const subject = { name: `${'a'.repeat(100_000)}!` };
    expect(matchesRule(subject, rule!)).toBe(false);
  });
});
