import { access } from 'node:fs/promises';

import type Docker from 'dockerode';
import type { Logger } from 'pino';

import type { ContainerInput, PortMappingInput } from '../generated/graphql.ts';
import { TIMED_OUT, withTimeout } from '../timeout.ts';
import {
  containerInspectSchema,
  containerListSchema,
  containerStatsSchema,
  type ContainerInspect,
  type ContainerSummary,
} from './docker-schema.ts';
import { buildContainerStats, readContainerCounters, type ContainerCounters } from './docker-stats.ts';

/** Deadline for listing and inspecting containers; a healthy engine responds in milliseconds. */
export const DOCKER_REQUEST_TIMEOUT_MS = 2_000;

/**
 * Deadline for one container's stats. Without one-shot the engine samples twice about
 * a second apart to fill precpu_stats, so the deadline leaves room for that wait.
 */
export const DOCKER_STATS_TIMEOUT_MS = 3_000;

/** Docker writes this for a time that never happened (a container never started). */
const ZERO_TIME_PREFIX = '0001-01-01';

/** Errors that mean no engine listens on the socket: the host has no containers to report. */
const NO_ENGINE_CODES = new Set(['ENOENT', 'ECONNREFUSED']);

type CachedInspect = { state: string | undefined; inspect: ContainerInspect };

export type ContainerCollectorOptions = {
  socketPath: string;
  logger: Logger;
};

/**
 * Collects Docker containers and, for running ones, one stats sample each. Every
 * engine call has a deadline, so a hung engine delays a report by at most
 * DOCKER_REQUEST_TIMEOUT_MS twice plus DOCKER_STATS_TIMEOUT_MS. Environment
 * variables arrive in the inspect response (Config.Env) but are dropped when it is
 * parsed and never reported.
 */
export class ContainerCollector {
  private docker: Docker | null = null;
  private readonly socketPath: string;
  private readonly logger: Logger;
  private readonly inspectCache = new Map<string, CachedInspect>();
  private previousCounters = new Map<string, ContainerCounters>();
  private engineMissingLogged = false;
  private accessDeniedLogged = false;

  constructor(options: ContainerCollectorOptions) {
    this.socketPath = options.socketPath;
    this.logger = options.logger;
  }

  /** Returns the containers, an empty list without an engine, or null when the engine failed. */
  async collect(): Promise<ContainerInput[] | null> {
    let summaries: ContainerSummary[];
    let docker: Docker;
    try {
      docker = await this.connect();
      const listed = await this.call(DOCKER_REQUEST_TIMEOUT_MS, (abortSignal) =>
        docker.listContainers({ all: true, abortSignal }),
      );
      summaries = containerListSchema.parse(listed);
    } catch (error) {
      return this.handleListError(error);
    }
    this.engineMissingLogged = false;
    this.accessDeniedLogged = false;

    const inspections = await this.inspectAll(docker, summaries);
    const counters = new Map<string, ContainerCounters>();
    const containers = await Promise.all(
      summaries.map(async (summary) => {
        const inspect = inspections.get(summary.Id) ?? null;
        const container = describeContainer(summary, inspect);
        if (summary.State === 'running') {
          container.stats = await this.collectStats(docker, summary.Id, inspect, counters);
        }
        return container;
      }),
    );
    this.previousCounters = counters;
    return containers;
  }

  /** Inspects containers whose state changed since the last cycle; the rest come from cache. */
  /**
   * Creates the Docker client on first use. dockerode and its dependencies add about
   * 18 MB of memory (measured with dockerode 4.0 on Node 20), so hosts without a socket
   * never load it.
   */
  private async connect(): Promise<Docker> {
    if (this.docker === null) {
      // access() fails with ENOENT when no engine was ever started, which handleListError reports.
      await access(this.socketPath);
      const { default: DockerClient } = await import('dockerode');
      this.docker = new DockerClient({ socketPath: this.socketPath });
    }
    return this.docker;
  }

  private async inspectAll(docker: Docker, summaries: ContainerSummary[]): Promise<Map<string, ContainerInspect>> {
    const listedIds = new Set(summaries.map((summary) => summary.Id));
    for (const id of this.inspectCache.keys()) {
      if (!listedIds.has(id)) {
        this.inspectCache.delete(id);
      }
    }

    await Promise.all(
      summaries.map(async (summary) => {
        const cached = this.inspectCache.get(summary.Id);
        if (cached !== undefined && cached.state === summary.State) {
          return;
        }
        try {
          const raw = await this.call(DOCKER_REQUEST_TIMEOUT_MS, (abortSignal) =>
            docker.getContainer(summary.Id).inspect({ abortSignal }),
          );
          this.inspectCache.set(summary.Id, { state: summary.State, inspect: containerInspectSchema.parse(raw) });
        } catch (error) {
          this.logger.warn({ containerId: summary.Id, err: error }, 'Skip container details (inspect failed)');
        }
      }),
    );

    const inspections = new Map<string, ContainerInspect>();
    for (const [id, cached] of this.inspectCache) {
      inspections.set(id, cached.inspect);
    }
    return inspections;
  }

  private async collectStats(
    docker: Docker,
    id: string,
    inspect: ContainerInspect | null,
    counters: Map<string, ContainerCounters>,
  ): Promise<ContainerInput['stats']> {
    try {
      const raw = await this.call(DOCKER_STATS_TIMEOUT_MS, (abortSignal) => {
        // dockerode 4 forwards abortSignal for stats, but its type declaration omits it,
        // so the options go through a variable that the excess-property check accepts.
        const options = { stream: false as const, abortSignal };
        return docker.getContainer(id).stats(options);
      });
      const stats = containerStatsSchema.parse(raw);
      const current = readContainerCounters(stats);
      // A restarted container starts its counters again; the start time keeps the two runs apart.
      const key = `${id}:${inspect?.State?.StartedAt ?? ''}`;
      counters.set(key, current);
      return buildContainerStats(stats, current, this.previousCounters.get(key));
    } catch (error) {
      this.logger.warn({ containerId: id, err: error }, 'Skip container stats (stats request failed)');
      return null;
    }
  }

  /**
   * Runs one engine request with an abort signal and a deadline of its own, because the
   * signal only covers the HTTP exchange and not a response body that never ends.
   */
  private async call<T>(timeoutMs: number, request: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const result = await withTimeout(request(controller.signal), timeoutMs);
    if (result === TIMED_OUT) {
      controller.abort();
      throw new Error(`Docker request timed out after ${timeoutMs} ms`);
    }
    return result;
  }

  private handleListError(error: unknown): ContainerInput[] | null {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code !== undefined && NO_ENGINE_CODES.has(code)) {
      if (!this.engineMissingLogged) {
        this.logger.debug({ code }, 'Skip containers (no Docker engine on the socket)');
        this.engineMissingLogged = true;
      }
      return [];
    }
    if (code === 'EACCES') {
      if (!this.accessDeniedLogged) {
        this.logger.warn({ code }, 'Skip containers (permission denied on the Docker socket; add the agent user to the docker group)');
        this.accessDeniedLogged = true;
      }
      return null;
    }
    this.logger.warn({ err: error }, 'Skip containers (listing containers failed)');
    return null;
  }
}

/** Maps the list and inspect responses to a report entry, without stats. */
export function describeContainer(summary: ContainerSummary, inspect: ContainerInspect | null): ContainerInput {
  const state = inspect?.State;
  const hostConfig = inspect?.HostConfig;
  const hasExited = summary.State === 'exited' || summary.State === 'dead';

  return {
    containerId: summary.Id,
    name: (summary.Names[0] ?? summary.Id).replace(/^\//, ''),
    image: summary.Image ?? null,
    imageId: summary.ImageID ?? null,
    runtime: 'docker',
    status: summary.State ?? null,
    startedAt: dockerTime(state?.StartedAt),
    finishedAt: dockerTime(state?.FinishedAt),
    exitCode: hasExited ? (state?.ExitCode ?? null) : null,
    memoryLimitBytes: hostConfig?.Memory || null,
    cpuLimit: cpuLimit(hostConfig),
    networkMode: summary.HostConfig?.NetworkMode ?? null,
    portMappings: (summary.Ports ?? []).map(
      (port): PortMappingInput => ({
        containerPort: port.PrivatePort,
        hostPort: port.PublicPort ?? null,
        protocol: port.Type ?? null,
        hostIp: port.IP ?? null,
      }),
    ),
    labels: Object.entries(summary.Labels ?? {}).map(([name, value]) => ({ name, value })),
    stats: null,
  };
}

/** CPU cores a container may use: --cpus (NanoCpus), else the CFS quota over its period. */
function cpuLimit(hostConfig: ContainerInspect['HostConfig']): number | null {
  if (hostConfig?.NanoCpus) {
    return hostConfig.NanoCpus / 1e9;
  }
  if (hostConfig?.CpuQuota && hostConfig.CpuQuota > 0 && hostConfig.CpuPeriod) {
    return hostConfig.CpuQuota / hostConfig.CpuPeriod;
  }
  return null;
}

function dockerTime(value: string | undefined): string | null {
  if (!value || value.startsWith(ZERO_TIME_PREFIX)) {
    return null;
  }
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}
