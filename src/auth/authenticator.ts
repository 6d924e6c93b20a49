import type { PrismaClient } from '../db/prisma.ts';
import type { Logger } from '../logger.ts';
import { hashSecret, isKeyScope, type KeyScope } from './keys.ts';

/** Caller of a request: the key's project and the key's scope. */
export type Principal = { projectId: string; keyId: string; scope: KeyScope };

// A key is looked up once per this period and then served from memory, so ingest does
// not query api_keys on every report. It is also the longest time a revoked key keeps
// working on a process that had it cached.
const CACHE_TTL_MS = 30_000;
const MAX_CACHED_KEYS = 10_000;
// last_used_at is written at most this often per key.
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

type CacheEntry = { principal: Principal | null; expiresAt: number };

export class KeyAuthenticator {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {}

  /** Resolves a bearer secret to its principal, or null for an unknown or revoked key. */
  async authenticate(secret: string): Promise<Principal | null> {
    const secretHash = hashSecret(secret);
    const now = Date.now();
    const cached = this.cache.get(secretHash);
    if (cached && cached.expiresAt > now) {
      if (cached.principal) this.touch(cached.principal.keyId, now);
      return cached.principal;
    }

    const key = await this.prisma.apiKey.findUnique({ where: { secretHash } });
    const principal =
      key && !key.revokedAt && isKeyScope(key.scope)
        ? { projectId: key.projectId, keyId: key.id, scope: key.scope }
        : null;

    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
    this.cache.set(secretHash, { principal, expiresAt: now + CACHE_TTL_MS });
    if (principal) this.touch(principal.keyId, now);
    return principal;
  }

  /** Resolves an `Authorization: Bearer <secret>` header value; null when it is missing or invalid. */
  async authenticateHeader(header: string | null | undefined): Promise<Principal | null> {
    const secret = bearerSecret(header);
    return secret ? this.authenticate(secret) : null;
  }

  /** Drops every cached key, so that a revocation takes effect at once in this process. */
  forget(): void {
    this.cache.clear();
  }

  private touch(keyId: string, now: number): void {
    const last = this.lastUsedWrites.get(keyId) ?? 0;
    if (now - last < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastUsedWrites.set(keyId, now);
    this.prisma.apiKey
      .update({ where: { id: keyId }, data: { lastUsedAt: new Date(now) } })
      .catch((error: unknown) => this.logger.warn({ err: error, keyId }, 'Failed to record key use'));
  }
}

/** Reads the secret from an `Authorization: Bearer <secret>` header value. */
export function bearerSecret(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Kind of access an operation needs: reading data, mutations, reporting metrics, or listing and managing API keys. */
export type Access = 'read' | 'write' | 'ingest' | 'keys';

const SCOPE_GRANTS: Record<KeyScope, ReadonlySet<Access>> = {
  admin: new Set(['read', 'write', 'ingest', 'keys']),
  read: new Set(['read']),
  ingest: new Set(['ingest']),
};

/** Returns whether a key of `scope` may perform an operation that needs `access`. */
export function scopeAllows(scope: KeyScope, access: Access): boolean {
  return SCOPE_GRANTS[scope].has(access);
}
