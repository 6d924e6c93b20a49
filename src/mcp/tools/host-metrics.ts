import { z } from 'zod';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import {
  McpHostDevicesDocument,
  McpHostMetricsDocument,
  type SeriesMetric,
} from '../generated/graphql.ts';
import type { GraphQLExecutor } from '../executor.ts';
import { plural, round } from '../format.ts';
import { requireHost } from '../hosts.ts';
import { defineTool } from '../tool.ts';

const METRICS = ['cpu', 'memory', 'load', 'disk', 'network'] as const;
const PERIODS = ['1h', '6h', '24h', '7d'] as const;

const HOST_SERIES: Record<'cpu' | 'memory' | 'load', SeriesMetric> = { cpu: 'CPU', memory: 'MEMORY', load: 'LOAD_1M' };

type Point = { bucket: string; avg: number | null; min?: number | null; max: number | null; sum?: number | null };

function compact(points: Point[], digits = 1) {
  return points.map((point) => ({ time: point.bucket, avg: round(point.avg, digits), max: round(point.max, digits) }));
}

function latestAverage(points: Point[]): number | null {
  return [...points].reverse().find((point) => point.avg !== null)?.avg ?? null;
}

export const hostMetricsTool = defineTool({
  name: 'sentinel_host_metrics',
  title: 'Host metrics history',
  description:
    'Get the history of one metric of a host as time buckets: cpu, memory or load (1 minute), ' +
    'disk usage per filesystem, or network bytes per interface.',
  inputSchema: {
    host_name: z.string().min(1).describe('Host name'),
    metric: z
      .enum(METRICS, { error: `metric must be one of: ${METRICS.join(', ')}` })
      .default('cpu')
      .describe('Which metric'),
    period: z
      .enum(PERIODS, { error: `period must be one of: ${PERIODS.join(', ')}` })
      .default('24h')
      .describe('How far back from now'),
  },
  async run(args, execute) {
    if (args.metric === 'disk' || args.metric === 'network') {
      return deviceMetrics(args.host_name, args.metric, args.period, execute);
    }

    const result = await execute(McpHostMetricsDocument, {
      name: args.host_name,
      metric: HOST_SERIES[args.metric],
      period: args.period,
    });
    const host = await requireHost(args.host_name, result.hostByName, execute);
    const digits = args.metric === 'load' ? 2 : 1;
    const latest = latestAverage(host.series);

    return {
      summary:
        `${args.metric} of ${host.name} over ${args.period}: ${plural(host.series.length, 'bucket')}, ` +
        `latest average ${latest === null ? 'n/a' : round(latest, digits)}.`,
      data: { host: host.name, metric: args.metric, period: args.period, series: compact(host.series, digits) },
    };
  },
});

async function deviceMetrics(name: string, metric: 'disk' | 'network', period: string, execute: GraphQLExecutor) {
  const devices = await execute(McpHostDevicesDocument, { name });
  const host = await requireHost(name, devices.hostByName, execute);

  if (metric === 'disk') {
    const mounts = host.disks.filter((disk) => disk.countsForHealth).map((disk) => disk.mountPoint);
    const series = await deviceSeries(execute, name, period, 'mountPoint', mounts.map((mountPoint) => ({ metric: 'DISK_USAGE', device: mountPoint })));
    const disks = mounts.map((mountPoint, index) => ({ mount: mountPoint, series: compact(series[index]!) }));
    return {
      summary: `Disk usage of ${host.name} over ${period} for ${plural(disks.length, 'filesystem')}: ${mounts.join(', ') || 'none'}.`,
      data: { host: host.name, metric, period, disks },
    };
  }

  const names = host.interfaces.map((entry) => entry.name);
  const requests = names.flatMap((device) => [
    { metric: 'NETWORK_RX_BYTES' as const, device },
    { metric: 'NETWORK_TX_BYTES' as const, device },
  ]);
  const series = await deviceSeries(execute, name, period, 'interface', requests);
  const toBytes = (points: Point[]) => points.map((point) => ({ time: point.bucket, bytes: point.sum ?? null }));
  const interfaces = names.map((device, index) => ({
    interface: device,
    bytes_received: toBytes(series[2 * index]!),
    bytes_sent: toBytes(series[2 * index + 1]!),
  }));
  return {
    summary: `Network bytes of ${host.name} over ${period} for ${plural(interfaces.length, 'interface')}.`,
    data: { host: host.name, metric, period, interfaces },
  };
}

type DeviceSeriesRequest = { metric: SeriesMetric; device: string };

/**
 * Reads the series of several filesystems or interfaces of one host in one GraphQL
 * operation, one aliased series field each, so that the host is looked up once rather
 * than once per series. Device names are passed as variables, never written into the
 * document. Returns the points of each request, in request order.
 */
async function deviceSeries(
  execute: GraphQLExecutor,
  name: string,
  period: string,
  argument: 'mountPoint' | 'interface',
  requests: readonly DeviceSeriesRequest[],
): Promise<Point[][]> {
  if (requests.length === 0) return [];
  const variables: Record<string, unknown> = { name, period };
  const declarations = ['$name: String!', '$period: String!'];
  const fields = requests.map((request, index) => {
    variables[`device${index}`] = request.device;
    declarations.push(`$device${index}: String!`);
    return `series${index}: series(metric: ${request.metric}, period: $period, ${argument}: $device${index}) { bucket avg max sum }`;
  });
  const document = parse(`query McpDeviceSeries(${declarations.join(', ')}) { hostByName(name: $name) { ${fields.join(' ')} } }`) as TypedDocumentNode<
    { hostByName: Record<string, Point[]> | null },
    Record<string, unknown>
  >;

  const result = await execute(document, variables);
  return requests.map((_, index) => result.hostByName?.[`series${index}`] ?? []);
}
