import type { EventMap, EventName, EventPublisher } from '../events/types.ts';

/** Keeps only the events a subscriber wants; it runs before an event is queued. */
export type EventFilter<Name extends EventName> = (event: EventMap[Name]) => boolean;

/**
 * A live feed of one event of one project. Iterating it yields events in publish order;
 * return() removes its listener at once, also while a next() is pending.
 */
export interface EventStream<T> extends AsyncIterableIterator<T> {
  /** Settles when the feed receives events: at once in process, after SUBSCRIBE with Redis. */
  readonly ready: Promise<void>;
  return(): Promise<IteratorResult<T>>;
  throw(error?: unknown): Promise<IteratorResult<T>>;
}

export interface EventSubscriber {
  subscribe<Name extends EventName>(
    projectId: string,
    name: Name,
    filter?: EventFilter<Name>,
  ): EventStream<EventMap[Name]>;
}

/** Publishing, subscribing and the lifecycle of the transport behind them. */
export interface EventBus extends EventPublisher, EventSubscriber {
  readonly transport: 'redis' | 'in-process';
  /** Streams of this process that are still open. */
  openStreamCount(): number;
  /** Rejects when events cannot be delivered now, such as while Redis is unreachable. */
  checkHealth(): Promise<void>;
  close(): Promise<void>;
}
