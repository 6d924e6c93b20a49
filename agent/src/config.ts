import { readFile } from 'node:fs/promises';

import { parse as parseYaml } from 'yaml';

import {
  agentSettingsSchema,
  DEFAULT_CONFIG_PATH,
  SECRET_SETTINGS,
  SETTING_KEYS,
  SETTING_KINDS,
  toEnvName,
  toFlagName,
  toSnakeCase,
  type AgentConfig,
  type AgentSettings,
  type SettingKey,
  type SettingKind,
} from './config-schema.ts';

/** Every problem found in the settings, one line each, naming the setting and its value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid agent configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type LoadConfigOptions = {
  /** YAML file to read; when given (or SENTINEL_CONFIG is set) it must exist. */
  configPath?: string;
  /** Environment to read SENTINEL_* overrides from. */
  env?: Record<string, string | undefined>;
  /** Command-line overrides as raw text, keyed by setting. */
  flags?: Partial<Record<SettingKey, string>>;
  /** Whether endpoint and api_key must be set; false for a print-only run. */
  requireEndpoint?: boolean;
};

/** Source of each setting's final value (file path, variable or flag), for error messages. */
type Origins = Map<SettingKey, string>;

/**
 * Builds the configuration from, in rising priority: defaults, the YAML file, SENTINEL_*
 * environment variables and flags. Throws ConfigError listing every problem at once.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<AgentConfig> {
  const env = options.env ?? {};
  const problems: string[] = [];
  const settings: Record<string, unknown> = {};
  const origins: Origins = new Map();

  const explicitPath = options.configPath ?? (env['SENTINEL_CONFIG'] || undefined);
  const path = explicitPath ?? DEFAULT_CONFIG_PATH;
  const fileSettings = await readConfigFile(path, explicitPath !== undefined, problems);
  for (const [name, value] of Object.entries(fileSettings)) {
    const key = SETTING_KEYS.find((candidate) => toSnakeCase(candidate) === name);
    if (key === undefined) {
      problems.push(`Unknown setting ${name} in ${path}`);
      continue;
    }
    settings[key] = value;
    origins.set(key, path);
  }

  for (const key of SETTING_KEYS) {
    const envValue = env[toEnvName(key)];
    if (envValue !== undefined) {
      assignText(settings, origins, key, envValue, toEnvName(key));
    }
    const flagValue = options.flags?.[key];
    if (flagValue !== undefined) {
      assignText(settings, origins, key, flagValue, `--${toFlagName(key)}`);
    }
  }

  try {
    return parseAgentSettings(settings as AgentSettings, { requireEndpoint: options.requireEndpoint, origins, problems });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw error;
    }
    throw new ConfigError([...problems, String(error)]);
  }
}

/**
 * Validates settings given as an object (the programmatic API). Throws ConfigError
 * listing every invalid or missing setting.
 */
export function parseAgentSettings(
  settings: AgentSettings,
  context: { requireEndpoint?: boolean | undefined; origins?: Origins; problems?: string[] } = {},
): AgentConfig {
  const problems = [...(context.problems ?? [])];
  const result = agentSettingsSchema.safeParse(settings);

  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path[0];
      if (typeof key !== 'string') {
        problems.push(issue.message);
        continue;
      }
      const value = SECRET_SETTINGS.has(key as SettingKey) ? '<redacted>' : JSON.stringify((settings as Record<string, unknown>)[key]);
      const origin = context.origins?.get(key as SettingKey);
      problems.push(`Invalid setting ${toSnakeCase(key)} = ${value}${origin ? ` (from ${origin})` : ''}: ${issue.message}`);
    }
  }

  if (context.requireEndpoint ?? true) {
    for (const key of ['endpoint', 'apiKey'] as const) {
      if (settings[key] === undefined) {
        problems.push(
          `Missing setting ${toSnakeCase(key)}: set it in the config file, ${toEnvName(key)} or --${toFlagName(key)}`,
        );
      }
    }
  }

  if (problems.length > 0 || !result.success) {
    throw new ConfigError(problems);
  }
  return result.data;
}

async function readConfigFile(path: string, required: boolean, problems: string[]): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) {
      return {};
    }
    problems.push(`Cannot read config file ${path}: ${code ?? String(error)}`);
    return {};
  }

  try {
    const parsed: unknown = parseYaml(text);
    if (parsed === null || parsed === undefined) {
      return {};
    }
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push(`Invalid config file ${path}: expected a mapping of settings`);
      return {};
    }
    return parsed as Record<string, unknown>;
  } catch (error) {
    problems.push(`Invalid YAML in config file ${path}: ${(error as Error).message}`);
    return {};
  }
}

function assignText(settings: Record<string, unknown>, origins: Origins, key: SettingKey, text: string, origin: string): void {
  const value = convertText(text, SETTING_KINDS[key]);
  if (value === undefined) {
    return;
  }
  settings[key] = value;
  origins.set(key, origin);
}

/**
 * Converts environment or flag text by the setting's kind. Text that does not convert
 * stays a string, so validation reports it with its value. An empty text unsets a
 * plain string setting and disables a nullable one (spool_dir).
 */
function convertText(text: string, kind: SettingKind): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case 'string':
      return trimmed === '' ? undefined : trimmed;
    case 'nullable-string':
      return trimmed === '' ? null : trimmed;
    case 'number':
      return /^-?\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) : text;
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(lower)) {
        return true;
      }
      if (['false', 'no', 'off', '0'].includes(lower)) {
        return false;
      }
      return text;
    }
    case 'list':
      return trimmed
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
  }
}
