import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type SelectionSetNode,
} from 'graphql';
import type { GraphQLContext } from '../context.ts';
import type { HostPage } from '../hosts/host-list.ts';
import { queryHostRow } from '../hosts/host-row-storage.ts';
import { hostRowSql, type HostRowSql } from '../hosts/host-row-sql.ts';
import { readProjectHostSeries } from '../metrics/series-service.ts';
import type { DirectReadCompiler } from '../server/direct/plan.ts';
import { compileJsonWriter, type BuildStep } from '../object-builder.ts';
import { compilePrismaObject } from '../server/direct/prisma-projection.ts';
import { compileFieldWriter, typenameStep, writeList, type ResponseWriter } from '../server/direct/response-writer.ts';
import { groupByResponseKey, hasArguments, mergedSelectionSet } from '../server/direct/selection.ts';
import { requireAccess } from './access.ts';
import { readHostPage, type HostsArgs } from './host-page.ts';
import { ID_FIELDS, planHostSeriesField, SERIES_FIELDS } from './host-series-preload.ts';
import { parseId } from './ids.ts';

type AnyField = GraphQLField<unknown, unknown>;

type PageSource = { page: HostPage; count: number | null };
type Edge = HostPage['edges'][number];

/**
 * Plans the hosts connection when every field selected on its hosts is a column, a
 * latest value, a group, disk or interface field, or computed from those alone. The page
 * statement reads the columns the selection needs, and the response text is written
 * from the rows without graphql-js.
 */
const compileHosts: DirectReadCompiler = (field, node) => {
  const connectionType = namedObjectType(field);
  const groups = node.selectionSet && groupByResponseKey(node.selectionSet);
  if (!connectionType || !groups) return null;

  let rowSql: HostRowSql | null = null;
  let edgesSeen = false;
  let countSelected = false;
  const steps: BuildStep<PageSource>[] = [];
  for (const [key, nodes] of groups) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      steps.push(typenameStep(key, connectionType.name));
      continue;
    }
    const member = connectionType.getFields()[name];
    const selectionSet = mergedSelectionSet(nodes);
    if (!member || hasArguments(nodes)) return null;

    if (name === 'edges' && selectionSet && !edgesSeen) {
      // Two aliases of edges could select different host fields for one page statement.
      edgesSeen = true;
      const edges = compileEdges(member, selectionSet);
      if (!edges) return null;
      rowSql = edges.rowSql;
      steps.push({ key, value: ({ page }) => writeList(page.edges, edges.write) });
    } else if (name === 'pageInfo' && selectionSet) {
      const pageInfo = compilePageInfo(member, selectionSet);
      if (!pageInfo) return null;
      steps.push({ key, value: ({ page }) => pageInfo(page) });
    } else if (name === 'totalCount') {
      const complete = compileFieldWriter(member.type, undefined, 'totalCount');
      if (!complete) return null;
      countSelected = true;
      steps.push({ key, value: ({ count }) => complete(count) });
    } else {
      return null;
    }
  }

  const write = compileJsonWriter(steps);
  return async (ctx, args) => {
    const page = await readHostPage(ctx, args as HostsArgs, rowSql);
    const count = countSelected ? await page.count() : null;
    return write({ page, count });
  };
};

function compileEdges(field: AnyField, selectionSet: SelectionSetNode): { rowSql: HostRowSql | null; write: (edge: Edge) => string } | null {
  const edgeType = namedObjectType(field);
  const groups = groupByResponseKey(selectionSet);
  if (!edgeType || !groups) return null;

  let rowSql: HostRowSql | null = null;
  const steps: BuildStep<Edge>[] = [];
  for (const [key, nodes] of groups) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      steps.push(typenameStep(key, edgeType.name));
      continue;
    }
    const member = edgeType.getFields()[name];
    const nodeSelection = mergedSelectionSet(nodes);
    if (!member || hasArguments(nodes)) return null;

    if (name === 'cursor') {
      // A cursor contains only letters, digits, '.', '-' and '_' (encodeHostCursor), so
      // its JSON text is the text in quotes. It is built of many short pieces, and a check
      // for characters to escape had to join them first, 13 % of the page's writing time.
      steps.push({ key, value: (edge) => `"${edge.cursor}"` });
    } else if (name === 'node' && nodeSelection && !rowSql) {
      const hostType = namedObjectType(member);
      const host = hostType && compilePrismaObject(hostType, nodeSelection);
      rowSql = host ? hostRowSql({ select: host.select }, host.resolversReadInstants ? 'date' : 'text') : null;
      if (!host || !rowSql) return null;
      steps.push({ key, value: (edge) => host.write(edge.node) });
    } else {
      return null;
    }
  }
  return { rowSql, write: compileJsonWriter(steps) };
}

function compilePageInfo(field: AnyField, selectionSet: SelectionSetNode): ((page: HostPage) => string) | null {
  const pageInfoType = namedObjectType(field);
  const groups = groupByResponseKey(selectionSet);
  if (!pageInfoType || !groups) return null;

  const values: Record<string, (page: HostPage) => unknown> = {
    hasNextPage: (page) => page.hasNextPage,
    hasPreviousPage: (page) => page.hasPreviousPage,
    startCursor: (page) => page.edges[0]?.cursor ?? null,
    endCursor: (page) => page.edges.at(-1)?.cursor ?? null,
  };
  const steps: BuildStep<HostPage>[] = [];
  for (const [key, nodes] of groups) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      steps.push(typenameStep(key, pageInfoType.name));
      continue;
    }
    const member = pageInfoType.getFields()[name];
    const value = values[name];
    const complete = member && value && !hasArguments(nodes) ? compileFieldWriter(member.type, undefined, `PageInfo.${name}`) : null;
    if (!complete || !value) return null;
    steps.push({ key, value: (page) => complete(value(page)) });
  }
  return compileJsonWriter(steps);
}

type SeriesPlan = { key: string; field: AnyField; node: FieldNode; write: ResponseWriter };

/**
 * Plans `host(id)` or `hostByName(name)` when every selected field other than the series
 * is one the hosts page could load. The host is read in one statement, and each series
 * in one statement that also checks the host's project. A `host(id)` that selects only
 * series and the id skips the host statement.
 */
function compileHostLookup(lookup: 'id' | 'name'): DirectReadCompiler {
  return (field, node) => {
    const hostType = namedObjectType(field);
    const groups = node.selectionSet && groupByResponseKey(node.selectionSet);
    if (!hostType || !groups) return null;

    const series: SeriesPlan[] = [];
    const hostNodes: FieldNode[] = [];
    for (const [key, nodes] of groups) {
      const name = nodes[0]!.name.value;
      const member = hostType.getFields()[name];
      if (!(name in SERIES_FIELDS) || !member) {
        hostNodes.push(...nodes);
        continue;
      }
      // graphql-js validation guarantees that fields sharing a response key share arguments.
      const write = compileFieldWriter(member.type, mergedSelectionSet(nodes), `Host.${name}`);
      if (!write) return null;
      series.push({ key, field: member, node: nodes[0]!, write });
    }

    const host = compilePrismaObject(hostType, { kind: Kind.SELECTION_SET, selections: hostNodes });
    const rowSql = host && hostRowSql({ select: host.select }, host.resolversReadInstants ? 'date' : 'text');
    if (!host || !rowSql) return null;
    // Keys come out in document order, series among the host's own fields.
    const hostSteps = new Map(host.steps.map((step) => [step.key, step.value]));
    const write = compileJsonWriter<{ row: { id: string }; points: Map<string, string> }>(
      [...groups.keys()].map((key) => {
        const hostStep = hostSteps.get(key);
        return { key, value: hostStep ? ({ row }) => hostStep(row) : ({ points }) => points.get(key)! };
      }),
    );
    const seriesOnly = lookup === 'id' && series.length > 0 && hostNodes.every((hostNode) => ID_FIELDS.has(hostNode.name.value));

    return async (ctx, args, variables) => {
      const { projectId } = requireAccess(ctx, 'read');
      const { pool } = ctx.services;
      let row: { id: string } | null;
      let points: Map<string, string> | null;
      if (lookup === 'id') {
        const id = parseId('id', args.id as string);
        const readRow = seriesOnly ? Promise.resolve({ id }) : queryHostRow(pool, projectId, { id }, rowSql);
        [row, points] = await Promise.all([readRow, readSeriesFields(ctx, projectId, id, series, variables)]);
      } else {
        row = await queryHostRow(pool, projectId, { name: args.name as string }, rowSql);
        points = row && (await readSeriesFields(ctx, projectId, row.id, series, variables));
      }
      return row && points ? write({ row, points }) : 'null';
    };
  };
}

/** Reads the planned series of a host, as response text by response key; null when the project has no such host. */
async function readSeriesFields(ctx: GraphQLContext, projectId: string, hostId: string, series: SeriesPlan[], variables: Record<string, unknown>): Promise<Map<string, string> | null> {
  const read = await Promise.all(
    series.map(async (plan) => {
      const args = getArgumentValues(plan.field, plan.node, variables);
      const request = await planHostSeriesField(ctx.services.pool, hostId, plan.field.name, args);
      return readProjectHostSeries(ctx.services.pool, projectId, request);
    }),
  );
  if (read.some((points) => points === null)) return null;
  return new Map(series.map((plan, index) => [plan.key, plan.write(read[index])]));
}

/** Root query fields the direct executor may run, by field name. */
export const directReads: Readonly<Record<string, DirectReadCompiler>> = {
  hosts: compileHosts,
  host: compileHostLookup('id'),
  hostByName: compileHostLookup('name'),
};

function namedObjectType(field: AnyField): GraphQLObjectType | null {
  const type = getNamedType(field.type);
  return isObjectType(type) ? type : null;
}
