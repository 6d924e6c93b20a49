import { z } from 'zod';
import { CONTAINER_STATUSES } from '../../hosts/status-arguments.ts';
import { McpListContainersDocument } from '../generated/graphql.ts';
import { formatBytes, plural, round } from '../format.ts';
import { requireHost } from '../hosts.ts';
import { defineTool } from '../tool.ts';

export const listContainersTool = defineTool({
  name: 'sentinel_list_containers',
  title: 'List containers',
  description: 'List the Docker containers of a host with their state and newest CPU and memory usage.',
  inputSchema: {
    host_name: z.string().min(1).describe('Host name'),
    status: z
      .enum(CONTAINER_STATUSES, { error: `status must be one of: ${CONTAINER_STATUSES.join(', ')}` })
      .optional()
      .describe('Only containers in this state'),
  },
  async run(args, execute) {
    const result = await execute(McpListContainersDocument, { name: args.host_name, status: args.status });
    const host = await requireHost(args.host_name, result.hostByName, execute);

    const containers = host.containers.map((container) => ({
      name: container.name,
      id: container.containerId.slice(0, 12),
      image: container.image,
      status: container.status,
      started_at: container.startedAt,
      exit_code: container.exitCode,
      cpu_percent: round(container.latest?.cpuUsagePercent),
      memory_percent: round(container.latest?.memoryUsagePercent),
      memory: container.latest ? formatBytes(container.latest.memoryUsedBytes) : null,
    }));
    const noun = args.status ? `${args.status} container` : 'container';
    const lines = containers.map((container) => `- ${container.name} (${container.image ?? 'unknown image'}): ${container.status}`);

    return {
      summary: [`${plural(containers.length, noun)} on ${host.name}.`, ...lines].join('\n'),
      data: { host: host.name, containers },
    };
  },
});
