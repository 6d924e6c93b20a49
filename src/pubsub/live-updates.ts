import type { ContainerUpdatedEvent, HostMetricsEvent, HostUpdatedEvent } from '../events/types.ts';
import type { HostStatus } from '../health/evaluate.ts';
import type { Logger } from '../logger.ts';
import type { HostLookup } from './host-lookup.ts';
import { filterStream } from './queued-stream.ts';
import type { EventStream, EventSubscriber } from './types.ts';

export type FleetFilter = {
  status?: HostStatus | null;
  environment?: string | null;
  role?: string | null;
};

/**
 * Opens the event streams behind GraphQL subscriptions. Every stream is of the caller's
 * project; a stream for one host is checked to be of that project before it opens.
 */
export class LiveUpdates {
  constructor(
    private readonly events: EventSubscriber,
    private readonly hosts: HostLookup,
    private readonly logger: Logger,
  ) {}

  async hostUpdates(projectId: string, hostId: string): Promise<EventStream<HostUpdatedEvent>> {
    await this.hosts.requireHost(projectId, hostId);
    return this.events.subscribe(projectId, 'hostUpdated', (event) => event.hostId === hostId);
  }

  async hostMetrics(projectId: string, hostId: string): Promise<EventStream<HostMetricsEvent>> {
    await this.hosts.requireHost(projectId, hostId);
    return this.events.subscribe(projectId, 'hostMetrics', (event) => event.hostId === hostId);
  }

  async containerUpdates(projectId: string, hostId: string): Promise<EventStream<ContainerUpdatedEvent>> {
    await this.hosts.requireHost(projectId, hostId);
    return this.events.subscribe(projectId, 'containerUpdated', (event) => event.hostId === hostId);
  }

  /**
   * Streams the fleet changes of a project: new hosts and status changes, such as a host
   * going offline. With a status filter, a host that enters or leaves that status is
   * delivered, so that a filtered view can add or remove it.
   */
  fleetUpdates(projectId: string, filter: FleetFilter): EventStream<HostUpdatedEvent> {
    const changes = this.events.subscribe(
      projectId,
      'hostUpdated',
      (event) => isFleetChange(event) && matchesStatus(event, filter.status ?? null),
    );
    if (!filter.environment && !filter.role) return changes;

    return filterStream(changes, async (event) => {
      try {
        const labels = await this.hosts.labels(projectId, event.hostId);
        if (!labels) return false;
        if (filter.environment && labels.environment !== filter.environment) return false;
        return !filter.role || labels.role === filter.role;
      } catch (error) {
        // A failed label read drops this event but keeps the subscription open.
        this.logger.warn({ err: error, hostId: event.hostId }, 'Failed to read host labels for a fleet filter');
        return false;
      }
    });
  }
}

function isFleetChange(event: HostUpdatedEvent): boolean {
  return event.created || event.status !== event.previousStatus;
}

function matchesStatus(event: HostUpdatedEvent, status: HostStatus | null): boolean {
  return status === null || event.status === status || event.previousStatus === status;
}
