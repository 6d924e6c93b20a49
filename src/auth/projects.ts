import type { PrismaClient } from '../db/prisma.ts';
import { generateKey, type KeyScope } from './keys.ts';

export type CreatedKey = { id: string; name: string; scope: KeyScope; prefix: string; secret: string };

/** Creates an API key for a project. The secret is returned here and never again. */
export async function createApiKey(
  prisma: PrismaClient,
  projectId: string,
  scope: KeyScope,
  name: string,
): Promise<CreatedKey> {
  const generated = generateKey(scope);
  const key = await prisma.apiKey.create({
    data: { projectId, scope, name, prefix: generated.prefix, secretHash: generated.secretHash },
  });
  return { id: key.id, name: key.name, scope, prefix: key.prefix, secret: generated.secret };
}

/** Returns the project with this slug, creating it when missing. */
export async function ensureProject(prisma: PrismaClient, slug: string, name: string) {
  return prisma.project.upsert({ where: { slug }, update: {}, create: { slug, name } });
}
