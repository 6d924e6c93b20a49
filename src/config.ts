import { resolve } from 'node:path';
import { z } from 'zod';

// Every environment variable Sentinel reads is parsed here, once, at start.
// process.env is read nowhere else.

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .min(1)
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`)
    .optional();

const environmentSchema = z.object({
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  // Start of every Redis channel name, so that several deployments can share one Redis.
  REDIS_CHANNEL_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores')
    .default('sentinel'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  SENTINEL_DATA_DIR: z.string().trim().min(1).default('./.sentinel'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  // Seconds between two agent reports; a host is offline after three missed reports.
  SENTINEL_AGENT_INTERVAL: z.coerce.number().int().min(1).max(3_600).default(10),
  // Starts the jobs scheduler (offline sweep, partitions, rollups, retention) in this
  // process. Several processes may run it: each job holds an advisory lock.
  SENTINEL_JOBS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  // Base URL of the Sentinel that `sentinel mcp` (stdio) queries, and the read or admin key it uses.
  SENTINEL_URL: optionalUrl(['http:', 'https:']),
  SENTINEL_API_KEY: z.string().trim().min(1).optional(),
  // URL that receives alert changes to firing and to resolved, and the key that signs them.
  SENTINEL_ALERT_WEBHOOK_URL: optionalUrl(['http:', 'https:']),
  SENTINEL_ALERT_WEBHOOK_SECRET: z.string().trim().min(1).optional(),
});

export type Config = {
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  redisChannelPrefix: string;
  port: number;
  host: string;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  agentIntervalSeconds: number;
  runJobs: boolean;
  mcp: { url: string | undefined; apiKey: string | undefined };
  alertWebhook: { url: string | undefined; secret: string | undefined };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment into a typed config. Throws a ConfigError that lists every
 * invalid variable with its value, so an operator fixes them all in one go.
 */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === '' ? undefined : value]),
  );
  const result = environmentSchema.safeParse(blankToUndefined);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      let shown = env[name];
      if (name.endsWith('_URL')) shown = redactUrl(env[name]);
      if (name.endsWith('_KEY') || name.endsWith('_SECRET')) shown = '<redacted>';
      return `${name}=${JSON.stringify(shown)}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }

  const parsed = result.data;
  return {
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    redisChannelPrefix: parsed.REDIS_CHANNEL_PREFIX,
    port: parsed.PORT,
    host: parsed.HOST,
    dataDir: resolve(parsed.SENTINEL_DATA_DIR),
    logLevel: parsed.LOG_LEVEL,
    agentIntervalSeconds: parsed.SENTINEL_AGENT_INTERVAL,
    runJobs: parsed.SENTINEL_JOBS,
    mcp: { url: parsed.SENTINEL_URL, apiKey: parsed.SENTINEL_API_KEY },
    alertWebhook: { url: parsed.SENTINEL_ALERT_WEBHOOK_URL, secret: parsed.SENTINEL_ALERT_WEBHOOK_SECRET },
  };
}

/** Hides the password of a connection URL so that it can be printed or logged. */
export function redactUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable URL>';
  }
}
