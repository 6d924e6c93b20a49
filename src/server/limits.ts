import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { ValidationRule } from 'graphql';

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

const DEPTH_LIMIT = { n: MAX_QUERY_DEPTH, ignoreIntrospection: true, flattenFragments: true };
const COST_LIMIT = { maxCost: MAX_QUERY_COST, ignoreIntrospection: true, flattenFragments: true };
const ALIAS_LIMIT = { n: MAX_QUERY_ALIASES };

/** Creates the graphql-armor plugin with these limits. Field suggestions stay on for GraphiQL users. */
export function useQueryLimits() {
  return EnvelopArmorPlugin({
    maxDepth: DEPTH_LIMIT,
    costLimit: COST_LIMIT,
    maxAliases: ALIAS_LIMIT,
    maxDirectives: { n: MAX_QUERY_DIRECTIVES },
    maxTokens: { n: MAX_QUERY_TOKENS },
    blockFieldSuggestion: { enabled: false },
  });
}

/**
 * Returns the depth, cost and alias limits of useQueryLimits as validation rules, for the
 * direct executor's planner: a document they reject is left to yoga, which rejects it
 * with the plugin's message. Tokens are limited while parsing, and the planner declines
 * directives.
 */
export function queryLimitRules(): ValidationRule[] {
  return [maxDepthRule(DEPTH_LIMIT), costLimitRule(COST_LIMIT), maxAliasesRule(ALIAS_LIMIT)];
}
