import { readFile } from 'node:fs/promises';
import { cpus, hostname, machine, release } from 'node:os';

import { readTextOrNull } from '../procfs.ts';
import type { SystemInfoInput } from '../report/payload-types.ts';
import { collectHostAddresses } from './addresses.ts';
import { detectCloud } from './cloud.ts';
import { parseProcStat } from './cpu.ts';
import { parseMeminfo } from './memory.ts';

export type CpuTopology = {
  model: string | null;
  /** Physical cores: distinct (physical id, core id) pairs; null when the kernel omits them. */
  cores: number | null;
  threads: number | null;
};

/** Parses /proc/cpuinfo. Blocks are separated by blank lines, one per logical CPU. */
export function parseCpuinfo(text: string): CpuTopology {
  let model: string | null = null;
  let threads = 0;
  const cores = new Set<string>();
  let physicalId = '0';

  for (const line of text.split('\n')) {
    const separator = line.indexOf(':');
    if (separator < 0) {
      continue;
    }
    const key = line.slice(0, separator).trim();
    const value = line.slice(separator + 1).trim();
    if (key === 'processor') {
      threads += 1;
      physicalId = '0';
    } else if (key === 'model name' && model === null) {
      model = value;
    } else if (key === 'physical id') {
      physicalId = value;
    } else if (key === 'core id') {
      cores.add(`${physicalId}:${value}`);
    }
  }

  return { model, cores: cores.size > 0 ? cores.size : null, threads: threads > 0 ? threads : null };
}

/** Reads PRETTY_NAME from os-release(5), e.g. `Debian GNU/Linux 12 (bookworm)`. */
export function parseOsRelease(text: string): string | null {
  const match = /^PRETTY_NAME=(.*)$/m.exec(text);
  if (!match?.[1]) {
    return null;
  }
  return match[1].replace(/^["']|["']$/g, '') || null;
}

export type SystemInfoOptions = {
  /** Host name to report instead of the kernel's, from the `hostname` setting. */
  hostnameOverride: string | null;
  isReportedInterface: (name: string) => boolean;
  procRoot?: string;
};

/**
 * Describes the host from local files only: nothing here opens a network connection,
 * and cloud fields come from firmware tables or stay null.
 */
export async function collectSystemInfo(options: SystemInfoOptions): Promise<SystemInfoInput> {
  const procRoot = options.procRoot ?? '/proc';
  const [cpuinfoText, meminfoText, statText, osRelease, cloud] = await Promise.all([
    readTextOrNull(`${procRoot}/cpuinfo`),
    readFile(`${procRoot}/meminfo`, 'utf8'),
    readFile(`${procRoot}/stat`, 'utf8'),
    readTextOrNull('/etc/os-release'),
    detectCloud(),
  ]);

  const topology = cpuinfoText === null ? { model: null, cores: null, threads: null } : parseCpuinfo(cpuinfoText);
  const memory = parseMeminfo(meminfoText);
  const bootTimeSeconds = parseProcStat(statText).bootTimeSeconds;
  const addresses = collectHostAddresses(options.isReportedInterface);
  // ARM kernels print no `model name`; os.cpus() then returns what the kernel reports instead.
  const cpuModel = topology.model ?? (cpus()[0]?.model || null);

  return {
    hostname: options.hostnameOverride ?? hostname(),
    os: process.platform,
    osVersion: osRelease === null ? null : parseOsRelease(osRelease),
    kernelVersion: release(),
    architecture: machine(),
    cpuModel,
    cpuCores: topology.cores,
    cpuThreads: topology.threads ?? (cpus().length || null),
    memoryTotalBytes: memory.totalBytes,
    swapTotalBytes: memory.swapTotalBytes,
    ipAddresses: addresses.ipAddresses,
    publicIp: addresses.publicIp,
    privateIp: addresses.privateIp,
    macAddresses: addresses.macAddresses,
    cloudProvider: cloud.cloudProvider,
    cloudRegion: null,
    cloudZone: null,
    instanceType: cloud.instanceType,
    instanceId: cloud.instanceId,
    bootTime: bootTimeSeconds === null ? null : new Date(bootTimeSeconds * 1000).toISOString(),
  };
}
