import { randomUUID } from 'node:crypto';
import { createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { fullInput, fullReport } from '../bench/ingest/fixture.ts';
import type { Principal } from '../src/auth/authenticator.ts';
import { buildSchema } from '../src/schema/index.ts';
import { useCompiledExecution } from '../src/server/compiled-execution.ts';
import type { Services } from '../src/services.ts';
import { REPORT_MUTATION } from './helpers/reports.ts';

// The compiled reportMetrics must be indistinguishable from graphql-js: every request
// goes to a handler with the plugin and to one without, and the responses must be equal.

const schema = buildSchema();
const INGEST_KEY: Principal = { projectId: randomUUID(), keyId: randomUUID(), scope: 'ingest' };
const INGEST_RESULT = { hostId: randomUUID(), accepted: [randomUUID()], duplicates: [], clockSkewMs: 12.5, warnings: [] };

function handler(plugins: Plugin[], principal: Principal | null) {
  const received: unknown[] = [];
  const ingest = {
    ingest: async (_projectId: string, input: unknown) => {
      received.push(input);
      return INGEST_RESULT;
    },
  };
  const services = { ingest } as unknown as Services;
  const yoga = createYoga({ schema, plugins, maskedErrors: true, context: () => ({ principal, services, requestId: 'test' }) });
  const send = async (body: string) => {
    const response = await yoga.fetch('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, json: (await response.json()) as { data?: unknown; errors?: { message: string }[] } };
  };
  return { send, received };
}

async function bothWays(body: string, principal: Principal | null = INGEST_KEY) {
  const compiled = handler([useCompiledExecution(new Set(['reportMetrics']))], principal);
  const reference = handler([], principal);
  return { compiled: await compiled.send(body), reference: await reference.send(body), received: [compiled.received, reference.received] };
}

const requestBody = (input: unknown) => JSON.stringify({ query: REPORT_MUTATION, variables: { input } });

describe('compiled reportMetrics', () => {
  it('passes the same input to the resolver', async () => {
    const input = fullInput(`agent-${randomUUID()}`, 'web-1', [fullReport(), fullReport({ seed: 2 })]);
    const { compiled, reference, received } = await bothWays(requestBody(input));
    expect(compiled.json.errors).toBeUndefined();
    expect(compiled).toEqual(reference);
    expect(received[0]).toHaveLength(1);
    expect(received[0]).toEqual(received[1]);
  });

  const invalid: { name: string; body: string; names: RegExp }[] = [
    {
      name: 'Infinity',
      body: requestBody(fullInput('agent', 'web-1', [fullReport()])).replace(/"cpuUsagePercent":[\d.]+/, '"cpuUsagePercent":1e999'),
      names: /input\.reports\[0\]\.system\.cpuUsagePercent.*Infinity/,
    },
    {
      name: 'BigInt of 2^53 + 1',
      body: requestBody(fullInput('agent', 'web-1', [fullReport()])).replace(/"memoryUsedBytes":\d+/, '"memoryUsedBytes":"9007199254740993"'),
      names: /input\.reports\[0\]\.system\.memoryUsedBytes.*2\^53/,
    },
    {
      name: 'DateTime without a zone',
      body: requestBody(fullInput('agent', 'web-1', [{ ...fullReport(), collectedAt: '2026-12-04T10:00:00' }])),
      names: /input\.reports\[0\]\.collectedAt.*time zone/,
    },
    {
      name: 'unknown field',
      body: requestBody({ ...fullInput('agent', 'web-1', [fullReport()]), color: 'blue' }),
      names: /Field "color" is not defined by type "ReportMetricsInput"/,
    },
    {
      name: 'missing hostname',
      body: requestBody({ ...fullInput('agent', 'web-1', [fullReport()]), systemInfo: {} as { hostname: string } }),
      names: /input\.systemInfo.*Field "hostname" of required type/,
    },
  ];

  for (const { name, body, names } of invalid) {
    it(`rejects ${name} as graphql-js does`, async () => {
      const { compiled, reference, received } = await bothWays(body);
      expect(compiled.json.errors?.[0]?.message).toMatch(names);
      expect(compiled).toEqual(reference);
      expect(received).toEqual([[], []]);
    });
  }

  it('keeps the code of a resolver error', async () => {
    const { compiled, reference } = await bothWays(requestBody(fullInput('agent', 'web-1', [fullReport()])), null);
    expect(compiled.json.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' }, path: ['reportMetrics'] }]);
    expect(compiled).toEqual(reference);
  });
});
