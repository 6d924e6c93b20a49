import type { EventMap, EventName } from '../events/types.ts';
import type { Logger } from '../logger.ts';
import { QueuedEventStream } from './queued-stream.ts';
import { ThrottledWarning } from './throttled-log.ts';
import { eventTopic } from './topics.ts';
import type { EventBus, EventFilter, EventStream } from './types.ts';

type Listener = (event: unknown) => void;

/** Delivers events to subscribers in this process only: for a single API process without Redis. */
export class InProcessEventBus implements EventBus {
  readonly transport = 'in-process';
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly publishFailures: ThrottledWarning;
  private readonly slowSubscribers: ThrottledWarning;
  private readonly streams = new Set<EventStream<unknown>>();

  constructor(private readonly logger: Logger) {
    this.publishFailures = new ThrottledWarning(logger, 'Failed to publish event');
    this.slowSubscribers = new ThrottledWarning(logger, 'Dropped events of a slow subscriber');
  }

  publish<Name extends EventName>(name: Name, event: EventMap[Name]): void {
    const topic = eventTopic('local', event.projectId, name);
    const listeners = this.listeners.get(topic);
    // Most reports have no subscriber, and then the copy below would be wasted work.
    if (!listeners) return;
    let copy: unknown;
    try {
      // Redis carries events as JSON. Copying through JSON here gives subscribers the
      // same values in both modes and keeps them from sharing the publisher's object.
      copy = JSON.parse(JSON.stringify(event));
    } catch (error) {
      this.publishFailures.warn({ err: error, topic });
      return;
    }
    for (const listener of [...listeners]) listener(copy);
  }

  subscribe<Name extends EventName>(
    projectId: string,
    name: Name,
    filter?: EventFilter<Name>,
  ): EventStream<EventMap[Name]> {
    const topic = eventTopic('local', projectId, name);
    const listeners = this.listeners.get(topic) ?? new Set<Listener>();
    this.listeners.set(topic, listeners);

    const listener: Listener = (event) => deliver(stream, filter, event as EventMap[Name], this.logger);
    const stream = new QueuedEventStream<EventMap[Name]>({
      onClose: () => {
        this.streams.delete(stream);
        listeners.delete(listener);
        if (listeners.size === 0 && this.listeners.get(topic) === listeners) this.listeners.delete(topic);
      },
      onOverflow: () => this.slowSubscribers.warn({ topic }),
    });
    listeners.add(listener);
    this.streams.add(stream);
    return stream;
  }

  openStreamCount(): number {
    return this.streams.size;
  }

  /** Number of topics with at least one listener; zero once every stream is closed. */
  topicCount(): number {
    return this.listeners.size;
  }

  async checkHealth(): Promise<void> {}

  /** Ends every open stream, so that their subscriptions complete. */
  async close(): Promise<void> {
    await Promise.all([...this.streams].map((stream) => stream.return()));
  }
}

/** Queues an event on a stream if its filter keeps it; a throwing filter drops the event. */
export function deliver<Name extends EventName>(
  stream: QueuedEventStream<EventMap[Name]>,
  filter: EventFilter<Name> | undefined,
  event: EventMap[Name],
  logger: Logger,
): void {
  try {
    if (filter && !filter(event)) return;
  } catch (error) {
    logger.error({ err: error }, 'Failed to filter event');
    return;
  }
  stream.push(event);
}
