import { readFile } from 'node:fs/promises';

/**
 * Reads a text file, returning null when it does not exist or is not readable
 * (a process that exited between listing and reading, a file hidden by permissions).
 */
export async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissingOrForbidden(error)) {
      return null;
    }
    throw error;
  }
}

/** True for the errors that mean "this file is gone or not ours to read". */
export function isMissingOrForbidden(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM';
}

/** Parses `Key: value [kB]` lines (/proc/meminfo, /proc/[pid]/status) into a map of raw values. */
export function parseKeyValueLines(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const separator = line.indexOf(':');
    if (separator > 0) {
      fields.set(line.slice(0, separator), line.slice(separator + 1).trim());
    }
  }
  return fields;
}

/** Converts a `/proc` size such as `1024 kB` to bytes; null when absent or malformed. */
export function parseKibibytes(value: string | undefined): number | null {
  const match = value === undefined ? null : /^(\d+)(?:\s*kB)?$/.exec(value);
  return match ? Number(match[1]) * 1024 : null;
}
