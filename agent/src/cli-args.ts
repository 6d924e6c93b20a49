import { parseArgs } from 'node:util';

import { SETTING_KEYS, toFlagName, type SettingKey } from './config-schema.ts';

export type CliArgs = {
  configPath: string | undefined;
  once: boolean;
  print: boolean;
  help: boolean;
  flags: Partial<Record<SettingKey, string>>;
};

export const USAGE = `Usage: sentinel-agent [options]

Collects host metrics every interval and reports them to the Sentinel API.

Options:
  --config PATH        YAML config file (default /etc/sentinel/agent.yml, or SENTINEL_CONFIG)
  --once               collect one report (two samples 1 s apart), send it and exit
  --print              with --once: print the request variables as JSON instead of sending;
                       needs no endpoint or API key
  --help               show this text

Every setting of the config file can be given as a flag (--interval 30, --api-key KEY)
or as an environment variable (SENTINEL_INTERVAL=30); flags win over the environment,
which wins over the file. Prefer the file or the environment for the API key, because
command lines are visible to every user of the host.
`;

/** Parses the command line; throws TypeError on an unknown option or a missing value. */
export function parseCliArgs(argv: string[]): CliArgs {
  const settingOptions = Object.fromEntries(
    SETTING_KEYS.map((key) => [toFlagName(key), { type: 'string' as const }]),
  );
  const { values } = parseArgs({
    args: argv,
    options: {
      ...settingOptions,
      config: { type: 'string' },
      once: { type: 'boolean', default: false },
      print: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });

  const flags: Partial<Record<SettingKey, string>> = {};
  const settingValues: Record<string, unknown> = values;
  for (const key of SETTING_KEYS) {
    const value = settingValues[toFlagName(key)];
    if (typeof value === 'string') {
      flags[key] = value;
    }
  }

  const print = values.print === true;
  return {
    configPath: typeof values.config === 'string' ? values.config : undefined,
    // Printing a payload only makes sense for a single collection.
    once: values.once === true || print,
    print,
    help: values.help === true,
    flags,
  };
}
