import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, describe, expect, it } from 'vitest';

import { startAgent, type RunningAgent } from '../src/agent.ts';
import type { AgentReport } from '../src/report/agent-report.ts';
import { FakeApi } from './helpers/fake-api.ts';
import { createCapturingLogger } from './helpers/logs.ts';
import { makeTemporaryDirectory } from './helpers/reports.ts';

/** Length of the API outage the agent must ride out. */
const OUTAGE_MS = 30_000;
const TEST_TIMEOUT_MS = 120_000;

describe('agent during an API outage', () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup();
    }
  });

  it(
    'delivers every report exactly once, in order',
    async () => {
      const directory = await makeTemporaryDirectory('outage');
      cleanups.push(directory.remove);
      const api = new FakeApi();
      await api.start(0);
      cleanups.push(() => api.stop());

      const collected: AgentReport[] = [];
      const { logger, lines } = createCapturingLogger('info');
      const agent: RunningAgent = await startAgent(
        {
          endpoint: api.url,
          apiKey: 'outage-test-key',
          agentId: 'outage-test-agent',
          interval: 1,
          topProcesses: 5,
          collectContainers: false,
          dockerSocket: join(directory.path, 'no-docker.sock'),
          spoolDir: directory.path,
          requestTimeout: 2,
          retryMaxDelay: 2,
        },
        logger,
        { onReport: (report) => collected.push(report) },
      );
      cleanups.push(() => agent.stop());

      await api.waitFor(() => api.stored.length >= 2);
      await api.stop();
      const collectedBeforeOutage = collected.length;
      await sleep(OUTAGE_MS);
      const collectedDuringOutage = collected.slice(collectedBeforeOutage);
      await api.start(api.port);

      const expectedIds = collected.map((report) => report.id);
      await api.waitFor(() => expectedIds.every((id) => api.stored.some((report) => report.id === id)));
      await agent.stop();

      const receivedIds = api.received.map((report) => report.id);
      expect(collectedDuringOutage.length).toBeGreaterThan(0);
      for (const report of collected) {
        expect(receivedIds.filter((id) => id === report.id)).toHaveLength(1);
      }
      const storedIds = api.stored.map((report) => report.id);
      expect(storedIds.slice(0, expectedIds.length)).toEqual(expectedIds);

      const storedById = new Map(api.stored.map((report) => [report.id, report]));
      for (const report of collectedDuringOutage) {
        expect(storedById.get(report.id)?.collectedAt).toBe(report.collectedAt);
      }
      expect(Math.max(...api.requests.map((request) => request.variables.input.reports.length))).toBeGreaterThan(1);
      expect(api.requests.every((request) => request.variables.input.reports.length <= 100)).toBe(true);
      expect(api.contractViolations).toEqual([]);
      expect(lines.some((line) => line.msg === 'Resume sending reports')).toBe(true);
      expect(JSON.stringify(lines)).not.toContain('outage-test-key');
    },
    TEST_TIMEOUT_MS,
  );
});
