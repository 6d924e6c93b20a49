import {
  DEFAULT_COUNTER_INTERVAL_SECONDS,
  MAX_BYTES_PER_SECOND,
  MAX_OPERATIONS_PER_SECOND,
  MAX_PACKETS_PER_SECOND,
} from './limits.ts';
import type { ReportWarning } from './report-types.ts';

/** A value that breaks a rule, with its full path such as `reports[0].disks[1].usedBytes`. */
export class FieldProblem {
  constructor(
    readonly path: string,
    readonly value: unknown,
    readonly reason: string,
  ) {}

  get message(): string {
    return `${this.path} = ${formatValue(this.value)}: ${this.reason}`;
  }
}

export function formatValue(value: unknown): string {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
}

/**
 * Checks one number by its field name, which carries the unit: every number is finite,
 * a `*Percent` is within 0..100 (only 0.. when the field may exceed one CPU), an exit
 * code may be negative and everything else is a count or size that must not be.
 * Returns the broken rule or null; callers build the path only for a broken rule,
 * because this runs for every number of every report.
 */
function numberRuleBroken(field: string, value: number, unboundedPercent: boolean): string | null {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (field.endsWith('Percent')) {
    if (value < 0) return 'a percentage must not be negative';
    if (!unboundedPercent && value > 100) return 'a percentage must be between 0 and 100';
    return null;
  }
  if (field === 'exitCode') return null;
  if (value < 0) return 'must not be negative';
  return null;
}

/**
 * Returns the first problem among the numbers of a flat object (number fields and
 * number lists), skipping `skip` fields that the caller checks another way.
 */
export function firstNumberProblem(
  path: string,
  values: object,
  options: { unboundedPercent?: ReadonlySet<string>; skip?: ReadonlySet<string> } = {},
): FieldProblem | null {
  const fields = values as Record<string, unknown>;
  for (const field in fields) {
    const value = fields[field];
    if (typeof value !== 'number' && !Array.isArray(value)) continue;
    if (options.skip?.has(field)) continue;
    const unbounded = options.unboundedPercent?.has(field) ?? false;
    if (typeof value === 'number') {
      const reason = numberRuleBroken(field, value, unbounded);
      if (reason !== null) return new FieldProblem(`${path}.${field}`, value, reason);
      continue;
    }
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      if (typeof item !== 'number') continue;
      const reason = numberRuleBroken(field, item, unbounded);
      if (reason !== null) return new FieldProblem(`${path}.${field}[${index}]`, item, reason);
    }
  }
  return null;
}

export type CounterKind = 'bytes' | 'packets' | 'operations';

const MAX_PER_SECOND: Record<CounterKind, number> = {
  bytes: MAX_BYTES_PER_SECOND,
  packets: MAX_PACKETS_PER_SECOND,
  operations: MAX_OPERATIONS_PER_SECOND,
};

/**
 * Replaces implausible counter deltas with null and records a warning for each: a
 * negative delta (a counter that reset on reboot or wrapped) or one above the kind's
 * per-second bound times the interval. A non-finite delta is returned as a problem,
 * because it is a broken request rather than a counter reset.
 */
export function guardCounters<T extends object>(
  values: T,
  counters: Readonly<Partial<Record<keyof T & string, CounterKind>>>,
  context: { path: string; reportId: string; intervalSeconds: number | null; warnings: ReportWarning[] },
): { values: T; problem: FieldProblem | null } {
  const guarded: Record<string, unknown> = { ...(values as Record<string, unknown>) };
  const interval = context.intervalSeconds ?? DEFAULT_COUNTER_INTERVAL_SECONDS;
  for (const [field, kind] of Object.entries(counters) as [string, CounterKind][]) {
    const value = guarded[field];
    if (typeof value !== 'number') continue;
    const path = `${context.path}.${field}`;
    if (!Number.isFinite(value)) return { values, problem: new FieldProblem(path, value, 'must be a finite number') };

    const limit = MAX_PER_SECOND[kind] * interval;
    let reason: string | null = null;
    if (value < 0) reason = 'a counter delta must not be negative (counter reset?)';
    else if (value > limit) reason = `a counter delta above ${limit} ${kind} over ${interval} s is implausible`;
    if (reason === null) continue;

    guarded[field] = null;
    context.warnings.push({ reportId: context.reportId, path, message: `${formatValue(value)}: ${reason}; stored as null` });
  }
  return { values: guarded as T, problem: null };
}
