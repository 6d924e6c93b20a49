import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { reassignGroups } from '../src/groups/membership.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';
import { REPORT_MUTATION, reportInput } from './helpers/reports.ts';

let app: Sentinel;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

async function createGroup(projectId: string, name: string, rules: unknown[]): Promise<string> {
  const { rows } = await app.services.pool.query(
    'INSERT INTO host_groups (project_id, name, auto_assign_rules) VALUES ($1, $2, $3::jsonb) RETURNING id',
    [projectId, name, JSON.stringify(rules)],
  );
  return rows[0].id;
}

async function report(project: SeededProject, hostname: string, systemInfo: Record<string, unknown> = {}, agentId?: string) {
  const input = reportInput({ hostname, systemInfo, ...(agentId ? { agentId } : {}) });
  const result = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });
  expect(result.errors).toBeUndefined();
  return result.data!.reportMetrics.hostId as string;
}

async function groupOf(hostId: string): Promise<string | null> {
  const { rows } = await app.services.pool.query('SELECT host_group_id FROM hosts WHERE id = $1', [hostId]);
  return rows[0].host_group_id;
}

describe('group membership', () => {
  it('assigns new hosts on ingest', async () => {
    const project = await seedProject(app.services.prisma);
    const arm = await createGroup(project.projectId, 'b-arm', [{ field: 'architecture', operator: 'eq', value: 'arm64' }]);
    const web = await createGroup(project.projectId, 'c-web', [{ field: 'hostname', operator: 'regex', value: '^web-\\d+$' }]);

    expect(await groupOf(await report(project, 'web-12', { architecture: 'x86_64' }))).toBe(web);
    expect(await groupOf(await report(project, 'web-13', { architecture: 'arm64' }))).toBe(arm);
    expect(await groupOf(await report(project, 'db-1', { architecture: 'x86_64' }))).toBeNull();
  });

  it('follows changed system info', async () => {
    const project = await seedProject(app.services.prisma);
    const arm = await createGroup(project.projectId, 'arm', [{ field: 'architecture', operator: 'eq', value: 'arm64' }]);
    const agentId = `agent-${randomUUID()}`;

    const hostId = await report(project, 'box-1', { architecture: 'x86_64' }, agentId);
    expect(await groupOf(hostId)).toBeNull();
    await report(project, 'box-1', { architecture: 'arm64' }, agentId);
    expect(await groupOf(hostId)).toBe(arm);
    await report(project, 'box-1', { architecture: 'x86_64' }, agentId);
    expect(await groupOf(hostId)).toBeNull();
  });

  it('keeps hand-filled groups', async () => {
    const project = await seedProject(app.services.prisma);
    const manual = await createGroup(project.projectId, 'manual', []);
    const hostId = await report(project, 'pet-1');
    await app.services.pool.query('UPDATE hosts SET host_group_id = $1 WHERE id = $2', [manual, hostId]);

    await reassignGroups(app.services.pool, project.projectId);
    expect(await groupOf(hostId)).toBe(manual);
  });

  it('regroups a project by tags', async () => {
    const project = await seedProject(app.services.prisma);
    const hostId = await report(project, 'tagged-1');
    await app.services.pool.query(`UPDATE hosts SET tags = '{"team": "payments"}', role = 'api' WHERE id = $1`, [hostId]);
    const payments = await createGroup(project.projectId, 'payments', [
      { field: 'tags.team', operator: 'eq', value: 'payments' },
      { field: 'role', operator: 'starts_with', value: 'ap' },
    ]);

    await reassignGroups(app.services.pool, project.projectId);
    expect(await groupOf(hostId)).toBe(payments);
  });

  it('ignores stored invalid rules', async () => {
    const project = await seedProject(app.services.prisma);
    await createGroup(project.projectId, 'broken', [{ field: 'name', operator: 'regex', value: '(?<=x)' }]);
    const hostId = await report(project, 'x-1');
    expect(await groupOf(hostId)).toBeNull();
  });

  it('tries groups by name, ignoring case', async () => {
    const project = await seedProject(app.services.prisma);
    const rules = [{ field: 'name', operator: 'starts_with', value: 'web' }];
    await createGroup(project.projectId, 'Zeta', rules);
    const alpha = await createGroup(project.projectId, 'alpha', rules);
    await createGroup(project.projectId, 'Beta', rules);
    const hostId = await report(project, 'web-1');
    expect(await groupOf(hostId)).toBe(alpha);

    const listed = await graphql(app.http.url, project.keys.read, '{ hostGroups { name hostCount } }');
    expect(listed.data!.hostGroups).toEqual([
      { name: 'alpha', hostCount: 1 },
      { name: 'Beta', hostCount: 0 },
      { name: 'Zeta', hostCount: 0 },
    ]);
  });
});
