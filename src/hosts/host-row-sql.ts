import type pg from 'pg';
import { compileObjectBuilder, type BuildStep } from '../object-builder.ts';
import { columnOf, jsonObjectSelection, rowColumnSelection, scalarFields, type JsonObject, type NestedJson } from '../db/model-json.ts';
import { INSTANTS_AS_TEXT_TYPES } from '../db/pool.ts';

/**
 * SQL that loads one host's selected fields and relations within the hosts page
 * statement: select items over the page's host row `h` and its latest values `hl`, and
 * the decoder that builds, from one result row, the host as Prisma returns it. `types`
 * are the parsers to run the statement with, or undefined for the pool's own.
 */
export type HostRowSql = { columns: string[]; decode: (row: JsonObject) => JsonObject & { id: string }; types: pg.CustomTypesConfig | undefined };

/**
 * The form of the host's own and latest DateTime columns: Date, as Prisma returns them,
 * or ISO 8601 text for a caller that only writes them into a response. Those in JSON
 * relations (group, disks, interfaces) are Dates either way.
 */
export type InstantForm = 'date' | 'text';

// A relation of Host: the model and table of its rows, the condition that matches them
// to the host row `h`, and whether there is one row or a list.
type Relation = { model: string; table: string; alias: string; match: string; list: boolean };

// The relations of Host that hostRowSql loads. Any other one is left to Prisma. The
// latest values come from the page's own join. Each other relation is a subquery per
// host rather than a join, so the planner looks rows up by index for the page's hosts
// instead of choosing a hash join over the whole table.
const RELATIONS: Record<string, Relation> = {
  latest: { model: 'HostLatest', table: 'host_latest', alias: 'hl', match: 'hl.host_id = h.id', list: false },
  hostGroup: { model: 'HostGroup', table: 'host_groups', alias: 'hg', match: 'hg.id = h.host_group_id', list: false },
  disks: { model: 'DiskLatest', table: 'disk_latest', alias: 'd', match: 'd.host_id = h.id', list: true },
  interfaces: { model: 'NetworkLatest', table: 'network_latest', alias: 'n', match: 'n.host_id = h.id', list: true },
};

type RelationQuery = { fields: string[]; orderBy: [string, 'asc' | 'desc'][] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldNames(model: string): Set<string> {
  return new Set(scalarFields(model).map((field) => field.name));
}

/**
 * Translates a Prisma query for hosts (a `select` or `include`, as the Prisma plugin
 * plans it for the requested GraphQL fields) into select items of the hosts page
 * statement. The host's columns and its latest values are plain columns, because
 * building a JSON object per host and parsing it again cost about 0.6 ms on a page of
 * 100 (bench/query/RESULTS.md). The group, disks and interfaces come as JSON, one
 * subquery each. Returns null when the query requests more than this translation
 * covers: a relation missing from RELATIONS, a filter, limit or count on a relation, or
 * a relation of a relation. The caller then loads the hosts through Prisma instead.
 */
export function hostRowSql(query: object, instants: InstantForm = 'date'): HostRowSql | null {
  // yoga's hosts resolver translates the Prisma query of every request, and building
  // the decoders compiles functions, so translations are kept by the query's JSON.
  const key = `${instants} ${JSON.stringify(query)}`;
  const cached = translations.get(key);
  if (cached !== undefined) return cached;

  const translated = translateHostQuery(query, instants === 'text' ? INSTANTS_AS_TEXT_TYPES : undefined);
  if (translations.size >= MAX_CACHED_TRANSLATIONS) translations.clear();
  translations.set(key, translated);
  return translated;
}

// Queries come from the documents clients send, so the cache is emptied when it is full.
const MAX_CACHED_TRANSLATIONS = 256;
const translations = new Map<string, HostRowSql | null>();

function translateHostQuery(query: object, types: pg.CustomTypesConfig | undefined): HostRowSql | null {
  const { select, include, ...rest } = query as { select?: unknown; include?: unknown };
  if (Object.keys(rest).length > 0 || (select !== undefined && include !== undefined)) return null;
  const chosen = select ?? include ?? {};
  if (!isPlainObject(chosen)) return null;

  const hostFields = fieldNames('Host');
  // Prisma returns every scalar field unless a select names them.
  const fields = select === undefined ? [...hostFields] : [];
  const columns: string[] = [];
  const relationSteps: BuildStep<JsonObject>[] = [];
  for (const [name, value] of Object.entries(chosen)) {
    if (value === false || value === undefined) continue;
    if (hostFields.has(name)) {
      if (select === undefined || value !== true) return null;
      fields.push(name);
      continue;
    }

    const relation = RELATIONS[name];
    const relationQuery = relation ? parseRelationQuery(relation, value) : null;
    if (!relation || !relationQuery) return null;
    if (name === 'latest') {
      const latest = latestColumns(relationQuery.fields);
      columns.push(...latest.columns);
      relationSteps.push(latest.step);
      continue;
    }
    const nested = relationJson(name, relation, relationQuery);
    const key = `r.${name}`;
    columns.push(`${nested.sql} AS "${key}"`);
    relationSteps.push({
      key: name,
      value: (row) => {
        const json = row[key];
        return json === null || json === undefined ? null : nested.decode(json);
      },
    });
  }

  // The statements select h.id in any case, so the id is read from that column. The
  // host is built as one object literal, its columns and relations together.
  const own = rowColumnSelection('Host', 'h', fields.filter((field) => field !== 'id'), 'h.');
  columns.unshift(...own.columns);
  const decode = compileObjectBuilder([{ key: 'id', value: (row) => row.id }, ...own.steps, ...relationSteps]);
  return { columns, decode: decode as HostRowSql['decode'], types };
}

// The page statement joins host_latest as `hl` for its sort, so the latest values are
// read from that join. Its key distinguishes a host without latest values from one
// whose values are all null.
function latestColumns(fields: string[]): { columns: string[]; step: BuildStep<JsonObject> } {
  const values = rowColumnSelection('HostLatest', 'hl', fields, 'l.');
  return {
    columns: ['hl.host_id IS NOT NULL AS "l"', ...values.columns],
    step: { key: 'latest', value: (row) => (row.l ? values.decode(row) : null) },
  };
}

function parseRelationQuery(relation: Relation, value: unknown): RelationQuery | null {
  const known = fieldNames(relation.model);
  if (value === true) return { fields: [...known], orderBy: [] };
  if (!isPlainObject(value)) return null;

  const { select, include, orderBy, ...rest } = value;
  if (Object.keys(rest).length > 0) return null;
  if (include !== undefined && !(isPlainObject(include) && Object.values(include).every((nested) => nested === false))) return null;
  if (orderBy !== undefined && !relation.list) return null;

  let fields = [...known];
  if (select !== undefined) {
    if (!isPlainObject(select) || include !== undefined) return null;
    fields = [];
    for (const [name, selected] of Object.entries(select)) {
      if (selected === false || selected === undefined) continue;
      if (selected !== true || !known.has(name)) return null;
      fields.push(name);
    }
  }
  const order = parseOrderBy(orderBy, known);
  return order ? { fields, orderBy: order } : null;
}

/** Accepts `{ field: 'asc' | 'desc' }` or a list of them; null for any other form. */
function parseOrderBy(value: unknown, known: Set<string>): [string, 'asc' | 'desc'][] | null {
  if (value === undefined) return [];
  const entries = Array.isArray(value) ? value : [value];
  const order: [string, 'asc' | 'desc'][] = [];
  for (const entry of entries) {
    if (!isPlainObject(entry)) return null;
    const pairs = Object.entries(entry);
    if (pairs.length !== 1) return null;
    const [field, direction] = pairs[0]!;
    if (!known.has(field) || (direction !== 'asc' && direction !== 'desc')) return null;
    order.push([field, direction]);
  }
  return order;
}

function relationJson(name: string, relation: Relation, query: RelationQuery): NestedJson {
  const row = jsonObjectSelection(relation.model, relation.alias, query.fields);
  const from = `FROM ${relation.table} ${relation.alias} WHERE ${relation.match}`;
  if (!relation.list) {
    return { name, sql: `(SELECT ${row.sql} ${from})`, decode: (value) => row.decode(value as JsonObject) };
  }

  // An ordered list aggregates a subquery that reads its rows in order, rather than
  // ordering inside json_agg. PostgreSQL 15 sorts the input of each aggregate call with
  // ORDER BY, which cost about 0.18 ms on a page of 100 hosts, against 0.08 ms for the
  // subquery. Its manual says that input from a sorted subquery usually keeps its order,
  // and warns of outer levels that join or reprocess the rows. This one does neither.
  const source = query.orderBy.length === 0 ? from : orderedSource(relation, query);
  return {
    name,
    sql: `(SELECT coalesce(json_agg(${row.sql}), '[]') ${source})`,
    decode: (value) => {
      for (const item of value as JsonObject[]) row.decode(item);
      return value;
    },
  };
}

// The relation's rows in the query's order, under the relation's alias, with the columns the JSON reads.
function orderedSource(relation: Relation, query: RelationQuery): string {
  const columns = query.fields.map((field) => `${relation.alias}."${columnOf(field)}"`);
  const order = query.orderBy.map(([field, direction]) => `${relation.alias}."${columnOf(field)}" ${direction.toUpperCase()}`);
  return `FROM (SELECT ${columns.join(', ')} FROM ${relation.table} ${relation.alias} WHERE ${relation.match} ORDER BY ${order.join(', ')}) ${relation.alias}`;
}
