import { SentinelError } from '../errors.ts';
import type { ReportBatch } from './report-types.ts';

export const MAX_REPORTS_PER_REQUEST = 100;
// A report dated further ahead of the server clock than this is rejected: its host's
// clock is wrong, and storing it would put data in the future.
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Percentages of one whole: a process or container may use several CPUs, so its CPU
// percent is not bounded by 100 and is checked only for sign.
const UNBOUNDED_PERCENT_FIELDS = new Set(['cpuPercent', 'containers.stats.cpuUsagePercent']);

function reject(field: string, value: unknown, reason: string, reportId: string | null): never {
  throw new SentinelError('INVALID_REPORT', `Invalid report: ${field} = ${JSON.stringify(value)}: ${reason}`, {
    field,
    value: typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
    reportId,
  });
}

/**
 * Checks a report batch before anything is written. The first problem rejects the
 * whole request with INVALID_REPORT, naming the field path and value, so that nothing
 * of a malformed request is stored.
 */
export function validateBatch(batch: ReportBatch, now: Date = new Date()): void {
  if (batch.agentId.trim() === '') reject('agentId', batch.agentId, 'must not be empty', null);
  if (batch.systemInfo.hostname.trim() === '') {
    reject('systemInfo.hostname', batch.systemInfo.hostname, 'must not be empty', null);
  }
  if (batch.reports.length === 0) reject('reports', [], 'must hold at least one report', null);
  if (batch.reports.length > MAX_REPORTS_PER_REQUEST) {
    reject('reports', `${batch.reports.length} reports`, `at most ${MAX_REPORTS_PER_REQUEST} per request`, null);
  }
  walkNumbers('systemInfo', batch.systemInfo, null);

  batch.reports.forEach((report, index) => {
    const path = `reports[${index}]`;
    if (!UUID_PATTERN.test(report.id)) reject(`${path}.id`, report.id, 'must be a UUID', report.id);
    if (report.collectedAt.getTime() - now.getTime() > MAX_FUTURE_SKEW_MS) {
      reject(
        `${path}.collectedAt`,
        report.collectedAt.toISOString(),
        `is more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes ahead of the server clock (${now.toISOString()})`,
        report.id,
      );
    }
    const { id: _id, collectedAt: _collectedAt, ...measurements } = report;
    walkNumbers(path, measurements, report.id);
  });
}

// Checks every number in a report: finite, counters and sizes not negative, shares
// within 0..100. Field names carry the unit, so the rule follows from the name.
function walkNumbers(path: string, value: unknown, reportId: string | null, shape = ''): void {
  if (value === null || value === undefined || value instanceof Date) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkNumbers(`${path}[${index}]`, item, reportId, shape));
    return;
  }
  if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      walkNumbers(`${path}.${key}`, child, reportId, shape ? `${shape}.${key}` : key);
    }
    return;
  }
  if (typeof value !== 'number') return;

  const field = shape.split('.').at(-1) ?? shape;
  if (!Number.isFinite(value)) reject(path, value, 'must be a finite number', reportId);
  if (field.endsWith('Percent') || field === 'cpuPerCorePercent') {
    if (value < 0) reject(path, value, 'a percentage must not be negative', reportId);
    const bounded = !UNBOUNDED_PERCENT_FIELDS.has(field) && !UNBOUNDED_PERCENT_FIELDS.has(shape.replace(/^reports\./, ''));
    if (bounded && value > 100) reject(path, value, 'a percentage must be between 0 and 100', reportId);
    return;
  }
  if (field === 'exitCode') return;
  if (value < 0) reject(path, value, 'must not be negative', reportId);
}
