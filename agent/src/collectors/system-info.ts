import { readFile } from 'node:fs/promises';
import { hostname, machine } from 'node:os';

import type { SystemInfoInput } from '../generated/graphql.ts';
import { collectHostAddresses } from './addresses.ts';
import { detectCloud } from './cloud.ts';
import { parseProcStat } from './cpu.ts';
import { parseMeminfo } from './memory.ts';
import type { PlatformInfo } from './platform-info.ts';

export type SystemInfoOptions = {
  /** Host name to report instead of the kernel's, from the `hostname` setting. */
  hostnameOverride: string | null;
  isReportedInterface: (name: string) => boolean;
  /** OS and CPU description, read less often (readPlatformInfo). */
  platform: PlatformInfo;
  procRoot?: string;
};

/**
 * Describes the host from local sources only: nothing here opens a network connection,
 * and cloud fields come from firmware tables or stay null.
 */
export async function collectSystemInfo(options: SystemInfoOptions): Promise<SystemInfoInput> {
  const procRoot = options.procRoot ?? '/proc';
  const [meminfoText, statText, cloud] = await Promise.all([
    readFile(`${procRoot}/meminfo`, 'utf8'),
    readFile(`${procRoot}/stat`, 'utf8'),
    detectCloud(),
  ]);

  const memory = parseMeminfo(meminfoText);
  const bootTimeSeconds = parseProcStat(statText).bootTimeSeconds;
  const addresses = collectHostAddresses(options.isReportedInterface);
  const platform = options.platform;

  return {
    hostname: options.hostnameOverride ?? hostname(),
    os: process.platform,
    osVersion: platform.osVersion,
    kernelVersion: platform.kernelVersion,
    // uname's machine name (x86_64, aarch64); systeminformation's arch is Node's build target (x64).
    architecture: machine(),
    cpuModel: platform.cpuModel,
    cpuCores: platform.cpuCores,
    cpuThreads: platform.cpuThreads,
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
