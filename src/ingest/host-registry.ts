import { createHash } from 'node:crypto';
import type pg from 'pg';
import { LruCache } from './lru-cache.ts';
import type { ReportBatch } from './report-types.ts';
import { inLockOrder } from './lock-order.ts';

/** Hosts whose id and system info this process remembers. */
const HOST_CACHE_ENTRIES = 50_000;
// A cached host is written again after this long even when its system info did not
// change, so that a host changed by another API replica or deleted is noticed.
const HOST_CACHE_TTL_MS = 10 * 60_000;

type CachedHost = { hostId: string; infoHash: string; storedAt: number };

export type HostUpsert = {
  key: string;
  projectId: string;
  batch: ReportBatch;
  infoHash: string;
};

export type RegisteredHost = { key: string; hostId: string; created: boolean };

export function hostKey(projectId: string, agentId: string): string {
  return `${projectId}\u0000${agentId}`;
}

/** Hashes what ingest writes to a hosts row, so an unchanged host is not written again. */
export function systemInfoHash(batch: ReportBatch): string {
  const written = [batch.systemInfo, batch.agentVersion ?? null, batch.agentStartedAt ?? null];
  return createHash('sha1').update(JSON.stringify(written)).digest('base64');
}

/**
 * Finds hosts by (project, agent id) and keeps their system info current. The id and
 * a hash of the system info are cached, so a known host with unchanged system info
 * costs no query. New or changed hosts are written in one statement per batch.
 */
export class HostRegistry {
  private readonly cache = new LruCache<string, CachedHost>(HOST_CACHE_ENTRIES);

  /** Returns the cached id of a host when its row is known to hold this system info. */
  cachedHostId(key: string, infoHash: string, now: number): string | null {
    const cached = this.cache.get(key);
    if (!cached || cached.infoHash !== infoHash || now - cached.storedAt > HOST_CACHE_TTL_MS) return null;
    return cached.hostId;
  }

  remember(key: string, hostId: string, infoHash: string, now: number): void {
    this.cache.set(key, { hostId, infoHash, storedAt: now });
  }

  forget(key: string): void {
    this.cache.delete(key);
  }

  /**
   * Creates or updates the hosts of `upserts` (one per key) and returns their ids. The
   * display name is set from the hostname only when a host is created: operators may
   * rename it, and an agent whose hostname changed stays the same host.
   */
  async upsert(client: pg.PoolClient, upserts: HostUpsert[]): Promise<RegisteredHost[]> {
    if (upserts.length === 0) return [];
    const sorted = inLockOrder(upserts, (upsert) => upsert.key);
    const rows = sorted.map(({ projectId, batch }) => ({
      project_id: projectId,
      agent_id: batch.agentId,
      name: batch.systemInfo.hostname,
      hostname: batch.systemInfo.hostname,
      os: batch.systemInfo.os,
      os_version: batch.systemInfo.osVersion,
      kernel_version: batch.systemInfo.kernelVersion,
      architecture: batch.systemInfo.architecture,
      cpu_model: batch.systemInfo.cpuModel,
      cpu_cores: batch.systemInfo.cpuCores,
      cpu_threads: batch.systemInfo.cpuThreads,
      memory_total_bytes: batch.systemInfo.memoryTotalBytes,
      swap_total_bytes: batch.systemInfo.swapTotalBytes,
      ip_addresses: batch.systemInfo.ipAddresses ?? [],
      public_ip: batch.systemInfo.publicIp,
      private_ip: batch.systemInfo.privateIp,
      mac_addresses: batch.systemInfo.macAddresses ?? [],
      cloud_provider: batch.systemInfo.cloudProvider,
      cloud_region: batch.systemInfo.cloudRegion,
      cloud_zone: batch.systemInfo.cloudZone,
      instance_type: batch.systemInfo.instanceType,
      instance_id: batch.systemInfo.instanceId,
      agent_version: batch.agentVersion,
      agent_started_at: batch.agentStartedAt,
      boot_time: batch.systemInfo.bootTime,
    }));
    const { rows: stored } = await client.query<{ id: string; project_id: string; agent_id: string; created: boolean }>(
      `-- Register or update hosts
       INSERT INTO hosts (${HOST_COLUMNS.join(', ')})
       SELECT ${HOST_COLUMNS.join(', ')} FROM jsonb_populate_recordset(NULL::hosts, $1::jsonb)
       ON CONFLICT (project_id, agent_id) DO UPDATE SET
         ${INFO_COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ')},
         updated_at = CASE
           WHEN (${INFO_COLUMNS.map((column) => `hosts.${column}`).join(', ')})
                IS DISTINCT FROM (${INFO_COLUMNS.map((column) => `EXCLUDED.${column}`).join(', ')})
           THEN now() ELSE hosts.updated_at END
       RETURNING id, project_id, agent_id, (xmax = 0) AS created`,
      [JSON.stringify(rows)],
    );
    return stored.map((row) => ({ key: hostKey(row.project_id, row.agent_id), hostId: row.id, created: row.created }));
  }
}

// Columns that follow the agent's system info on every change; `name` is not among
// them because it is the operator's.
const INFO_COLUMNS = [
  'hostname',
  'os',
  'os_version',
  'kernel_version',
  'architecture',
  'cpu_model',
  'cpu_cores',
  'cpu_threads',
  'memory_total_bytes',
  'swap_total_bytes',
  'ip_addresses',
  'public_ip',
  'private_ip',
  'mac_addresses',
  'cloud_provider',
  'cloud_region',
  'cloud_zone',
  'instance_type',
  'instance_id',
  'agent_version',
  'agent_started_at',
  'boot_time',
];
const HOST_COLUMNS = ['project_id', 'agent_id', 'name', ...INFO_COLUMNS];
