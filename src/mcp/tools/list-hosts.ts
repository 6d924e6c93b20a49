import { z } from 'zod';
import { HOST_STATUSES } from '../../health/evaluate.ts';
import { McpListHostsDocument, type McpListHostsQuery } from '../generated/graphql.ts';
import { percent, plural, round } from '../format.ts';
import { defineTool } from '../tool.ts';

// At 100 hosts a page, the tool returns at most this many pages of hosts.
const MAX_PAGES = 10;

type HostNode = McpListHostsQuery['hosts']['edges'][number]['node'];

export const listHostsTool = defineTool({
  name: 'sentinel_list_hosts',
  title: 'List hosts',
  description: 'List all monitored hosts and their status, optionally filtered by environment, status or role.',
  inputSchema: {
    environment: z.string().min(1).optional().describe('Filter by environment (production, staging, etc.)'),
    status: z
      .enum(HOST_STATUSES, { error: `status must be one of: ${HOST_STATUSES.join(', ')}` })
      .optional()
      .describe('Filter by status'),
    role: z.string().min(1).optional().describe('Filter by role (web, worker, database, etc.)'),
  },
  async run(args, execute) {
    const filter = { environment: args.environment, status: args.status, role: args.role };
    const hosts: HostNode[] = [];
    let total = 0;
    let after: string | null = null;

    for (let page = 0; page < MAX_PAGES; page += 1) {
      const result: McpListHostsQuery = await execute(McpListHostsDocument, { filter, after });
      total = result.hosts.totalCount;
      hosts.push(...result.hosts.edges.map((edge) => edge.node));
      if (!result.hosts.pageInfo.hasNextPage) break;
      after = result.hosts.pageInfo.endCursor;
    }

    const online = hosts.filter((host) => host.status !== 'offline' && host.status !== 'unknown').length;
    const issues = hosts.filter((host) => host.status === 'warning' || host.status === 'critical');
    const lines = hosts.map(
      (host) => `- ${host.name}: ${host.status}, CPU ${percent(host.cpuUsage)}, memory ${percent(host.memoryUsage)}`,
    );
    const shown = hosts.length < total ? ` (first ${hosts.length} shown)` : '';

    return {
      summary: [`${plural(total, 'host')}${shown}, ${online} reporting, ${issues.length} with issues.`, ...lines].join('\n'),
      data: {
        hosts: hosts.map((host) => ({
          name: host.name,
          status: host.status,
          environment: host.environment,
          role: host.role,
          cpu: round(host.cpuUsage),
          memory: round(host.memoryUsage),
          load: round(host.load1m, 2),
          uptime: host.uptime?.text ?? null,
          last_seen: host.lastSeenAt,
        })),
        summary: { total, online, issues: issues.length },
      },
    };
  },
});
