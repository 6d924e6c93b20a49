import { invalidArgument } from '../errors.ts';
import { HOST_STATUSES, type HostStatus } from '../health/evaluate.ts';

/**
 * Checks an optional host status argument. Statuses are stored in lower case, so any
 * other value, such as "CRITICAL", would match no host and is rejected instead.
 */
export function parseHostStatus(field: string, value: string | null | undefined): HostStatus | null {
  return parseOneOf(field, value, HOST_STATUSES);
}

function parseOneOf<Value extends string>(field: string, value: string | null | undefined, allowed: readonly Value[]): Value | null {
  if (value === null || value === undefined) return null;
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw invalidArgument(field, value, `must be one of ${allowed.join(', ')}`);
  return match;
}
