import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { locatedError, type GraphQLError, type GraphQLSchema } from 'graphql';
import { maskError } from 'graphql-yoga';
import type { GraphQLContext } from '../../context.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import { REJECTED } from './input-coercion.ts';
import { responseMediaType } from './media-type.ts';
import { DirectPlans, type DirectPlan } from './plan.ts';

/** A mutation's resolver as the schema runs it, given its coerced arguments. */
export type DirectResolver = (ctx: GraphQLContext, args: Record<string, unknown>) => Promise<unknown>;

const MASKED_MESSAGE = 'Unexpected error.';

type RequestBody = { query: string; variables: Record<string, unknown> | undefined; operationName: string | undefined };

/**
 * Runs the agents' report mutation without yoga and graphql-js: the document is planned
 * once per text, the variables are coerced by closures built from the input types, and
 * the resolver's result is projected onto the selection. That path costs a fraction of
 * yoga's per request (bench/ingest/RESULTS.md), and the report mutation is nearly all
 * of the API's traffic.
 *
 * `tryHandle` handles only requests whose response it can make identical to yoga's.
 * For anything else (another document, invalid variables, a browser's CORS request, an
 * Accept header yoga treats differently) it returns false before any resolver ran, and
 * the caller passes the request to yoga, whose messages name the path and the reason.
 */
export class DirectExecutor {
  private readonly plans: DirectPlans;
  private handledCount = 0;

  constructor(
    schema: GraphQLSchema,
    private readonly services: Services,
    private readonly resolvers: Readonly<Record<string, DirectResolver>>,
    private readonly logger: Logger,
  ) {
    this.plans = new DirectPlans(schema, new Set(Object.keys(resolvers)));
  }

  /** Number of requests handled here since start, for tests and diagnostics. */
  get handled(): number {
    return this.handledCount;
  }

  async tryHandle(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<boolean> {
    const mediaType = responseMediaType(request.headers.accept);
    // yoga adds CORS headers to a browser's request, so those requests go through yoga.
    if (!mediaType || request.headers.origin !== undefined) return false;

    const parsed = parseBody(body);
    if (!parsed) return false;
    const plan = this.plans.planFor(parsed.query, parsed.operationName);
    if (!plan) return false;
    const args = coerceArguments(plan, parsed.variables);
    if (!args) return false;

    let principal: GraphQLContext['principal'];
    try {
      principal = await this.services.authenticator.authenticateHeader(request.headers.authorization);
    } catch {
      // yoga runs the same lookup for its context and reports the failure itself.
      return false;
    }

    this.handledCount++;
    const requestId = headerValue(request.headers['x-request-id']) ?? randomUUID();
    const ctx: GraphQLContext = { principal, services: this.services, requestId };
    const result = await this.execute(plan, ctx, args);
    const text = JSON.stringify(result);
    response.writeHead(200, {
      'content-type': `${mediaType}; charset=utf-8`,
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
    return true;
  }

  private async execute(plan: DirectPlan, ctx: GraphQLContext, args: Record<string, unknown>) {
    try {
      const value = await this.resolvers[plan.field.name]!(ctx, args);
      return { data: { [plan.responseKey]: plan.project(value) } };
    } catch (error) {
      const located = locatedError(error, [plan.fieldNode], [plan.responseKey]);
      const masked = maskError(located, MASKED_MESSAGE) as GraphQLError;
      if (masked !== located) this.logger.error({ err: error, requestId: ctx.requestId, field: plan.field.name }, 'Unexpected error in a direct mutation');
      const data = plan.nonNull ? null : { [plan.responseKey]: null };
      return { errors: [withoutInternals(masked)], data };
    }
  }
}

function parseBody(body: Buffer): RequestBody | null {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;

  const { query, variables, operationName, extensions } = value as Record<string, unknown>;
  if (typeof query !== 'string' || extensions !== undefined) return null;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (operationName != null && typeof operationName !== 'string') return null;
  return {
    query,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: (operationName ?? undefined) as string | undefined,
  };
}

// Follows graphql-js: a missing variable leaves its argument out, and a required argument
// needs a value. Anything rejected is left to graphql-js, which names the reason.
function coerceArguments(plan: DirectPlan, variables: Record<string, unknown> | undefined): Record<string, unknown> | null {
  const args: Record<string, unknown> = {};
  for (const argument of plan.arguments) {
    const raw = variables && Object.hasOwn(variables, argument.variable) ? variables[argument.variable] : undefined;
    if (raw === undefined || raw === null) {
      if (argument.required) return null;
      if (raw === null) args[argument.name] = null;
      continue;
    }
    const value = argument.coerce(raw);
    if (value === REJECTED) return null;
    args[argument.name] = value;
  }
  return args;
}

// yoga leaves its internal extensions (http, unexpected) out of the response.
function withoutInternals(error: GraphQLError): Record<string, unknown> {
  const json = error.toJSON() as { extensions?: Record<string, unknown> };
  if (json.extensions) {
    const { http: _http, unexpected: _unexpected, ...extensions } = json.extensions;
    if (Object.keys(extensions).length > 0) json.extensions = extensions;
    else delete json.extensions;
  }
  return json;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
