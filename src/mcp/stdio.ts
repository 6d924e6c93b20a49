import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Logger } from '../logger.ts';
import { httpExecutor } from './executor.ts';
import { createSentinelMcpServer } from './server.ts';

/**
 * Serves MCP on stdin/stdout for an assistant that starts `sentinel mcp`. Tools send
 * their GraphQL operations to the Sentinel at `url` with `apiKey`. stdout carries the
 * protocol only, so logs go to stderr.
 */
export async function runStdioMcpServer(url: string, apiKey: string, logger: Logger): Promise<void> {
  const server = createSentinelMcpServer(httpExecutor(url, apiKey), logger.child({ component: 'mcp' }));
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolveClosed) => {
    transport.onclose = () => resolveClosed();
  });
  await server.connect(transport);
  logger.info({ url }, 'Serving MCP on stdio');
  await closed;
}
