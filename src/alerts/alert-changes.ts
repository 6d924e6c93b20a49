import type pg from 'pg';
import type { AlertChangedEvent, EventPublisher } from '../events/types.ts';
import type { EndedState } from './state-storage.ts';
import type { AlertNotifier } from './webhook.ts';

/** Receivers of committed alert changes: subscribers, and operators through the notifier. */
export type AlertChangeTargets = { events: EventPublisher; notifier: AlertNotifier };

/** Tells whether operators are notified of a change: only alerts that fire or resolve are. */
export function isNotifiable(change: AlertChangedEvent): boolean {
  return change.toState === 'firing' || change.toState === 'resolved';
}

/**
 * Builds the last changes of deleted states: a firing alert resolves, a pending or
 * resolved one returns to ok. A state that was already ok ends without a change.
 */
export function endingChanges(states: EndedState[], now: Date): AlertChangedEvent[] {
  return states
    .filter((state) => state.state !== 'ok')
    .map(({ state, ...alert }) => ({ ...alert, fromState: state, toState: state === 'firing' ? 'resolved' : 'ok', at: now.toISOString() }));
}

/** Stores notifications of the changes that fire or resolve, in the caller's transaction. */
export async function enqueueNotifications(client: pg.PoolClient, notifier: AlertNotifier, changes: AlertChangedEvent[]): Promise<void> {
  await notifier.enqueue(client, changes.filter(isNotifiable));
}

/** Publishes committed changes as `alertChanged` and wakes the notifier for those that fire or resolve. */
export function announceChanges(targets: AlertChangeTargets, changes: AlertChangedEvent[]): void {
  for (const change of changes) targets.events.publish('alertChanged', change);
  if (changes.some(isNotifiable)) targets.notifier.wake();
}
