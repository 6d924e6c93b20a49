import type { AlertStateName } from '../alerts/transitions.ts';
import type { HostStatus } from '../health/evaluate.ts';

// Events that domain code publishes after its data is committed, and that GraphQL
// subscriptions deliver. Every event carries its project id: subscribers only ever
// receive events of their own project. Payloads cross Redis as JSON, so instants are
// ISO 8601 strings, never Date objects.

/** A host's status or newest values changed: after each stored report, or when it went offline. */
export type HostUpdatedEvent = {
  projectId: string;
  hostId: string;
  name: string;
  status: HostStatus;
  previousStatus: HostStatus;
  // True for the first report of a new host.
  created: boolean;
  cpuUsagePercent: number | null;
  memoryUsagePercent: number | null;
  load1m: number | null;
  lastSeenAt: string | null;
  updatedAt: string;
};

/** A new system sample of a host was stored. */
export type HostMetricsEvent = {
  projectId: string;
  hostId: string;
  recordedAt: string;
  cpuUsagePercent: number | null;
  cpuUserPercent: number | null;
  cpuSystemPercent: number | null;
  cpuIowaitPercent: number | null;
  cpuStealPercent: number | null;
  load1m: number | null;
  load5m: number | null;
  load15m: number | null;
  memoryUsedBytes: number | null;
  memoryUsagePercent: number | null;
  swapUsagePercent: number | null;
  processesTotal: number | null;
};

/** The containers of a host as of its newest report. */
export type ContainerUpdatedEvent = {
  projectId: string;
  hostId: string;
  recordedAt: string;
  containers: {
    id: string;
    containerId: string;
    name: string;
    image: string | null;
    status: string | null;
    cpuUsagePercent: number | null;
    memoryUsedBytes: number | null;
    memoryUsagePercent: number | null;
  }[];
};

/** The alert of one rule on one host and subject changed state; `at` is the evaluation time. */
export type AlertChangedEvent = {
  projectId: string;
  ruleId: string;
  ruleName: string;
  metric: string;
  hostId: string;
  hostName: string;
  // Mount point, interface or container name; '' for metrics of the whole host.
  subject: string;
  fromState: AlertStateName;
  toState: AlertStateName;
  value: number | null;
  threshold: number;
  severity: string;
  at: string;
};

export type EventMap = {
  hostUpdated: HostUpdatedEvent;
  hostMetrics: HostMetricsEvent;
  containerUpdated: ContainerUpdatedEvent;
  alertChanged: AlertChangedEvent;
};
export type EventName = keyof EventMap;

/** Sends events to every API process; publishing never throws into the caller. */
export interface EventPublisher {
  publish<Name extends EventName>(name: Name, event: EventMap[Name]): void;
}

/** A publisher that drops every event, for commands and tests that have no subscribers. */
export const discardEvents: EventPublisher = { publish: () => undefined };
