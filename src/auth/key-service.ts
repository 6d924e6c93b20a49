import type { PrismaClient } from '../db/prisma.ts';
import { invalidArgument, SentinelError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { KeyAuthenticator } from './authenticator.ts';
import { isKeyScope } from './keys.ts';
import { createApiKey, type CreatedKey } from './projects.ts';

const MAX_KEY_NAME_LENGTH = 200;

/** Lists, creates and revokes a project's API keys. Secrets are returned once, on creation. */
export class KeyService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly authenticator: KeyAuthenticator,
    private readonly logger: Logger,
  ) {}

  list(projectId: string) {
    return this.prisma.apiKey.findMany({ where: { projectId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  async create(projectId: string, scope: string, name: string): Promise<CreatedKey> {
    if (!isKeyScope(scope)) throw invalidArgument('scope', scope, 'expected admin, read or ingest');
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_KEY_NAME_LENGTH) {
      throw invalidArgument('name', name, `must have 1 to ${MAX_KEY_NAME_LENGTH} characters`);
    }

    const key = await createApiKey(this.prisma, projectId, scope, trimmed);
    this.logger.info({ projectId, keyId: key.id, scope, prefix: key.prefix }, 'Created API key');
    return key;
  }

  /** Revokes a key; this process stops accepting it at once, others within their key cache period. */
  async revoke(projectId: string, id: string) {
    const key = await this.prisma.apiKey.findFirst({ where: { id, projectId } });
    if (!key) throw new SentinelError('NOT_FOUND', `API key ${id} not found`, { field: 'id', value: id });
    if (key.revokedAt) return key;

    const revoked = await this.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    this.authenticator.forget();
    this.logger.info({ projectId, keyId: id, prefix: key.prefix }, 'Revoked API key');
    return revoked;
  }
}
