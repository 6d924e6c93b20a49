import type { EventName } from '../events/types.ts';

/**
 * Names the channel of one event of one project, `<prefix>:<projectId>:<event>`.
 * Channels are per project, so a subscriber never receives another project's events.
 */
export function eventTopic(prefix: string, projectId: string, name: EventName): string {
  return `${prefix}:${projectId}:${name}`;
}
