// Load generator process of the ingest benchmark: `agents` concurrent loops, each sending
// one full report per request to the API for `seconds`, then posting its latencies back.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fullInput, fullReport } from './fixture.ts';

export type LoadOptions = { url: string; key: string; agents: number; seconds: number; runId: string };
export type LoadResult = { latenciesMs: number[]; errors: number; firstError: string | null; elapsedMs: number };

const MUTATION = `mutation Report($input: ReportMetricsInput!) {
  reportMetrics(input: $input) { hostId accepted duplicates clockSkewMs warnings { reportId path message } }
}`;
const ID_PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
const TIME_PLACEHOLDER = '1970-01-01T00:00:00.000Z';

// Serializing a 20 KB report per request would cost the shared CPUs as much as the
// server's work, so each agent fills a fixed body in with a new id and time.
function bodyTemplate(agentId: string, hostname: string): string {
  const report = fullReport({ id: ID_PLACEHOLDER, collectedAt: new Date(TIME_PLACEHOLDER) });
  return JSON.stringify({ query: MUTATION, variables: { input: fullInput(agentId, hostname, [report]) } });
}

async function runAgent(options: LoadOptions, index: number, deadline: number, result: LoadResult): Promise<void> {
  const template = bodyTemplate(`bench-${options.runId}-${index}`, `bench-${index}`);
  const [beforeId, afterId] = template.split(ID_PLACEHOLDER) as [string, string];
  const [middle, end] = afterId.split(TIME_PLACEHOLDER) as [string, string];
  // Reports of one agent are 1 ms apart so that no two share a host_metrics key.
  let collectedAt = Date.now() - options.seconds * 1_000 - 60_000;

  while (performance.now() < deadline) {
    collectedAt += 1;
    const body = `${beforeId}${randomUUID()}${middle}${new Date(collectedAt).toISOString()}${end}`;
    const started = performance.now();
    try {
      const response = await fetch(`${options.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key}` },
        body,
      });
      const payload = (await response.json()) as { errors?: { message: string }[] };
      if (payload.errors) throw new Error(payload.errors[0]!.message);
      result.latenciesMs.push(performance.now() - started);
    } catch (error) {
      result.errors += 1;
      result.firstError ??= (error as Error).message;
    }
  }
}

async function run(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { latenciesMs: [], errors: 0, firstError: null, elapsedMs: 0 };
  const started = performance.now();
  const deadline = started + options.seconds * 1_000;
  await Promise.all(Array.from({ length: options.agents }, (_unused, index) => runAgent(options, index, deadline, result)));
  result.elapsedMs = performance.now() - started;
  return result;
}

// Started by run.ts with fork(): the options arrive as the first IPC message.
process.once('message', (options) => {
  void run(options as LoadOptions).then((result) => process.send!(result));
});
