import { readFileSync } from 'node:fs';

import {
  buildSchema,
  getVariableValues,
  GraphQLScalarType,
  parse,
  validate,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

import { REPORT_METRICS_QUERY } from '../../src/report/client.ts';

const PROTOCOL_PATH = new URL('../../../docs/report-protocol.md', import.meta.url);

/** ISO 8601 with a time zone, as the protocol requires for DateTime. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

let schema: GraphQLSchema | null = null;

/**
 * Builds a schema from the input types written in docs/report-protocol.md, with
 * BigInt and DateTime checked as the protocol defines them. The agent's payload is
 * validated against the document the server implements, not against the agent's own types.
 */
function getContractSchema(): GraphQLSchema {
  if (schema !== null) {
    return schema;
  }
  const markdown = readFileSync(PROTOCOL_PATH, 'utf8');
  const blocks = [...markdown.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const inputTypes = blocks.find((block) => block.includes('input ReportMetricsInput'));
  if (inputTypes === undefined) {
    throw new Error(`No ReportMetricsInput definition in ${PROTOCOL_PATH.pathname}`);
  }

  const built = buildSchema(`
    scalar BigInt
    scalar DateTime
    type Query { ping: Boolean }
    type Mutation { reportMetrics(input: ReportMetricsInput!): ReportMetricsPayload! }
    ${inputTypes}
  `);
  const bigInt = built.getType('BigInt') as GraphQLScalarType;
  const dateTime = built.getType('DateTime') as GraphQLScalarType;
  bigInt.parseValue = (value: unknown) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new TypeError(`BigInt must be a safe integer, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  dateTime.parseValue = (value: unknown) => {
    if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
      throw new TypeError(`DateTime must be ISO 8601 with a time zone, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  schema = built;
  return schema;
}

/** Returns every contract violation of a reportMetrics request (empty when valid). */
export function findContractViolations(variables: unknown): string[] {
  const contract = getContractSchema();
  const document = parse(REPORT_METRICS_QUERY);
  const documentErrors = validate(contract, document).map((error) => error.message);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const coerced = getVariableValues(contract, operation.variableDefinitions ?? [], variables as Record<string, unknown>);
  return [...documentErrors, ...(coerced.errors ?? []).map((error) => error.message)];
}
