// Load generator process of the ingest benchmark: `agents` simulated agents, each sending
// `reportsPerRequest` full reports per request to the API for `seconds`, then posting its
// latencies back. Closed loop by default (each agent sends again once it has its response); with
// `rate`, requests are sent on a fixed schedule (open loop).
// It shares the two CPUs with the API and PostgreSQL, so each request costs it as little
// as possible: a body serialized once per agent with only the report ids and times
// patched in, node:http with keep-alive sockets (one per agent), and the response
// searched for "errors" as text instead of being parsed.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fullInput, fullReport } from './fixture.ts';

export type LoadOptions = {
  urls: string[];
  key: string;
  agents: number;
  seconds: number;
  runId: string;
  reportsPerRequest: number;
  /** Requests per second on a fixed schedule (open loop), or undefined for closed loops. */
  rate?: number;
};
export type LoadResult = {
  latenciesMs: number[];
  errors: number;
  firstError: string | null;
  elapsedMs: number;
  cpuMs: number;
  /** Open loop only: requests due before the deadline but still waiting for their agent. */
  unsent: number;
  /** When the run started (performance.now() of the load process). */
  startMs: number;
  /** Per latency, when its request was sent or due, in ms since startMs. */
  startedAtMs: number[];
};

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

/** One simulated agent: its API process, body template and the time of its last report. */
class SimulatedAgent {
  private readonly url: URL;
  private readonly texts: string[];
  // Reports of one agent are 1 ms apart so that no two share a host_metrics key.
  private collectedAt: number;

  constructor(
    private readonly options: LoadOptions,
    index: number,
  ) {
    // Agents are spread over the API processes, each keeping to one.
    this.url = new URL('/graphql', options.urls[index % options.urls.length]);
    this.texts = bodyTemplate(`bench-${options.runId}-${index}`, `bench-${index}`, options.reportsPerRequest);
    this.collectedAt = Date.now() - options.seconds * 1_000 - 60_000;
  }

  /** Sends one request and records its latency, counted from `since`. */
  async send(agent: Agent, since: number, result: LoadResult): Promise<void> {
    let body = this.texts[0]!;
    for (let k = 0; k < this.options.reportsPerRequest; k += 1) {
      this.collectedAt += 1;
      body += `${randomUUID()}${this.texts[2 * k + 1]}${new Date(this.collectedAt).toISOString()}${this.texts[2 * k + 2]}`;
    }
    try {
      const response = await post(this.url, agent, this.options.key, body);
      if (response.includes('"errors"')) throw new Error(response.slice(0, 300));
      result.latenciesMs.push(performance.now() - since);
      result.startedAtMs.push(since - result.startMs);
    } catch (error) {
      result.errors += 1;
      result.firstError ??= (error as Error).message;
    }
  }
}

// Closed loop: each agent sends its next request as soon as the previous response arrives.
async function runClosedLoop(agents: SimulatedAgent[], agent: Agent, deadline: number, result: LoadResult): Promise<void> {
  await Promise.all(
    agents.map(async (simulated) => {
      while (performance.now() < deadline) await simulated.send(agent, performance.now(), result);
    }),
  );
}

/**
 * Open loop: request k is due at k / rate seconds, from agent k mod agents, whether or
 * not earlier requests have their responses. Like a real agent, one agent sends one request
 * at a time, so a due request of a busy agent waits for it. Latency counts from the due
 * time, so a server that falls behind shows it in the percentiles instead of slowing
 * the schedule down.
 */
async function runOpenLoop(
  options: LoadOptions,
  agents: SimulatedAgent[],
  agent: Agent,
  started: number,
  deadline: number,
  result: LoadResult,
): Promise<void> {
  const waiting = agents.map((): number[] => []);
  const busy = agents.map(() => false);
  const inFlight = new Set<Promise<void>>();

  const sendFrom = (index: number, due: number): void => {
    busy[index] = true;
    const sent = agents[index]!.send(agent, due, result).then(() => {
      inFlight.delete(sent);
      const next = waiting[index]!.shift();
      if (next === undefined) busy[index] = false;
      else sendFrom(index, next);
    });
    inFlight.add(sent);
  };

  const intervalMs = 1_000 / options.rate!;
  let k = 0;
  while (performance.now() < deadline) {
    const now = performance.now();
    for (let due = started + k * intervalMs; due <= now && due < deadline; due = started + ++k * intervalMs) {
      const index = k % agents.length;
      if (busy[index]) waiting[index]!.push(due);
      else sendFrom(index, due);
    }
    await new Promise((resolveTick) => setTimeout(resolveTick, 1));
  }
  // Requests still waiting at the deadline were never sent; they count as late.
  result.unsent = waiting.reduce((sum, queue) => sum + queue.length, 0);
  while (inFlight.size > 0) await Promise.all(inFlight);
}

async function run(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.agents });
  // The bodies are built before the clock starts: for 2,000 agents that takes long
  // enough to make the first second of an open loop late.
  const agents = Array.from({ length: options.agents }, (_unused, index) => new SimulatedAgent(options, index));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result: LoadResult = { latenciesMs: [], errors: 0, firstError: null, elapsedMs: 0, cpuMs: 0, unsent: 0, startMs: started, startedAtMs: [] };
  const deadline = started + options.seconds * 1_000;
  if (options.rate) await runOpenLoop(options, agents, agent, started, deadline, result);
  else await runClosedLoop(agents, agent, deadline, result);
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
