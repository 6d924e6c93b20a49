import type pg from 'pg';
import { SentinelError } from '../errors.ts';

export type HostLabels = { environment: string | null; role: string | null };

// Fleet subscriptions filter by environment and role, which events do not carry. A
// host's labels are read once per this period per process, so a label change reaches
// filtered subscribers within this time.
const LABELS_TTL_MS = 60_000;
const MAX_CACHED_HOSTS = 50_000;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type CacheEntry = { labels: Promise<HostLabels | null>; expiresAt: number };

/** Finds hosts of a project for subscriptions, and caches their labels for event filters. */
export class HostLookup {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly pool: pg.Pool) {}

  /** Returns the host's labels, or throws HOST_NOT_FOUND when the project has no such host. */
  async requireHost(projectId: string, hostId: string): Promise<HostLabels> {
    const labels = UUID_PATTERN.test(hostId) ? await this.remember(projectId, hostId, readLabels(this.pool, projectId, hostId)) : null;
    if (!labels) throw new SentinelError('HOST_NOT_FOUND', `Host ${JSON.stringify(hostId)} not found`, { field: 'hostId', value: hostId });
    return labels;
  }

  /** Returns the host's labels from the cache, reading them when missing or expired. */
  labels(projectId: string, hostId: string, now = Date.now()): Promise<HostLabels | null> {
    const cached = this.cache.get(cacheKey(projectId, hostId));
    if (cached && cached.expiresAt > now) return cached.labels;
    return this.remember(projectId, hostId, readLabels(this.pool, projectId, hostId), now);
  }

  private remember(projectId: string, hostId: string, labels: Promise<HostLabels | null>, now = Date.now()) {
    if (this.cache.size >= MAX_CACHED_HOSTS) this.cache.clear();
    const key = cacheKey(projectId, hostId);
    this.cache.set(key, { labels, expiresAt: now + LABELS_TTL_MS });
    // A failed read is not cached: the next event tries again.
    labels.catch(() => this.cache.delete(key));
    return labels;
  }
}

function cacheKey(projectId: string, hostId: string): string {
  return `${projectId}:${hostId}`;
}

async function readLabels(pool: pg.Pool, projectId: string, hostId: string): Promise<HostLabels | null> {
  const { rows } = await pool.query<HostLabels>(
    `-- Read host labels
     SELECT environment, role FROM hosts WHERE id = $1 AND project_id = $2`,
    [hostId, projectId],
  );
  return rows[0] ?? null;
}
