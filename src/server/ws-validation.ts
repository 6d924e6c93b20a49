import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { MAX_QUERY_TOKENS, queryLimitRules, queryTooComplex, withValidationWorkReason } from './limits.ts';
import { EMPTY_QUERY_MESSAGE, isEmptyDocument } from './use-empty-query-error.ts';

const VALIDATION_RULES = [...specifiedRules, ...queryLimitRules()];

// graphql-js's message when a document has more tokens than parse() was allowed. It
// reads "contains more that 5000 tokens" in graphql-js 16.
const TOO_MANY_TOKENS = /contains more tha[nt] \d+ tokens/;

// The codes yoga gives over HTTP to a document that does not parse or does not fit the schema.
const PARSE_FAILED = 'GRAPHQL_PARSE_FAILED';
const VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';
// yoga's error when no operation matches operationName, or several match none.
const UNRESOLVED_OPERATION = 'OPERATION_RESOLUTION_FAILURE';
const UNRESOLVED_OPERATION_MESSAGE = 'Could not determine what operation to execute.';

/** The part of a graphql-ws subscribe message that the document comes from. */
export type SubscriptionPayload = { query: string; operationName?: string | null; variables?: Record<string, unknown> | null };

/**
 * Parses and validates a subscription request as yoga does an HTTP request: the token
 * limit while parsing, the choice of the operation, then graphql-js's rules with the
 * depth, cost, alias and directive limits, with the same messages and codes. Returns
 * the arguments to execute, or the errors to send back. graphql-ws alone validates with
 * graphql-js's rules only, gives no codes, and closes the socket on a parse error.
 */
export function subscriptionArguments(schema: GraphQLSchema, payload: SubscriptionPayload): ExecutionArgs | readonly GraphQLError[] {
  if (isEmptyDocument(payload.query)) return [new GraphQLError(EMPTY_QUERY_MESSAGE, { extensions: { code: PARSE_FAILED } })];

  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: MAX_QUERY_TOKENS });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    if (TOO_MANY_TOKENS.test(error.message)) return [queryTooComplex('tokens', MAX_QUERY_TOKENS, `Token limit of ${MAX_QUERY_TOKENS} exceeded.`)];
    return [withCode(error, PARSE_FAILED)];
  }
  // yoga picks the operation right after parsing, before validation.
  if (!getOperationAST(document, payload.operationName ?? undefined)) {
    return [new GraphQLError(UNRESOLVED_OPERATION_MESSAGE, { extensions: { code: UNRESOLVED_OPERATION } })];
  }

  try {
    const errors = validate(schema, document, VALIDATION_RULES);
    if (errors.length > 0) return withValidationWorkReason(errors).map((error) => withCode(error, VALIDATION_FAILED));
  } catch (error) {
    // A limit rule throws its QUERY_TOO_COMPLEX error.
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
}

// Gives an error `code` unless it has a code of its own.
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code !== undefined) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, originalError: error.originalError, extensions: { ...error.extensions, code } });
}
