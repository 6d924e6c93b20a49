import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { startSentinel, type Sentinel } from '../../src/app.ts';
import type { KeyScope } from '../../src/auth/keys.ts';
import { createApiKey } from '../../src/auth/projects.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import type { PrismaClient } from '../../src/db/prisma.ts';
import { createLogger } from '../../src/logger.ts';

/** The migrated database that global setup made for this test run. */
export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...parseConfig({}),
    databaseUrl: testDatabaseUrl(),
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    runJobs: false,
    ...overrides,
  };
}

/** Starts the API on a free port against the test database. */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<Sentinel> {
  const config = testConfig(overrides);
  return startSentinel(config, createLogger(config.logLevel));
}

export type SeededProject = { projectId: string; keys: Record<KeyScope, string> };

/** Creates a project with a unique slug and one key of each scope. */
export async function seedProject(prisma: PrismaClient): Promise<SeededProject> {
  const slug = `test-${randomBytes(4).toString('hex')}`;
  const project = await prisma.project.create({ data: { slug, name: slug } });
  const [admin, read, ingest] = await Promise.all([
    createApiKey(prisma, project.id, 'admin', 'test admin'),
    createApiKey(prisma, project.id, 'read', 'test read'),
    createApiKey(prisma, project.id, 'ingest', 'test ingest'),
  ]);
  return { projectId: project.id, keys: { admin: admin.secret, read: read.secret, ingest: ingest.secret } };
}

export type GraphQLResponse<T = Record<string, any>> = {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
};

/** Sends one GraphQL operation over HTTP, as a client would. */
export async function graphql<T = Record<string, any>>(
  baseUrl: string,
  key: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}
