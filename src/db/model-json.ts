import { getDatamodel } from '../generated/prisma/pothos-types.ts';
import { compileObjectBuilder, type BuildStep } from '../object-builder.ts';

const MODELS = getDatamodel().datamodel.models;

// PostgreSQL functions take at most 100 arguments, so one json_build_object call
// carries at most 50 fields.
const MAX_JSON_FIELDS = 50;

export type JsonObject = Record<string, unknown>;

type ScalarField = { name: string; type: string; isList: boolean };

/** Converts one JSON value, never null, into the value Prisma returns for it. */
export type Decoder = (value: unknown) => unknown;

// PostgreSQL writes timestamps as ISO 8601 strings, NaN and infinities as strings, and
// int8 is sent as text by jsonObjectSelection so that no digit is lost on the way.
const DECODERS: Record<string, Decoder | null> = {
  String: null,
  Boolean: null,
  Int: null,
  Json: null,
  Float: (value) => (typeof value === 'number' ? value : Number(value)),
  BigInt: (value) => BigInt(value as string),
  DateTime: (value) => new Date(value as string),
};

/** Returns the scalar fields of a Prisma model, in schema order. */
export function scalarFields(model: string): ScalarField[] {
  const found = MODELS[model];
  if (!found) throw new Error(`Unknown Prisma model ${model}`);
  return found.fields.filter((field) => field.kind === 'scalar');
}

/**
 * Tells whether a Prisma select (or include) on `model` reads a DateTime field, of the
 * model or of a related one. `true` for a relation reads all of its fields.
 */
export function selectsInstants(model: string, select: Record<string, unknown>): boolean {
  const found = MODELS[model];
  if (!found) throw new Error(`Unknown Prisma model ${model}`);
  for (const [name, value] of Object.entries(select)) {
    if (value === false || value === undefined) continue;
    const field = found.fields.find((candidate) => candidate.name === name);
    if (!field) continue;
    if (field.kind === 'scalar') {
      if (field.type === 'DateTime') return true;
      continue;
    }
    const nested = typeof value === 'object' && value !== null ? (value as { select?: Record<string, unknown>; include?: Record<string, unknown> }) : null;
    if (nested?.select) {
      if (selectsInstants(field.type, nested.select)) return true;
    } else if (scalarFields(field.type).some((scalar) => scalar.type === 'DateTime') || (nested?.include && selectsInstants(field.type, nested.include))) {
      return true;
    }
  }
  return false;
}

/**
 * Returns the column of a field: cpuUsagePercent is cpu_usage_percent, load15m is
 * load_15m. Every @map in prisma/schema.prisma follows this rule, and a test checks the
 * fields of the models that hosts pages load against the migrated database.
 */
export function columnOf(field: string): string {
  return field.replace(/(?<=[a-z])(?=[A-Z0-9])/g, '_').toLowerCase();
}

// int8 is read as text so that no digit is lost, and a NULL list as an empty one,
// because Prisma returns [] for a scalar list column that is NULL.
function columnValue(field: ScalarField, column: string): string {
  const value = field.type === 'BigInt' ? `${column}::text${field.isList ? '[]' : ''}` : column;
  return field.isList ? `coalesce(${value}, '{}')` : value;
}

function listDecoder(decode: Decoder): Decoder {
  return (value) => (value as unknown[]).map((item) => (item === null ? null : decode(item)));
}

// node-postgres parses timestamptz into Date, float8 into number and arrays into
// arrays itself. Only int8 needs converting, because it is read as text so that no digit is lost.
const COLUMN_DECODERS: Record<string, Decoder | null> = {
  String: null,
  Boolean: null,
  Int: null,
  Json: null,
  Float: null,
  DateTime: null,
  BigInt: (value) => BigInt(value as string),
};

/**
 * Select items that read fields of one row as plain columns, the steps that take each
 * field's value from a result row (for a caller that builds a larger object), and the
 * builder of the object they make.
 */
export type RowColumnSelection = { columns: string[]; steps: BuildStep<JsonObject>[]; decode: (row: JsonObject) => JsonObject };

/**
 * Selects scalar fields of one row of `model` (table alias `alias`) as plain columns,
 * each named `prefix` + field name so that several models share one result row.
 * `decode` builds, from a result row, the object Prisma returns for those fields.
 */
export function rowColumnSelection(model: string, alias: string, fields: readonly string[], prefix: string): RowColumnSelection {
  const types = new Map(scalarFields(model).map((field) => [field.name, field]));
  const columns: string[] = [];
  const steps: BuildStep<JsonObject>[] = [];
  for (const name of fields) {
    const field = types.get(name);
    if (!field) throw new Error(`${model} has no scalar field ${name}`);
    if (!(field.type in COLUMN_DECODERS)) throw new Error(`${model}.${name}: no column decoder for type ${field.type}`);

    const key = `${prefix}${name}`;
    const column = `${alias}."${columnOf(name)}"`;
    columns.push(`${columnValue(field, column)} AS "${key}"`);
    const scalar = COLUMN_DECODERS[field.type];
    const decodeValue = scalar && field.isList ? listDecoder(scalar) : scalar;
    steps.push({
      key: name,
      value: decodeValue
        ? (row) => {
            const value = row[key];
            return value === null || value === undefined ? value : decodeValue(value);
          }
        : (row) => row[key],
    });
  }
  // Compiled on first use: a caller that folds the steps into a larger object never calls it.
  let build: ((row: JsonObject) => JsonObject) | undefined;
  const decode = (row: JsonObject) => (build ??= compileObjectBuilder(steps) as (row: JsonObject) => JsonObject)(row);
  return { columns, steps, decode };
}

/** SQL that builds one row's fields as a JSON object, and the decoder of that object. */
export type JsonObjectSelection = { sql: string; decode: (json: JsonObject) => JsonObject };

/** A value that is not a column of the row, such as a related row: its key, SQL and decoder. */
export type NestedJson = { name: string; sql: string; decode: Decoder };

/**
 * Selects scalar fields of one row of `model` (table alias `alias`) as a
 * json_build_object keyed by field name, with `nested` values beside them. `decode`
 * turns that object into what Prisma returns for the same fields (Date, bigint), in
 * place, visiting only the fields whose JSON form differs.
 */
export function jsonObjectSelection(model: string, alias: string, fields: readonly string[], nested: readonly NestedJson[] = []): JsonObjectSelection {
  const count = fields.length + nested.length;
  if (count > MAX_JSON_FIELDS) throw new Error(`Cannot select ${count} fields of ${model} in one json_build_object: at most ${MAX_JSON_FIELDS}`);
  const types = new Map(scalarFields(model).map((field) => [field.name, field]));
  const pairs: string[] = [];
  const converted: [string, Decoder][] = [];
  for (const name of fields) {
    const field = types.get(name);
    if (!field) throw new Error(`${model} has no scalar field ${name}`);
    if (!(field.type in DECODERS)) throw new Error(`${model}.${name}: no JSON decoder for type ${field.type}`);

    const column = `${alias}."${columnOf(name)}"`;
    pairs.push(`'${name}', ${columnValue(field, column)}`);
    const decode = DECODERS[field.type];
    if (decode) converted.push([name, field.isList ? listDecoder(decode) : decode]);
  }
  for (const value of nested) {
    pairs.push(`'${value.name}', ${value.sql}`);
    converted.push([value.name, value.decode]);
  }

  const decode = (json: JsonObject) => {
    for (const [name, decodeValue] of converted) {
      const value = json[name];
      if (value !== null && value !== undefined) json[name] = decodeValue(value);
    }
    return json;
  };
  return { sql: `json_build_object(${pairs.join(', ')})`, decode };
}
