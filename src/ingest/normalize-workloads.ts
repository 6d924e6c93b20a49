import { cleanOptionalText, cleanText } from './clean.ts';
import {
  MAX_COMMAND_LENGTH,
  MAX_CONTAINERS_PER_REPORT,
  MAX_LABELS_PER_CONTAINER,
  MAX_NAME_LENGTH,
  MAX_PORT_MAPPINGS_PER_CONTAINER,
  MAX_PROCESSES_PER_REPORT,
} from './limits.ts';
import { FieldProblem, firstNumberProblem, guardCounters, type CounterKind } from './number-rules.ts';
import type { ContainerSample, ContainerStats, ProcessSample } from './report-types.ts';
import { cutList, type ReportContext } from './report-context.ts';

// A process or container may use several CPUs, so its CPU percent may exceed 100.
const PROCESS_UNBOUNDED = new Set(['cpuPercent']);
const CONTAINER_STATS_UNBOUNDED = new Set(['cpuUsagePercent']);
const HIGHEST_PORT = 65_535;

const CONTAINER_COUNTERS = {
  networkRxBytes: 'bytes',
  networkTxBytes: 'bytes',
  networkRxPackets: 'packets',
  networkTxPackets: 'packets',
  blockReadBytes: 'bytes',
  blockWriteBytes: 'bytes',
} as const satisfies Partial<Record<keyof ContainerStats, CounterKind>>;
const CONTAINER_COUNTER_FIELDS = new Set(Object.keys(CONTAINER_COUNTERS));

/**
 * Cleans the processes of a report. A process with an invalid number or no name left
 * after cleaning is dropped with a warning; the rest of the report is kept.
 */
export function normalizeProcesses(processes: ProcessSample[], context: ReportContext): ProcessSample[] {
  const kept: ProcessSample[] = [];
  cutList(processes, MAX_PROCESSES_PER_REPORT, 'processes', context).forEach((process, index) => {
    const path = `${context.path}.processes[${index}]`;
    try {
      kept.push(normalizeProcess(process, path));
    } catch (error) {
      if (!(error instanceof FieldProblem)) throw error;
      dropWithWarning(context, path, 'process', error);
    }
  });
  return kept;
}

function normalizeProcess(process: ProcessSample, path: string): ProcessSample {
  const name = cleanText(process.name, MAX_NAME_LENGTH).trim();
  if (name === '') throw new FieldProblem(`${path}.name`, process.name, 'must not be empty');
  const problem = firstNumberProblem(path, process, { unboundedPercent: PROCESS_UNBOUNDED });
  if (problem) throw problem;
  return {
    ...process,
    name,
    command: cleanOptionalText(process.command, MAX_COMMAND_LENGTH),
    user: cleanOptionalText(process.user, MAX_NAME_LENGTH),
    state: cleanOptionalText(process.state, MAX_NAME_LENGTH),
  };
}

/**
 * Cleans the containers of a report: one entry per container id (the last one wins).
 * A container with an invalid number or an empty id or name is dropped with a warning.
 * Implausible network and block I/O deltas are set to null with a warning.
 */
export function normalizeContainers(containers: ContainerSample[], context: ReportContext): ContainerSample[] {
  const byId = new Map<string, ContainerSample>();
  cutList(containers, MAX_CONTAINERS_PER_REPORT, 'containers', context).forEach((container, index) => {
    const path = `${context.path}.containers[${index}]`;
    try {
      const normalized = normalizeContainer(container, { ...context, path });
      byId.set(normalized.containerId, normalized);
    } catch (error) {
      if (!(error instanceof FieldProblem)) throw error;
      dropWithWarning(context, path, 'container', error);
    }
  });
  return [...byId.values()];
}

function normalizeContainer(container: ContainerSample, context: ReportContext): ContainerSample {
  const { path } = context;
  const containerId = cleanText(container.containerId, MAX_NAME_LENGTH).trim();
  if (containerId === '') throw new FieldProblem(`${path}.containerId`, container.containerId, 'must not be empty');
  const name = cleanText(container.name, MAX_NAME_LENGTH).trim();
  if (name === '') throw new FieldProblem(`${path}.name`, container.name, 'must not be empty');

  // Only number fields and number lists are checked, so the nested stats, ports and
  // labels are skipped here and checked below.
  const problem = firstNumberProblem(path, container);
  if (problem) throw problem;

  // The fields are listed instead of spread: an object rest and spread per container
  // were the largest cost of normalizing a report.
  return {
    containerId,
    name,
    image: cleanOptionalText(container.image, MAX_NAME_LENGTH),
    imageId: cleanOptionalText(container.imageId, MAX_NAME_LENGTH),
    runtime: cleanOptionalText(container.runtime, MAX_NAME_LENGTH),
    status: cleanOptionalText(container.status, MAX_NAME_LENGTH),
    startedAt: container.startedAt ?? null,
    finishedAt: container.finishedAt ?? null,
    exitCode: container.exitCode ?? null,
    memoryLimitBytes: container.memoryLimitBytes ?? null,
    cpuLimit: container.cpuLimit ?? null,
    networkMode: cleanOptionalText(container.networkMode, MAX_NAME_LENGTH),
    portMappings: normalizePorts(container.portMappings ?? [], context),
    labels: normalizeLabels(container.labels ?? [], context),
    stats: container.stats ? normalizeStats(container.stats, { ...context, path: `${path}.stats` }) : null,
  };
}

function normalizeStats(stats: ContainerStats, context: ReportContext): ContainerStats {
  const problem = firstNumberProblem(context.path, stats, {
    unboundedPercent: CONTAINER_STATS_UNBOUNDED,
    skip: CONTAINER_COUNTER_FIELDS,
  });
  if (problem) throw problem;
  const guarded = guardCounters(stats, CONTAINER_COUNTERS, context);
  if (guarded.problem) throw guarded.problem;
  return guarded.values;
}

type PortMapping = NonNullable<ContainerSample['portMappings']>[number];

function normalizePorts(ports: PortMapping[], context: ReportContext): PortMapping[] {
  return cutList(ports, MAX_PORT_MAPPINGS_PER_CONTAINER, 'portMappings', context).map((port, index) => {
    const path = `${context.path}.portMappings[${index}]`;
    for (const field of ['containerPort', 'hostPort'] as const) {
      const value = port[field];
      if (value !== null && value !== undefined && (value < 0 || value > HIGHEST_PORT)) {
        throw new FieldProblem(`${path}.${field}`, value, `must be a port number between 0 and ${HIGHEST_PORT}`);
      }
    }
    return {
      containerPort: port.containerPort,
      hostPort: port.hostPort ?? null,
      protocol: cleanOptionalText(port.protocol, MAX_NAME_LENGTH),
      hostIp: cleanOptionalText(port.hostIp, MAX_NAME_LENGTH),
    };
  });
}

type Label = NonNullable<ContainerSample['labels']>[number];

// Labels with an empty name after cleaning carry nothing and are left out.
function normalizeLabels(labels: Label[], context: ReportContext): Label[] {
  return cutList(labels, MAX_LABELS_PER_CONTAINER, 'labels', context)
    .map((label) => ({ name: cleanText(label.name, MAX_NAME_LENGTH).trim(), value: cleanText(label.value, MAX_NAME_LENGTH) }))
    .filter((label) => label.name !== '');
}

function dropWithWarning(context: ReportContext, path: string, kind: string, problem: FieldProblem): void {
  context.warnings.push({ reportId: context.reportId, path, message: `Dropped the ${kind}: ${problem.message}` });
}
