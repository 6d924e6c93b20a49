import type { Logger } from './logger.ts';

// A stop that takes longer than this is abandoned, so a hung connection cannot keep a
// stopped service alive.
const SHUTDOWN_TIMEOUT_MS = 15_000;

/** Waits for SIGINT or SIGTERM, then runs `stop` once and exits. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): Promise<void> {
  return new Promise((resolveDone) => {
    let stopping = false;
    const handle = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'Stopping');
      const timer = setTimeout(() => {
        logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'Shutdown timed out');
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      stop().then(
        () => {
          logger.info('Stopped');
          resolveDone();
        },
        (error: unknown) => {
          logger.error({ err: error }, 'Failed to stop cleanly');
          process.exitCode = 1;
          resolveDone();
        },
      );
    };
    process.once('SIGINT', handle);
    process.once('SIGTERM', handle);
  });
}
