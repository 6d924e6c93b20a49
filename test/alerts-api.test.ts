import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';
import { evaluateAt, secondsAfter } from './helpers/alerts.ts';
import { report, REPORT_MUTATION, reportInput, systemSample } from './helpers/reports.ts';

let app: Sentinel;
let owner: SeededProject;
let other: SeededProject;
let ruleId: string;
let hostId: string;
let hotHostId: string;

const ALERTS_QUERY = `query ($state: [AlertState!]) {
  alerts(state: $state) { state subject value since rule { id name } host { id name } }
}`;

async function sendReport(key: string, agentId: string, hostname: string, collectedAt: Date, cpu: number) {
  const result = await graphql(app.http.url, key, REPORT_MUTATION, {
    input: reportInput({ agentId, hostname, reports: [report({ collectedAt: collectedAt.toISOString(), system: systemSample({ cpuUsagePercent: cpu }) })] }),
  });
  expect(result.errors).toBeUndefined();
  return result.data!.reportMetrics.hostId as string;
}

beforeAll(async () => {
  app = await startTestApp();
  owner = await seedProject(app.services.prisma);
  other = await seedProject(app.services.prisma);

  const created = await graphql(app.http.url, owner.keys.admin, `mutation {
    createAlertRule(input: { name: "api cpu", metric: CPU_USAGE, operator: GT, threshold: 80, options: { durationSeconds: 0 } }) { id }
  }`);
  expect(created.errors).toBeUndefined();
  ruleId = created.data!.createAlertRule.id;

  // Both hosts have high cpu two minutes ago; now one is low and resolves, the other keeps firing.
  const now = new Date();
  const agentId = `agent-alerts-${owner.projectId}`;
  const hotAgentId = `agent-alerts-hot-${owner.projectId}`;
  hostId = await sendReport(owner.keys.ingest, agentId, 'api-host', secondsAfter(now, -125), 97);
  hotHostId = await sendReport(owner.keys.ingest, hotAgentId, 'hot-host', secondsAfter(now, -125), 99);
  await evaluateAt(app, owner.projectId, secondsAfter(now, -120));
  await sendReport(owner.keys.ingest, agentId, 'api-host', secondsAfter(now, -5), 3);
  await sendReport(owner.keys.ingest, hotAgentId, 'hot-host', secondsAfter(now, -5), 98);
  await evaluateAt(app, owner.projectId, now);
});
afterAll(async () => {
  await app?.stop();
});

describe('alerts query', () => {
  it('lists firing and resolved alerts', async () => {
    const firing = await graphql(app.http.url, owner.keys.read, ALERTS_QUERY, { state: ['FIRING'] });
    expect(firing.errors).toBeUndefined();
    expect(firing.data!.alerts).toHaveLength(1);
    expect(firing.data!.alerts[0]).toMatchObject({ state: 'FIRING', subject: '', value: 98, rule: { id: ruleId, name: 'api cpu' }, host: { id: hotHostId, name: 'hot-host' } });
    expect(firing.data!.alerts[0].since).toEqual(expect.any(String));

    const resolved = await graphql(app.http.url, owner.keys.read, ALERTS_QUERY, { state: ['RESOLVED'] });
    expect(resolved.data!.alerts).toMatchObject([{ state: 'RESOLVED', value: 3, host: { id: hostId, name: 'api-host' } }]);
    const rule = await graphql(app.http.url, owner.keys.read, `{ alertRules { id states { state host { id } } } }`);
    const states = rule.data!.alertRules[0].states.map((state: { state: string; host: { id: string } }) => `${state.host.id}:${state.state}`);
    expect(states.sort()).toEqual([`${hostId}:RESOLVED`, `${hotHostId}:FIRING`].sort());
  });

  it('pages alert events newest first', async () => {
    const query = `query ($after: String) {
      alertEvents(first: 1, after: $after) {
        edges { cursor node { fromState toState value threshold severity subject rule { id } host { id } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const first = await graphql(app.http.url, owner.keys.read, query);
    expect(first.errors).toBeUndefined();
    const second = await graphql(app.http.url, owner.keys.read, query.replace('first: 1', 'first: 5'), { after: first.data!.alertEvents.pageInfo.endCursor });

    expect(first.data!.alertEvents.edges[0].node).toEqual({
      fromState: 'FIRING', toState: 'RESOLVED', value: 3, threshold: 80, severity: 'WARNING', subject: '', rule: { id: ruleId }, host: { id: hostId },
    });
    expect(first.data!.alertEvents.pageInfo.hasNextPage).toBe(true);
    const older = second.data!.alertEvents.edges.map((edge: { node: { toState: string; host: { id: string } } }) => `${edge.node.host.id}:${edge.node.toState}`);
    expect(older.sort()).toEqual([`${hostId}:FIRING`, `${hotHostId}:FIRING`].sort());
    expect(second.data!.alertEvents.pageInfo.hasNextPage).toBe(false);
  });

  it('another project sees none of them', async () => {
    const result = await graphql(app.http.url, other.keys.admin, `{
      alerts(state: [OK, PENDING, FIRING, RESOLVED]) { state }
      alertEvents(first: 50) { edges { node { id } } }
      alertRules { id states { state } }
    }`);

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ alerts: [], alertEvents: { edges: [] }, alertRules: [] });
  });

  it('rejects alert event pages out of range', async () => {
    const query = 'query ($first: Int, $last: Int, $after: String) { alertEvents(first: $first, last: $last, after: $after) { edges { node { id } } } }';
    const cases: [Record<string, unknown>, string, unknown][] = [
      [{ first: 201 }, 'first', 201],
      [{ first: -1 }, 'first', -1],
      [{ last: 201 }, 'last', 201],
      [{ after: 'junk' }, 'after', 'junk'],
      [{ after: Buffer.from('GPC:S:not-a-uuid').toString('base64') }, 'after', Buffer.from('GPC:S:not-a-uuid').toString('base64')],
      [{ first: 1, last: 1 }, 'first', 1],
    ];
    for (const [variables, field, value] of cases) {
      const result = await graphql(app.http.url, owner.keys.read, query, variables);
      expect(result.errors?.[0]?.extensions, JSON.stringify(variables)).toEqual({ code: 'INVALID_ARGUMENT', field, value });
    }

    const largest = await graphql(app.http.url, owner.keys.read, query, { first: 200 });
    expect(largest.errors).toBeUndefined();
    expect(largest.data!.alertEvents.edges.length).toBeGreaterThan(0);
  });

  it('rejects a request without a key', async () => {
    const result = await graphql(app.http.url, null, '{ alerts { state } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
