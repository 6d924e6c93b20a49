import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { seedHost } from './helpers/api-seed.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';

let app: Sentinel;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const UPDATE_HOST = `mutation ($id: ID!, $role: String, $tags: JSONObject, $groupId: ID) {
  updateHost(id: $id, role: $role, tags: $tags, groupId: $groupId) { role group { name } }
}`;

async function createGroup(seeded: SeededProject, name: string, rules: object[]): Promise<string> {
  const created = await graphql(app.http.url, seeded.keys.admin, 'mutation ($name: String!, $rules: [AutoAssignRuleInput!]) { createHostGroup(name: $name, rules: $rules) { id } }', { name, rules });
  expect(created.errors).toBeUndefined();
  return created.data!.createHostGroup.id;
}

describe('group membership after host edits', () => {
  it('moves a host whose role now matches', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { role: 'web' });
    await createGroup(seeded, 'Special', [{ field: 'role', operator: 'eq', value: 'special' }]);

    const joined = await graphql(app.http.url, seeded.keys.admin, UPDATE_HOST, { id: host.id, role: 'special' });
    expect(joined.data!.updateHost).toEqual({ role: 'special', group: { name: 'Special' } });

    const left = await graphql(app.http.url, seeded.keys.admin, UPDATE_HOST, { id: host.id, role: 'web' });
    expect(left.data!.updateHost).toEqual({ role: 'web', group: null });
  });

  it('moves a host whose tags now match', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, {});
    await createGroup(seeded, 'Team core', [{ field: 'tags.team', operator: 'eq', value: 'core' }]);

    const joined = await graphql(app.http.url, seeded.keys.admin, UPDATE_HOST, { id: host.id, tags: { team: 'core' } });
    expect(joined.data!.updateHost.group).toEqual({ name: 'Team core' });
  });

  it('keeps a group set in the same call', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { role: 'web' });
    await createGroup(seeded, 'Special', [{ field: 'role', operator: 'eq', value: 'special' }]);
    const chosen = await createGroup(seeded, 'Chosen', []);

    const result = await graphql(app.http.url, seeded.keys.admin, UPDATE_HOST, { id: host.id, role: 'special', groupId: chosen });
    expect(result.data!.updateHost).toEqual({ role: 'special', group: { name: 'Chosen' } });
  });

  it('keeps a hand-filled group when nothing matches', async () => {
    const seeded = await seedProject(app.services.prisma);
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { role: 'web' });
    const chosen = await createGroup(seeded, 'Chosen', []);
    await graphql(app.http.url, seeded.keys.admin, UPDATE_HOST, { id: host.id, groupId: chosen });

    const result = await graphql(app.http.url, seeded.keys.admin, UPDATE_HOST, { id: host.id, role: 'db' });
    expect(result.data!.updateHost).toEqual({ role: 'db', group: { name: 'Chosen' } });
  });
});
