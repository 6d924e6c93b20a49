import { readFile } from 'node:fs/promises';

import { counterDelta } from '../counters.ts';
import type { NetworkInterfaceInput } from '../generated/graphql.ts';

/** Cumulative counters of one interface from /proc/net/dev. */
export type InterfaceCounters = {
  bytesReceived: number;
  packetsReceived: number;
  errorsIn: number;
  dropsIn: number;
  bytesSent: number;
  packetsSent: number;
  errorsOut: number;
  dropsOut: number;
};

/**
 * Parses /proc/net/dev (two header lines, then `name: 8 receive and 8 transmit columns`).
 */
export function parseNetDev(text: string): Map<string, InterfaceCounters> {
  const interfaces = new Map<string, InterfaceCounters>();
  for (const line of text.split('\n').slice(2)) {
    const separator = line.indexOf(':');
    if (separator < 0) {
      continue;
    }
    const name = line.slice(0, separator).trim();
    const values = line.slice(separator + 1).trim().split(/\s+/).map(Number);
    if (values.length < 16) {
      continue;
    }
    const value = (index: number): number => values[index] ?? 0;
    interfaces.set(name, {
      bytesReceived: value(0),
      packetsReceived: value(1),
      errorsIn: value(2),
      dropsIn: value(3),
      bytesSent: value(8),
      packetsSent: value(9),
      errorsOut: value(10),
      dropsOut: value(11),
    });
  }
  return interfaces;
}

/**
 * Collects per-interface traffic over the interval since the previous call. The kernel
 * keeps these counters in 64 bits (rtnl_link_stats64), so a counter that went down
 * means the interface was recreated, and that interval's value is null.
 */
export class NetworkCollector {
  private previous = new Map<string, InterfaceCounters>();

  constructor(
    private readonly isReported: (name: string) => boolean,
    private readonly procRoot = '/proc',
  ) {}

  async collect(): Promise<NetworkInterfaceInput[]> {
    const current = parseNetDev(await readFile(`${this.procRoot}/net/dev`, 'utf8'));
    const previous = this.previous;
    this.previous = current;

    const interfaces: NetworkInterfaceInput[] = [];
    for (const [name, counters] of current) {
      if (!this.isReported(name)) {
        continue;
      }
      const before = previous.get(name);
      const delta = (key: keyof InterfaceCounters): number | null => counterDelta(before?.[key], counters[key]);
      interfaces.push({
        name,
        bytesSent: delta('bytesSent'),
        bytesReceived: delta('bytesReceived'),
        packetsSent: delta('packetsSent'),
        packetsReceived: delta('packetsReceived'),
        errorsIn: delta('errorsIn'),
        errorsOut: delta('errorsOut'),
        dropsIn: delta('dropsIn'),
        dropsOut: delta('dropsOut'),
      });
    }
    return interfaces;
  }
}
