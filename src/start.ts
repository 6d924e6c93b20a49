// `npm start`: the API and a local agent reporting this machine, in one process. With
// no DATABASE_URL the API runs on an embedded PostgreSQL kept in SENTINEL_DATA_DIR.
import { join } from 'node:path';
import { startAgent } from 'sentinel-agent';
import { startSentinel } from './app.ts';
import { bootstrapLocalCredentials } from './auth/bootstrap.ts';
import { loadConfigOrExit, printNewKeys } from './cli-output.ts';
import { createLogger } from './logger.ts';
import { onShutdown } from './shutdown.ts';

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);

const sentinel = await startSentinel(config, logger);
const { credentials, created, file } = await bootstrapLocalCredentials(sentinel.services.prisma, config.dataDir, logger);

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
    `    -d '{"query":"{ hosts(first: 20) { edges { node { name status cpuUsage memoryUsage lastSeenAt } } } }"}'`,
    'Press Ctrl+C to stop.',
  ].join('\n'),
);

await onShutdown(logger, async () => {
  await agent.stop();
  await sentinel.stop();
});
