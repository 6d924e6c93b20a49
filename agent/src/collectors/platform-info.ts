/// <reference path="../types/systeminformation.d.ts" />

import { cpus, release } from 'node:os';

import type { Systeminformation } from 'systeminformation';
import { cpu } from 'systeminformation/lib/cpu.js';
import { osInfo } from 'systeminformation/lib/osinfo.js';
import type { Logger } from 'pino';

import { readTextOrNull } from '../procfs.ts';

/** Host description that changes only with an upgrade or new hardware. */
export type PlatformInfo = {
  osVersion: string | null;
  kernelVersion: string | null;
  cpuModel: string | null;
  /** Physical cores. */
  cpuCores: number | null;
  /** Logical CPUs. */
  cpuThreads: number | null;
};

/** The systeminformation calls the agent makes; tests pass failing ones. */
export type PlatformSource = {
  osInfo(): Promise<Systeminformation.OsData>;
  cpu(): Promise<Systeminformation.CpuData>;
};

export const SYSTEMINFORMATION_SOURCE: PlatformSource = { osInfo, cpu };

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

/**
 * Describes the OS and CPU with systeminformation (lscpu knows the physical cores of
 * ARM machines, where /proc/cpuinfo lists none). A call that fails or returns its
 * placeholders ('unknown', '', 0) leaves the field to /proc/cpuinfo, /etc/os-release
 * and node:os. Each call spawns a few short-lived processes, so this runs at start and
 * then every few minutes, never once per cycle.
 */
export async function readPlatformInfo(
  logger: Logger,
  source: PlatformSource = SYSTEMINFORMATION_SOURCE,
  procRoot = '/proc',
): Promise<PlatformInfo> {
  // One call after the other, so that the event-loop stalls of their process spawns do not add up.
  const os = await attempt('osInfo', () => source.osInfo(), logger);
  const processor = await attempt('cpu', () => source.cpu(), logger);
  const [cpuinfoText, osReleaseText] = await Promise.all([
    readTextOrNull(`${procRoot}/cpuinfo`),
    readTextOrNull('/etc/os-release'),
  ]);
  const topology = cpuinfoText === null ? { model: null, cores: null, threads: null } : parseCpuinfo(cpuinfoText);

  return {
    osVersion: describeOs(os) ?? (osReleaseText === null ? null : parseOsRelease(osReleaseText)),
    kernelVersion: nonEmpty(os?.kernel) ?? release(),
    // ARM kernels print no `model name`; os.cpus() then returns what the kernel reports instead.
    cpuModel: describeCpu(processor) ?? topology.model ?? nonEmpty(cpus()[0]?.model),
    cpuCores: positive(processor?.physicalCores) ?? topology.cores,
    cpuThreads: positive(processor?.cores) ?? topology.threads ?? positive(cpus().length),
  };
}

/** `Debian GNU/Linux 12 (bookworm)`, as os-release's PRETTY_NAME reads. */
function describeOs(os: Systeminformation.OsData | null): string | null {
  const distro = nonEmpty(os?.distro);
  if (distro === null) {
    return null;
  }
  const version = nonEmpty(os?.release);
  const codename = nonEmpty(os?.codename);
  return [distro, version, codename === null ? null : `(${codename})`].filter((part) => part !== null).join(' ');
}

/** `AMD EPYC`: systeminformation splits the manufacturer from the brand. */
function describeCpu(processor: Systeminformation.CpuData | null): string | null {
  const brand = nonEmpty(processor?.brand);
  if (brand === null) {
    return null;
  }
  const manufacturer = nonEmpty(processor?.manufacturer);
  return manufacturer === null || brand.startsWith(manufacturer) ? brand : `${manufacturer} ${brand}`;
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed && trimmed.toLowerCase() !== 'unknown' ? trimmed : null;
}

function positive(value: number | undefined): number | null {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : null;
}

async function attempt<T>(call: string, read: () => Promise<T>, logger: Logger): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    logger.warn({ call, err: error }, 'Read platform info failed; using /proc and node:os');
    return null;
  }
}
