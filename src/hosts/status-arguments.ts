import { invalidArgument } from '../errors.ts';
import { HOST_STATUSES, type HostStatus } from '../health/evaluate.ts';

// Docker's container states, as the Docker Engine API lists them for ContainerState.Status.
// The agent reports the state of each container from the container list unchanged.
// NOTE: ingest stores any status text, so a container of another runtime with another
// state is listed, but cannot be filtered by that state.
export const CONTAINER_STATUSES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const;
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

/**
 * Checks an optional host status argument. Statuses are stored in lower case, so any
 * other value, such as "CRITICAL", would match no host and is rejected instead.
 */
export function parseHostStatus(field: string, value: string | null | undefined): HostStatus | null {
  return parseOneOf(field, value, HOST_STATUSES);
}

/** Checks an optional container status argument, for the same reason as parseHostStatus. */
export function parseContainerStatus(field: string, value: string | null | undefined): ContainerStatus | null {
  return parseOneOf(field, value, CONTAINER_STATUSES);
}

function parseOneOf<Value extends string>(field: string, value: string | null | undefined, allowed: readonly Value[]): Value | null {
  if (value === null || value === undefined) return null;
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw invalidArgument(field, value, `must be one of ${allowed.join(', ')}`);
  return match;
}
