import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma.ts';
import type { Logger } from '../logger.ts';
import { hashSecret } from './keys.ts';
import { createApiKey, ensureProject } from './projects.ts';

const DEFAULT_PROJECT_SLUG = 'default';
const CREDENTIALS_FILE = 'credentials.json';

const credentialsSchema = z.object({
  projectId: z.string().uuid(),
  adminKey: z.string().min(1),
  ingestKey: z.string().min(1),
});
export type LocalCredentials = z.infer<typeof credentialsSchema>;

export type BootstrapResult = { credentials: LocalCredentials; created: boolean; file: string };

/**
 * Makes sure the local installation has a default project with an admin and an ingest
 * key, stored in `<dataDir>/credentials.json` (mode 600) for the bundled agent. Keys
 * are made on the first start only, or again when the stored ones no longer work
 * (for instance after the database was replaced).
 */
export async function bootstrapLocalCredentials(
  prisma: PrismaClient,
  dataDir: string,
  logger: Logger,
): Promise<BootstrapResult> {
  const file = join(dataDir, CREDENTIALS_FILE);
  const stored = readCredentials(file);
  if (stored && (await keysStillValid(prisma, stored))) {
    return { credentials: stored, created: false, file };
  }

  const project = await ensureProject(prisma, DEFAULT_PROJECT_SLUG, 'Default project');
  const admin = await createApiKey(prisma, project.id, 'admin', 'Local admin key');
  const ingest = await createApiKey(prisma, project.id, 'ingest', 'Local agent key');
  const credentials = { projectId: project.id, adminKey: admin.secret, ingestKey: ingest.secret };

  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  logger.info({ projectId: project.id, adminKeyPrefix: admin.prefix, file }, 'Created local project keys');
  return { credentials, created: true, file };
}

function readCredentials(file: string): LocalCredentials | null {
  if (!existsSync(file)) return null;
  const parsed = credentialsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

async function keysStillValid(prisma: PrismaClient, credentials: LocalCredentials): Promise<boolean> {
  const hashes = [hashSecret(credentials.adminKey), hashSecret(credentials.ingestKey)];
  const count = await prisma.apiKey.count({ where: { secretHash: { in: hashes }, revokedAt: null } });
  return count === hashes.length;
}
