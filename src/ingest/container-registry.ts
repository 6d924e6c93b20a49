import type pg from 'pg';
import { Fingerprint } from './fingerprint.ts';
import { LruCache } from './lru-cache.ts';
import type { ContainerSample } from './report-types.ts';
import { inLockOrder } from './lock-order.ts';

const CONTAINER_CACHE_ENTRIES = 200_000;
// containers.last_seen_at is refreshed at least this often while a container keeps
// reporting with unchanged metadata, so it lags the truth by at most this much.
export const CONTAINER_REFRESH_MS = 5 * 60_000;

type CachedContainer = { id: string; metadataHash: number; storedAt: number };

/** The newest metadata of one container in a batch, with the time of its report. */
export type ContainerSighting = { hostId: string; container: ContainerSample; seenAt: Date };

export function containerKey(hostId: string, containerId: string): string {
  return `${hostId}\u0000${containerId}`;
}

// Everything upsertContainers writes except last_seen_at; the stats change with every
// report and are stored elsewhere.
function metadataHash(container: ContainerSample): number {
  const hash = new Fingerprint()
    .add(container.name)
    .add(container.image)
    .add(container.imageId)
    .add(container.runtime)
    .add(container.status)
    .add(container.startedAt)
    .add(container.finishedAt)
    .add(container.exitCode)
    .add(container.memoryLimitBytes)
    .add(container.cpuLimit)
    .add(container.networkMode);
  for (const port of container.portMappings ?? []) {
    hash.add(port.containerPort).add(port.hostPort).add(port.protocol).add(port.hostIp);
  }
  hash.add(container.portMappings?.length);
  for (const label of container.labels ?? []) hash.add(label.name).add(label.value);
  return hash.add(container.labels?.length).value();
}

/**
 * Finds containers by (host, container id). Ids and a hash of the metadata are cached,
 * so a container is written only when it is new, its metadata changed, or its
 * last_seen_at is due for a refresh.
 */
export class ContainerRegistry {
  private readonly cache = new LruCache<string, CachedContainer>(CONTAINER_CACHE_ENTRIES);

  /**
   * Returns the row id of every sighted container, keyed by containerKey(), writing
   * only those the cache cannot vouch for. The cache is updated by commit().
   */
  async resolve(client: pg.PoolClient, sightings: ContainerSighting[], now: number): Promise<{ ids: Map<string, string>; commit: () => void }> {
    const ids = new Map<string, string>();
    const stale: (ContainerSighting & { key: string; hash: number })[] = [];
    for (const sighting of sightings) {
      const key = containerKey(sighting.hostId, sighting.container.containerId);
      const hash = metadataHash(sighting.container);
      const cached = this.cache.get(key);
      if (cached && cached.metadataHash === hash && now - cached.storedAt < CONTAINER_REFRESH_MS) ids.set(key, cached.id);
      else stale.push({ ...sighting, key, hash });
    }
    if (stale.length === 0) return { ids, commit: () => undefined };

    const ordered = inLockOrder(stale, (entry) => entry.key);
    const stored = await upsertContainers(client, ordered);
    for (const entry of ordered) {
      const id = stored.get(entry.key);
      if (id) ids.set(entry.key, id);
    }
    return {
      ids,
      commit: () => {
        for (const entry of stale) {
          const id = stored.get(entry.key);
          if (id) this.cache.set(entry.key, { id, metadataHash: entry.hash, storedAt: now });
        }
      },
    };
  }

  /** Drops every cached container, after a failed batch left the cache in doubt. */
  clear(): void {
    this.cache.clear();
  }
}

async function upsertContainers(client: pg.PoolClient, sightings: (ContainerSighting & { key: string })[]): Promise<Map<string, string>> {
  const rows = sightings.map(({ hostId, container, seenAt }) => ({
    host_id: hostId,
    container_id: container.containerId,
    name: container.name,
    image: container.image,
    image_id: container.imageId,
    runtime: container.runtime,
    status: container.status,
    started_at: container.startedAt,
    finished_at: container.finishedAt,
    exit_code: container.exitCode,
    memory_limit_bytes: container.memoryLimitBytes,
    cpu_limit: container.cpuLimit,
    network_mode: container.networkMode,
    port_mappings: container.portMappings ?? [],
    labels: Object.fromEntries((container.labels ?? []).map((label) => [label.name, label.value])),
    last_seen_at: seenAt,
  }));
  // A buffered report older than what is stored must not roll the metadata back, so the
  // update is skipped for it. Its id is then read by the second query.
  const { rows: written } = await client.query<{ id: string; host_id: string; container_id: string }>(
    `-- Register or update containers
     INSERT INTO containers (${CONTAINER_COLUMNS.join(', ')})
     SELECT ${CONTAINER_COLUMNS.join(', ')} FROM jsonb_populate_recordset(NULL::containers, $1::jsonb)
     ON CONFLICT (host_id, container_id) DO UPDATE SET
       ${CONTAINER_COLUMNS.slice(2).map((column) => `${column} = EXCLUDED.${column}`).join(', ')},
       updated_at = now()
     WHERE containers.last_seen_at IS NULL OR containers.last_seen_at <= EXCLUDED.last_seen_at
     RETURNING id, host_id, container_id`,
    [JSON.stringify(rows)],
  );
  const ids = new Map(written.map((row) => [containerKey(row.host_id, row.container_id), row.id]));
  const missing = sightings.filter((sighting) => !ids.has(sighting.key));
  if (missing.length > 0) {
    const { rows: found } = await client.query<{ id: string; host_id: string; container_id: string }>(
      `-- Find containers by host and container id
       SELECT c.id, c.host_id, c.container_id
       FROM containers c JOIN unnest($1::uuid[], $2::text[]) AS k (host_id, container_id)
         ON c.host_id = k.host_id AND c.container_id = k.container_id`,
      [missing.map((m) => m.hostId), missing.map((m) => m.container.containerId)],
    );
    for (const row of found) ids.set(containerKey(row.host_id, row.container_id), row.id);
  }
  return ids;
}

const CONTAINER_COLUMNS = [
  'host_id',
  'container_id',
  'name',
  'image',
  'image_id',
  'runtime',
  'status',
  'started_at',
  'finished_at',
  'exit_code',
  'memory_limit_bytes',
  'cpu_limit',
  'network_mode',
  'port_mappings',
  'labels',
  'last_seen_at',
];
