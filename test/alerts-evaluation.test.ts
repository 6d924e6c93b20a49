import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../src/alerts/evaluator.ts';
import { AlertRuleService } from '../src/alerts/rule-service.ts';
import { HostService } from '../src/hosts/host-service.ts';
import { RESOLVED_HOLD_MS } from '../src/alerts/transitions.ts';
import { discardNotifications } from '../src/alerts/webhook.ts';
import { ALERT_METRICS } from '../src/alerts/rule-validation.ts';
import type { Sentinel } from '../src/app.ts';
import { discardEvents, type AlertChangedEvent } from '../src/events/types.ts';
import { createLogger } from '../src/logger.ts';
import { seedHost } from './helpers/api-seed.ts';
import { seedProject, startTestApp } from './helpers/app.ts';
import {
  baseTime,
  createRule,
  evaluateAt,
  insertContainerSample,
  insertDiskSample,
  insertHostSample,
  insertNetworkSample,
  RecordingNotifier,
  RecordingPublisher,
  secondsAfter,
  statesOf,
  transitionsOf,
} from './helpers/alerts.ts';

let app: Sentinel;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

/** Wraps the app's pool so that every statement sent through it or its clients is counted. */
function countingPool(pool: pg.Pool) {
  let statements = 0;
  const counted = <T extends { query: (...args: never[]) => unknown }>(target: T): T =>
    new Proxy(target, {
      get(object, property) {
        if (property === 'query') {
          return (...args: never[]) => {
            statements += 1;
            return object.query(...args);
          };
        }
        if (property === 'connect') return async () => counted(await pool.connect());
        const value = Reflect.get(object, property);
        return typeof value === 'function' ? value.bind(object) : value;
      },
    });
  return { pool: counted(pool), statements: () => statements };
}

async function newProjectHost(options: { status?: string; name?: string } = {}) {
  const { projectId, keys } = await seedProject(app.services.prisma);
  const host = await seedHost(app.services.prisma, app.services.pool, projectId, { latest: null, ...options });
  return { projectId, keys, host };
}

describe('alert evaluation', () => {
  it('cpu rule fires, resolves and fires again', async () => {
    const { projectId, host } = await newProjectHost({ name: 'cycle-host' });
    const rule = await createRule(app, projectId, { name: 'busy cpu', metric: 'cpu_usage', threshold: 80, durationSeconds: 60 });
    const base = baseTime();
    const events = new RecordingPublisher();
    const pool = app.services.pool;

    // Samples every 10 s: high until 120 s, low until 180 s, high until 330 s, then low.
    const cpuAt = (second: number) => {
      if (second < 120) return 90;
      if (second < 180) return 10;
      if (second < 330) return 95;
      return 5;
    };
    for (let second = -50; second <= 360; second += 10) {
      await insertHostSample(pool, host.id, secondsAfter(base, second), { cpu: cpuAt(second) });
    }

    const expected: [number, string][] = [
      [0, 'pending'],
      [30, 'pending'],
      [60, 'firing'],
      [90, 'firing'],
      // The window (120 s, 180 s] contains five low samples and one high one.
      [180, 'resolved'],
      [240, 'pending'],
      [300, 'firing'],
      [360, 'resolved'],
    ];
    for (const [second, state] of expected) {
      await evaluateAt(app, projectId, secondsAfter(base, second), { events });
      const [stored] = await statesOf(pool, rule.id);
      expect(stored?.state, `state at ${second} s`).toBe(state);
    }

    expect(await transitionsOf(pool, rule.id)).toEqual([
      'ok->pending',
      'pending->firing',
      'firing->resolved',
      'resolved->pending',
      'pending->firing',
      'firing->resolved',
    ]);
    const published = events.events.map(({ event }) => event as AlertChangedEvent);
    expect(events.events.every(({ name }) => name === 'alertChanged')).toBe(true);
    expect(published.map((event) => `${event.fromState}->${event.toState}`)).toEqual(await transitionsOf(pool, rule.id));
    expect(published[1]).toMatchObject({
      projectId,
      ruleId: rule.id,
      ruleName: 'busy cpu',
      metric: 'cpu_usage',
      hostId: host.id,
      hostName: 'cycle-host',
      subject: '',
      toState: 'firing',
      value: 90,
      threshold: 80,
      severity: 'warning',
      at: secondsAfter(base, 60).toISOString(),
    });
  });

  it('pending returns to ok when the breach ends early', async () => {
    const { projectId, host } = await newProjectHost();
    const rule = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 120 });
    const base = baseTime();
    await insertHostSample(app.services.pool, host.id, secondsAfter(base, -5), { cpu: 99 });
    await insertHostSample(app.services.pool, host.id, secondsAfter(base, 150), { cpu: 1 });

    await evaluateAt(app, projectId, base);
    await evaluateAt(app, projectId, secondsAfter(base, 200));

    expect(await transitionsOf(app.services.pool, rule.id)).toEqual(['ok->pending', 'pending->ok']);
  });

  it('resolved returns to ok after the hold', async () => {
    const { projectId, host } = await newProjectHost();
    const rule = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
    const base = new Date(baseTime().getTime() - 2 * RESOLVED_HOLD_MS);
    const holdSeconds = RESOLVED_HOLD_MS / 1_000;
    for (const [second, cpu] of [[-5, 99], [55, 1], [holdSeconds + 55, 1], [holdSeconds + 115, 1]] as const) {
      await insertHostSample(app.services.pool, host.id, secondsAfter(base, second), { cpu });
    }

    await evaluateAt(app, projectId, base);
    await evaluateAt(app, projectId, secondsAfter(base, 60));
    await evaluateAt(app, projectId, secondsAfter(base, holdSeconds));
    expect((await statesOf(app.services.pool, rule.id))[0]?.state).toBe('resolved');
    await evaluateAt(app, projectId, secondsAfter(base, holdSeconds + 120));

    expect(await transitionsOf(app.services.pool, rule.id)).toEqual(['ok->firing', 'firing->resolved', 'resolved->ok']);
  });

  it('two hosts keep separate states', async () => {
    const { projectId, host: first } = await newProjectHost({ name: 'first' });
    const second = await seedHost(app.services.prisma, app.services.pool, projectId, { name: 'second', latest: null });
    const rule = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
    const base = baseTime();
    for (const host of [first, second]) await insertHostSample(app.services.pool, host.id, secondsAfter(base, -5), { cpu: 90 });
    await insertHostSample(app.services.pool, first.id, secondsAfter(base, 55), { cpu: 10 });
    await insertHostSample(app.services.pool, second.id, secondsAfter(base, 55), { cpu: 95 });

    await evaluateAt(app, projectId, base);
    await evaluateAt(app, projectId, secondsAfter(base, 60));

    const states = new Map((await statesOf(app.services.pool, rule.id)).map((state) => [state.hostId, state]));
    expect(states.get(first.id)?.state).toBe('resolved');
    expect(states.get(second.id)?.state).toBe('firing');
    expect(states.get(second.id)?.value).toBe(95);
    expect(await transitionsOf(app.services.pool, rule.id, first.id)).toEqual(['ok->firing', 'firing->resolved']);
    expect(await transitionsOf(app.services.pool, rule.id, second.id)).toEqual(['ok->firing']);
  });

  it('disk rule skips tmpfs and squashfs', async () => {
    const { projectId, host } = await newProjectHost();
    const rule = await createRule(app, projectId, { metric: 'disk_usage', threshold: 90, durationSeconds: 0 });
    const at = secondsAfter(baseTime(), -5);
    await insertDiskSample(app.services.pool, host.id, at, { mountPoint: '/', filesystem: 'ext4', usage: 95 });
    await insertDiskSample(app.services.pool, host.id, at, { mountPoint: '/data', filesystem: 'xfs', usage: 50 });
    await insertDiskSample(app.services.pool, host.id, at, { mountPoint: '/run', filesystem: 'tmpfs', usage: 99 });
    await insertDiskSample(app.services.pool, host.id, at, { mountPoint: '/snap/core/1', filesystem: 'squashfs', usage: 100, readOnly: true });

    await evaluateAt(app, projectId, baseTime());

    expect(await statesOf(app.services.pool, rule.id)).toEqual([
      { hostId: host.id, subject: '/', state: 'firing', value: 95 },
      { hostId: host.id, subject: '/data', state: 'ok', value: 50 },
    ]);
  });

  it('disk rule on a mount point evaluates only it', async () => {
    const { projectId, host } = await newProjectHost();
    const rule = await createRule(app, projectId, { metric: 'disk_usage', threshold: 90, durationSeconds: 0, mountPoint: '/data' });
    const at = secondsAfter(baseTime(), -5);
    await insertDiskSample(app.services.pool, host.id, at, { mountPoint: '/', filesystem: 'ext4', usage: 95 });
    await insertDiskSample(app.services.pool, host.id, at, { mountPoint: '/data', filesystem: 'xfs', usage: 91 });

    await evaluateAt(app, projectId, baseTime());

    expect(await statesOf(app.services.pool, rule.id)).toEqual([{ hostId: host.id, subject: '/data', state: 'firing', value: 91 }]);
  });

  it('each metric evaluates to its value', async () => {
    const { projectId, host } = await newProjectHost();
    const base = baseTime();
    const pool = app.services.pool;
    for (const [second, factor] of [[-20, 1], [-10, 3]] as const) {
      const at = secondsAfter(base, second);
      await insertHostSample(pool, host.id, at, { cpu: 10 * factor, memory: 20 * factor, swap: 5 * factor, load1m: 1.5 * factor, load5m: 2 * factor, load15m: 2.5 * factor, processes: 100 * factor });
      await insertDiskSample(pool, host.id, at, { mountPoint: '/', filesystem: 'ext4', usage: 30 * factor, inodes: 4 * factor });
      await insertNetworkSample(pool, host.id, at, { interface: 'eth0', received: 1_000 * factor, sent: 2_000 * factor, errorsIn: 3 * factor, errorsOut: factor === 1 ? null : 4 });
      await insertContainerSample(pool, host.id, at, { name: 'web', cpu: 12.5 * factor, memory: 25 * factor });
    }
    // A sample outside every window: it must not count.
    await insertHostSample(pool, host.id, secondsAfter(base, -3_600), { cpu: 1_000, memory: 1_000 });

    // Each rule aggregates both samples with the aggregation of its case.
    const cases: { metric: string; aggregation: string; subject: string; expected: number }[] = [
      { metric: 'cpu_usage', aggregation: 'avg', subject: '', expected: 20 },
      { metric: 'memory_usage', aggregation: 'max', subject: '', expected: 60 },
      { metric: 'swap_usage', aggregation: 'min', subject: '', expected: 5 },
      { metric: 'load_1m', aggregation: 'sum', subject: '', expected: 6 },
      { metric: 'load_5m', aggregation: 'avg', subject: '', expected: 4 },
      { metric: 'load_15m', aggregation: 'avg', subject: '', expected: 5 },
      { metric: 'process_count', aggregation: 'max', subject: '', expected: 300 },
      { metric: 'disk_usage', aggregation: 'avg', subject: '/', expected: 60 },
      { metric: 'disk_inode_usage', aggregation: 'max', subject: '/', expected: 12 },
      { metric: 'network_rx_bytes', aggregation: 'sum', subject: 'eth0', expected: 4_000 },
      { metric: 'network_tx_bytes', aggregation: 'avg', subject: 'eth0', expected: 4_000 },
      // errors_in + errors_out: 3 (errors_out missing) and 9 + 4.
      { metric: 'network_errors', aggregation: 'sum', subject: 'eth0', expected: 16 },
      { metric: 'container_cpu', aggregation: 'avg', subject: 'web', expected: 25 },
      { metric: 'container_memory', aggregation: 'max', subject: 'web', expected: 75 },
      { metric: 'host_down', aggregation: 'avg', subject: '', expected: 0 },
    ];
    expect(cases.map((entry) => entry.metric).sort()).toEqual([...ALERT_METRICS].sort());

    const rules = new Map<string, string>();
    for (const entry of cases) {
      const rule = await createRule(app, projectId, { metric: entry.metric, aggregation: entry.aggregation, threshold: 1e12, durationSeconds: 60 });
      rules.set(entry.metric, rule.id);
    }
    await evaluateAt(app, projectId, base);

    for (const entry of cases) {
      const states = await statesOf(pool, rules.get(entry.metric)!);
      expect(states, entry.metric).toEqual([{ hostId: host.id, subject: entry.subject, state: 'ok', value: entry.expected }]);
    }
  });

  it('host_down fires for an offline host', async () => {
    const { projectId, host: offline } = await newProjectHost({ status: 'offline' });
    const online = await seedHost(app.services.prisma, app.services.pool, projectId, { status: 'online', latest: null });
    const rule = await createRule(app, projectId, { metric: 'host_down', operator: 'gte', threshold: 1, durationSeconds: 0, severity: 'critical' });

    await evaluateAt(app, projectId, baseTime());

    const states = new Map((await statesOf(app.services.pool, rule.id)).map((state) => [state.hostId, state]));
    expect(states.get(offline.id)).toMatchObject({ state: 'firing', value: 1 });
    expect(states.get(online.id)).toMatchObject({ state: 'ok', value: 0 });
  });

  it('host without data keeps its state', async () => {
    const { projectId, host } = await newProjectHost();
    const silent = await seedHost(app.services.prisma, app.services.pool, projectId, { latest: null });
    const rule = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
    const base = baseTime();
    await insertHostSample(app.services.pool, host.id, secondsAfter(base, -5), { cpu: 90 });
    // A sample whose cpu is missing is no data either.
    await insertHostSample(app.services.pool, host.id, secondsAfter(base, 595), { cpu: null, memory: 10 });

    await evaluateAt(app, projectId, base);
    const result = await evaluateAt(app, projectId, secondsAfter(base, 600));

    expect(result.changes).toEqual([]);
    expect(await statesOf(app.services.pool, rule.id)).toEqual([{ hostId: host.id, subject: '', state: 'firing', value: 90 }]);
    expect((await statesOf(app.services.pool, rule.id)).map((state) => state.hostId)).not.toContain(silent.id);
    expect(await transitionsOf(app.services.pool, rule.id)).toEqual(['ok->firing']);
  });

  it('scope selects hosts by tag, group and id', async () => {
    const { projectId, host: tagged } = await newProjectHost();
    await app.services.prisma.host.update({ where: { id: tagged.id }, data: { tags: { team: 'db', zone: 'a' } } });
    const group = await app.services.prisma.hostGroup.create({ data: { projectId, name: 'web' } });
    const grouped = await seedHost(app.services.prisma, app.services.pool, projectId, { hostGroupId: group.id, latest: null });
    const single = await seedHost(app.services.prisma, app.services.pool, projectId, { latest: null });
    const base = baseTime();
    for (const host of [tagged, grouped, single]) await insertHostSample(app.services.pool, host.id, secondsAfter(base, -5), { cpu: 50 });

    const byTag = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, scopeType: 'tag', scopeTags: { team: 'db' } });
    const byGroup = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, scopeType: 'group', scopeGroupId: group.id });
    const byHost = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, scopeType: 'host', scopeHostId: single.id });
    await evaluateAt(app, projectId, base);

    expect((await statesOf(app.services.pool, byTag.id)).map((state) => state.hostId)).toEqual([tagged.id]);
    expect((await statesOf(app.services.pool, byGroup.id)).map((state) => state.hostId)).toEqual([grouped.id]);
    expect((await statesOf(app.services.pool, byHost.id)).map((state) => state.hostId)).toEqual([single.id]);
  });

  it('host leaving scope ends its alerts', async () => {
    const { projectId, host } = await newProjectHost();
    const group = await app.services.prisma.hostGroup.create({ data: { projectId, name: 'db' } });
    await app.services.prisma.host.update({ where: { id: host.id }, data: { hostGroupId: group.id } });
    const firing = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 0, scopeType: 'group', scopeGroupId: group.id });
    const pending = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 600, scopeType: 'group', scopeGroupId: group.id });
    const quiet = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 99, durationSeconds: 0, scopeType: 'group', scopeGroupId: group.id });
    const everyHost = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
    const base = baseTime();
    await insertHostSample(app.services.pool, host.id, secondsAfter(base, -5), { cpu: 90 });
    await evaluateAt(app, projectId, base);

    await app.services.prisma.host.update({ where: { id: host.id }, data: { hostGroupId: null } });
    await insertHostSample(app.services.pool, host.id, secondsAfter(base, 55), { cpu: 95 });
    const events = new RecordingPublisher();
    const notifier = new RecordingNotifier();
    const result = await evaluateAt(app, projectId, secondsAfter(base, 60), { events, notifier });

    for (const rule of [firing, pending, quiet]) expect(await statesOf(app.services.pool, rule.id)).toEqual([]);
    expect(await transitionsOf(app.services.pool, firing.id)).toEqual(['ok->firing', 'firing->resolved']);
    expect(await transitionsOf(app.services.pool, pending.id)).toEqual(['ok->pending', 'pending->ok']);
    expect(await transitionsOf(app.services.pool, quiet.id)).toEqual([]);
    expect(await statesOf(app.services.pool, everyHost.id)).toEqual([{ hostId: host.id, subject: '', state: 'firing', value: 95 }]);
    expect(result.changes.map((change) => `${change.ruleId}:${change.fromState}->${change.toState}`).sort()).toEqual(
      [`${firing.id}:firing->resolved`, `${pending.id}:pending->ok`].sort(),
    );
    expect(events.events.map(({ event }) => event)).toEqual(result.changes);
    expect(notifier.changes.map((change) => [change.ruleId, change.toState, change.hostName, change.value])).toEqual([[firing.id, 'resolved', host.name, 90]]);
  });

  it('disabled rules end their alerts', async () => {
    const { projectId, host } = await newProjectHost({ name: 'disabled-host' });
    const firing = await createRule(app, projectId, { name: 'hot', metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
    const pending = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 600 });
    const base = baseTime();
    await insertHostSample(app.services.pool, host.id, secondsAfter(base, -5), { cpu: 90 });
    await evaluateAt(app, projectId, base);

    // The project has no enabled rule left, and its states must still end.
    for (const rule of [firing, pending]) await app.services.alertRules.setEnabled(projectId, rule.id, false);
    const events = new RecordingPublisher();
    const notifier = new RecordingNotifier();
    const result = await evaluateAt(app, projectId, secondsAfter(base, 60), { events, notifier });

    expect(result.rules).toBe(0);
    expect(await statesOf(app.services.pool, firing.id)).toEqual([]);
    expect(await statesOf(app.services.pool, pending.id)).toEqual([]);
    expect(await transitionsOf(app.services.pool, firing.id)).toEqual(['ok->firing', 'firing->resolved']);
    expect(await transitionsOf(app.services.pool, pending.id)).toEqual(['ok->pending', 'pending->ok']);
    expect(events.events.map(({ event }) => event)).toEqual(result.changes);
    expect(notifier.wakeups).toBe(1);
    expect(notifier.changes).toHaveLength(1);
    expect(notifier.changes[0]).toMatchObject({
      projectId,
      ruleId: firing.id,
      ruleName: 'hot',
      metric: 'cpu_usage',
      hostId: host.id,
      hostName: 'disabled-host',
      fromState: 'firing',
      toState: 'resolved',
      value: 90,
      threshold: 80,
      at: secondsAfter(base, 60).toISOString(),
    });
  });

  it('re-enabled rule starts from ok', async () => {
    const { projectId, host } = await newProjectHost();
    const rule = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
    const base = baseTime();
    await insertHostSample(app.services.pool, host.id, secondsAfter(base, -5), { cpu: 90 });
    await insertHostSample(app.services.pool, host.id, secondsAfter(base, 115), { cpu: 95 });
    await evaluateAt(app, projectId, base);

    await app.services.alertRules.setEnabled(projectId, rule.id, false);
    await evaluateAt(app, projectId, secondsAfter(base, 60));
    await app.services.alertRules.setEnabled(projectId, rule.id, true);
    await evaluateAt(app, projectId, secondsAfter(base, 120));

    expect(await transitionsOf(app.services.pool, rule.id)).toEqual(['ok->firing', 'firing->resolved', 'ok->firing']);
  });

  it('rule changes end unnamed subjects', async () => {
    const { projectId, host } = await newProjectHost();
    const at = secondsAfter(baseTime(), -5);
    const pool = app.services.pool;
    await insertHostSample(pool, host.id, at, { cpu: 95 });
    for (const mountPoint of ['/', '/data']) await insertDiskSample(pool, host.id, at, { mountPoint, filesystem: 'ext4', usage: 95 });
    for (const name of ['eth0', 'eth1']) await insertNetworkSample(pool, host.id, at, { interface: name, received: 1, sent: 1, errorsIn: 9, errorsOut: 0 });

    const disk = await createRule(app, projectId, { metric: 'disk_usage', threshold: 90, durationSeconds: 0 });
    const network = await createRule(app, projectId, { metric: 'network_errors', threshold: 5, durationSeconds: 0 });
    const diskToCpu = await createRule(app, projectId, { metric: 'disk_usage', threshold: 90, durationSeconds: 0, mountPoint: '/' });
    await evaluateAt(app, projectId, baseTime());

    await app.services.alertRules.update(projectId, disk.id, { mountPoint: '/data' });
    await app.services.alertRules.update(projectId, network.id, { interface: 'eth1' });
    await app.services.alertRules.update(projectId, diskToCpu.id, { metric: 'cpu_usage', mountPoint: null });
    const notifier = new RecordingNotifier();
    await evaluateAt(app, projectId, baseTime(), { notifier });

    expect(await statesOf(pool, disk.id)).toEqual([{ hostId: host.id, subject: '/data', state: 'firing', value: 95 }]);
    expect(await statesOf(pool, network.id)).toEqual([{ hostId: host.id, subject: 'eth1', state: 'firing', value: 9 }]);
    expect(await statesOf(pool, diskToCpu.id)).toEqual([{ hostId: host.id, subject: '', state: 'firing', value: 95 }]);
    const resolved = notifier.changes.filter((change) => change.toState === 'resolved');
    expect(resolved.map((change) => `${change.ruleId}:${change.subject}`).sort()).toEqual(
      [`${disk.id}:/`, `${network.id}:eth0`, `${diskToCpu.id}:/`].sort(),
    );
  });

  it('metric change restarts the alert', async () => {
    const { projectId, host } = await newProjectHost();
    const pool = app.services.pool;
    const rule = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
    const base = baseTime();
    await insertHostSample(pool, host.id, secondsAfter(base, -5), { cpu: 95, memory: 97 });
    await evaluateAt(app, projectId, base);

    await app.services.alertRules.update(projectId, rule.id, { metric: 'memory_usage' });
    const notifier = new RecordingNotifier();
    await evaluateAt(app, projectId, secondsAfter(base, 30), { notifier });
    expect(notifier.changes.map((change) => `${change.metric}:${change.fromState}->${change.toState}`)).toEqual(['cpu_usage:firing->resolved']);
    expect(await statesOf(pool, rule.id)).toEqual([]);

    await insertHostSample(pool, host.id, secondsAfter(base, 55), { cpu: 10, memory: 97 });
    await evaluateAt(app, projectId, secondsAfter(base, 60), { notifier });
    expect(notifier.changes.map((change) => `${change.metric}:${change.fromState}->${change.toState}`)).toEqual(['cpu_usage:firing->resolved', 'memory_usage:ok->firing']);
  });

  /** Creates a host with one firing and one pending cpu alert, the firing rule named `ruleName`. */
  async function hostWithCpuAlerts(hostName: string, ruleName: string) {
    const { projectId, host } = await newProjectHost({ name: hostName });
    const firing = await createRule(app, projectId, { name: ruleName, metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
    const pending = await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 600 });
    const base = baseTime();
    await insertHostSample(app.services.pool, host.id, secondsAfter(base, -5), { cpu: 90 });
    await evaluateAt(app, projectId, base);
    return { projectId, host, firing, pending };
  }

  it('deleted rule resolves its alerts', async () => {
    const { projectId, host, firing, pending } = await hostWithCpuAlerts('deleted-rule-host', 'doomed');

    const events = new RecordingPublisher();
    const notifier = new RecordingNotifier();
    const service = new AlertRuleService(app.services.prisma, createLogger('silent'), { pool: app.services.pool, events, notifier });
    for (const rule of [firing, pending]) expect(await service.delete(projectId, rule.id)).toBe(rule.id);

    const published = events.events.map(({ event }) => event as AlertChangedEvent);
    expect(published.map((change) => `${change.ruleId}:${change.fromState}->${change.toState}`)).toEqual([
      `${firing.id}:firing->resolved`,
      `${pending.id}:pending->ok`,
    ]);
    expect(notifier.changes).toHaveLength(1);
    expect(notifier.changes[0]).toMatchObject({ ruleId: firing.id, ruleName: 'doomed', hostId: host.id, hostName: 'deleted-rule-host', toState: 'resolved', value: 90 });
    // States and events go with the rule.
    for (const rule of [firing, pending]) {
      expect(await statesOf(app.services.pool, rule.id)).toEqual([]);
      expect(await transitionsOf(app.services.pool, rule.id)).toEqual([]);
      expect(await app.services.prisma.alertRule.count({ where: { id: rule.id } })).toBe(0);
    }
  });

  it('deleted host resolves its alerts', async () => {
    const { projectId, host, firing, pending } = await hostWithCpuAlerts('deleted-host', 'hot');

    const events = new RecordingPublisher();
    const notifier = new RecordingNotifier();
    const service = new HostService(app.services.prisma, app.services.pool, createLogger('silent'), { events, notifier });
    expect(await service.delete(projectId, host.id)).toBe(host.id);

    const published = events.events.map(({ event }) => event as AlertChangedEvent);
    expect(published.map((change) => `${change.ruleId}:${change.fromState}->${change.toState}`).sort()).toEqual(
      [`${firing.id}:firing->resolved`, `${pending.id}:pending->ok`].sort(),
    );
    expect(notifier.changes).toHaveLength(1);
    expect(notifier.changes[0]).toMatchObject({ ruleId: firing.id, ruleName: 'hot', hostId: host.id, hostName: 'deleted-host', toState: 'resolved', value: 90 });
    for (const rule of [firing, pending]) expect(await statesOf(app.services.pool, rule.id)).toEqual([]);
    expect(await app.services.prisma.host.count({ where: { id: host.id } })).toBe(0);
  });

  it('statement count ignores host count', async () => {
    const counts: number[] = [];
    for (const hostCount of [1, 6]) {
      const { projectId, host } = await newProjectHost();
      const hosts = [host];
      for (let i = 1; i < hostCount; i += 1) hosts.push(await seedHost(app.services.prisma, app.services.pool, projectId, { latest: null }));
      const base = baseTime();
      for (const seeded of hosts) {
        const at = secondsAfter(base, -5);
        await insertHostSample(app.services.pool, seeded.id, at, { cpu: 90 });
        await insertDiskSample(app.services.pool, seeded.id, at, { mountPoint: '/', filesystem: 'ext4', usage: 95 });
        await insertNetworkSample(app.services.pool, seeded.id, at, { interface: 'eth0', received: 1, sent: 1, errorsIn: 0, errorsOut: 0 });
        await insertContainerSample(app.services.pool, seeded.id, at, { name: 'web', cpu: 1, memory: 1 });
      }
      for (const metric of ['cpu_usage', 'disk_usage', 'network_errors', 'container_cpu', 'host_down']) {
        await createRule(app, projectId, { metric, threshold: 50, durationSeconds: 0 });
      }

      const counting = countingPool(app.services.pool);
      const dependencies = { pool: counting.pool, logger: createLogger('silent'), events: discardEvents, notifier: discardNotifications, config: app.services.config };
      const result = await evaluateAlerts(dependencies, { now: base, projectId });

      expect(result.values).toBe(5 * hostCount);
      counts.push(counting.statements());
    }

    expect(counts[1]).toBe(counts[0]);
    // Rules, one query per source table, then BEGIN, lock, deletion of states out of
    // scope, states, save, events, COMMIT.
    expect(counts[0]).toBe(1 + 5 + 7);
  });
});
