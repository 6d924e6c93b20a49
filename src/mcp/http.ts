import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { GraphQLSchema } from 'graphql';
import type { Services } from '../services.ts';
import { inProcessExecutor } from './executor.ts';
import { createSentinelMcpServer } from './server.ts';

// Largest JSON-RPC request body accepted on /mcp.
const MAX_BODY_BYTES = 1_000_000;

/**
 * Serves MCP over Streamable HTTP at /mcp, statelessly: each POST gets its own server
 * and transport. Requests use the same API keys as GraphQL. The tools run their GraphQL
 * operations in this process as that key, so they see only the key's project.
 */
export async function handleMcpRequest(
  request: IncomingMessage,
  response: ServerResponse,
  schema: GraphQLSchema,
  services: Services,
): Promise<void> {
  const log = services.logger.child({ component: 'mcp' });

  if (request.method !== 'POST') {
    sendJsonRpcError(response, 405, 'Method not allowed: this MCP endpoint is stateless and only takes POST');
    return;
  }

  const principal = await services.authenticator.authenticateHeader(request.headers.authorization);
  if (!principal) {
    sendJsonRpcError(response, 401, 'Missing or invalid API key: send Authorization: Bearer <key>');
    return;
  }
  if (principal.scope === 'ingest') {
    sendJsonRpcError(response, 403, 'An ingest key may only report metrics; use a read or admin key for MCP');
    return;
  }

  let body: unknown;
  try {
    body = await readJsonBody(request);
  } catch (error) {
    sendJsonRpcError(response, 400, (error as Error).message);
    return;
  }

  const execute = inProcessExecutor(schema, () => ({ principal, services, requestId: randomUUID() }));
  const server = createSentinelMcpServer(execute, log);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  response.on('close', () => {
    void transport.close();
    void server.close();
  });

  try {
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
  } catch (error) {
    log.error({ err: error, keyId: principal.keyId }, 'Failed to handle MCP request');
    if (!response.headersSent) sendJsonRpcError(response, 500, 'Internal error');
  }
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`Request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Error('Request body is not valid JSON');
  }
}

function sendJsonRpcError(response: ServerResponse, status: number, message: string): void {
  response
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32_000, message }, id: null }));
}
