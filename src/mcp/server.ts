import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger.ts';
import { GraphQLToolError, type GraphQLExecutor } from './executor.ts';
import { ToolInputError, type ToolDefinition } from './tool.ts';
import { capacityTool, fleetOverviewTool } from './tools/fleet.ts';
import { hostMetricsTool } from './tools/host-metrics.ts';
import { hostStatusTool } from './tools/host-status.ts';
import { listContainersTool } from './tools/list-containers.ts';
import { listHostsTool } from './tools/list-hosts.ts';
import { topProcessesTool } from './tools/top-processes.ts';

// Each tool's arguments were typed where the tool was defined. The list erases those
// types, which is safe because the SDK validates every call against the tool's schema.
export const SENTINEL_TOOLS: ToolDefinition<any>[] = [
  listHostsTool,
  hostStatusTool,
  hostMetricsTool,
  topProcessesTool,
  fleetOverviewTool,
  listContainersTool,
  capacityTool,
];

// Error codes whose GraphQL message is meant for the caller and can be shown as is.
const EXPECTED_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_ARGUMENT', 'HOST_NOT_FOUND', 'NOT_FOUND', 'UNAVAILABLE']);

function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/**
 * Creates an MCP server whose tools run GraphQL operations through `execute`. Failures
 * become tool errors with a message the assistant can act on, never protocol errors.
 */
export function createSentinelMcpServer(execute: GraphQLExecutor, logger: Logger, version = '0.1.0'): McpServer {
  const server = new McpServer({ name: 'sentinel', version });

  for (const tool of SENTINEL_TOOLS) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.inputSchema },
      async (args: Record<string, unknown>): Promise<CallToolResult> => {
        try {
          const output = await tool.run(args, execute);
          return { content: [{ type: 'text', text: output.summary }], structuredContent: output.data };
        } catch (error) {
          if (error instanceof ToolInputError) return toolError(error.message);
          if (error instanceof GraphQLToolError && error.code && EXPECTED_CODES.has(error.code)) {
            return toolError(error.message);
          }
          logger.error({ err: error, tool: tool.name }, 'MCP tool failed');
          return toolError(`${tool.name} failed unexpectedly; the Sentinel server log has the details.`);
        }
      },
    );
  }
  return server;
}
