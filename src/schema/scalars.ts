import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder } from './builder.ts';
import { formatIsoInstant, isIsoInstantText } from '../iso-instant.ts';

// Byte counts exceed 2^31, so GraphQL Int cannot carry them. Values travel as JSON
// numbers, which are exact up to 2^53 - 1; anything larger is rejected rather than
// silently rounded. Decimal strings are accepted too, for clients that keep 64-bit
// integers as text.
function parseBigInt(value: unknown): number {
  let parsed: number;
  if (typeof value === 'number') parsed = value;
  else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) parsed = Number(value.trim());
  else throw new GraphQLError(`BigInt must be an integer, got ${JSON.stringify(value)}`);

  if (!Number.isSafeInteger(parsed)) {
    throw new GraphQLError(`BigInt must be a whole number between -(2^53 - 1) and 2^53 - 1, got ${String(value)}`);
  }
  return parsed;
}

function literalValue(ast: ValueNode): unknown {
  if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return Number(ast.value);
  if (ast.kind === Kind.STRING) return ast.value;
  return undefined;
}

builder.scalarType('BigInt', {
  description: 'An integer between -(2^53 - 1) and 2^53 - 1, such as a byte count; sent as a JSON number.',
  serialize: (value) => {
    const asNumber = typeof value === 'bigint' ? Number(value) : value;
    return Number.isSafeInteger(asNumber) ? asNumber : String(value);
  },
  parseValue: parseBigInt,
  parseLiteral: (ast) => parseBigInt(literalValue(ast)),
});

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    throw new GraphQLError(`DateTime must be an ISO 8601 string with a time zone, got ${JSON.stringify(value)}`);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime is not a valid date: ${JSON.stringify(value)}`);
  return date;
}

builder.scalarType('DateTime', {
  description: 'An instant as an ISO 8601 string with a time zone, such as 2026-12-04T10:00:00.000Z.',
  // The direct executor reads instants as ISO text (isoInstantFromPostgres), written as they are.
  serialize: (value) => {
    if (typeof value === 'string' && isIsoInstantText(value)) return value;
    const date = value instanceof Date ? value : new Date(value as string | number);
    if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}: not a valid instant`);
    return formatIsoInstant(date);
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GraphQLError(`JSONObject must be an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

builder.scalarType('JSONObject', {
  description: 'A JSON object, such as the tags of a host. Pass it in a variable: it cannot be written inline in the document.',
  serialize: (value) => value,
  parseValue: parseObject,
  parseLiteral: () => {
    throw new GraphQLError('JSONObject must be passed in variables, not inline in the document');
  },
});
