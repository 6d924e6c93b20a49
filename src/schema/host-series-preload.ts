import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type pg from 'pg';
import { z } from 'zod';
import type { GraphQLContext } from '../context.ts';
import { SentinelError } from '../errors.ts';
import { SERIES_METRIC_NAMES, type SeriesMetric } from '../metrics/series-metrics.ts';
import { planSeries, readProjectHostSeries, type SeriesPoint } from '../metrics/series-service.ts';
import type { SeriesRequest } from '../metrics/series-storage.ts';

/** Host fields that read a series, with the metric of those that fix one. */
export const SERIES_FIELDS: Readonly<Record<string, SeriesMetric | null>> = { series: null, cpuSeries: 'CPU', memorySeries: 'MEMORY' };
/** Host fields that need nothing but the id the request names, so a series statement, which checks the host, serves them. */
export const ID_FIELDS: ReadonlySet<string> = new Set(['id', '__typename']);

// The arguments of the series fields, as graphql-js coerces them.
const seriesArgsSchema = z.object({
  metric: z.enum(SERIES_METRIC_NAMES).optional(),
  from: z.date().nullish(),
  to: z.date().nullish(),
  period: z.string().nullish(),
  interval: z.string().nullish(),
  mountPoint: z.string().nullish(),
  interface: z.string().nullish(),
});

/** A selected series field, by its response key, with its series planned. */
export type PlannedSeries = { responseKey: string; request: SeriesRequest };

// Series read with the host check, by response key, for the Host object they were read for.
const preloaded = new WeakMap<object, Map<string, SeriesPoint[]>>();

/**
 * Plans the series of a `host(id)` field that selects nothing of the host but series
 * fields and its id. Returns null for any other selection, and when a series argument
 * is invalid: the host is then looked up as usual, and the series field rejects the
 * argument itself, with its own path.
 */
export async function planSeriesOnlySelection(ctx: GraphQLContext, info: GraphQLResolveInfo, hostId: string): Promise<PlannedSeries[] | null> {
  const hostType = getNamedType(info.returnType);
  const fields = isObjectType(hostType) ? selectedSeriesFields(info) : null;
  if (!isObjectType(hostType) || !fields || fields.size === 0) return null;

  try {
    return await Promise.all(
      [...fields].map(async ([responseKey, node]) => {
        const field = hostType.getFields()[node.name.value]!;
        const args = getArgumentValues(field, node, info.variableValues);
        return { responseKey, request: await planHostSeriesField(ctx.services.pool, hostId, field.name, args) };
      }),
    );
  } catch (error) {
    if (error instanceof SentinelError) return null;
    throw error;
  }
}

/**
 * Plans the series that a series field of Host (`fieldName`) reads for a host, from the
 * field's arguments as graphql-js coerces them. Invalid arguments raise INVALID_ARGUMENT.
 */
export function planHostSeriesField(pool: pg.Pool, hostId: string, fieldName: string, coercedArgs: unknown): Promise<SeriesRequest> {
  const args = seriesArgsSchema.parse(coercedArgs);
  // The schema requires metric on the one series field that does not fix it.
  const metric = SERIES_FIELDS[fieldName] ?? args.metric!;
  const subject = { kind: 'host' as const, hostId, mountPoint: args.mountPoint, interface: args.interface };
  return planSeries(pool, subject, metric, args);
}

/**
 * Reads planned series in statements that also check that the host belongs to the
 * project. Returns the host for the series fields to resolve from, or null when the
 * project has no such host.
 */
export async function loadHostWithSeries(ctx: GraphQLContext, projectId: string, hostId: string, planned: PlannedSeries[]): Promise<{ id: string } | null> {
  const results = await Promise.all(planned.map((series) => readProjectHostSeries(ctx.services.pool, projectId, series.request)));
  if (results.some((points) => points === null)) return null;

  const host = { id: hostId };
  preloaded.set(host, new Map(planned.map((series, index) => [series.responseKey, results[index]!])));
  return host;
}

/** Returns the series read with the host for the field `info` resolves, if any. */
export function preloadedSeries(host: object, info: GraphQLResolveInfo): SeriesPoint[] | undefined {
  return preloaded.get(host)?.get(String(info.path.key));
}

/**
 * Collects the fields selected under `info`'s field by response key, following
 * fragments and @skip/@include. Returns null when one of them is not a series field or
 * the id.
 */
function selectedSeriesFields(info: GraphQLResolveInfo): Map<string, FieldNode> | null {
  const found = new Map<string, FieldNode>();
  const visit = (selectionSet: SelectionSetNode | undefined): boolean => {
    for (const selection of selectionSet?.selections ?? []) {
      if (!isIncluded(selection, info)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (ID_FIELDS.has(name)) continue;
        if (!(name in SERIES_FIELDS)) return false;
        // graphql-js validation guarantees that fields sharing a response key share arguments.
        if (!found.has(selection.alias?.value ?? name)) found.set(selection.alias?.value ?? name, selection);
        continue;
      }

      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
      if (!fragment || !visit(fragment.selectionSet)) return false;
    }
    return true;
  };
  return info.fieldNodes.every((node) => visit(node.selectionSet)) ? found : null;
}

function isIncluded(selection: SelectionNode, info: GraphQLResolveInfo): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, selection, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, selection, info.variableValues)?.if !== false;
}
