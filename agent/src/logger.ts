import { pino, type Logger } from 'pino';

import type { AgentConfig } from './config-schema.ts';

/**
 * Creates the agent's logger: JSON lines on stderr, so stdout stays free for --print.
 * Writes are synchronous so that the last lines before an exit are not lost.
 */
export function createLogger(level: AgentConfig['logLevel']): Logger {
  return pino(
    { name: 'sentinel-agent', level, redact: { paths: ['apiKey', '*.apiKey', 'authorization'], censor: '<redacted>' } },
    pino.destination({ fd: 2, sync: true }),
  );
}
