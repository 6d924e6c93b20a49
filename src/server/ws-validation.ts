import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { MAX_QUERY_TOKENS, queryTooComplex, subscriptionLimitRules, withValidationWorkReason } from './limits.ts';

const VALIDATION_RULES = [...specifiedRules, ...subscriptionLimitRules()];

// graphql-js's message when a document has more tokens than parse() was allowed. It
// reads "contains more that 5000 tokens" in graphql-js 16.
const TOO_MANY_TOKENS = /contains more tha[nt] \d+ tokens/;

/** The part of a graphql-ws subscribe message that the document comes from. */
export type SubscriptionPayload = { query: string; operationName?: string | null; variables?: Record<string, unknown> | null };

/**
 * Parses and validates a subscription request as yoga does an HTTP request: the token
 * limit while parsing, then graphql-js's rules with the depth, cost, alias and directive
 * limits. Returns the arguments to execute, or the errors to send back. graphql-ws
 * alone validates with graphql-js's rules only, and closes the socket on a parse error.
 */
export function subscriptionArguments(schema: GraphQLSchema, payload: SubscriptionPayload): ExecutionArgs | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: MAX_QUERY_TOKENS });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    if (TOO_MANY_TOKENS.test(error.message)) return [queryTooComplex('tokens', MAX_QUERY_TOKENS, `The document has more than ${MAX_QUERY_TOKENS} tokens.`)];
    return [error];
  }

  try {
    const errors = validate(schema, document, VALIDATION_RULES);
    if (errors.length > 0) return withValidationWorkReason(errors);
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
}
