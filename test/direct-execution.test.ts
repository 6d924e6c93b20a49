import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullInput, fullReport } from '../bench/ingest/fixture.ts';
import type { Principal } from '../src/auth/authenticator.ts';
import { SentinelError } from '../src/errors.ts';
import { createLogger } from '../src/logger.ts';
import { buildSchema } from '../src/schema/index.ts';
import { directMutations } from '../src/schema/report.ts';
import { DirectExecutor } from '../src/server/direct/executor.ts';
import { createGraphQLRoute } from '../src/server/direct/route.ts';
import { createGraphQLHandler } from '../src/server/yoga.ts';
import type { Services } from '../src/services.ts';
import { REPORT_MUTATION } from './helpers/reports.ts';

// The direct executor must respond exactly as yoga does. Every request goes to a server
// with the direct route and to one with yoga alone, over HTTP; status, media type,
// body and the input the ingest service receives must be equal. The ingest service is
// a recorder here: storage is covered by the ingest suites, which run through the
// direct route.

const schema = buildSchema();
const PROJECT = randomUUID();
const KEYS: Record<string, Principal> = {
  'ingest-key': { projectId: PROJECT, keyId: randomUUID(), scope: 'ingest' },
  'read-key': { projectId: PROJECT, keyId: randomUUID(), scope: 'read' },
};

type Outcome = 'ok' | 'unexpected' | 'invalid';
let outcome: Outcome = 'ok';

function recordingServices() {
  const received: unknown[] = [];
  const ingest = {
    ingest: async (projectId: string, input: unknown) => {
      received.push({ projectId, input });
      if (outcome === 'unexpected') throw new Error('connection to the database lost');
      if (outcome === 'invalid') {
        throw new SentinelError('INVALID_REPORT', 'Invalid report: reports[0].collectedAt is in the future', { field: 'reports[0].collectedAt' });
      }
      return {
        hostId: 'host-1',
        accepted: ['r1'],
        duplicates: [],
        clockSkewMs: null,
        warnings: [{ reportId: 'r1', path: 'reports[0].processes[3].pid', message: 'dropped a process' }],
      };
    },
  };
  const authenticator = {
    authenticateHeader: async (header: string | null | undefined) => KEYS[(header ?? '').replace(/^Bearer /, '')] ?? null,
  };
  const services = { ingest, authenticator, logger: createLogger('silent') } as unknown as Services;
  return { services, received };
}

type Running = { url: string; server: Server; received: unknown[]; direct?: DirectExecutor };

async function listen(withDirect: boolean): Promise<Running> {
  const { services, received } = recordingServices();
  const yoga = createGraphQLHandler(schema, services);
  const direct = withDirect ? new DirectExecutor(schema, services, directMutations, services.logger) : undefined;
  const handler = direct ? createGraphQLRoute(yoga, direct, services.logger) : yoga;
  const server = createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', () => resolveListen()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server, received, direct };
}

let direct: Running;
let reference: Running;

beforeAll(async () => {
  direct = await listen(true);
  reference = await listen(false);
});
afterAll(async () => {
  for (const running of [direct, reference]) await new Promise((resolveClose) => running?.server.close(resolveClose));
});

type Request = { body: string; headers?: Record<string, string> };

// The headers yoga's CORS handling may set, compared on every response.
const CORS_HEADERS = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'access-control-allow-headers', 'vary'];

async function send(running: Running, request: Request) {
  const response = await fetch(running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ingest-key', ...request.headers },
    body: request.body,
  });
  const text = await response.text();
  const cors = Object.fromEntries(CORS_HEADERS.map((name) => [name, response.headers.get(name)]));
  return { status: response.status, contentType: response.headers.get('content-type'), cors, body: text ? JSON.parse(text) : null };
}

/** Sends the request to both servers and returns both responses and whether it ran directly. */
async function bothWays(request: Request) {
  const handledBefore = direct.direct!.handled;
  const receivedBefore = [direct.received.length, reference.received.length];
  const answers = { direct: await send(direct, request), reference: await send(reference, request) };
  const received = [direct.received.slice(receivedBefore[0]), reference.received.slice(receivedBefore[1])];
  return { ...answers, received, ranDirectly: direct.direct!.handled > handledBefore };
}

const agentBody = (input: unknown, query = REPORT_MUTATION, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ query, variables: { input }, ...extra });
const validInput = () => fullInput(`agent-${randomUUID()}`, 'web-1', [fullReport(), fullReport({ seed: 2 })]);

describe('direct execution of reportMetrics', () => {
  it('matches yoga on a valid report', async () => {
    outcome = 'ok';
    const result = await bothWays({ body: agentBody(validInput()) });
    expect(result.ranDirectly).toBe(true);
    expect(result.direct.body.data.reportMetrics.warnings).toHaveLength(1);
    expect(result.direct).toEqual(result.reference);
    expect(result.received[0]).toHaveLength(1);
    expect(result.received[0]).toEqual(result.received[1]);
  });

  it('coerces lists, ids and dates', async () => {
    outcome = 'ok';
    const input = fullInput('agent-7', 'web-1', [fullReport()]) as Record<string, unknown>;
    const single = { ...input, reports: { ...(input.reports as Record<string, unknown>[])[0], id: 42 } };
    const result = await bothWays({ body: agentBody(single) });
    expect(result.ranDirectly).toBe(true);
    expect(result.received[0]).toEqual(result.received[1]);
    const received = (result.received[0]![0] as { input: { reports: { id: unknown; collectedAt: unknown }[] } }).input;
    expect(received.reports).toHaveLength(1);
    expect(received.reports[0]!.id).toBe('42');
    expect(received.reports[0]!.collectedAt).toBeInstanceOf(Date);
  });

  const acceptHeaders = [
    'application/graphql-response+json, application/json',
    'application/json',
    'application/graphql-response+json',
    '*/*',
    'application/*',
    'text/html;q=0.9, application/json',
    'application/graphql-response+json; charset=iso-8859-1, application/json',
  ];
  for (const accept of acceptHeaders) {
    it(`uses yoga's media type for ${accept}`, async () => {
      outcome = 'ok';
      const result = await bothWays({ body: agentBody(validInput()), headers: { accept } });
      expect(result.ranDirectly).toBe(true);
      expect(result.direct).toEqual(result.reference);
    });
  }

  it('handles a missing Accept header', async () => {
    outcome = 'ok';
    const body = agentBody(validInput());
    const answers = [];
    for (const running of [direct, reference]) {
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ingest-key', accept: '' },
        body,
      });
      answers.push({ status: response.status, contentType: response.headers.get('content-type'), body: await response.json() });
    }
    expect(answers[0]).toEqual(answers[1]);
  });

  const errors: { name: string; outcome: Outcome; headers?: Record<string, string>; code: string }[] = [
    { name: 'a missing key', outcome: 'ok', headers: { authorization: '' }, code: 'UNAUTHENTICATED' },
    { name: 'a read key', outcome: 'ok', headers: { authorization: 'Bearer read-key' }, code: 'FORBIDDEN' },
    { name: 'an expected ingest error', outcome: 'invalid', code: 'INVALID_REPORT' },
    { name: 'an unexpected ingest error', outcome: 'unexpected', code: 'INTERNAL_SERVER_ERROR' },
  ];
  for (const error of errors) {
    it(`reports ${error.name}`, async () => {
      outcome = error.outcome;
      const result = await bothWays({ body: agentBody(validInput()), headers: error.headers });
      expect(result.ranDirectly).toBe(true);
      expect(result.direct.body.errors[0].extensions.code).toBe(error.code);
      expect(result.direct.body.errors[0].message).not.toMatch(/database lost/);
      expect(result.direct).toEqual(result.reference);
    });
  }

  it('projects aliases, __typename and repeated fields', async () => {
    outcome = 'ok';
    const query = `mutation Send($input: ReportMetricsInput!) {
      sent: reportMetrics(input: $input) {
        __typename id: hostId accepted
        warnings { path } warnings { message reportId }
      }
    }`;
    const result = await bothWays({ body: agentBody(validInput(), query) });
    expect(result.ranDirectly).toBe(true);
    expect(Object.keys(result.direct.body.data.sent.warnings[0])).toEqual(['path', 'message', 'reportId']);
    expect(result.direct).toEqual(result.reference);
  });

  const declined: { name: string; body: () => string; headers?: Record<string, string> }[] = [
    {
      name: 'Infinity',
      body: () => agentBody(validInput()).replace(/"cpuUsagePercent":[\d.]+/, '"cpuUsagePercent":1e999'),
    },
    {
      name: 'a BigInt above 2^53',
      body: () => agentBody(validInput()).replace(/"memoryUsedBytes":\d+/, '"memoryUsedBytes":"9007199254740993"'),
    },
    { name: 'a DateTime without a zone', body: () => agentBody({ ...validInput(), agentStartedAt: '2026-12-04T10:00:00' }) },
    { name: 'an unknown field', body: () => agentBody({ ...validInput(), color: 'blue' }) },
    { name: 'a missing required field', body: () => agentBody({ ...validInput(), agentId: undefined }) },
    { name: 'an object where a list of strings is expected', body: () => agentBody({ ...validInput(), systemInfo: { hostname: 'a', ipAddresses: { a: 1 } } }) },
    { name: 'a missing variable', body: () => JSON.stringify({ query: REPORT_MUTATION, variables: {} }) },
    { name: 'null for a required variable', body: () => JSON.stringify({ query: REPORT_MUTATION, variables: { input: null } }) },
    { name: 'an operation name that is not in the document', body: () => agentBody(validInput(), REPORT_MUTATION, { operationName: 'Other' }) },
    {
      name: 'an impossible fragment spread',
      body: () =>
        agentBody(
          validInput(),
          'mutation R($input: ReportMetricsInput!) { reportMetrics(input: $input) { ... on ReportMetricsPayload { hostId } ...W } } fragment W on ReportMetricsPayload { warnings { ... on Query { __typename } } }',
        ),
    },
    { name: 'a directive where none may stand', body: () => agentBody(validInput(), 'mutation R($input: ReportMetricsInput!) @skip(if: false) { reportMetrics(input: $input) { hostId } }') },
    { name: 'an inline argument', body: () => JSON.stringify({ query: 'mutation { reportMetrics(input: { agentId: "a", systemInfo: { hostname: "h" }, reports: [] }) { hostId } }' }) },
    { name: 'a query', body: () => JSON.stringify({ query: '{ __typename }' }) },
    { name: 'an unknown field in the selection', body: () => agentBody(validInput(), 'mutation R($input: ReportMetricsInput!) { reportMetrics(input: $input) { color } }') },
    { name: 'a body that is not JSON', body: () => '{"query": "mutation' },
    { name: 'a CORS request that names its headers', body: () => agentBody(validInput()), headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-headers': 'authorization' } },
  ];
  for (const request of declined) {
    it(`leaves ${request.name} to yoga`, async () => {
      outcome = 'ok';
      const result = await bothWays({ body: request.body(), headers: request.headers });
      expect(result.ranDirectly).toBe(false);
      expect(result.direct).toEqual(result.reference);
      expect(result.received[0]).toEqual(result.received[1]);
    });
  }

  it('inlines a fragment of the payload', async () => {
    outcome = 'ok';
    const query = 'mutation R($input: ReportMetricsInput!) { reportMetrics(input: $input) { ...P accepted } } fragment P on ReportMetricsPayload { hostId warnings { path } }';
    const result = await bothWays({ body: agentBody(validInput(), query) });
    expect(result.ranDirectly).toBe(true);
    expect(Object.keys(result.direct.body.data.reportMetrics)).toEqual(['hostId', 'warnings', 'accepted']);
    expect(result.direct).toEqual(result.reference);
  });

  it('applies @include and @skip to the payload', async () => {
    outcome = 'ok';
    const query = 'mutation R($input: ReportMetricsInput!, $full: Boolean!) { reportMetrics(input: $input) { hostId warnings @include(if: $full) { path } accepted @skip(if: $full) } }';
    for (const full of [true, false]) {
      const result = await bothWays({ body: JSON.stringify({ query, variables: { input: validInput(), full } }) });
      expect(result.ranDirectly).toBe(true);
      expect(Object.keys(result.direct.body.data.reportMetrics)).toEqual(full ? ['hostId', 'warnings'] : ['hostId', 'accepted']);
      expect(result.direct).toEqual(result.reference);
    }
  });

  it('answers a browser with CORS headers', async () => {
    outcome = 'ok';
    const result = await bothWays({ body: agentBody(validInput()), headers: { origin: 'http://127.0.0.1:5173' } });
    expect(result.ranDirectly).toBe(true);
    expect(result.direct.cors['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    expect(result.direct).toEqual(result.reference);
  });

  it('names the path of invalid variables', async () => {
    const result = await bothWays({ body: agentBody(validInput()).replace(/"cpuUsagePercent":[\d.]+/, '"cpuUsagePercent":"high"') });
    expect(result.direct.body.errors[0].message).toMatch(/input\.reports\[0\]\.system\.cpuUsagePercent/);
    expect(result.received).toEqual([[], []]);
  });
});
