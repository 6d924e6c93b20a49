import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { seedHost } from './helpers/api-seed.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';

let app: Sentinel;
let owner: SeededProject;
let other: SeededProject;
let ids: { host: string; group: string; rule: string; key: string; otherHost: string };

beforeAll(async () => {
  app = await startTestApp();
  owner = await seedProject(app.services.prisma);
  other = await seedProject(app.services.prisma);
  const group = await app.services.prisma.hostGroup.create({ data: { projectId: owner.projectId, name: 'private-group' } });
  const host = await seedHost(app.services.prisma, app.services.pool, owner.projectId, { name: 'private-host', hostGroupId: group.id });
  await app.services.prisma.container.create({ data: { hostId: host.id, containerId: 'c1', name: 'private-container' } });
  const rule = await app.services.prisma.alertRule.create({ data: { projectId: owner.projectId, name: 'private-rule', scopeType: 'all', metric: 'cpu_usage', operator: 'gt', threshold: 90 } });
  const key = await app.services.prisma.apiKey.findFirstOrThrow({ where: { projectId: owner.projectId, scope: 'read' } });
  const otherHost = await seedHost(app.services.prisma, app.services.pool, other.projectId, { name: 'other-host' });
  ids = { host: host.id, group: group.id, rule: rule.id, key: key.id, otherHost: otherHost.id };
});
afterAll(async () => {
  await app?.stop();
});

describe('another project key', () => {
  it('reads nothing of the first project', async () => {
    const result = await graphql(app.http.url, other.keys.admin, `query ($host: ID!, $group: ID!) {
      hosts(first: 100) { totalCount edges { node { id } } }
      byGroup: hosts(filter: { groupId: $group }) { totalCount }
      host(id: $host) { id }
      hostByName(name: "private-host") { id }
      containers(hostId: $host) { id }
      allContainers: containers { name }
      hostGroups { id }
      alertRules { id }
      apiKeys { id }
      fleetOverview { totalHosts topCpu { hostId } }
      capacity { onlineHosts }
    }`, { host: ids.host, group: ids.group });

    expect(result.errors).toBeUndefined();
    const data = result.data!;
    expect(data.hosts.edges).toEqual([{ node: { id: ids.otherHost } }]);
    expect(data.byGroup.totalCount).toBe(0);
    expect(data.host).toBeNull();
    expect(data.hostByName).toBeNull();
    expect(data.containers).toEqual([]);
    expect(data.allContainers).toEqual([]);
    expect(data.hostGroups).toEqual([]);
    expect(data.alertRules).toEqual([]);
    expect(data.apiKeys.map((key: { id: string }) => key.id)).not.toContain(ids.key);
    expect(data.fleetOverview.totalHosts).toBe(1);
    expect(data.capacity.onlineHosts).toBe(1);
    expect(JSON.stringify(data)).not.toContain('private');
  });

  it('cannot change anything of the first project', async () => {
    const attempts: [string, Record<string, unknown>, string][] = [
      ['mutation ($id: ID!) { updateHost(id: $id, name: "taken") { id } }', { id: ids.host }, 'HOST_NOT_FOUND'],
      ['mutation ($id: ID!) { deleteHost(id: $id) }', { id: ids.host }, 'HOST_NOT_FOUND'],
      ['mutation ($id: ID!) { updateHostGroup(id: $id, name: "taken") { id } }', { id: ids.group }, 'NOT_FOUND'],
      ['mutation ($id: ID!) { deleteHostGroup(id: $id) }', { id: ids.group }, 'NOT_FOUND'],
      ['mutation ($id: ID!) { updateAlertRule(id: $id, input: { threshold: 1 }) { id } }', { id: ids.rule }, 'NOT_FOUND'],
      ['mutation ($id: ID!) { setAlertRuleEnabled(id: $id, enabled: false) { id } }', { id: ids.rule }, 'NOT_FOUND'],
      ['mutation ($id: ID!) { deleteAlertRule(id: $id) }', { id: ids.rule }, 'NOT_FOUND'],
      ['mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: ids.key }, 'NOT_FOUND'],
      ['mutation ($id: ID!, $group: ID!) { updateHost(id: $id, groupId: $group) { id } }', { id: ids.otherHost, group: ids.group }, 'INVALID_ARGUMENT'],
      [
        'mutation ($host: ID!) { createAlertRule(input: { name: "x", metric: CPU_USAGE, operator: GT, threshold: 1, options: { scopeType: HOST, scopeHostId: $host } }) { id } }',
        { host: ids.host },
        'INVALID_ARGUMENT',
      ],
    ];
    for (const [query, variables, code] of attempts) {
      const result = await graphql(app.http.url, other.keys.admin, query, variables);
      expect(result.errors?.[0]?.extensions?.code, query).toBe(code);
    }

    const host = await app.services.prisma.host.findUniqueOrThrow({ where: { id: ids.host } });
    expect(host.name).toBe('private-host');
    expect(await app.services.prisma.hostGroup.count({ where: { id: ids.group, name: 'private-group' } })).toBe(1);
    const rule = await app.services.prisma.alertRule.findUniqueOrThrow({ where: { id: ids.rule } });
    expect(rule).toMatchObject({ threshold: 90, enabled: true });
    expect((await app.services.prisma.apiKey.findUniqueOrThrow({ where: { id: ids.key } })).revokedAt).toBeNull();
  });
});
