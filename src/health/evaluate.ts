import { HEALTH_THRESHOLDS as T } from './thresholds.ts';

/** Every status a host can have: `unknown` until its first report, then one that evaluateHealth returns. */
export const HOST_STATUSES = ['unknown', 'online', 'warning', 'critical', 'offline'] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];
export type Severity = 'warning' | 'critical';
export type HealthIssue = {
  type: 'cpu' | 'memory' | 'load' | 'disk' | 'offline';
  severity: Severity;
  value: number | null;
  threshold: number | null;
  mountPoint: string | null;
  message: string;
};

export type HealthInput = {
  online: boolean;
  cpuUsagePercent: number | null;
  memoryUsagePercent: number | null;
  load1m: number | null;
  // Logical CPUs; physical cores when threads are unknown.
  cpuCount: number | null;
  // Only filesystems that can fill up: pseudo and read-only ones are left out by the caller.
  disks: { mountPoint: string; usagePercent: number | null }[];
};

/**
 * Computes a host's status and its issues from its latest values. A value that is
 * unknown raises no issue: a host with no numbers at all is `online` but not `warning`.
 */
export function evaluateHealth(input: HealthInput): { status: HostStatus; issues: HealthIssue[] } {
  if (!input.online) {
    return {
      status: 'offline',
      issues: [
        { type: 'offline', severity: 'critical', value: null, threshold: null, mountPoint: null, message: 'Host is offline' },
      ],
    };
  }

  const issues: HealthIssue[] = [];
  checkPercent(issues, 'cpu', 'CPU usage', input.cpuUsagePercent, T.cpuWarning, T.cpuCritical);
  checkPercent(issues, 'memory', 'Memory usage', input.memoryUsagePercent, T.memoryWarning, T.memoryCritical);

  if (input.load1m !== null && input.cpuCount !== null && input.cpuCount > 0) {
    const breach = breachOf(input.load1m, input.cpuCount * T.loadWarningPerCore, input.cpuCount * T.loadCriticalPerCore);
    if (breach) {
      issues.push({
        type: 'load',
        ...breach,
        value: input.load1m,
        mountPoint: null,
        message: `Load average ${input.load1m.toFixed(2)} is at or above ${breach.threshold} (${input.cpuCount} CPUs)`,
      });
    }
  }

  for (const disk of input.disks) {
    checkPercent(issues, 'disk', `Disk ${disk.mountPoint} usage`, disk.usagePercent, T.diskWarning, T.diskCritical, disk.mountPoint);
  }

  let status: HostStatus = 'online';
  if (issues.some((issue) => issue.severity === 'critical')) status = 'critical';
  else if (issues.length > 0) status = 'warning';
  return { status, issues };
}

function checkPercent(
  issues: HealthIssue[],
  type: HealthIssue['type'],
  label: string,
  value: number | null,
  warning: number,
  critical: number,
  mountPoint: string | null = null,
): void {
  if (value === null) return;
  const breach = breachOf(value, warning, critical);
  if (!breach) return;
  issues.push({
    type,
    ...breach,
    value,
    mountPoint,
    message: `${label} ${value.toFixed(1)}% is at or above ${breach.threshold}%`,
  });
}

/** Returns the severity and the threshold a value reached, or null below the warning one. */
function breachOf(value: number, warning: number, critical: number): { severity: Severity; threshold: number } | null {
  if (value >= critical) return { severity: 'critical', threshold: critical };
  if (value >= warning) return { severity: 'warning', threshold: warning };
  return null;
}
