// Optional statement timing for the ingest benchmark (--trace): wraps pg's Client.query
// so that every statement of this process is timed from send to result, grouped by its
// first line (the `-- Name` comment of storage queries, or BEGIN and COMMIT).
import { performance } from 'node:perf_hooks';
import pg from 'pg';

type Totals = { count: number; totalMs: number };
const totals = new Map<string, Totals>();

function statementName(config: unknown): string {
  const text = typeof config === 'string' ? config : ((config as { text?: string } | null)?.text ?? '');
  return text.trimStart().split('\n')[0]!.slice(0, 60);
}

function record(name: string, started: number): void {
  const entry = totals.get(name) ?? { count: 0, totalMs: 0 };
  entry.count += 1;
  entry.totalMs += performance.now() - started;
  totals.set(name, entry);
}

/** Starts timing every statement sent through pg.Client. */
export function traceStatements(): void {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function traced(this: pg.Client, ...args: unknown[]) {
    const name = statementName(args[0]);
    const started = performance.now();
    const result = original.apply(this, args) as { then?: unknown; done?: Promise<void> };
    if (typeof result?.then === 'function') {
      (result as Promise<unknown>).then(() => record(name, started), () => record(name, started));
    } else if (result?.done) {
      // A COPY (src/ingest/copy-from.ts) is submitted as an object with a `done` promise.
      result.done.then(() => record(name, started), () => record(name, started));
    }
    return result;
  } as typeof pg.Client.prototype.query;
}

/** Forgets the timings so far (after the warm-up). */
export function resetTrace(): void {
  totals.clear();
}

/** Formats one line per statement: count, mean and total milliseconds, biggest total first. */
export function traceReport(): string {
  return [...totals]
    .sort((a, b) => b[1].totalMs - a[1].totalMs)
    .map(([name, { count, totalMs }]) => `  ${String(count).padStart(6)} x ${(totalMs / count).toFixed(2).padStart(7)} ms = ${totalMs.toFixed(0).padStart(6)} ms  ${name}`)
    .join('\n');
}
