import { readFileSync, readdirSync, statfsSync, type StatsFs } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { cpus, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { beforeAll, describe, expect, it } from 'vitest';

import { parseAgentSettings } from '../src/config.ts';
import type { SystemInfoInput } from '../src/generated/graphql.ts';
import type { AgentReport } from '../src/report/agent-report.ts';
import { ReportCollector } from '../src/report-collector.ts';
import { findContractViolations } from './helpers/contract.ts';
import { createCapturingLogger } from './helpers/logs.ts';

// These tests read the real /proc of this machine. Each figure is checked against the
// same source read by the test itself, with independent parsing. For counters the test
// reads once just inside and once just outside the agent's sampling window (inner and
// outer), so the agent's delta must lie between the two deltas: no tolerance is needed.

/** Time between the agent's two samples; long enough for counters to move. */
const SAMPLE_WINDOW_MS = 1_000;
/** Rounding of percentages in the report (two decimals). */
const PERCENT_ROUNDING = 0.01;
const BYTES_WRITTEN_DURING_WINDOW = 4 * 1024 * 1024;

type Snapshot = {
  cpu: number[][];
  network: Map<string, number[]>;
  disks: Map<string, number[]>;
};

function readCpuLines(): number[][] {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu\d*\s/.test(line))
    .map((line) => line.trim().split(/\s+/).slice(1, 9).map(Number));
}

function takeSnapshot(): Snapshot {
  const network = new Map<string, number[]>();
  for (const line of readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2)) {
    const [name, counters] = line.split(':');
    if (name && counters) {
      network.set(name.trim(), counters.trim().split(/\s+/).map(Number));
    }
  }
  const disks = new Map<string, number[]>();
  for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 14) {
      disks.set(`${fields[0]}:${fields[1]}`, fields.slice(3).map(Number));
    }
  }
  return { cpu: readCpuLines(), network, disks };
}

/** Busy and total jiffies of one cpu line: busy excludes idle (index 3) and iowait (index 4). */
function busyAndTotal(before: number[], after: number[]): { busy: number; total: number } {
  const deltas = after.map((value, index) => value - (before[index] ?? 0));
  const total = deltas.reduce((sum, value) => sum + value, 0);
  return { busy: total - (deltas[3] ?? 0) - (deltas[4] ?? 0), total };
}

/** The agent's busy share must lie between inner busy / outer total and outer busy / inner total. */
function expectShareBetween(agentPercent: number | null | undefined, inner: { busy: number; total: number }, outer: { busy: number; total: number }): void {
  expect(agentPercent).not.toBeNull();
  const lower = (100 * inner.busy) / outer.total - PERCENT_ROUNDING;
  const upper = Math.min(100, (100 * outer.busy) / inner.total) + PERCENT_ROUNDING;
  expect(agentPercent).toBeGreaterThanOrEqual(lower);
  expect(agentPercent).toBeLessThanOrEqual(upper);
}

function meminfoBytes(key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/meminfo', 'utf8'));
  return Number(match?.[1]) * 1024;
}

/** Writes and syncs a file so that the root device has I/O inside the window. */
async function writeSyncedFile(): Promise<void> {
  const path = join(tmpdir(), `sentinel-agent-io-${process.pid}.bin`);
  const handle = await open(path, 'w');
  await handle.write(Buffer.alloc(BYTES_WRITTEN_DURING_WINDOW, 1));
  await handle.sync();
  await handle.close();
  await rm(path);
}

function rootDeviceNumber(): string {
  const line = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .find((candidate) => candidate.split(' ')[4] === '/');
  return line?.split(' ')[2] ?? '';
}

describe('host metrics on this machine', () => {
  let first: AgentReport;
  let second: AgentReport;
  let systemInfo: SystemInfoInput;
  let outerBefore: Snapshot;
  let innerBefore: Snapshot;
  let innerAfter: Snapshot;
  let outerAfter: Snapshot;
  let memoryUsedAfter: number;
  let rootStatfsAfter: StatsFs;

  beforeAll(async () => {
    const { logger } = createCapturingLogger();
    const config = parseAgentSettings({ collectContainers: false, spoolDir: null }, { requireEndpoint: false });
    const collector = new ReportCollector(config, logger);

    outerBefore = takeSnapshot();
    first = await collector.collect();
    innerBefore = takeSnapshot();
    await writeSyncedFile();
    await sleep(SAMPLE_WINDOW_MS);
    innerAfter = takeSnapshot();
    second = await collector.collect();
    outerAfter = takeSnapshot();
    memoryUsedAfter = meminfoBytes('MemTotal') - meminfoBytes('MemAvailable');
    rootStatfsAfter = statfsSync('/');
    systemInfo = await collector.getSystemInfo();
  });

  it('first cycle sends null deltas', () => {
    expect(first.intervalSeconds).toBeNull();
    expect(first.system?.cpuUsagePercent).toBeNull();
    expect(first.system?.cpuPerCorePercent).toBeNull();
    expect(first.network?.every((entry) => entry.bytesReceived === null && entry.bytesSent === null)).toBe(true);
    expect(first.disks?.every((entry) => entry.readBytes === null && entry.ioTimePercent === null)).toBe(true);
    expect(first.processes?.every((entry) => entry.cpuPercent === null)).toBe(true);
  });

  it('payload matches the protocol', () => {
    const variables = {
      input: { agentId: 'test', agentVersion: null, agentStartedAt: null, systemInfo, reports: [first, second] },
    };
    expect(findContractViolations(variables)).toEqual([]);
  });

  it('cpu agrees with /proc/stat', () => {
    const inner = busyAndTotal(innerBefore.cpu[0]!, innerAfter.cpu[0]!);
    const outer = busyAndTotal(outerBefore.cpu[0]!, outerAfter.cpu[0]!);
    expectShareBetween(second.system?.cpuUsagePercent, inner, outer);

    const perCore = second.system?.cpuPerCorePercent ?? [];
    expect(perCore).toHaveLength(innerAfter.cpu.length - 1);
    perCore.forEach((percent, core) => {
      expectShareBetween(
        percent,
        busyAndTotal(innerBefore.cpu[core + 1]!, innerAfter.cpu[core + 1]!),
        busyAndTotal(outerBefore.cpu[core + 1]!, outerAfter.cpu[core + 1]!),
      );
    });

    const system = second.system!;
    const splitSum = system.cpuUserPercent! + system.cpuSystemPercent! + system.cpuStealPercent!;
    // Busy time is user + system + steal; each share is rounded separately.
    expect(Math.abs(splitSum - system.cpuUsagePercent!)).toBeLessThanOrEqual(3 * PERCENT_ROUNDING);
  });

  it('interval matches the sampling window', () => {
    expect(second.intervalSeconds).toBeGreaterThanOrEqual(SAMPLE_WINDOW_MS / 1000);
  });

  it('memory agrees with /proc/meminfo', () => {
    const total = meminfoBytes('MemTotal');
    // Other processes allocate in the few milliseconds between the two reads; 1% of RAM covers that.
    expect(Math.abs(Number(second.system!.memoryUsedBytes) - memoryUsedAfter)).toBeLessThanOrEqual(total / 100);
    expect(second.system!.memoryUsagePercent).toBeGreaterThan(0);
    expect(second.system!.memoryUsagePercent).toBeLessThanOrEqual(100);
    expect(systemInfo.memoryTotalBytes).toBe(total);
    expect(systemInfo.swapTotalBytes).toBe(meminfoBytes('SwapTotal'));
  });

  it('network agrees with /proc/net/dev', () => {
    expect(second.network?.some((entry) => entry.name === 'lo')).toBe(false);
    // Receive bytes, packets, errors, drops are columns 0-3; transmit the same at 8-11.
    const columns = {
      bytesReceived: 0,
      packetsReceived: 1,
      errorsIn: 2,
      dropsIn: 3,
      bytesSent: 8,
      packetsSent: 9,
      errorsOut: 10,
      dropsOut: 11,
    } as const;
    for (const entry of second.network ?? []) {
      for (const [field, column] of Object.entries(columns)) {
        const inner = innerAfter.network.get(entry.name)![column]! - innerBefore.network.get(entry.name)![column]!;
        const outer = outerAfter.network.get(entry.name)![column]! - outerBefore.network.get(entry.name)![column]!;
        const value = entry[field as keyof typeof columns];
        expect(value, `${entry.name}.${field}`).toBeGreaterThanOrEqual(inner);
        expect(value, `${entry.name}.${field}`).toBeLessThanOrEqual(outer);
      }
    }
  });

  it('root disk space agrees with statfs', () => {
    const root = second.disks?.find((disk) => disk.mountPoint === '/');
    expect(root).toBeDefined();
    const size = rootStatfsAfter.blocks * rootStatfsAfter.bsize;
    expect(root!.totalBytes).toBe(size);
    expect(root!.inodesTotal).toBe(rootStatfsAfter.files);
    // Concurrent writers change usage between the two statfs calls; 0.5% of the size covers that.
    const used = (rootStatfsAfter.blocks - rootStatfsAfter.bfree) * rootStatfsAfter.bsize;
    expect(Math.abs(Number(root!.usedBytes) - used)).toBeLessThanOrEqual(size / 200);
    expect(root!.usagePercent).toBeGreaterThan(0);
  });

  it('root disk io agrees with /proc/diskstats', () => {
    const device = rootDeviceNumber();
    const root = second.disks?.find((disk) => disk.mountPoint === '/');
    const before = (snapshot: Snapshot) => snapshot.disks.get(device);
    if (before(innerBefore) === undefined) {
      // The root filesystem has no block device of its own (overlay, btrfs subvolume).
      expect(root?.readBytes ?? null).toBeNull();
      return;
    }
    // diskstats columns after the name: reads 0, read sectors 2, writes 4, write sectors 6.
    const checks = [
      ['readOps', 0, 1],
      ['readBytes', 2, 512],
      ['writeOps', 4, 1],
      ['writeBytes', 6, 512],
    ] as const;
    for (const [field, column, scale] of checks) {
      const inner = (innerAfter.disks.get(device)![column]! - innerBefore.disks.get(device)![column]!) * scale;
      const outer = (outerAfter.disks.get(device)![column]! - outerBefore.disks.get(device)![column]!) * scale;
      expect(root![field], field).toBeGreaterThanOrEqual(inner);
      expect(root![field], field).toBeLessThanOrEqual(outer);
    }
    expect(root!.writeBytes).toBeGreaterThan(0);
    expect(root!.ioTimePercent).toBeGreaterThanOrEqual(0);
    expect(root!.ioTimePercent).toBeLessThanOrEqual(100);
  });

  it('skips pseudo filesystems and counts each device once', () => {
    const mountPoints = second.disks?.map((disk) => disk.mountPoint) ?? [];
    expect(mountPoints.some((path) => path === '/proc' || path.startsWith('/sys') || path === '/dev')).toBe(false);
    expect(second.disks?.some((disk) => ['proc', 'sysfs', 'cgroup', 'cgroup2', 'devtmpfs', 'overlay', 'squashfs'].includes(disk.filesystem ?? ''))).toBe(false);
    const devices = second.disks?.filter((disk) => disk.device.startsWith('/dev/')).map((disk) => disk.device) ?? [];
    expect(new Set(devices).size).toBe(devices.length);
  });

  it('every value is in range', () => {
    const system = second.system!;
    const percents = [
      system.cpuUsagePercent,
      system.cpuUserPercent,
      system.cpuSystemPercent,
      system.cpuIowaitPercent,
      system.cpuStealPercent,
      system.memoryUsagePercent,
      ...(second.disks ?? []).flatMap((disk) => [disk.usagePercent, disk.inodesUsagePercent, disk.ioTimePercent]),
      ...(second.processes ?? []).map((process) => process.memoryPercent),
    ];
    for (const percent of percents) {
      if (percent !== null) {
        expect(percent).toBeGreaterThanOrEqual(0);
        expect(percent).toBeLessThanOrEqual(100);
      }
    }

    const counts = [
      system.load1m,
      system.load5m,
      system.load15m,
      system.processesTotal,
      system.processesRunning,
      system.processesBlocked,
      system.processesZombie,
      system.tcpConnections,
      system.tcpEstablished,
      system.tcpTimeWait,
      system.tcpCloseWait,
    ];
    for (const count of counts) {
      expect(count).not.toBeNull();
      expect(count).toBeGreaterThanOrEqual(0);
    }
    expect(system.tcpEstablished! + system.tcpTimeWait! + system.tcpCloseWait!).toBeLessThanOrEqual(system.tcpConnections!);
    expect(system.processesZombie!).toBeLessThanOrEqual(system.processesTotal!);
  });

  it('process counts agree with /proc', () => {
    const pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).length;
    // Processes start and exit between the two listings; a tenth of the count covers that.
    expect(Math.abs(second.system!.processesTotal! - pids)).toBeLessThanOrEqual(Math.max(5, pids / 10));
  });

  it('top processes are well formed', () => {
    const processes = second.processes ?? [];
    expect(processes.length).toBeGreaterThan(0);
    expect(processes.length).toBeLessThanOrEqual(40);
    expect(new Set(processes.map((process) => process.pid)).size).toBe(processes.length);
    const memoryTotal = meminfoBytes('MemTotal');
    for (const process of processes) {
      expect(process.name).not.toBe('');
      expect(process.memoryRssBytes).toBeLessThanOrEqual(memoryTotal);
      expect(process.cpuPercent).not.toBeNull();
      expect(process.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(process.cpuPercent).toBeLessThanOrEqual(100 * cpus().length + PERCENT_ROUNDING);
    }
    const self = processes.find((process) => process.pid === globalThis.process.pid);
    if (self !== undefined) {
      expect(self.user).toBe('root');
      expect(self.command).toContain('node');
    }
  });

  it('system info agrees with the kernel', () => {
    const uptimeSeconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    expect(systemInfo.hostname).toBe(hostname());
    expect(systemInfo.os).toBe('linux');
    expect(systemInfo.cpuThreads).toBe(cpus().length);
    expect(systemInfo.cpuCores).toBeLessThanOrEqual(cpus().length);
    expect(Math.abs(Date.parse(systemInfo.bootTime!) - (Date.now() - uptimeSeconds * 1000))).toBeLessThanOrEqual(2_000);
    expect(Math.abs(Number(second.system!.uptimeSeconds) - uptimeSeconds)).toBeLessThanOrEqual(2);
    expect(systemInfo.ipAddresses?.some((address) => address === '127.0.0.1' || address === '::1')).toBe(false);
  });
});
