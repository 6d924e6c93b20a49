import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { seedHost, seedHostSamples } from './helpers/api-seed.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';

let app: Sentinel;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const newProject = (): Promise<SeededProject> => seedProject(app.services.prisma);

describe('host mutations', () => {
  it('updates organisation fields', async () => {
    const seeded = await newProject();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { environment: 'dev' });
    const result = await graphql(app.http.url, seeded.keys.admin, `mutation ($id: ID!, $tags: JSONObject) {
      updateHost(id: $id, name: "api-1", role: "api", environment: null, tags: $tags) { name role environment tags }
    }`, { id: host.id, tags: { team: 'core' } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateHost).toEqual({ name: 'api-1', role: 'api', environment: null, tags: { team: 'core' } });
  });

  it('rejects an unknown host with HOST_NOT_FOUND', async () => {
    const seeded = await newProject();
    const result = await graphql(app.http.url, seeded.keys.admin, 'mutation { updateHost(id: "00000000-0000-4000-8000-000000000000", name: "x") { id } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'HOST_NOT_FOUND', value: '00000000-0000-4000-8000-000000000000' });
  });

  it('deletes a host with its series', async () => {
    const seeded = await newProject();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    await seedHostSamples(app.services.pool, host.id, new Date(Date.now() - 600_000), 10, 10, () => 5);
    await app.services.pool.query(`INSERT INTO disk_metrics (host_id, recorded_at, device, mount_point) VALUES ($1, now(), 'sda', '/')`, [host.id]);
    await app.services.pool.query(`INSERT INTO host_metrics_5m (host_id, bucket, samples) VALUES ($1, '2026-01-05T00:00:00Z', 1)`, [host.id]);

    const result = await graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!) { deleteHost(id: $id) }', { id: host.id });

    expect(result.data!.deleteHost).toBe(host.id);
    for (const table of ['hosts', 'host_latest', 'host_metrics', 'disk_metrics', 'host_metrics_5m']) {
      const column = table === 'hosts' ? 'id' : 'host_id';
      const { rows } = await app.services.pool.query(`SELECT count(*) AS n FROM ${table} WHERE ${column} = $1`, [host.id]);
      expect(rows[0].n, table).toBe(0);
    }
  });

  it('rejects mutations from a read key', async () => {
    const seeded = await newProject();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const result = await graphql(app.http.url, seeded.keys.read, 'mutation ($id: ID!) { deleteHost(id: $id) }', { id: host.id });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', scope: 'read', required: 'admin' });
    expect(result.errors?.[0]?.message).toBe('A key with scope read may not run mutations. Use a key with scope admin.');
    expect(await app.services.prisma.host.count({ where: { id: host.id } })).toBe(1);
  });
});

describe('host group mutations', () => {
  it('creates a group and assigns matching hosts at once', async () => {
    const seeded = await newProject();
    const web = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { role: 'web', latest: { cpu: 30, memory: 50 } });
    await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { role: 'db' });

    const result = await graphql(app.http.url, seeded.keys.admin, `mutation {
      createHostGroup(name: "Web", color: "#00f", rules: [{ field: "role", operator: "eq", value: "web" }]) {
        id name rules { field operator value } hostCount averageCpu averageMemory hosts(first: 10) { totalCount edges { node { id } } }
      }
    }`);

    expect(result.errors).toBeUndefined();
    const group = result.data!.createHostGroup;
    expect(group.rules).toEqual([{ field: 'role', operator: 'eq', value: 'web' }]);
    expect(group.hostCount).toBe(1);
    expect(group.hosts.edges).toEqual([{ node: { id: web.id } }]);
    expect(group.averageCpu).toBe(30);
    expect(group.averageMemory).toBe(50);
  });

  it('rejects an invalid rule and a duplicate name', async () => {
    const seeded = await newProject();
    const bad = await graphql(app.http.url, seeded.keys.admin, 'mutation { createHostGroup(name: "A", rules: [{ field: "shoe_size", operator: "eq", value: "9" }]) { id } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect(bad.errors?.[0]?.message).toContain('shoe_size');

    await graphql(app.http.url, seeded.keys.admin, 'mutation { createHostGroup(name: "A") { id } }');
    const duplicate = await graphql(app.http.url, seeded.keys.admin, 'mutation { createHostGroup(name: "A") { id } }');
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'name' });
  });

  it('rejects an invalid color', async () => {
    const seeded = await newProject();
    for (const color of ['not a colour', 'red', '#12345', '#gggggg', '00aa00']) {
      const result = await graphql(app.http.url, seeded.keys.admin, 'mutation ($color: String) { createHostGroup(name: "C", color: $color) { id } }', { color });
      expect(result.errors?.[0]?.extensions, color).toEqual({ code: 'INVALID_ARGUMENT', field: 'color', value: color });
      expect(result.errors?.[0]?.message, color).toContain(JSON.stringify(color));
    }
    expect(await app.services.prisma.hostGroup.count({ where: { projectId: seeded.projectId } })).toBe(0);
  });

  it('accepts, changes and removes a color', async () => {
    const seeded = await newProject();
    const created = await graphql(app.http.url, seeded.keys.admin, 'mutation { createHostGroup(name: "C", color: "#1F77b4") { id color } }');
    expect(created.data!.createHostGroup.color).toBe('#1F77b4');
    const id = created.data!.createHostGroup.id;

    const rejected = await graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!) { updateHostGroup(id: $id, color: "blue") { color } }', { id });
    expect(rejected.errors?.[0]?.extensions).toEqual({ code: 'INVALID_ARGUMENT', field: 'color', value: 'blue' });
    const short = await graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!) { updateHostGroup(id: $id, color: "#0a0") { color } }', { id });
    expect(short.data!.updateHostGroup.color).toBe('#0a0');
    const removed = await graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!) { updateHostGroup(id: $id, color: null) { color } }', { id });
    expect(removed.data!.updateHostGroup.color).toBeNull();
  });

  it('updates rules and deletes a group', async () => {
    const seeded = await newProject();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId, { environment: 'prod' });
    const created = await graphql(app.http.url, seeded.keys.admin, 'mutation { createHostGroup(name: "G", rules: [{ field: "environment", operator: "eq", value: "dev" }]) { id hostCount } }');
    const id = created.data!.createHostGroup.id;
    expect(created.data!.createHostGroup.hostCount).toBe(0);

    const updated = await graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!) { updateHostGroup(id: $id, rules: [{ field: "environment", operator: "eq", value: "prod" }]) { hostCount } }', { id });
    expect(updated.data!.updateHostGroup.hostCount).toBe(1);

    const deleted = await graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!) { deleteHostGroup(id: $id) }', { id });
    expect(deleted.data!.deleteHostGroup).toBe(id);
    expect((await app.services.prisma.host.findUniqueOrThrow({ where: { id: host.id } })).hostGroupId).toBeNull();
  });
});

const CREATE_RULE = `mutation ($input: CreateAlertRuleInput!) {
  createAlertRule(input: $input) { id name metric operator threshold aggregation durationSeconds scopeType scopeHostId mountPoint severity enabled }
}`;

describe('alert rule mutations', () => {
  it('creates, updates, disables and deletes a rule', async () => {
    const seeded = await newProject();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const created = await graphql(app.http.url, seeded.keys.admin, CREATE_RULE, {
      input: { name: 'Disk full', metric: 'DISK_USAGE', operator: 'GTE', threshold: 90, options: { scopeType: 'HOST', scopeHostId: host.id, mountPoint: '/', severity: 'CRITICAL' } },
    });
    expect(created.errors).toBeUndefined();
    const rule = created.data!.createAlertRule;
    expect(rule).toMatchObject({ metric: 'DISK_USAGE', operator: 'GTE', aggregation: 'AVG', durationSeconds: 300, scopeType: 'HOST', scopeHostId: host.id, mountPoint: '/', severity: 'CRITICAL', enabled: true });

    const updated = await graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!) { updateAlertRule(id: $id, input: { threshold: 95, options: { durationSeconds: 60 } }) { threshold durationSeconds mountPoint } }', { id: rule.id });
    expect(updated.data!.updateAlertRule).toEqual({ threshold: 95, durationSeconds: 60, mountPoint: '/' });

    const disabled = await graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!) { setAlertRuleEnabled(id: $id, enabled: false) { enabled } }', { id: rule.id });
    expect(disabled.data!.setAlertRuleEnabled.enabled).toBe(false);

    const listed = await graphql(app.http.url, seeded.keys.read, '{ alertRules { id } }');
    expect(listed.data!.alertRules).toEqual([{ id: rule.id }]);

    const deleted = await graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!) { deleteAlertRule(id: $id) }', { id: rule.id });
    expect(deleted.data!.deleteAlertRule).toBe(rule.id);
  });

  it('rejects inconsistent rules naming the field', async () => {
    const seeded = await newProject();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'a', metric: 'CPU_USAGE', operator: 'GT', threshold: 90, options: { mountPoint: '/' } }, 'mountPoint'],
      [{ name: 'a', metric: 'DISK_USAGE', operator: 'GT', threshold: 90, options: { interface: 'eth0' } }, 'interface'],
      [{ name: 'a', metric: 'CPU_USAGE', operator: 'GT', threshold: 90, options: { scopeType: 'GROUP' } }, 'scopeGroupId'],
      [{ name: 'a', metric: 'CPU_USAGE', operator: 'GT', threshold: 90, options: { scopeType: 'HOST', scopeHostId: '00000000-0000-4000-8000-000000000000' } }, 'scopeHostId'],
      [{ name: 'a', metric: 'CPU_USAGE', operator: 'GT', threshold: 90, options: { scopeType: 'TAG' } }, 'scopeTags'],
      [{ name: 'a', metric: 'CPU_USAGE', operator: 'GT', threshold: 90, options: { durationSeconds: -1 } }, 'durationSeconds'],
      [{ name: ' ', metric: 'CPU_USAGE', operator: 'GT', threshold: 90 }, 'name'],
    ];
    for (const [input, field] of cases) {
      const result = await graphql(app.http.url, seeded.keys.admin, CREATE_RULE, { input });
      expect(result.errors?.[0]?.extensions, field).toMatchObject({ code: 'INVALID_ARGUMENT', field });
    }
    expect(await app.services.prisma.alertRule.count({ where: { projectId: seeded.projectId } })).toBe(0);
  });

  it('rejects a scope target of another scope', async () => {
    const seeded = await newProject();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const group = await app.services.prisma.hostGroup.create({ data: { projectId: seeded.projectId, name: 'web' } });
    const rule = { name: 'a', metric: 'CPU_USAGE', operator: 'GT', threshold: 90 };
    const cases: [Record<string, unknown>, string, unknown, string][] = [
      [{ scopeHostId: host.id }, 'scopeHostId', host.id, "scopeType is HOST, but the rule's scopeType is ALL"],
      [{ scopeGroupId: group.id }, 'scopeGroupId', group.id, "scopeType is GROUP, but the rule's scopeType is ALL"],
      [{ scopeTags: { team: 'a' } }, 'scopeTags', { team: 'a' }, "scopeType is TAG, but the rule's scopeType is ALL"],
      [{ scopeType: 'HOST', scopeHostId: host.id, scopeGroupId: group.id }, 'scopeGroupId', group.id, "scopeType is GROUP, but the rule's scopeType is HOST"],
      [{ scopeType: 'HOST', scopeGroupId: group.id }, 'scopeGroupId', group.id, "scopeType is GROUP, but the rule's scopeType is HOST"],
      [{ scopeType: 'GROUP', scopeGroupId: group.id, scopeTags: { team: 'a' } }, 'scopeTags', { team: 'a' }, "scopeType is TAG, but the rule's scopeType is GROUP"],
    ];

    for (const [options, field, value, reason] of cases) {
      const result = await graphql(app.http.url, seeded.keys.admin, CREATE_RULE, { input: { ...rule, options } });
      expect(result.errors?.[0]?.extensions, field).toMatchObject({ code: 'INVALID_ARGUMENT', field, value });
      expect(result.errors?.[0]?.message, field).toContain(reason);
    }
    expect(await app.services.prisma.alertRule.count({ where: { projectId: seeded.projectId } })).toBe(0);
  });

  it('checks scope targets on update', async () => {
    const seeded = await newProject();
    const host = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const other = await seedHost(app.services.prisma, app.services.pool, seeded.projectId);
    const group = await app.services.prisma.hostGroup.create({ data: { projectId: seeded.projectId, name: 'web' } });
    const created = await graphql(app.http.url, seeded.keys.admin, CREATE_RULE, { input: { name: 'a', metric: 'CPU_USAGE', operator: 'GT', threshold: 90 } });
    const id = created.data!.createAlertRule.id;
    const update = (input: Record<string, unknown>) =>
      graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!, $input: UpdateAlertRuleInput!) { updateAlertRule(id: $id, input: $input) { threshold scopeType scopeHostId scopeGroupId } }', { id, input });

    const fleetWide = await update({ threshold: 50, options: { scopeHostId: host.id } });
    expect(fleetWide.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'scopeHostId', value: host.id });
    const unchanged = await app.services.prisma.alertRule.findUniqueOrThrow({ where: { id } });
    expect(unchanged).toMatchObject({ threshold: 90, scopeType: 'all', scopeHostId: null });

    const scoped = await update({ options: { scopeType: 'HOST', scopeHostId: host.id } });
    expect(scoped.data!.updateAlertRule).toEqual({ threshold: 90, scopeType: 'HOST', scopeHostId: host.id, scopeGroupId: null });
    const wrongTarget = await update({ options: { scopeGroupId: group.id } });
    expect(wrongTarget.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'scopeGroupId', value: group.id });
    const moved = await update({ options: { scopeHostId: other.id } });
    expect(moved.data!.updateAlertRule).toEqual({ threshold: 90, scopeType: 'HOST', scopeHostId: other.id, scopeGroupId: null });
    const regrouped = await update({ options: { scopeType: 'GROUP', scopeGroupId: group.id } });
    expect(regrouped.data!.updateAlertRule).toEqual({ threshold: 90, scopeType: 'GROUP', scopeHostId: null, scopeGroupId: group.id });
    const cleared = await update({ options: { scopeType: 'ALL', scopeGroupId: null } });
    expect(cleared.data!.updateAlertRule).toEqual({ threshold: 90, scopeType: 'ALL', scopeHostId: null, scopeGroupId: null });
  });

  it('names bad enum values in variables', async () => {
    const seeded = await newProject();
    const result = await graphql(app.http.url, seeded.keys.admin, CREATE_RULE, {
      input: { name: 'a', metric: 'CPU_USAGEX', operator: 'BIGGER', threshold: 90 },
    });
    expect(result.errors?.map((error) => error.extensions)).toEqual([
      { code: 'INVALID_ARGUMENT', variable: 'input', field: 'input.metric', value: 'CPU_USAGEX' },
      { code: 'INVALID_ARGUMENT', variable: 'input', field: 'input.operator', value: 'BIGGER' },
    ]);
    expect(result.errors?.[0]?.message).toContain('"CPU_USAGEX"');
    expect(result.errors?.[1]?.message).toContain('"BIGGER"');
  });
});

describe('API key mutations', () => {
  it('creates a key, lists it without the secret and revokes it', async () => {
    const seeded = await newProject();
    const created = await graphql(app.http.url, seeded.keys.admin, 'mutation { createApiKey(scope: READ, name: "dashboard") { id prefix secret scope } }');
    const key = created.data!.createApiKey;
    expect(key.secret.startsWith(key.prefix)).toBe(true);

    const works = await graphql(app.http.url, key.secret, '{ capacity { onlineHosts } }');
    expect(works.errors).toBeUndefined();

    const listed = await graphql(app.http.url, seeded.keys.admin, '{ apiKeys { id name scope prefix revokedAt } }');
    expect(listed.data!.apiKeys).toContainEqual({ id: key.id, name: 'dashboard', scope: 'read', prefix: key.prefix, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key.secret);

    const revoked = await graphql(app.http.url, seeded.keys.admin, 'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: key.id });
    expect(revoked.data!.revokeApiKey.revokedAt).not.toBeNull();
    const rejected = await graphql(app.http.url, key.secret, '{ capacity { onlineHosts } }');
    expect(rejected.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('names the admin scope for listing keys', async () => {
    const seeded = await newProject();
    for (const scope of ['read', 'ingest'] as const) {
      const result = await graphql(app.http.url, seeded.keys[scope], '{ apiKeys { id } }');
      expect(result.errors?.[0]?.extensions, scope).toEqual({ code: 'FORBIDDEN', scope, required: 'admin' });
      expect(result.errors?.[0]?.message, scope).toBe(`A key with scope ${scope} may not list or change API keys. Use a key with scope admin.`);
    }
  });

  it('names the scopes for a query', async () => {
    const seeded = await newProject();
    const result = await graphql(app.http.url, seeded.keys.ingest, '{ capacity { onlineHosts } }');
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', scope: 'ingest', required: 'read' });
    expect(result.errors?.[0]?.message).toBe('A key with scope ingest may not run queries. Use a key with scope read or admin.');
  });
});
