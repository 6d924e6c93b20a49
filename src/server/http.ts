import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import { handleMcpRequest } from '../mcp/http.ts';
import type { Services } from '../services.ts';
import { directReads } from '../schema/host-direct-reads.ts';
import { directMutations } from '../schema/report.ts';
import { DirectExecutor } from './direct/executor.ts';
import { createGraphQLRoute } from './direct/route.ts';
import { createGraphiQLPage, wantsGraphiQL } from './graphiql-page.ts';
import { attachWebSocketServer } from './ws.ts';
import { createGraphQLHandler } from './yoga.ts';

/** Creates the executor of the operations that run without yoga: the report mutation and the host reads. */
export function createDirectExecutor(schema: GraphQLSchema, services: Services): DirectExecutor {
  return new DirectExecutor(schema, services, directMutations, services.logger.child({ component: 'graphql' }), directReads);
}

export type RunningServer = { server: Server; url: string; port: number; close(): Promise<void> };

const READY_QUERY_TIMEOUT_MS = 2_000;

/**
 * Serves GraphQL at /graphql (GraphiQL in a browser, subscriptions over WebSocket),
 * MCP at /mcp, liveness at /health and readiness (the database and Redis respond) at
 * /ready, on one HTTP server.
 */
export async function startHttpServer(
  schema: GraphQLSchema,
  services: Services,
  host: string,
  port: number,
): Promise<RunningServer> {
  const yoga = createGraphQLHandler(schema, services);
  const logger = services.logger.child({ component: 'http' });
  const direct = createDirectExecutor(schema, services);
  const graphqlRoute = createGraphQLRoute(yoga, direct, logger);
  const graphiql = createGraphiQLPage(async () => {
    const page = await yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    return page.text();
  });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const [path, query] = (request.url ?? '/').split('?');
    if (path === '/health') return sendJson(response, 200, { status: 'ok' });
    if (path === '/ready') {
      void readiness(services).then(({ ready, checks }) => sendJson(response, ready ? 200 : 503, { ready, checks }));
      return;
    }
    if (path === '/') {
      response.writeHead(302, { location: '/graphql' }).end();
      return;
    }
    if (wantsGraphiQL(request, path ?? '/', query)) {
      void graphiql(request, response);
      return;
    }
    if (path === '/mcp') {
      void handleMcpRequest(request, response, schema, services);
      return;
    }
    if (path === '/graphql') {
      graphqlRoute(request, response);
      return;
    }
    void yoga(request, response);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`Port ${port} on ${host} is already in use: stop the process using it, or set PORT to a free port`));
      } else {
        reject(error);
      }
    });
    server.listen(port, host, () => resolveListen());
  });
  const webSockets = attachWebSocketServer(server, '/graphql', schema, services);
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  logger.info({ url: `${url}/graphql` }, 'Serving GraphQL');

  return {
    server,
    url,
    port: actualPort,
    async close() {
      await webSockets.close();
      // Idle keep-alive sockets would hold close() open for their timeout.
      server.closeIdleConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

async function readiness(services: Services): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  try {
    await services.pool.query({ text: 'SELECT 1', query_timeout: READY_QUERY_TIMEOUT_MS } as never);
    checks.database = 'ok';
  } catch (error) {
    checks.database = `failed: ${(error as Error).message}`;
  }
  if (services.events.transport === 'redis') {
    try {
      await services.events.checkHealth();
      checks.redis = 'ok';
    } catch (error) {
      checks.redis = `failed: ${(error as Error).message}`;
    }
  }
  return { ready: Object.values(checks).every((value) => value === 'ok'), checks };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
