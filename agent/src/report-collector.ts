import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import type { Logger } from 'pino';

import type { AgentConfig } from './config-schema.ts';
import { ContainerCollector } from './collectors/containers.ts';
import { DiskCollector } from './collectors/disks.ts';
import { createInterfaceFilter } from './collectors/interface-filter.ts';
import { NetworkCollector } from './collectors/network.ts';
import { ProcessCollector } from './collectors/processes.ts';
import { collectSystemInfo } from './collectors/system-info.ts';
import { SystemCollector, type SystemCollection } from './collectors/system.ts';
import type { ReportInput, SystemInfoInput } from './report/payload-types.ts';

/** System info changes rarely (addresses, host name), so it is read again at most this often. */
const SYSTEM_INFO_REFRESH_MS = 60_000;

/**
 * Runs every collector once per cycle and assembles the report. A collector that
 * fails leaves its section null for that cycle and is logged; the rest still report.
 */
export class ReportCollector {
  private readonly system: SystemCollector;
  private readonly disks: DiskCollector;
  private readonly network: NetworkCollector;
  private readonly processes: ProcessCollector | null;
  private readonly containers: ContainerCollector | null;
  private readonly isReportedInterface: (name: string) => boolean;
  private previousCycleAtMs: number | null = null;
  private systemInfo: SystemInfoInput | null = null;
  private systemInfoAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: AgentConfig,
    private readonly logger: Logger,
    procRoot = '/proc',
  ) {
    this.isReportedInterface = createInterfaceFilter({
      include: config.interfacesInclude,
      exclude: config.interfacesExclude,
    });
    this.system = new SystemCollector(procRoot);
    this.disks = new DiskCollector(logger, procRoot);
    this.network = new NetworkCollector(this.isReportedInterface, procRoot);
    this.processes =
      config.topProcesses > 0
        ? new ProcessCollector({ procRoot, topCount: config.topProcesses })
        : null;
    this.containers = config.collectContainers
      ? new ContainerCollector({ socketPath: config.dockerSocket, logger })
      : null;
  }

  /** Collects one report, stamped with the wall-clock time at which the cycle started. */
  async collect(): Promise<ReportInput> {
    const collectedAt = new Date().toISOString();
    const startedAtMs = performance.now();
    const intervalSeconds =
      this.previousCycleAtMs === null ? null : Math.round(startedAtMs - this.previousCycleAtMs) / 1000;
    this.previousCycleAtMs = startedAtMs;

    const containerCollector = this.containers;
    const systemPromise = this.attempt('system', () => this.system.collect());
    const [system, processes, disks, network, containers] = await Promise.all([
      systemPromise,
      systemPromise.then((collected) => this.collectProcesses(collected)),
      this.attempt('disks', () => this.disks.collect()),
      this.attempt('network', () => this.network.collect()),
      containerCollector ? this.attempt('containers', () => containerCollector.collect()) : null,
    ]);

    if (system !== null && processes !== null) {
      system.metrics.processesTotal = processes.total;
      system.metrics.processesZombie = processes.zombie;
    }

    this.logger.debug({ durationMs: Math.round(performance.now() - startedAtMs) }, 'Collect report');
    return {
      id: randomUUID(),
      collectedAt,
      intervalSeconds,
      system: system?.metrics ?? null,
      disks,
      network,
      processes: processes?.top ?? null,
      containers: containers ?? null,
    };
  }

  /** Returns the host description, read again when it is older than SYSTEM_INFO_REFRESH_MS. */
  async getSystemInfo(): Promise<SystemInfoInput> {
    if (this.systemInfo === null || performance.now() - this.systemInfoAtMs >= SYSTEM_INFO_REFRESH_MS) {
      this.systemInfo = await collectSystemInfo({
        hostnameOverride: this.config.hostname ?? null,
        isReportedInterface: this.isReportedInterface,
      });
      this.systemInfoAtMs = performance.now();
    }
    return this.systemInfo;
  }

  private async collectProcesses(system: SystemCollection | null) {
    if (this.processes === null) {
      return null;
    }
    const processes = this.processes;
    return this.attempt('processes', () =>
      processes.collect({
        memoryTotalBytes: system?.memory.totalBytes ?? null,
        bootTimeSeconds: system?.bootTimeSeconds ?? null,
      }),
    );
  }

  private async attempt<T>(section: string, collect: () => Promise<T>): Promise<T | null> {
    try {
      return await collect();
    } catch (error) {
      this.logger.warn({ section, err: error }, 'Skip report section (collector failed)');
      return null;
    }
  }
}
