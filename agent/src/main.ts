import type { Logger } from 'pino';

import { collectOnce, startAgent } from './agent.ts';
import { parseCliArgs, USAGE, type CliArgs } from './cli-args.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { AgentConfig } from './config-schema.ts';
import { createLogger } from './logger.ts';
import { ReportClient } from './report/client.ts';

/** Time a one-shot send may take before the run fails. */
const ONE_SHOT_SEND_TIMEOUT_MS = 30_000;

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  let config: AgentConfig;
  try {
    config = await loadConfig({
      configPath: args.configPath,
      env: process.env,
      flags: args.flags,
      requireEndpoint: !args.print,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }

  const logger = createLogger(config.logLevel);
  if (args.once) {
    return runOnce(config, logger, args.print);
  }

  const agent = await startAgent(config, logger);
  await waitForShutdownSignal(logger);
  await agent.stop();
  return 0;
}

async function runOnce(config: AgentConfig, logger: Logger, print: boolean): Promise<number> {
  const input = await collectOnce(config, logger);
  if (print) {
    process.stdout.write(`${JSON.stringify(input, null, 2)}\n`);
    return 0;
  }

  const client = new ReportClient({
    endpoint: config.endpoint ?? '',
    apiKey: config.apiKey ?? '',
    requestTimeoutMs: ONE_SHOT_SEND_TIMEOUT_MS,
    userAgent: `sentinel-agent/${input.agentVersion ?? 'unknown'}`,
  });
  const result = await client.send(input);
  if (result.kind === 'delivered') {
    logger.info({ hostId: result.payload.hostId, reportId: input.reports[0]?.id }, 'Send report');
    return 0;
  }
  logger.error({ result }, 'Send report failed');
  return 1;
}

function waitForShutdownSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'Receive shutdown signal');
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

process.exitCode = await main();
