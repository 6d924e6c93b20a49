import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { httpExecutor, type GraphQLExecutor } from '../src/mcp/executor.ts';
import { hostMetricsTool } from '../src/mcp/tools/host-metrics.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';
import { REPORT_MUTATION, report, reportInput, systemSample } from './helpers/reports.ts';

type ToolResult = { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: any };

let app: Sentinel;
let project: SeededProject;
let webName: string;
let dbName: string;

beforeAll(async () => {
  app = await startTestApp();
  project = await seedProject(app.services.prisma);
  webName = `web-${randomUUID().slice(0, 6)}`;
  dbName = `db-${randomUUID().slice(0, 6)}`;

  const web = reportInput({
    hostname: webName,
    systemInfo: { cpuCores: 2, cpuThreads: 4, memoryTotalBytes: 8 * 1024 ** 3 },
    reports: [
      report({
        collectedAt: new Date(Date.now() - 30_000).toISOString(),
        system: systemSample({ cpuUsagePercent: 97, memoryUsagePercent: 40, load1m: 1.5 }),
        disks: [
          { device: '/dev/sda1', mountPoint: '/', filesystem: 'ext4', totalBytes: 100e9, usedBytes: 85e9, freeBytes: 15e9, usagePercent: 85 },
        ],
        network: [{ name: 'eth0', bytesSent: 1_000, bytesReceived: 5_000, packetsSent: 10, packetsReceived: 20 }],
        processes: [
          { pid: 101, name: 'nginx', user: 'www-data', cpuPercent: 50, memoryPercent: 2, memoryRssBytes: 50 * 1024 ** 2, command: 'nginx: worker' },
          { pid: 202, name: 'node', user: 'app', cpuPercent: 30, memoryPercent: 20, memoryRssBytes: 800 * 1024 ** 2, command: 'node server.js' },
          { pid: 303, name: 'postgres', user: 'postgres', cpuPercent: 5, memoryPercent: 35, memoryRssBytes: 1500 * 1024 ** 2, command: 'postgres' },
        ],
        containers: [
          { containerId: 'a'.repeat(64), name: 'api', image: 'acme/api:1.2', status: 'running', stats: { cpuUsagePercent: 12, memoryUsedBytes: 300e6, memoryUsagePercent: 30 } },
          { containerId: 'b'.repeat(64), name: 'migrate', image: 'acme/api:1.2', status: 'exited', exitCode: 0 },
        ],
      }),
    ],
  });
  const db = reportInput({
    hostname: dbName,
    reports: [report({ system: systemSample({ cpuUsagePercent: 60, memoryUsagePercent: 80 }) })],
  });
  for (const input of [web, db]) {
    const result = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });
    expect(result.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await app?.stop();
});

async function httpClient(key: string): Promise<Client> {
  const client = new Client({ name: 'sentinel-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${app.http.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  return client;
}

async function stdioClient(key: string): Promise<Client> {
  const client = new Client({ name: 'sentinel-test', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', 'src/cli.ts', 'mcp'],
    env: { PATH: process.env.PATH ?? '', SENTINEL_URL: app.http.url, SENTINEL_API_KEY: key, LOG_LEVEL: 'silent' },
    stderr: 'ignore',
  });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

function text(result: ToolResult): string {
  return result.content.map((part) => part.text ?? '').join('\n');
}

describe.each([
  ['Streamable HTTP', httpClient],
  ['stdio', stdioClient],
])('MCP tools over %s', (_transport, connect) => {
  let client: Client;

  beforeAll(async () => {
    client = await connect(project.keys.read);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('lists the seven tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'sentinel_capacity',
      'sentinel_fleet_overview',
      'sentinel_host_metrics',
      'sentinel_host_status',
      'sentinel_list_containers',
      'sentinel_list_hosts',
      'sentinel_top_processes',
    ]);
    const metrics = tools.find((tool) => tool.name === 'sentinel_host_metrics')!;
    expect(metrics.inputSchema.properties?.period).toMatchObject({ enum: ['1h', '6h', '24h', '7d'], default: '24h' });
  });

  it('list_hosts returns the stored hosts', async () => {
    const result = await call(client, 'sentinel_list_hosts');
    expect(result.isError, text(result)).toBeFalsy();
    const names = result.structuredContent.hosts.map((host: { name: string }) => host.name);
    expect(names).toEqual(expect.arrayContaining([webName, dbName]));
    expect(result.structuredContent.summary.total).toBe(2);
    expect(result.structuredContent.summary.issues).toBe(1);
  });

  it('list_hosts filters by status', async () => {
    const result = await call(client, 'sentinel_list_hosts', { status: 'critical' });
    const hosts = result.structuredContent.hosts;
    expect(hosts).toHaveLength(1);
    expect(hosts[0].name).toBe(webName);
    expect(hosts[0].cpu).toBe(97);
  });

  it('status enums are the API values', async () => {
    const { tools } = await client.listTools();
    const status = (name: string) => tools.find((tool) => tool.name === name)!.inputSchema.properties?.status;
    expect(status('sentinel_list_hosts')).toMatchObject({ enum: ['unknown', 'online', 'warning', 'critical', 'offline'] });
    expect(status('sentinel_list_containers')).toMatchObject({ enum: ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] });
  });

  it('host_status explains the issues', async () => {
    const result = await call(client, 'sentinel_host_status', { host_name: webName });
    expect(result.isError).toBeFalsy();
    const status = result.structuredContent;
    expect(status.status).toBe('critical');
    expect(status.issues.map((issue: { type: string }) => issue.type).sort()).toEqual(['cpu', 'disk']);
    expect(status.disks).toEqual([{ mount: '/', usage_percent: 85, free_gb: 14 }]);
    expect(status.containers).toBe(1);
    expect(status.system.memory_gb).toBe(8);
    expect(text(result)).toMatch(/critical/);
  });

  it('host_metrics returns a cpu series', async () => {
    const result = await call(client, 'sentinel_host_metrics', { host_name: webName, metric: 'cpu', period: '1h' });
    expect(result.isError).toBeFalsy();
    const averages = result.structuredContent.series.map((point: { avg: number | null }) => point.avg).filter((avg: number | null) => avg !== null);
    expect(averages).toEqual([97]);
  });

  it('host_metrics returns disk usage per mount', async () => {
    const result = await call(client, 'sentinel_host_metrics', { host_name: webName, metric: 'disk', period: '1h' });
    expect(result.structuredContent.disks.map((disk: { mount: string }) => disk.mount)).toEqual(['/']);
    const values = result.structuredContent.disks[0].series.map((point: { avg: number | null }) => point.avg).filter((avg: number | null) => avg !== null);
    expect(values).toEqual([85]);
  });

  it('host_metrics returns network bytes per interface', async () => {
    const result = await call(client, 'sentinel_host_metrics', { host_name: webName, metric: 'network', period: '1h' });
    const eth0 = result.structuredContent.interfaces.find((entry: { interface: string }) => entry.interface === 'eth0');
    const received = eth0.bytes_received.map((point: { bytes: number | null }) => point.bytes).filter((bytes: number | null) => bytes !== null);
    expect(received).toEqual([5_000]);
    const sent = eth0.bytes_sent.map((point: { bytes: number | null }) => point.bytes).filter((bytes: number | null) => bytes !== null);
    expect(sent).toEqual([1_000]);
  });

  it('host_metrics reads all devices at once', async () => {
    const base = httpExecutor(app.http.url, project.keys.read);
    let operations = 0;
    const counting: GraphQLExecutor = (document, variables) => {
      operations += 1;
      return base(document, variables);
    };

    // One operation lists the host's interfaces and one reads every series of them.
    const output = await hostMetricsTool.run({ host_name: webName, metric: 'network', period: '1h' }, counting);
    expect(operations).toBe(2);
    expect((output.data.interfaces as { interface: string }[]).map((entry) => entry.interface)).toEqual(['eth0']);
  });

  it('top_processes sorts by memory', async () => {
    const result = await call(client, 'sentinel_top_processes', { host_name: webName, sort_by: 'memory', limit: 2 });
    expect(result.structuredContent.processes.map((process: { name: string }) => process.name)).toEqual(['postgres', 'node']);
    expect(result.structuredContent.processes[0].memory_mb).toBe(1500);
  });

  it('list_containers filters by status', async () => {
    const result = await call(client, 'sentinel_list_containers', { host_name: webName, status: 'running' });
    const containers = result.structuredContent.containers;
    expect(containers).toHaveLength(1);
    expect(containers[0]).toMatchObject({ name: 'api', image: 'acme/api:1.2', cpu_percent: 12 });
  });

  it('list_containers takes every Docker state', async () => {
    const result = await call(client, 'sentinel_list_containers', { host_name: webName, status: 'removing' });
    expect(result.isError, text(result)).toBeFalsy();
    expect(result.structuredContent.containers).toEqual([]);
  });

  it('fleet_overview counts hosts by status', async () => {
    const result = await call(client, 'sentinel_fleet_overview');
    expect(result.structuredContent.hosts).toMatchObject({ total: 2, critical: 1, online: 1 });
    expect(result.structuredContent.top_cpu[0]).toEqual({ name: webName, value: 97 });
  });

  it('capacity sums the reporting hosts', async () => {
    const result = await call(client, 'sentinel_capacity');
    expect(result.structuredContent.online_hosts).toBe(2);
    expect(result.structuredContent.total_cpu_cores).toBe(12);
    expect(result.structuredContent.can_add_load).toBe(false);
  });

  it('unknown host lists the closest names', async () => {
    const result = await call(client, 'sentinel_host_status', { host_name: webName.slice(0, -1) });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(`No host named "${webName.slice(0, -1)}"`);
    expect(text(result)).toContain(webName);
  });

  it('invalid enum lists the valid values', async () => {
    const result = await call(client, 'sentinel_host_metrics', { host_name: webName, metric: 'temperature' });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('cpu, memory, load, disk, network');
  });

  it('out-of-range limit is a tool error', async () => {
    const result = await call(client, 'sentinel_top_processes', { host_name: webName, limit: 1_000 });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('limit must be at most 100');
  });
});

describe('MCP tenancy', () => {
  it('shows another project nothing', async () => {
    const other = await seedProject(app.services.prisma);
    const client = await httpClient(other.keys.read);
    try {
      const hosts = await call(client, 'sentinel_list_hosts');
      expect(hosts.structuredContent.hosts).toEqual([]);
      const status = await call(client, 'sentinel_host_status', { host_name: webName });
      expect(status.isError).toBe(true);
      expect(text(status)).toContain('no hosts yet');
    } finally {
      await client.close();
    }
  });

  it('rejects a request without a key', async () => {
    const response = await fetch(`${app.http.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
  });

  it('rejects an ingest key', async () => {
    const response = await fetch(`${app.http.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${project.keys.ingest}`,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(403);
  });
});
