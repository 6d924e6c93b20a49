// Load generator process of the ingest benchmark: `agents` concurrent loops, each sending
// `reportsPerRequest` full reports per request to the API for `seconds`, then posting its
// latencies back.
// It shares the two CPUs with the API and PostgreSQL, so each request costs it as little
// as possible: a body serialized once per agent with only the report ids and times
// patched in, node:http with keep-alive sockets (one per agent), and the response
// searched for "errors" as text instead of being parsed.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fullInput, fullReport } from './fixture.ts';

export type LoadOptions = { urls: string[]; key: string; agents: number; seconds: number; runId: string; reportsPerRequest: number };
export type LoadResult = { latenciesMs: number[]; errors: number; firstError: string | null; elapsedMs: number; cpuMs: number };

const MUTATION = `mutation Report($input: ReportMetricsInput!) {
  reportMetrics(input: $input) { hostId accepted duplicates clockSkewMs warnings { reportId path message } }
}`;
// Report k of a request body carries these in place of its id and time.
const idPlaceholder = (k: number) => `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
const timePlaceholder = (k: number) => new Date(k);
const PLACEHOLDER = /(00000000-0000-4000-8000-\d{12}|1970-01-01T00:00:00\.\d{3}Z)/;

// The body split around the placeholders: text, id 0, text, time 0, text, id 1, ...
function bodyTemplate(agentId: string, hostname: string, reportsPerRequest: number): string[] {
  const reports = Array.from({ length: reportsPerRequest }, (_unused, k) => fullReport({ id: idPlaceholder(k), collectedAt: timePlaceholder(k) }));
  const template = JSON.stringify({ query: MUTATION, variables: { input: fullInput(agentId, hostname, reports) } });
  return template.split(PLACEHOLDER).filter((_part, index) => index % 2 === 0);
}

function post(url: URL, agent: Agent, key: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        authorization: `Bearer ${key}`,
      },
    });
    outgoing.once('error', reject);
    outgoing.once('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.once('end', () => (response.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${response.statusCode}: ${text}`))));
      response.once('error', reject);
    });
    outgoing.end(body);
  });
}

async function runAgent(options: LoadOptions, agent: Agent, index: number, deadline: number, result: LoadResult): Promise<void> {
  // Agents are spread over the API processes, each keeping to one.
  const url = new URL('/graphql', options.urls[index % options.urls.length]);
  const texts = bodyTemplate(`bench-${options.runId}-${index}`, `bench-${index}`, options.reportsPerRequest);
  // Reports of one agent are 1 ms apart so that no two share a host_metrics key.
  let collectedAt = Date.now() - options.seconds * 1_000 - 60_000;

  while (performance.now() < deadline) {
    let body = texts[0]!;
    for (let k = 0; k < options.reportsPerRequest; k += 1) {
      collectedAt += 1;
      body += `${randomUUID()}${texts[2 * k + 1]}${new Date(collectedAt).toISOString()}${texts[2 * k + 2]}`;
    }
    const started = performance.now();
    try {
      const response = await post(url, agent, options.key, body);
      if (response.includes('"errors"')) throw new Error(response.slice(0, 300));
      result.latenciesMs.push(performance.now() - started);
    } catch (error) {
      result.errors += 1;
      result.firstError ??= (error as Error).message;
    }
  }
}

async function run(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.agents });
  const result: LoadResult = { latenciesMs: [], errors: 0, firstError: null, elapsedMs: 0, cpuMs: 0 };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.seconds * 1_000;
  await Promise.all(Array.from({ length: options.agents }, (_unused, index) => runAgent(options, agent, index, deadline, result)));
  result.elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  result.cpuMs = (cpu.user + cpu.system) / 1_000;
  agent.destroy();
  return result;
}

// Started by run.ts with fork(): the options arrive as the first IPC message.
process.once('message', (options) => {
  void run(options as LoadOptions).then((result) => process.send!(result));
});
