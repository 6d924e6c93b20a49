import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const EMPTY_QUERY_MESSAGE = 'The query is empty: send a GraphQL document in "query", such as "{ hosts { totalCount } }".';

/**
 * Creates the plugin that rejects a request whose query has no tokens (only whitespace,
 * commas or comments) with a message that states it. graphql-js would report it as
 * "Syntax Error: Unexpected <EOF>.". The code and HTTP status stay those of a syntax
 * error (GRAPHQL_PARSE_FAILED, 400 under the GraphQL over HTTP specification).
 */
export function useEmptyQueryError(): Plugin {
  return {
    onParams: ({ params, setResult }) => {
      if (typeof params.query !== 'string' || !isEmptyDocument(params.query)) return;
      setResult({
        errors: [new GraphQLError(EMPTY_QUERY_MESSAGE, { extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { spec: true, status: 400 } } })],
      });
    },
  };
}

/**
 * Tells whether a document has no tokens. The lexer skips what GraphQL ignores, so the
 * first token of an empty document is the end. A character that starts no token makes
 * it throw, and graphql-js reports that one.
 */
export function isEmptyDocument(query: string): boolean {
  try {
    return new Lexer(new Source(query)).advance().kind === TokenKind.EOF;
  } catch {
    return false;
  }
}
