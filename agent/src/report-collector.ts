import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import type { Logger } from 'pino';

import type { AgentConfig } from './config-schema.ts';
import { ContainerCollector } from './collectors/containers.ts';
import { DiskCollector } from './collectors/disks.ts';
import { createInterfaceFilter } from './collectors/interface-filter.ts';
import { NetworkCollector } from './collectors/network.ts';
import { ProcessCollector } from './collectors/processes.ts';
import { readPlatformInfo, SYSTEMINFORMATION_SOURCE, type PlatformInfo, type PlatformSource } from './collectors/platform-info.ts';
import { collectSystemInfo } from './collectors/system-info.ts';
import { SystemCollector, type SystemCollection } from './collectors/system.ts';
import type { SystemInfoInput } from './generated/graphql.ts';
import type { AgentReport } from './report/agent-report.ts';

/** System info changes rarely (addresses, host name), so it is read again at most this often. */
const SYSTEM_INFO_REFRESH_MS = 60_000;

/**
 * OS and CPU descriptions change only with an upgrade or new hardware, and reading them
 * spawns processes (lscpu, cat), so they are read at start and again at most this often.
 */
export const PLATFORM_INFO_REFRESH_MS = 600_000;

export type ReportCollectorOptions = {
  procRoot?: string;
  /** Where the OS and CPU description comes from; tests pass failing sources. */
  platformSource?: PlatformSource;
};

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
  private platform: PlatformInfo | null = null;
  private platformAtMs = Number.NEGATIVE_INFINITY;
  private readonly platformSource: PlatformSource;
  private readonly procRoot: string;

  constructor(
    private readonly config: AgentConfig,
    private readonly logger: Logger,
    options: ReportCollectorOptions = {},
  ) {
    const procRoot = options.procRoot ?? '/proc';
    this.procRoot = procRoot;
    this.platformSource = options.platformSource ?? SYSTEMINFORMATION_SOURCE;
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
  async collect(): Promise<AgentReport> {
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

  /**
   * Returns the host description, read again when it is older than SYSTEM_INFO_REFRESH_MS,
   * with its OS and CPU part read again when older than PLATFORM_INFO_REFRESH_MS. The server
   * stores system info whenever it changes, so a new kernel, memory size or address
   * reaches it with the next request after the refresh.
   */
  async getSystemInfo(): Promise<SystemInfoInput> {
    const now = performance.now();
    if (this.platform === null || now - this.platformAtMs >= PLATFORM_INFO_REFRESH_MS) {
      this.platform = await readPlatformInfo(this.logger, this.platformSource, this.procRoot);
      this.platformAtMs = now;
      this.systemInfo = null;
    }
    if (this.systemInfo === null || now - this.systemInfoAtMs >= SYSTEM_INFO_REFRESH_MS) {
      this.systemInfo = await collectSystemInfo({
        hostnameOverride: this.config.hostname ?? null,
        isReportedInterface: this.isReportedInterface,
        platform: this.platform,
      });
      this.systemInfoAtMs = now;
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
