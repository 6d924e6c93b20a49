import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getArgumentValues, GraphQLError, locatedError, type GraphQLSchema } from 'graphql';
import { maskError } from 'graphql-yoga';
import type { GraphQLContext } from '../../context.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import { corsHeaders, needsFullCors } from './cors.ts';
import { REJECTED } from './input-coercion.ts';
import { responseMediaType } from './media-type.ts';
import { ResultShapeError } from './response-writer.ts';
import { DirectPlans, type DirectPlan, type DirectReadCompiler, type ReadPlan } from './plan.ts';

/** A mutation's resolver as the schema runs it, given its coerced arguments. */
export type DirectResolver = (ctx: GraphQLContext, args: Record<string, unknown>) => Promise<unknown>;

const MASKED_MESSAGE = 'Unexpected error.';

/** The parts of a GraphQL POST the direct executor reads. */
export type DirectRequest = {
  body: Buffer | string;
  accept: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  requestId: string | undefined;
};

/** A response of the direct executor, with its headers. Its status is always 200, as yoga's is for these requests. */
export type DirectResponse = { headers: Record<string, string>; text: string };

type RequestBody = { query: string; variables: Record<string, unknown> | undefined; operationName: string | undefined };

/**
 * Runs the agents' report mutation and the busiest reads (a hosts page, a host's
 * series) without yoga and graphql-js. The document is planned once per text, the
 * variables are coerced by closures built from the input types, and the response text
 * is written from the result by writers compiled for the selection. That path costs a fraction of yoga's per request
 * (bench/ingest/RESULTS.md, bench/query/RESULTS.md). The report mutation is nearly all
 * of the API's traffic, and the reads are statements of well under a millisecond, so
 * yoga's fixed cost alone doubled their time.
 *
 * `tryHandle` handles only requests whose response it can make identical to yoga's.
 * For anything else (another document, invalid variables, a CORS request that needs
 * more than yoga's default headers, an Accept header yoga treats differently) it returns false before any resolver ran, and
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
    reads: Readonly<Record<string, DirectReadCompiler>> = {},
  ) {
    this.plans = new DirectPlans(schema, new Set(Object.keys(resolvers)), reads);
  }

  /** Number of requests handled here since start, for tests and diagnostics. */
  get handled(): number {
    return this.handledCount;
  }

  async tryHandle(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<boolean> {
    if (needsFullCors(request.headers)) return false;
    const result = await this.respond({
      body,
      accept: request.headers.accept,
      origin: request.headers.origin,
      authorization: request.headers.authorization,
      requestId: headerValue(request.headers['x-request-id']),
    });
    if (!result) return false;
    response.writeHead(200, { ...result.headers, 'content-length': Buffer.byteLength(result.text) });
    response.end(result.text);
    return true;
  }

  /**
   * Builds the response to one GraphQL POST whose body was read already, or returns
   * null before any effect, to leave the request to yoga. The HTTP route calls it
   * through tryHandle, and the query benchmark calls it in-process, as it calls yoga.fetch.
   */
  async respond(request: DirectRequest): Promise<DirectResponse | null> {
    const mediaType = responseMediaType(request.accept);
    if (!mediaType) return null;

    const parsed = parseBody(request.body);
    if (!parsed) return null;
    const plan = this.plans.planFor(parsed.query, parsed.operationName, parsed.variables);
    if (!plan) return null;
    const input = plan.kind === 'mutation' ? coerceArguments(plan, parsed.variables) : coerceReadInput(plan, parsed.variables);
    if (!input) return null;

    let principal: GraphQLContext['principal'];
    try {
      principal = await this.services.authenticator.authenticateHeader(request.authorization);
    } catch {
      // yoga runs the same lookup for its context and reports the failure itself.
      return null;
    }

    const ctx: GraphQLContext = { principal, services: this.services, requestId: request.requestId ?? randomUUID() };
    const text = plan.kind === 'mutation' ? await this.execute(plan, ctx, input.args) : await this.read(plan, ctx, input.args, input.variables ?? {});
    if (text === null) return null;
    this.handledCount++;
    return { headers: { 'content-type': `${mediaType}; charset=utf-8`, ...corsHeaders(request.origin) }, text };
  }

  private async execute(plan: DirectPlan, ctx: GraphQLContext, args: Record<string, unknown>): Promise<string> {
    try {
      const value = await this.resolvers[plan.field.name]!(ctx, args);
      return dataText(plan.responseKey, plan.write(value));
    } catch (error) {
      return this.unexpected(plan, ctx, error);
    }
  }

  // A read has no effects. So an expected error (a bad argument, a missing scope) or a
  // value that does not fit its type hands the request to yoga. yoga then reports it
  // with its path and nulls the nearest nullable parent, as for any other query.
  private async read(plan: ReadPlan, ctx: GraphQLContext, args: Record<string, unknown>, variables: Record<string, unknown>): Promise<string | null> {
    try {
      return dataText(plan.responseKey, await plan.read(ctx, args, variables));
    } catch (error) {
      if (error instanceof GraphQLError || error instanceof ResultShapeError) return null;
      return this.unexpected(plan, ctx, error);
    }
  }

  private unexpected(plan: DirectPlan | ReadPlan, ctx: GraphQLContext, error: unknown): string {
    const located = locatedError(error, [plan.fieldNode], [plan.responseKey]);
    const masked = maskError(located, MASKED_MESSAGE) as GraphQLError;
    if (masked !== located) this.logger.error({ err: error, requestId: ctx.requestId, field: plan.field.name }, 'Unexpected error in a direct operation');
    const data = plan.nonNull ? null : { [plan.responseKey]: null };
    return JSON.stringify({ errors: [withoutInternals(masked)], data });
  }
}

// The response text of a root field's value, as JSON.stringify writes { data: { [key]: value } }.
function dataText(responseKey: string, valueText: string): string {
  return `{"data":{${JSON.stringify(responseKey)}:${valueText}}}`;
}

function parseBody(body: Buffer | string): RequestBody | null {
  let value: unknown;
  try {
    value = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
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
function coerceArguments(plan: DirectPlan, variables: Record<string, unknown> | undefined): { args: Record<string, unknown>; variables?: undefined } | null {
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
  return { args };
}

// Coerces the variables of a read as graphql-js's coerceVariableValues does, then the
// root field's arguments from them. null leaves the request to graphql-js, whose error
// names the variable or argument.
function coerceReadInput(plan: ReadPlan, raw: Record<string, unknown> | undefined): { args: Record<string, unknown>; variables: Record<string, unknown> } | null {
  const variables: Record<string, unknown> = {};
  for (const variable of plan.variables) {
    const value = raw && Object.hasOwn(raw, variable.name) ? raw[variable.name] : undefined;
    if (value === undefined) {
      if (variable.defaultValue !== undefined) variables[variable.name] = variable.defaultValue;
      else if (variable.required) return null;
      continue;
    }
    if (value === null) {
      if (variable.required) return null;
      variables[variable.name] = null;
      continue;
    }
    const coerced = variable.coerce(value);
    if (coerced === REJECTED) return null;
    variables[variable.name] = coerced;
  }

  try {
    return { args: getArgumentValues(plan.field, plan.fieldNode, variables), variables };
  } catch (error) {
    if (error instanceof GraphQLError) return null;
    throw error;
  }
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
