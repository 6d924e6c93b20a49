import { ConfigError, parseConfig, type Config } from './config.ts';

/** Parses the environment, or prints every configuration problem and exits with 1. */
export function loadConfigOrExit(): Config {
  try {
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Prints freshly made local keys; this is the only time their secrets are shown. */
export function printNewKeys(adminKey: string, ingestKey: string, file: string): void {
  console.log(
    [
      'Created the default project. These keys are shown once; they are also stored in',
      `${file} (readable by this user only).`,
      `  Admin key:  ${adminKey}`,
      `  Ingest key: ${ingestKey}`,
    ].join('\n'),
  );
}
