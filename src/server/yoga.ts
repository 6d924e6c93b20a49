import { randomUUID } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphQLSchema } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GraphQLContext } from '../context.ts';
import type { Services } from '../services.ts';
import { useCompiledExecution } from './compiled-execution.ts';
import { MAX_REQUEST_BODY_BYTES, useQueryLimits, useValidationWorkLimit } from './limits.ts';
import { useEmptyQueryError } from './use-empty-query-error.ts';
import { useVariableErrorCodes } from './variable-errors.ts';

export type ServerContext = Record<string, never>;

// The agents' report mutation is most of the API's traffic, and graphql-js's variable
// coercion was a quarter of its CPU (bench/ingest/RESULTS.md).
const COMPILED_ROOT_FIELDS: ReadonlySet<string> = new Set(['reportMetrics']);

/**
 * The GraphQL HTTP handler at /graphql. Errors that are not SentinelError or
 * GraphQLError are masked: the client gets a generic message and the log gets the error.
 */
export function createGraphQLHandler(
  schema: GraphQLSchema,
  services: Services,
): YogaServerInstance<ServerContext, GraphQLContext> {
  const logger = services.logger.child({ component: 'graphql' });
  return createYoga<ServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // The default page loads its assets from a CDN; this one has them inlined.
    renderGraphiQL,
    graphiql: { title: 'Sentinel GraphQL' },
    landingPage: false,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error({ err: args.find((arg) => arg instanceof Error) }, args.map(String).join(' ')),
    },
    maskedErrors: true,
    maxRequestBodySize: MAX_REQUEST_BODY_BYTES,
    plugins: [useEmptyQueryError(), useQueryLimits(), useValidationWorkLimit(), useVariableErrorCodes(), useCompiledExecution(COMPILED_ROOT_FIELDS)],
    context: async ({ request }) => {
      const principal = await services.authenticator.authenticateHeader(request.headers.get('authorization'));
      return { principal, services, requestId: request.headers.get('x-request-id') ?? randomUUID() };
    },
  });
}
