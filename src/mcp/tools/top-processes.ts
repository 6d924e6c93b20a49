import { z } from 'zod';
import { McpTopProcessesDocument } from '../generated/graphql.ts';
import { plural, round } from '../format.ts';
import { requireHost } from '../hosts.ts';
import { defineTool } from '../tool.ts';

const SORTS = ['cpu', 'memory'] as const;
// The API returns at most 100 processes per host.
const MAX_LIMIT = 100;
const COMMAND_DISPLAY_LENGTH = 80;
const MIB = 1024 ** 2;

export const topProcessesTool = defineTool({
  name: 'sentinel_top_processes',
  title: 'Top processes',
  description: "Get a host's top processes by CPU or memory usage, from its newest report.",
  inputSchema: {
    host_name: z.string().min(1).describe('Host name'),
    sort_by: z
      .enum(SORTS, { error: `sort_by must be one of: ${SORTS.join(', ')}` })
      .default('cpu')
      .describe('Order by CPU or memory usage'),
    limit: z
      .number({ error: 'limit must be a whole number' })
      .int({ error: 'limit must be a whole number' })
      .min(1, { error: 'limit must be at least 1' })
      .max(MAX_LIMIT, { error: `limit must be at most ${MAX_LIMIT}` })
      .default(10)
      .describe('How many processes'),
  },
  async run(args, execute) {
    const result = await execute(McpTopProcessesDocument, {
      name: args.host_name,
      sortBy: args.sort_by === 'memory' ? 'MEMORY' : 'CPU',
      limit: args.limit,
    });
    const host = await requireHost(args.host_name, result.hostByName, execute);

    const processes = host.topProcesses.map((process) => ({
      pid: process.pid,
      name: process.name,
      user: process.user,
      cpu_percent: round(process.cpuPercent),
      memory_percent: round(process.memoryPercent),
      memory_mb: process.memoryRssBytes === null ? null : round(Number(process.memoryRssBytes) / MIB),
      command: process.command === null ? null : process.command.slice(0, COMMAND_DISPLAY_LENGTH),
    }));
    const lines = processes.map(
      (process) => `- ${process.name} (pid ${process.pid}): CPU ${process.cpu_percent ?? 'n/a'}%, memory ${process.memory_percent ?? 'n/a'}%`,
    );

    return {
      summary: [`Top ${plural(processes.length, 'process', 'processes')} of ${host.name} by ${args.sort_by}:`, ...lines].join('\n'),
      data: { host: host.name, processes },
    };
  },
});
