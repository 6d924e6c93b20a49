import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PrismaClient } from '../../src/db/prisma.ts';

export type SeedHostOptions = {
  name?: string;
  status?: string;
  environment?: string | null;
  role?: string | null;
  cloudProvider?: string | null;
  cpuCores?: number | null;
  memoryTotalBytes?: number | null;
  tags?: Record<string, string>;
  hostGroupId?: string | null;
  lastSeenAt?: Date | null;
  latest?: { cpu?: number | null; memory?: number | null; load1m?: number | null; uptimeSeconds?: number | null; recordedAt?: Date } | null;
};

/** Inserts a host and, unless `latest` is null, its newest sample, straight into the tables. */
export async function seedHost(prisma: PrismaClient, pool: pg.Pool, projectId: string, options: SeedHostOptions = {}) {
  const name = options.name ?? `host-${randomUUID().slice(0, 8)}`;
  const host = await prisma.host.create({
    data: {
      projectId,
      name,
      hostname: name,
      agentId: randomUUID(),
      status: options.status ?? 'online',
      environment: options.environment ?? null,
      role: options.role ?? null,
      cloudProvider: options.cloudProvider ?? null,
      cpuCores: options.cpuCores === undefined ? 4 : options.cpuCores,
      memoryTotalBytes: options.memoryTotalBytes === undefined ? 8_000_000_000 : options.memoryTotalBytes,
      tags: options.tags ?? {},
      hostGroupId: options.hostGroupId ?? null,
      lastSeenAt: options.lastSeenAt === undefined ? new Date() : options.lastSeenAt,
    },
  });
  if (options.latest !== null) {
    const latest = options.latest ?? {};
    await pool.query(
      `INSERT INTO host_latest (host_id, recorded_at, cpu_usage_percent, memory_usage_percent, load_1m, uptime_seconds)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [host.id, latest.recordedAt ?? new Date(), latest.cpu ?? 20, latest.memory ?? 40, latest.load1m ?? 0.5, latest.uptimeSeconds ?? 90_061],
    );
  }
  return host;
}

/** Inserts host_metrics rows every `stepSeconds` from `from` for `count` samples, cpu = value(i). */
export async function seedHostSamples(pool: pg.Pool, hostId: string, from: Date, count: number, stepSeconds: number, value: (i: number) => number) {
  const times = Array.from({ length: count }, (_, i) => new Date(from.getTime() + i * stepSeconds * 1_000));
  const values = times.map((_, i) => value(i));
  await pool.query(
    `INSERT INTO host_metrics (host_id, recorded_at, cpu_usage_percent, memory_usage_percent)
     SELECT $1, t, v, v / 2 FROM unnest($2::timestamptz[], $3::float8[]) AS s(t, v)`,
    [hostId, times, values],
  );
}
