import { readFileSync } from 'node:fs';
import { cpus, release } from 'node:os';

import type { Systeminformation } from 'systeminformation';
import { describe, expect, it } from 'vitest';

import { parseAgentSettings } from '../src/config.ts';
import { parseCpuinfo, parseOsRelease, readPlatformInfo, type PlatformSource } from '../src/collectors/platform-info.ts';
import { ReportCollector } from '../src/report-collector.ts';
import { createCapturingLogger } from './helpers/logs.ts';

/** What the host's own files say, read independently of the agent. */
function readFallbackValues() {
  const topology = parseCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
  return {
    osVersion: parseOsRelease(readFileSync('/etc/os-release', 'utf8')),
    kernelVersion: release(),
    cpuModel: topology.model ?? cpus()[0]?.model ?? null,
    cpuCores: topology.cores,
    cpuThreads: topology.threads,
  };
}

const failingSource: PlatformSource = {
  osInfo: () => Promise.reject(new Error('lscpu: not found')),
  cpu: () => Promise.reject(new Error('lscpu: not found')),
};

/** systeminformation's placeholders when its commands print nothing. */
const emptySource: PlatformSource = {
  osInfo: async () => ({ distro: 'unknown', release: 'unknown', codename: '', kernel: '' }) as Systeminformation.OsData,
  cpu: async () => ({ manufacturer: '', brand: '', physicalCores: 0, cores: 0 }) as Systeminformation.CpuData,
};

describe('platform info', () => {
  it('agrees with the kernel', async () => {
    const { logger } = createCapturingLogger();
    const platform = await readPlatformInfo(logger);
    const versionId = /^VERSION_ID="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];

    expect(platform.kernelVersion).toBe(release());
    expect(platform.cpuThreads).toBe(cpus().length);
    expect(platform.cpuCores).toBeGreaterThan(0);
    expect(platform.cpuCores).toBeLessThanOrEqual(cpus().length);
    expect(platform.cpuModel).not.toBeNull();
    if (versionId !== undefined) {
      expect(platform.osVersion).toContain(versionId);
    }
  });

  it('falls back when calls fail', async () => {
    const { logger, lines } = createCapturingLogger('warn');
    const platform = await readPlatformInfo(logger, failingSource);

    expect(platform).toEqual(readFallbackValues());
    expect(lines.filter((line) => line.msg === 'Read platform info failed; using /proc and node:os')).toHaveLength(2);
  });

  it('falls back on empty values', async () => {
    const { logger } = createCapturingLogger();
    const platform = await readPlatformInfo(logger, emptySource);

    expect(platform).toEqual(readFallbackValues());
  });

  it('system info keeps fields on failure', async () => {
    const { logger } = createCapturingLogger();
    const config = parseAgentSettings({ collectContainers: false, spoolDir: null }, { requireEndpoint: false });
    const collector = new ReportCollector(config, logger, { platformSource: failingSource });
    const systemInfo = await collector.getSystemInfo();
    const fallback = readFallbackValues();

    expect(systemInfo.osVersion).toBe(fallback.osVersion);
    expect(systemInfo.kernelVersion).toBe(fallback.kernelVersion);
    expect(systemInfo.cpuModel).toBe(fallback.cpuModel);
    expect(systemInfo.cpuThreads).toBe(fallback.cpuThreads);
    expect(systemInfo.memoryTotalBytes).toBeGreaterThan(0);
  });
});
