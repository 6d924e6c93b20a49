import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { computeCpuUsage, computePerCoreUsage, type CpuTimes } from '../src/collectors/cpu.ts';
import { computeDiskIo, type DiskCounters } from '../src/collectors/diskstats.ts';
import { NetworkCollector } from '../src/collectors/network.ts';
import { counterDelta } from '../src/counters.ts';
import { makeTemporaryDirectory } from './helpers/reports.ts';

const TWO_POW_32 = 2 ** 32;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function cpuTimes(overrides: Partial<CpuTimes>): CpuTimes {
  return { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, ...overrides };
}

function diskCounters(overrides: Partial<DiskCounters>): DiskCounters {
  return { name: 'sda', readOps: 0, readSectors: 0, writeOps: 0, writeSectors: 0, busyMs: 0, ...overrides };
}

describe('counter delta', () => {
  it('is null on the first sample', () => {
    expect(counterDelta(undefined, 100)).toBeNull();
    expect(counterDelta(null, 100)).toBeNull();
  });

  it('is the difference when the counter grew', () => {
    expect(counterDelta(100, 350)).toBe(250);
    expect(counterDelta(100, 100)).toBe(0);
  });

  it('is null when a 64-bit counter went down', () => {
    expect(counterDelta(5_000_000, 1_000)).toBeNull();
  });

  it('handles a 32-bit wrap', () => {
    expect(counterDelta(TWO_POW_32 - 100, 50, { widthBits: 32 })).toBe(150);
  });

  it('treats an implausible 32-bit wrap as a reset', () => {
    // From 1,000,000 to 10 the wrapped delta would be about 4.29e9: a reboot, not a wrap.
    expect(counterDelta(1_000_000, 10, { widthBits: 32 })).toBeNull();
    expect(counterDelta(3_000_000_000, 10, { widthBits: 32, maxDelta: 10_000 })).toBeNull();
  });

  it('rejects a delta above the plausible bound', () => {
    expect(counterDelta(0, 5_000, { maxDelta: 1_000 })).toBeNull();
  });

  it('never returns a negative value', () => {
    const samples = [0, 10, 5, TWO_POW_32 - 1, 3, 2 ** 40, 7];
    for (const widthBits of [32, 64] as const) {
      for (const previous of samples) {
        for (const current of samples) {
          const delta = counterDelta(previous, current, { widthBits });
          expect(delta === null || delta >= 0).toBe(true);
        }
      }
    }
  });
});

describe('cpu usage', () => {
  it('uses the delta between samples, not totals since boot', () => {
    const before = cpuTimes({ user: 1_000_000, system: 500_000, idle: 8_000_000 });
    const after = cpuTimes({ user: 1_000_050, system: 500_050, idle: 8_000_100 });

    const usage = computeCpuUsage(before, after);

    expect(usage?.usagePercent).toBe(50);
    expect(usage?.userPercent).toBe(25);
    expect(usage?.systemPercent).toBe(25);
  });

  it('splits iowait and steal', () => {
    const before = cpuTimes({});
    const after = cpuTimes({ user: 10, iowait: 20, steal: 10, idle: 60 });

    const usage = computeCpuUsage(before, after);

    expect(usage).toEqual({ usagePercent: 20, userPercent: 10, systemPercent: 0, iowaitPercent: 20, stealPercent: 10 });
  });

  it('is null after a reboot', () => {
    const before = cpuTimes({ user: 900_000, idle: 9_000_000 });
    const after = cpuTimes({ user: 100, idle: 1_000 });

    expect(computeCpuUsage(before, after)).toBeNull();
  });

  it('ignores an iowait counter that went down', () => {
    const before = cpuTimes({ user: 100, iowait: 50, idle: 1_000 });
    const after = cpuTimes({ user: 150, iowait: 45, idle: 1_050 });

    const usage = computeCpuUsage(before, after);

    expect(usage?.iowaitPercent).toBe(0);
    expect(usage?.usagePercent).toBe(50);
  });

  it('per core is null when cores were added', () => {
    expect(computePerCoreUsage([cpuTimes({})], [cpuTimes({}), cpuTimes({})])).toBeNull();
  });
});

describe('disk io delta', () => {
  it('is null on the first cycle', () => {
    const io = computeDiskIo(undefined, diskCounters({ readSectors: 100 }), null);
    expect(io).toEqual({ readBytes: null, writeBytes: null, readOps: null, writeOps: null, ioTimePercent: null });
  });

  it('converts sectors to bytes and busy time to a share', () => {
    const io = computeDiskIo(
      diskCounters({ readSectors: 100, writeSectors: 10, readOps: 5, writeOps: 1, busyMs: 1_000 }),
      diskCounters({ readSectors: 300, writeSectors: 20, readOps: 9, writeOps: 3, busyMs: 1_250 }),
      1_000,
    );
    expect(io).toEqual({ readBytes: 102_400, writeBytes: 5_120, readOps: 4, writeOps: 2, ioTimePercent: 25 });
  });

  it('handles a 32-bit busy time wrap', () => {
    const io = computeDiskIo(diskCounters({ busyMs: TWO_POW_32 - 500 }), diskCounters({ busyMs: 300 }), 1_000);
    expect(io.ioTimePercent).toBe(80);
  });

  it('is null for counters reset by a reboot', () => {
    const io = computeDiskIo(
      diskCounters({ readSectors: 9_000_000, readOps: 50_000, busyMs: 1_000_000 }),
      diskCounters({ readSectors: 1_000, readOps: 10, busyMs: 100 }),
      10_000,
    );
    expect(io.readBytes).toBeNull();
    expect(io.readOps).toBeNull();
    expect(io.ioTimePercent).toBeNull();
  });
});

describe('network collector deltas', () => {
  const header = 'Inter-|   Receive\n face |bytes    packets errs drop fifo frame compressed multicast|bytes\n';

  function netDevLine(name: string, received: number, sent: number): string {
    return `${name}: ${received} 10 0 0 0 0 0 0 ${sent} 20 0 0 0 0 0 0\n`;
  }

  async function writeNetDev(procRoot: string, lines: string): Promise<void> {
    await mkdir(join(procRoot, 'net'), { recursive: true });
    await writeFile(join(procRoot, 'net', 'dev'), header + lines);
  }

  it('sends null first, deltas next, null after a reset', async () => {
    const directory = await makeTemporaryDirectory('netdev');
    cleanups.push(directory.remove);
    const collector = new NetworkCollector((name) => name !== 'lo', directory.path);

    await writeNetDev(directory.path, netDevLine('eth0', 1_000, 500) + netDevLine('lo', 5, 5));
    const first = await collector.collect();
    await writeNetDev(directory.path, netDevLine('eth0', 4_000, 700));
    const second = await collector.collect();
    await writeNetDev(directory.path, netDevLine('eth0', 100, 50));
    const afterReset = await collector.collect();

    expect(first).toHaveLength(1);
    expect(first[0]?.bytesReceived).toBeNull();
    expect(second[0]?.bytesReceived).toBe(3_000);
    expect(second[0]?.bytesSent).toBe(200);
    expect(second[0]?.packetsReceived).toBe(0);
    expect(afterReset[0]?.bytesReceived).toBeNull();
    expect(afterReset[0]?.bytesSent).toBeNull();
  });
});
