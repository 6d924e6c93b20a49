import { Writable } from 'node:stream';

import { pino, type Logger } from 'pino';

export type LogLine = { level: number; msg: string; [key: string]: unknown };

/** pino's numeric levels. */
export const LOG_LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

/** A logger that keeps every line in memory, so tests can assert on what was logged. */
export function createCapturingLogger(level = 'debug'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text.trim() !== '') {
          lines.push(JSON.parse(text) as LogLine);
        }
      }
      callback();
    },
  });
  return { logger: pino({ level }, stream), lines };
}
