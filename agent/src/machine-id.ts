import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Logger } from 'pino';

/** systemd's machine id, then the D-Bus copy older distributions keep. */
const MACHINE_ID_PATHS = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

/** File in the state directory holding the id generated when no machine id exists. */
const AGENT_ID_FILE = 'agent-id';

async function readId(path: string): Promise<string | null> {
  try {
    const id = (await readFile(path, 'utf8')).trim();
    return id === '' ? null : id;
  } catch {
    return null;
  }
}

/**
 * Finds the host's stable identity: the machine id, else a UUID generated once and
 * kept in the state directory. The host name is never used, because hosts get renamed
 * and cloned images share names. Without a state directory the generated id lasts
 * only as long as the process, and a warning is logged.
 */
export async function resolveAgentId(stateDirectory: string | null, logger: Logger, machineIdPaths = MACHINE_ID_PATHS): Promise<string> {
  for (const path of machineIdPaths) {
    const id = await readId(path);
    if (id !== null) {
      return id;
    }
  }

  if (stateDirectory === null) {
    const id = randomUUID();
    logger.warn({ agentId: id }, 'Generate temporary agent id (no machine id and no spool directory)');
    return id;
  }

  const path = join(stateDirectory, AGENT_ID_FILE);
  const saved = await readId(path);
  if (saved !== null) {
    return saved;
  }
  const id = randomUUID();
  await mkdir(stateDirectory, { recursive: true, mode: 0o700 });
  await writeFile(`${path}.tmp`, `${id}\n`, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
  logger.info({ agentId: id, path }, 'Generate agent id');
  return id;
}
