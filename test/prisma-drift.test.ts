import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

// Compares prisma/schema.prisma with the migrated database: tables, columns, column
// types and nullability. Models marked @@ignore are compared too. Partitions,
// schema_migrations, views and materialized views are left out, as Prisma has no
// model for them on plain PostgreSQL.

type ColumnShape = { type: string; nullable: boolean };
// Table name -> column name -> shape.
type SchemaShape = Map<string, Map<string, ColumnShape>>;

const SCALAR_TYPES: Record<string, string> = {
  Int: 'int4',
  BigInt: 'int8',
  Float: 'float8',
  Boolean: 'bool',
  Json: 'jsonb',
  Decimal: 'numeric',
  Bytes: 'bytea',
};
const NATIVE_TYPES: Record<string, string> = {
  Uuid: 'uuid',
  Text: 'text',
  Timestamptz: 'timestamptz',
  Timestamp: 'timestamp',
  Date: 'date',
  Integer: 'int4',
  BigInt: 'int8',
  DoublePrecision: 'float8',
  JsonB: 'jsonb',
};

/** Reads the tables a Prisma schema describes; relation fields are not columns and are skipped. */
export function parsePrismaSchema(text: string): SchemaShape {
  const shape: SchemaShape = new Map();
  const modelPattern = /^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm;
  for (const [, modelName, body] of text.matchAll(modelPattern)) {
    let table = modelName!;
    const columns = new Map<string, ColumnShape>();
    for (const rawLine of body!.split('\n')) {
      const line = rawLine.replace(/\/\/.*$/, '').trim();
      if (!line) continue;
      const tableMap = /^@@map\("([^"]+)"\)/.exec(line);
      if (tableMap) table = tableMap[1]!;
      if (line.startsWith('@@')) continue;

      const field = /^(?<name>\w+)\s+(?<type>\w+)(?<list>\[\])?(?<optional>\?)?(?<attributes>.*)$/.exec(line)?.groups;
      if (!field) continue;
      const { name: fieldName = '', type: baseType = '', list, optional, attributes = '' } = field;
      const type = columnType(baseType, attributes);
      if (type === null) continue;
      const column = /@map\("([^"]+)"\)/.exec(attributes)?.[1] ?? fieldName;
      // Prisma cannot declare a list column nullable, so lists are compared as nullable.
      columns.set(column, { type: list ? `_${type}` : type, nullable: list ? true : optional === '?' });
    }
    shape.set(table, columns);
  }
  return shape;
}

function columnType(baseType: string, attributes: string): string | null {
  const native = /@db\.(\w+)/.exec(attributes)?.[1];
  if (native && NATIVE_TYPES[native]) return NATIVE_TYPES[native];
  if (baseType === 'String') return 'text';
  if (baseType === 'DateTime') return 'timestamp';
  return SCALAR_TYPES[baseType] ?? null;
}

/** Reads the tables of the public schema with their columns. */
export async function readDatabaseShape(client: pg.Client): Promise<SchemaShape> {
  const { rows } = await client.query<{ table_name: string; column_name: string; type: string; nullable: boolean }>(
    `-- Read table columns
     SELECT c.relname AS table_name, a.attname AS column_name, t.typname AS type, NOT a.attnotnull AS nullable
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     JOIN pg_type t ON t.oid = a.atttypid
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND c.relname <> 'schema_migrations' AND c.relname !~ '_(p[0-9]{8}|default)$'
     ORDER BY c.relname, a.attnum`,
  );
  const shape: SchemaShape = new Map();
  for (const row of rows) {
    const columns = shape.get(row.table_name) ?? new Map<string, ColumnShape>();
    // Lists are compared as nullable, the only form Prisma can declare.
    columns.set(row.column_name, { type: row.type, nullable: row.type.startsWith('_') ? true : row.nullable });
    shape.set(row.table_name, columns);
  }
  return shape;
}

/** Lists every difference between the Prisma schema and the database, one sentence each. */
export function compareSchemas(prisma: SchemaShape, database: SchemaShape): string[] {
  const problems: string[] = [];
  for (const table of database.keys()) {
    if (!prisma.has(table)) problems.push(`table ${table} has no Prisma model`);
  }
  for (const [table, modelColumns] of prisma) {
    const tableColumns = database.get(table);
    if (!tableColumns) {
      problems.push(`Prisma model of table ${table} has no table in the database`);
      continue;
    }
    for (const column of tableColumns.keys()) {
      if (!modelColumns.has(column)) problems.push(`column ${table}.${column} is missing from the Prisma model`);
    }
    for (const [column, expected] of modelColumns) {
      const actual = tableColumns.get(column);
      if (!actual) {
        problems.push(`column ${table}.${column} of the Prisma model is missing from the database`);
        continue;
      }
      if (actual.type !== expected.type) {
        problems.push(`column ${table}.${column} is ${actual.type} in the database but ${expected.type} in Prisma`);
      }
      if (actual.nullable !== expected.nullable) {
        const state = (nullable: boolean) => (nullable ? 'nullable' : 'NOT NULL');
        problems.push(
          `column ${table}.${column} is ${state(actual.nullable)} in the database but ${state(expected.nullable)} in Prisma`,
        );
      }
    }
  }
  return problems;
}

const schemaText = readFileSync(join(import.meta.dirname, '..', 'prisma', 'schema.prisma'), 'utf8');

async function migratedDatabaseShape(): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    return await readDatabaseShape(client);
  } finally {
    await client.end();
  }
}

function copyOf(shape: SchemaShape): SchemaShape {
  return new Map([...shape].map(([table, columns]) => [table, new Map(columns)]));
}

describe('prisma drift', () => {
  it('schema matches the migrated database', async () => {
    const problems = compareSchemas(parsePrismaSchema(schemaText), await migratedDatabaseShape());
    expect(problems).toEqual([]);
  });

  it('reports a column missing from a model', async () => {
    const prisma = copyOf(parsePrismaSchema(schemaText));
    prisma.get('host_metrics_5m')!.delete('cpu_usage_percent_max');

    expect(compareSchemas(prisma, await migratedDatabaseShape())).toEqual([
      'column host_metrics_5m.cpu_usage_percent_max is missing from the Prisma model',
    ]);
  });

  it('reports type, nullability and table drift', async () => {
    const database = copyOf(await migratedDatabaseShape());
    database.get('hosts')!.set('cpu_cores', { type: 'int8', nullable: true });
    database.get('projects')!.set('name', { type: 'text', nullable: true });
    database.get('disk_metrics')!.delete('io_time_percent');
    database.delete('job_runs');

    const problems = compareSchemas(parsePrismaSchema(schemaText), database);

    expect(problems).toContain('Prisma model of table job_runs has no table in the database');
    expect(problems).toContain('column hosts.cpu_cores is int8 in the database but int4 in Prisma');
    expect(problems).toContain('column projects.name is nullable in the database but NOT NULL in Prisma');
    expect(problems).toContain('column disk_metrics.io_time_percent of the Prisma model is missing from the database');
    expect(problems).toHaveLength(4);
  });

  it('parses ignored models, maps and lists', () => {
    const shape = parsePrismaSchema(`
      model Sample {
        hostId   String   @map("host_id") @db.Uuid
        at       DateTime @db.Timestamptz(6)
        cores    Float[]  @map("per_core")
        note     String?
        host     Host     @relation(fields: [hostId], references: [id])

        @@ignore
        @@map("samples")
      }`);

    expect(shape.get('samples')).toEqual(
      new Map([
        ['host_id', { type: 'uuid', nullable: false }],
        ['at', { type: 'timestamptz', nullable: false }],
        ['per_core', { type: '_float8', nullable: true }],
        ['note', { type: 'text', nullable: true }],
      ]),
    );
  });
});
