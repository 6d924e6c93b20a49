import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Creates the process logger. JSON lines go to stderr so that stdout stays free for
 * command output (keys printed once, the MCP stdio transport).
 */
export function createLogger(level: string, name = 'sentinel'): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: ['authorization', 'headers.authorization', '*.secret', 'secret', 'apiKey', '*.apiKey'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}
