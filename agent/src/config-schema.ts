import { z } from 'zod';

/** Interfaces of containers, bridges and overlay networks, whose traffic the host's NICs already count. */
export const DEFAULT_EXCLUDED_INTERFACES = ['veth*', 'docker*', 'br-*', 'virbr*', 'cni*', 'flannel*', 'cali*'];

export const DEFAULT_CONFIG_PATH = '/etc/sentinel/agent.yml';

/**
 * Agent settings, camelCase as the programmatic API takes them. The YAML file uses the
 * snake_case of each key, the environment SENTINEL_ plus upper snake_case, and flags
 * the kebab-case (see SETTING_KINDS). Durations are in seconds.
 */
export const agentSettingsSchema = z
  .object({
    /** Host identity at the API; defaults to the machine id. */
    agentId: z.string().trim().min(1).max(255).optional(),
    /** Host name to report; defaults to the kernel's host name. */
    hostname: z.string().trim().min(1).max(255).optional(),
    /** API base URL; reports go to `${endpoint}/graphql`. */
    endpoint: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
    /** Project ingest key, sent as a bearer token. */
    apiKey: z.string().trim().min(1).optional(),
    /** Seconds between two collections. */
    interval: z.number().min(1).max(3_600).default(10),
    /** Processes sent by CPU and by memory each (the report contains their union); 0 sends none. */
    topProcesses: z.int().min(0).max(500).default(20),
    collectContainers: z.boolean().default(true),
    dockerSocket: z.string().min(1).default('/var/run/docker.sock'),
    /** Directory for unsent reports and the generated agent id; null keeps reports in memory only. */
    spoolDir: z.string().min(1).nullable().default('/var/lib/sentinel-agent'),
    /** Most unsent reports kept; 8,640 is 24 hours at the default interval. */
    bufferMaxReports: z.int().min(1).max(1_000_000).default(8_640),
    /** Reports per request, at most 100 as the protocol allows. */
    batchSize: z.int().min(1).max(100).default(100),
    /** Seconds one request may take before it is aborted. */
    requestTimeout: z.number().min(0.1).max(300).default(10),
    /** Upper bound in seconds of the backoff between retries while the API is unreachable. */
    retryMaxDelay: z.number().min(0.1).max(3_600).default(60),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Interface name patterns (`*` wildcard) to report; empty reports all but the excluded. */
    interfacesInclude: z.array(z.string().min(1)).default([]),
    interfacesExclude: z.array(z.string().min(1)).default(DEFAULT_EXCLUDED_INTERFACES),
  })
  .strict();

/** Settings as a caller or a file supplies them; missing keys take their defaults. */
export type AgentSettings = z.input<typeof agentSettingsSchema>;

/** Settings after validation, with every default applied. */
export type AgentConfig = z.output<typeof agentSettingsSchema>;

export type SettingKey = keyof AgentConfig;

/** Conversion applied to a setting's text from the environment or a flag before validation. */
export type SettingKind = 'string' | 'number' | 'boolean' | 'list' | 'nullable-string';

export const SETTING_KINDS: Record<SettingKey, SettingKind> = {
  agentId: 'string',
  hostname: 'string',
  endpoint: 'string',
  apiKey: 'string',
  interval: 'number',
  topProcesses: 'number',
  collectContainers: 'boolean',
  dockerSocket: 'string',
  spoolDir: 'nullable-string',
  bufferMaxReports: 'number',
  batchSize: 'number',
  requestTimeout: 'number',
  retryMaxDelay: 'number',
  logLevel: 'string',
  interfacesInclude: 'list',
  interfacesExclude: 'list',
};

/** Settings whose values never appear in messages or logs. */
export const SECRET_SETTINGS = new Set<SettingKey>(['apiKey']);

export const SETTING_KEYS = Object.keys(SETTING_KINDS) as SettingKey[];

export function toSnakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function toEnvName(key: SettingKey): string {
  return `SENTINEL_${toSnakeCase(key).toUpperCase()}`;
}

export function toFlagName(key: SettingKey): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
