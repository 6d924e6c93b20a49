import { SentinelError } from '../errors.ts';
import { cleanOptionalText, cleanText } from './clean.ts';
import { MAX_ADDRESSES, MAX_CPU_CORES_LISTED, MAX_FUTURE_SKEW_MS, MAX_NAME_LENGTH, MAX_REPORTS_PER_REQUEST } from './limits.ts';
import { normalizeDisks, normalizeInterfaces } from './normalize-devices.ts';
import { normalizeContainers, normalizeProcesses } from './normalize-workloads.ts';
import { FieldProblem, firstNumberProblem } from './number-rules.ts';
import { cutList, type ReportContext } from './report-context.ts';
import type { AgentReport, ReportBatch, ReportWarning, SystemInfo, SystemMetrics } from './report-types.ts';

export { MAX_FUTURE_SKEW_MS, MAX_REPORTS_PER_REQUEST } from './limits.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NormalizedBatch = { batch: ReportBatch; warnings: ReportWarning[] };

function reject(problem: FieldProblem, reportId: string | null): never {
  throw new SentinelError('INVALID_REPORT', `Invalid report: ${problem.message}`, {
    field: problem.path,
    value: typeof problem.value === 'number' && !Number.isFinite(problem.value) ? String(problem.value) : problem.value,
    reportId,
  });
}

/**
 * Checks and cleans a report batch before anything is written. A structural problem
 * rejects the whole request with INVALID_REPORT naming the field path and the value.
 * Text is cleaned and long lists are cut. A bad process or container is dropped and an
 * implausible counter delta is nulled, each with a warning. Reports come back sorted
 * oldest first, with ids in lower case.
 */
export function normalizeBatch(batch: ReportBatch, now: Date = new Date()): NormalizedBatch {
  const warnings: ReportWarning[] = [];
  const agentId = cleanText(batch.agentId, MAX_NAME_LENGTH).trim();
  if (agentId === '') reject(new FieldProblem('agentId', batch.agentId, 'must not be empty'), null);
  if (batch.reports.length === 0) reject(new FieldProblem('reports', [], 'must contain at least one report'), null);
  if (batch.reports.length > MAX_REPORTS_PER_REQUEST) {
    const problem = new FieldProblem('reports', `${batch.reports.length} reports`, `at most ${MAX_REPORTS_PER_REQUEST} per request`);
    reject(problem, null);
  }

  const systemInfo = normalizeSystemInfo(batch.systemInfo);
  const reports = batch.reports.map((report, index) => {
    try {
      return normalizeReport(report, `reports[${index}]`, now, warnings);
    } catch (error) {
      if (error instanceof FieldProblem) reject(error, report.id);
      throw error;
    }
  });
  dropRepeatedSamples(reports, warnings);
  reports.sort((a, b) => a.collectedAt.getTime() - b.collectedAt.getTime());

  return {
    batch: {
      agentId,
      agentVersion: cleanOptionalText(batch.agentVersion, MAX_NAME_LENGTH),
      agentStartedAt: batch.agentStartedAt ?? null,
      systemInfo,
      reports,
    },
    warnings,
  };
}

// host_metrics stores one sample per host and instant. A second report of the same
// instant keeps its other parts, but its system sample is dropped with a warning.
function dropRepeatedSamples(reports: AgentReport[], warnings: ReportWarning[]): void {
  const instants = new Set<number>();
  for (const [index, report] of reports.entries()) {
    if (!report.system) continue;
    const instant = report.collectedAt.getTime();
    if (instants.has(instant)) {
      const message = `Dropped the system sample: another report of this request has the same collectedAt ${report.collectedAt.toISOString()}`;
      warnings.push({ reportId: report.id, path: `reports[${index}].system`, message });
      report.system = null;
    }
    instants.add(instant);
  }
}

function normalizeSystemInfo(info: SystemInfo): SystemInfo {
  const hostname = cleanText(info.hostname, MAX_NAME_LENGTH).trim();
  if (hostname === '') reject(new FieldProblem('systemInfo.hostname', info.hostname, 'must not be empty'), null);
  const problem = firstNumberProblem('systemInfo', info);
  if (problem) reject(problem, null);

  const text = (value: string | null | undefined) => cleanOptionalText(value, MAX_NAME_LENGTH);
  return {
    hostname,
    os: text(info.os),
    osVersion: text(info.osVersion),
    kernelVersion: text(info.kernelVersion),
    architecture: text(info.architecture),
    cpuModel: text(info.cpuModel),
    // A machine has at least one CPU: 0 is an agent that could not tell.
    cpuCores: info.cpuCores || null,
    cpuThreads: info.cpuThreads || null,
    memoryTotalBytes: info.memoryTotalBytes ?? null,
    swapTotalBytes: info.swapTotalBytes ?? null,
    ipAddresses: addressList(info.ipAddresses),
    publicIp: text(info.publicIp),
    privateIp: text(info.privateIp),
    macAddresses: addressList(info.macAddresses),
    cloudProvider: text(info.cloudProvider),
    cloudRegion: text(info.cloudRegion),
    cloudZone: text(info.cloudZone),
    instanceType: text(info.instanceType),
    instanceId: text(info.instanceId),
    bootTime: info.bootTime ?? null,
  };
}

function addressList(values: string[] | null | undefined): string[] {
  return (values ?? [])
    .slice(0, MAX_ADDRESSES)
    .map((value) => cleanText(value, MAX_NAME_LENGTH).trim())
    .filter((value) => value !== '');
}

function normalizeReport(report: AgentReport, path: string, now: Date, warnings: ReportWarning[]): AgentReport {
  if (!UUID_PATTERN.test(report.id)) throw new FieldProblem(`${path}.id`, report.id, 'must be a UUID');
  const aheadMs = report.collectedAt.getTime() - now.getTime();
  if (aheadMs > MAX_FUTURE_SKEW_MS) {
    const reason = `is more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes ahead of the server clock (${now.toISOString()})`;
    throw new FieldProblem(`${path}.collectedAt`, report.collectedAt.toISOString(), reason);
  }
  const interval = report.intervalSeconds ?? null;
  if (interval !== null && !(Number.isFinite(interval) && interval > 0)) {
    throw new FieldProblem(`${path}.intervalSeconds`, interval, 'must be a positive number of seconds');
  }

  const id = report.id.toLowerCase();
  const context: ReportContext = { path, reportId: id, intervalSeconds: interval, warnings };
  return {
    id,
    collectedAt: report.collectedAt,
    intervalSeconds: interval,
    system: report.system ? normalizeSystem(report.system, `${path}.system`, context) : null,
    disks: normalizeDisks(report.disks ?? [], context),
    network: normalizeInterfaces(report.network ?? [], context),
    processes: normalizeProcesses(report.processes ?? [], context),
    containers: normalizeContainers(report.containers ?? [], context),
  };
}

function normalizeSystem(system: SystemMetrics, path: string, context: ReportContext): SystemMetrics {
  const problem = firstNumberProblem(path, system);
  if (problem) throw problem;
  const perCore = system.cpuPerCorePercent ?? null;
  const systemContext = { ...context, path };
  return { ...system, cpuPerCorePercent: perCore && cutList(perCore, MAX_CPU_CORES_LISTED, 'cpuPerCorePercent', systemContext) };
}
