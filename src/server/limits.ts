import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { SentinelError } from '../errors.ts';

// Limits on one GraphQL request, checked before it runs. The hosts page size is
// limited separately, in the connection (MAX_PAGE_SIZE = 100).

/** Deepest selection nesting; Host > containers > host > disks is 4. */
export const MAX_QUERY_DEPTH = 10;
/**
 * Static cost from graphql-armor: 2 per object field and 1 per scalar field, growing with
 * depth and multiplied by page sizes. A page of 100 hosts with ten fields each costs
 * about 5,700, so the limit leaves room for a dashboard page of 100 with rich selections.
 */
export const MAX_QUERY_COST = 50_000;
export const MAX_QUERY_ALIASES = 20;
export const MAX_QUERY_DIRECTIVES = 20;
/** Tokens in the document; the agent's report mutation has a few hundred. */
export const MAX_QUERY_TOKENS = 5_000;
/**
 * Largest request body. A report batch of 100 reports with 200 processes each is about
 * 6 MB of JSON (an estimate from the field sizes), so this leaves room for containers.
 */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;

/** The limit that a QUERY_TOO_COMPLEX error names in `extensions.limit`. */
export type QueryLimit = 'depth' | 'cost' | 'aliases' | 'directives' | 'tokens' | 'validation';

// graphql-armor (max-depth 2.4.2, cost-limit 2.4.3, max-aliases 2.6.2, max-directives
// 2.3.1, max-tokens 2.5.1) starts every message with this, though only the token limit is
// checked while parsing.
const ARMOR_MESSAGE_PREFIX = 'Syntax Error: ';
const SIMPLER_QUERY_HINT = 'Simplify the query or split it into several requests.';

/**
 * Creates the error of a request that exceeds one of the limits above, with the
 * QUERY_TOO_COMPLEX code, the limit's name and its maximum where it has one.
 */
export function queryTooComplex(limit: QueryLimit, max: number | null, detail: string): SentinelError {
  // A document over a limit fails validation, for which the GraphQL over HTTP
  // specification requires 400 under application/graphql-response+json. yoga reads
  // `http`, applies it to that media type only (spec: true), and leaves it out of the response.
  const http = { spec: true, status: 400 };
  return new SentinelError('QUERY_TOO_COMPLEX', `${detail} ${SIMPLER_QUERY_HINT}`, max === null ? { limit, http } : { limit, max, http });
}

// graphql-armor calls its onReject handlers before it throws its own error, so an error
// thrown here takes its place. The request still stops at the first limit it exceeds,
// and yoga responds with the status in the error's `http` extension.
function rejectWith(limit: QueryLimit, max: number) {
  return [
    (_context: unknown, error: GraphQLError) => {
      const detail = error.message.startsWith(ARMOR_MESSAGE_PREFIX) ? error.message.slice(ARMOR_MESSAGE_PREFIX.length) : error.message;
      throw queryTooComplex(limit, max, detail);
    },
  ];
}

const DEPTH_LIMIT = { n: MAX_QUERY_DEPTH, ignoreIntrospection: true, flattenFragments: true, onReject: rejectWith('depth', MAX_QUERY_DEPTH) };
const COST_LIMIT = { maxCost: MAX_QUERY_COST, ignoreIntrospection: true, flattenFragments: true, onReject: rejectWith('cost', MAX_QUERY_COST) };
const ALIAS_LIMIT = { n: MAX_QUERY_ALIASES, onReject: rejectWith('aliases', MAX_QUERY_ALIASES) };
const DIRECTIVE_LIMIT = { n: MAX_QUERY_DIRECTIVES, onReject: rejectWith('directives', MAX_QUERY_DIRECTIVES) };

/** Creates the graphql-armor plugin with these limits. Field suggestions stay on for GraphiQL users. */
export function useQueryLimits() {
  return EnvelopArmorPlugin({
    maxDepth: DEPTH_LIMIT,
    costLimit: COST_LIMIT,
    maxAliases: ALIAS_LIMIT,
    maxDirectives: DIRECTIVE_LIMIT,
    maxTokens: { n: MAX_QUERY_TOKENS, onReject: rejectWith('tokens', MAX_QUERY_TOKENS) },
    blockFieldSuggestion: { enabled: false },
  });
}

/** Creates the plugin that gives graphql-js's "Validation aborted." error a reason and the QUERY_TOO_COMPLEX code. */
export function useValidationWorkLimit(): Plugin {
  return {
    onValidate: () => ({ result, setResult }) => {
      if (result.some(isValidationAborted)) setResult(withValidationWorkReason(result));
    },
  };
}

/** Replaces graphql-js's "Validation aborted." error in a validation result with one that gives the reason and QUERY_TOO_COMPLEX. */
export function withValidationWorkReason<Failure extends Error>(errors: readonly Failure[]): (Failure | GraphQLError)[] {
  return errors.map((error) => (isValidationAborted(error) ? validationAborted(error) : error));
}

/**
 * Returns the limits of useQueryLimits that apply after parsing (depth, cost, aliases,
 * directives) as validation rules, for the direct executor's planner and the WebSocket
 * server, which run without yoga. A rule throws QUERY_TOO_COMPLEX from validate() at
 * the first limit a document exceeds. Tokens are limited while parsing.
 */
export function queryLimitRules(): ValidationRule[] {
  return [maxDepthRule(DEPTH_LIMIT), costLimitRule(COST_LIMIT), maxAliasesRule(ALIAS_LIMIT), maxDirectivesRule(DIRECTIVE_LIMIT)];
}

// graphql-js 16.15 stops validating with this one error once a document needs more work
// than it allows: 500,000 field comparisons in OverlappingFieldsCanBeMergedRule (about
// 708 copies of one field in one selection) or 50,000 steps through fragment spreads.
// NOTE: it is recognised by its message, because graphql-js exports the error only from
// an internal module.
const VALIDATION_ABORTED_MESSAGE = 'Validation aborted.';

function isValidationAborted(error: Error): error is GraphQLError {
  return error instanceof GraphQLError && error.message === VALIDATION_ABORTED_MESSAGE;
}

// The original error's extensions are kept under the replacement's, which set the code and the HTTP status.
function validationAborted(error: GraphQLError): GraphQLError {
  const detail = 'Validation aborted: the query needs more validation work than graphql-js allows, as with hundreds of copies of one field or deeply repeated fragment spreads.';
  const replacement = queryTooComplex('validation', null, detail);
  return new GraphQLError(replacement.message, { extensions: { ...error.extensions, ...replacement.extensions } });
}
