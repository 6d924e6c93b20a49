import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { execute, print, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../context.ts';

/** A GraphQL error as a tool reports it: the message and the stable code, when there is one. */
export class GraphQLToolError extends Error {
  override name = 'GraphQLToolError';

  constructor(
    message: string,
    readonly code: string | null,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Runs one typed GraphQL operation and returns its data, or throws GraphQLToolError
 * with the first error. Every MCP tool goes through one of these, so tools and the API
 * can never disagree.
 */
export type GraphQLExecutor = <Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
) => Promise<Result>;

type RawError = { message: string; extensions?: Record<string, unknown> };

function unwrap<Result>(data: unknown, errors: readonly RawError[] | undefined): Result {
  const first = errors?.[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : null;
    throw new GraphQLToolError(first.message, code, first.extensions ?? {});
  }
  if (data === null || data === undefined) throw new GraphQLToolError('The API returned no data', null);
  return data as Result;
}

/** Executes against the schema in this process, as the caller's key (used by /mcp). */
export function inProcessExecutor(schema: GraphQLSchema, context: () => GraphQLContext): GraphQLExecutor {
  return async (document, variables) => {
    const result = await execute({ schema, document, variableValues: variables, contextValue: context() });
    return unwrap(result.data, result.errors?.map((error) => ({ message: error.message, extensions: error.extensions })));
  };
}

// A tool call waits at most this long for the API before it fails.
const HTTP_TIMEOUT_MS = 15_000;

/** Sends operations to a running Sentinel over HTTP (used by `sentinel mcp` on stdio). */
export function httpExecutor(baseUrl: string, apiKey: string): GraphQLExecutor {
  const endpoint = `${baseUrl.replace(/\/+$/, '')}/graphql`;
  const printed = new WeakMap<object, string>();

  return async (document, variables) => {
    let query = printed.get(document);
    if (!query) {
      query = print(document);
      printed.set(document, query);
    }

    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
    } catch (error) {
      throw new GraphQLToolError(`Sentinel API at ${endpoint} is unreachable: ${(error as Error).message}`, 'UNAVAILABLE');
    }

    const body = (await response.json().catch(() => null)) as { data?: unknown; errors?: RawError[] } | null;
    if (!body) throw new GraphQLToolError(`Sentinel API at ${endpoint} returned HTTP ${response.status} without a JSON body`, 'UNAVAILABLE');

    const code = body.errors?.[0]?.extensions?.code;
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
      // On stdio the key comes from the environment, so that is what the user must fix.
      throw new GraphQLToolError(
        `Sentinel at ${baseUrl} rejected SENTINEL_API_KEY (${body.errors![0]!.message}); set it to a read or admin key`,
        code,
      );
    }
    return unwrap(body.data, body.errors);
  };
}
