import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { bearerSecret, scopeAllows, type Principal } from '../auth/authenticator.ts';
import type { GraphQLContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import { hasVariableErrors, withVariableErrorCodes } from './variable-errors.ts';
import { createSharedSubscribe } from './ws-subscribe.ts';
import { subscriptionArguments } from './ws-validation.ts';

// Close codes in the 4000-4999 range that applications may define (RFC 6455, 7.4.2);
// graphql-ws uses the same two for the same meaning.
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_INTERNAL_ERROR = 1011;
// The server pings every client this often and drops one whose pong does not arrive in time.
const KEEP_ALIVE_MS = 12_000;
const MASKED_MESSAGE = 'Unexpected error.';

type ConnectionExtra = { principal: Principal };

export type WebSocketEndpoint = {
  /** Closes every connection with code 1001 (going away) and stops accepting new ones. */
  close(): Promise<void>;
  connectionCount(): number;
};

/**
 * Serves GraphQL subscriptions over the graphql-transport-ws protocol (graphql-ws) at
 * `path` on the HTTP server that yoga uses. The API key travels in the connection_init
 * payload, as `{ authorization: 'Bearer <key>' }` or `{ apiKey: '<key>' }`, because
 * browsers cannot set headers on a WebSocket. Read and admin keys may subscribe.
 */
export function attachWebSocketServer(
  server: Server,
  path: string,
  schema: GraphQLSchema,
  services: Services,
): WebSocketEndpoint {
  const logger = services.logger.child({ component: 'ws' });
  const sockets = new WebSocketServer({ server, path });

  const endpoint = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema,
      // Errors of graphql-ws itself reach the client as a generic close reason.
      isProd: true,
      subscribe: createSharedSubscribe(),
      // The same limits as over HTTP, where yoga's plugins apply them.
      onSubscribe: (_ctx, _id, payload) => subscriptionArguments(schema, payload),
      onConnect: async (ctx) => {
        const principal = await authenticateConnection(ctx.connectionParams, ctx.extra, services, logger);
        if (!principal) return false;
        ctx.extra.principal = principal;
        return true;
      },
      context: (ctx): GraphQLContext => ({
        principal: ctx.extra.principal ?? null,
        services,
        requestId: randomUUID(),
      }),
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!result.errors) return undefined;
        // Rejected variables get the INVALID_ARGUMENT code, as over HTTP.
        const errors = hasVariableErrors(result) ? withVariableErrorCodes(args.schema, result.errors, args.variableValues ?? {}) : result.errors;
        return { ...result, errors: maskErrors(errors, logger) };
      },
      onError: (_ctx, _id, _payload, errors) => maskErrors(errors, logger),
    },
    sockets,
    KEEP_ALIVE_MS,
  );

  return {
    close: async () => {
      await endpoint.dispose();
    },
    connectionCount: () => sockets.clients.size,
  };
}

/**
 * Returns the principal of the key in the connection parameters. Otherwise closes the
 * socket with a code and a reason the client can act on, and returns null.
 */
async function authenticateConnection(
  params: Record<string, unknown> | undefined,
  extra: Extra,
  services: Services,
  logger: Logger,
): Promise<Principal | null> {
  const secret = connectionSecret(params);
  if (!secret) {
    extra.socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized: missing API key; send { authorization: "Bearer <key>" } in connection params');
    return null;
  }

  let principal: Principal | null;
  try {
    principal = await services.authenticator.authenticate(secret);
  } catch (error) {
    logger.error({ err: error }, 'Failed to authenticate WebSocket connection');
    extra.socket.close(CLOSE_INTERNAL_ERROR, 'Internal error while checking the API key; retry later');
    return null;
  }

  if (!principal) {
    extra.socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized: invalid or revoked API key');
    return null;
  }
  if (!scopeAllows(principal.scope, 'read')) {
    extra.socket.close(CLOSE_FORBIDDEN, `Forbidden: a key with scope ${principal.scope} may not subscribe; use a read or admin key`);
    return null;
  }
  return principal;
}

function connectionSecret(params: Record<string, unknown> | undefined): string | null {
  if (!params) return null;
  const authorization = params.authorization ?? params.Authorization;
  if (typeof authorization === 'string') return bearerSecret(authorization);
  return typeof params.apiKey === 'string' && params.apiKey.trim() !== '' ? params.apiKey.trim() : null;
}

/**
 * Formats errors as yoga does for HTTP. A GraphQLError raised on purpose (SentinelError,
 * validation) keeps its message. Any other error is logged and reaches the client masked.
 */
function maskErrors(errors: readonly GraphQLError[], logger: Logger): GraphQLFormattedError[] {
  return errors.map((error) => {
    const original = error.originalError;
    if (!original || original instanceof GraphQLError) return withoutHttp(error.toJSON());

    logger.error({ err: original, path: error.path }, 'Failed to execute subscription');
    return { message: MASKED_MESSAGE, path: error.path, locations: error.locations };
  });
}

// yoga reads `extensions.http` for the HTTP status and leaves it out of responses.
// A WebSocket message has no status, so the extension is removed here as well.
function withoutHttp(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('http' in formatted.extensions)) return formatted;
  const { http: _http, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
