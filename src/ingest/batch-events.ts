import type { EventPublisher } from '../events/types.ts';
import { formatIsoInstant } from '../iso-instant.ts';
import type { ClaimedReport } from './batch-rows.ts';
import type { BatchOutcome } from './batch-writer.ts';
import { containerKey } from './container-registry.ts';

/**
 * Publishes what a committed batch changed: hostUpdated for every host of the batch,
 * hostMetrics for every stored system sample and containerUpdated for each host whose
 * newest stored report listed containers.
 */
export function publishBatchEvents(events: EventPublisher, outcome: BatchOutcome, projectOfHost: Map<string, string>): void {
  for (const host of outcome.hosts) {
    events.publish('hostUpdated', {
      projectId: projectOfHost.get(host.hostId)!,
      hostId: host.hostId,
      name: host.name,
      status: host.status,
      previousStatus: host.previousStatus,
      created: outcome.createdHostIds.has(host.hostId),
      cpuUsagePercent: host.cpuUsagePercent,
      memoryUsagePercent: host.memoryUsagePercent,
      load1m: host.load1m,
      lastSeenAt: formatIsoInstant(host.lastSeenAt),
      updatedAt: formatIsoInstant(host.updatedAt),
    });
  }

  const newestWithContainers = new Map<string, ClaimedReport>();
  for (const claimed of outcome.claimed) {
    const { hostId, report } = claimed;
    const projectId = projectOfHost.get(hostId)!;
    const system = report.system;
    if (system) {
      events.publish('hostMetrics', {
        projectId,
        hostId,
        recordedAt: report.collectedAt.toISOString(),
        cpuUsagePercent: system.cpuUsagePercent ?? null,
        cpuUserPercent: system.cpuUserPercent ?? null,
        cpuSystemPercent: system.cpuSystemPercent ?? null,
        cpuIowaitPercent: system.cpuIowaitPercent ?? null,
        cpuStealPercent: system.cpuStealPercent ?? null,
        load1m: system.load1m ?? null,
        load5m: system.load5m ?? null,
        load15m: system.load15m ?? null,
        memoryUsedBytes: system.memoryUsedBytes ?? null,
        memoryUsagePercent: system.memoryUsagePercent ?? null,
        swapUsagePercent: system.swapUsagePercent ?? null,
        processesTotal: system.processesTotal ?? null,
      });
    }
    const previous = newestWithContainers.get(hostId);
    if ((report.containers ?? []).length > 0 && (!previous || previous.report.collectedAt <= report.collectedAt)) {
      newestWithContainers.set(hostId, claimed);
    }
  }

  for (const { hostId, report } of newestWithContainers.values()) {
    events.publish('containerUpdated', {
      projectId: projectOfHost.get(hostId)!,
      hostId,
      recordedAt: report.collectedAt.toISOString(),
      containers: (report.containers ?? []).flatMap((container) => {
        const id = outcome.containerIds.get(containerKey(hostId, container.containerId));
        if (!id) return [];
        return [
          {
            id,
            containerId: container.containerId,
            name: container.name,
            image: container.image ?? null,
            status: container.status ?? null,
            cpuUsagePercent: container.stats?.cpuUsagePercent ?? null,
            memoryUsedBytes: container.stats?.memoryUsedBytes ?? null,
            memoryUsagePercent: container.stats?.memoryUsagePercent ?? null,
          },
        ];
      }),
    });
  }
}
