import { readTextOrNull } from '../procfs.ts';

export type TcpCounts = {
  total: number;
  established: number;
  timeWait: number;
  closeWait: number;
};

/** Socket states as the kernel prints them in hexadecimal (include/net/tcp_states.h). */
const TCP_STATE_ESTABLISHED = '01';
const TCP_STATE_TIME_WAIT = '06';
const TCP_STATE_CLOSE_WAIT = '08';

/** Column of the state in /proc/net/tcp: sl, local_address, rem_address, st. */
const STATE_COLUMN = 3;

/**
 * Counts sockets by state in the text of /proc/net/tcp or /proc/net/tcp6 (first line
 * is a header). Listening sockets count towards the total.
 */
export function countTcpStates(text: string, counts: TcpCounts): void {
  const lines = text.split('\n');
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index];
    if (!line) {
      continue;
    }
    const state = line.trim().split(/\s+/, STATE_COLUMN + 1)[STATE_COLUMN];
    counts.total += 1;
    if (state === TCP_STATE_ESTABLISHED) {
      counts.established += 1;
    } else if (state === TCP_STATE_TIME_WAIT) {
      counts.timeWait += 1;
    } else if (state === TCP_STATE_CLOSE_WAIT) {
      counts.closeWait += 1;
    }
  }
}

/**
 * Reads IPv4 and IPv6 socket tables of the agent's network namespace. Returns null
 * when neither table is readable (no procfs network files).
 */
export async function collectTcpCounts(procRoot = '/proc'): Promise<TcpCounts | null> {
  const tables = await Promise.all([
    readTextOrNull(`${procRoot}/net/tcp`),
    readTextOrNull(`${procRoot}/net/tcp6`),
  ]);
  if (tables.every((text) => text === null)) {
    return null;
  }

  const counts: TcpCounts = { total: 0, established: 0, timeWait: 0, closeWait: 0 };
  for (const text of tables) {
    if (text !== null) {
      countTcpStates(text, counts);
    }
  }
  return counts;
}
