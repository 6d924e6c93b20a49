import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { seedHost } from './helpers/api-seed.ts';
import { graphql, seedProject, startTestApp } from './helpers/app.ts';

let app: Sentinel;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('fleetOverview', () => {
  it('counts, averages and ranks each host once', async () => {
    const seeded = await seedProject(app.services.prisma);
    const seed = (options: Parameters<typeof seedHost>[3]) => seedHost(app.services.prisma, app.services.pool, seeded.projectId, options);
    for (let i = 0; i < 6; i++) await seed({ name: `web-${i}`, environment: 'prod', role: 'web', cloudProvider: 'aws', latest: { cpu: 10 * (i + 1), memory: 20, load1m: 1 } });
    await seed({ name: 'db', environment: 'staging', role: 'db', status: 'critical', latest: { cpu: 99, memory: 96, load1m: 4 } });
    await seed({ name: 'gone', status: 'offline', latest: { cpu: 100, memory: 100 } });
    await seed({ name: 'new', status: 'unknown', latest: null });

    const result = await graphql(app.http.url, seeded.keys.read, `{ fleetOverview {
      totalHosts byStatus { value count } byEnvironment { value count } byRole { value count } byCloudProvider { value count }
      averageCpu averageMemory averageLoad topCpu { name value } topMemory { name value }
    } }`);

    expect(result.errors).toBeUndefined();
    const overview = result.data!.fleetOverview;
    expect(overview.totalHosts).toBe(9);
    expect(overview.byStatus).toEqual(expect.arrayContaining([{ value: 'online', count: 6 }, { value: 'critical', count: 1 }, { value: 'offline', count: 1 }, { value: 'unknown', count: 1 }]));
    expect(overview.byEnvironment).toEqual([{ value: 'prod', count: 6 }, { value: null, count: 2 }, { value: 'staging', count: 1 }]);
    expect(overview.byRole).toContainEqual({ value: 'db', count: 1 });
    expect(overview.byCloudProvider).toContainEqual({ value: 'aws', count: 6 });
    // Online and critical hosts only: (10+20+...+60 + 99) / 7.
    expect(overview.averageCpu).toBeCloseTo((210 + 99) / 7, 9);
    expect(overview.averageLoad).toBeCloseTo(10 / 7, 9);
    expect(overview.topCpu.map((host: { name: string }) => host.name)).toEqual(['db', 'web-5', 'web-4', 'web-3', 'web-2']);
    expect(overview.topMemory).toHaveLength(5);
    expect(new Set(overview.topMemory.map((host: { name: string }) => host.name)).size).toBe(5);
    expect(overview.topMemory[0]).toEqual({ name: 'db', value: 96 });
  });
});

describe('capacity', () => {
  it('sums hosts that are up and computes headroom', async () => {
    const seeded = await seedProject(app.services.prisma);
    const seed = (options: Parameters<typeof seedHost>[3]) => seedHost(app.services.prisma, app.services.pool, seeded.projectId, options);
    await seed({ cpuCores: 8, memoryTotalBytes: 16_000_000_000, latest: { cpu: 40, memory: 60 } });
    await seed({ cpuCores: 4, memoryTotalBytes: 8_000_000_000, status: 'warning', latest: { cpu: 80, memory: 70 } });
    await seed({ cpuCores: 64, memoryTotalBytes: 512_000_000_000, status: 'offline', latest: { cpu: 1, memory: 1 } });

    const result = await graphql(app.http.url, seeded.keys.read, '{ capacity { onlineHosts totalCpuCores totalMemoryBytes averageCpu averageMemory cpuHeadroom memoryHeadroom canAddLoad } }');
    expect(result.data!.capacity).toEqual({
      onlineHosts: 2, totalCpuCores: 12, totalMemoryBytes: 24_000_000_000,
      averageCpu: 60, averageMemory: 65, cpuHeadroom: 40, memoryHeadroom: 35, canAddLoad: true,
    });
  });

  it('reports no headroom without hosts', async () => {
    const seeded = await seedProject(app.services.prisma);
    const result = await graphql(app.http.url, seeded.keys.read, '{ capacity { onlineHosts averageCpu cpuHeadroom canAddLoad } }');
    expect(result.data!.capacity).toEqual({ onlineHosts: 0, averageCpu: null, cpuHeadroom: null, canAddLoad: false });
  });
});
