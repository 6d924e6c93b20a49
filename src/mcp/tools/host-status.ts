import { z } from 'zod';
import { McpHostStatusDocument } from '../generated/graphql.ts';
import { formatBytes, percent, round, toNumber } from '../format.ts';
import { requireHost } from '../hosts.ts';
import { defineTool } from '../tool.ts';

const GIB = 1024 ** 3;

export const hostStatusTool = defineTool({
  name: 'sentinel_host_status',
  title: 'Host status',
  description: 'Get the detailed status of one host: health issues, system, current metrics, disks and containers.',
  inputSchema: {
    host_name: z.string().min(1).describe('Host name'),
  },
  async run(args, execute) {
    const result = await execute(McpHostStatusDocument, { name: args.host_name });
    const host = await requireHost(args.host_name, result.hostByName, execute);

    const issues = host.health.issues.map((issue) => ({
      type: issue.type,
      severity: issue.severity,
      value: round(issue.value),
      threshold: issue.threshold,
      mount: issue.mountPoint,
      message: issue.message,
    }));
    const disks = host.disks
      .filter((disk) => disk.countsForHealth)
      .map((disk) => ({
        mount: disk.mountPoint,
        usage_percent: round(disk.usagePercent),
        free_gb: disk.freeBytes === null ? null : round(Number(disk.freeBytes) / GIB),
      }));
    const issueLines = issues.map((issue) => `- ${issue.severity}: ${issue.message}`);

    return {
      summary: [
        `${host.name} is ${host.health.status}: CPU ${percent(host.cpuUsage)}, memory ${percent(host.memoryUsage)}, ` +
          `load ${host.load1m ?? 'n/a'}, up ${host.uptime?.text ?? 'unknown'}.`,
        issues.length ? `Issues:\n${issueLines.join('\n')}` : 'No health issues.',
      ].join('\n'),
      data: {
        name: host.name,
        status: host.health.status,
        issues,
        system: {
          os: [host.os, host.osVersion].filter(Boolean).join(' ') || null,
          kernel: host.kernelVersion,
          cpu_model: host.cpuModel,
          cpu_cores: host.cpuCores,
          cpu_threads: host.cpuThreads,
          memory_gb: host.memoryTotalBytes === null ? null : round(toNumber(host.memoryTotalBytes)! / GIB),
          memory: formatBytes(host.memoryTotalBytes),
          uptime: host.uptime?.text ?? null,
        },
        current_metrics: {
          cpu_percent: round(host.cpuUsage),
          memory_percent: round(host.memoryUsage),
          load_1m: round(host.load1m, 2),
        },
        disks,
        containers: host.containers.length,
        cloud: { provider: host.cloudProvider, region: host.cloudRegion, instance_type: host.instanceType },
        last_seen: host.lastSeenAt,
      },
    };
  },
});
