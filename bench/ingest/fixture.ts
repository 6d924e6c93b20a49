import { randomUUID } from 'node:crypto';

// A realistic agent report: 1 system sample, 5 disks, 3 interfaces, 20 processes and
// 10 containers, about 40 rows. Tests and the ingest benchmark send it.

export const FULL_REPORT_ROWS = { system: 1, disks: 5, network: 3, processes: 20, containers: 10 } as const;

export function fullSystemInfo(hostname: string) {
  return {
    hostname,
    os: 'linux',
    osVersion: 'Ubuntu 22.04',
    kernelVersion: '6.5.0-1022-aws',
    architecture: 'x86_64',
    cpuModel: 'Intel(R) Xeon(R) Platinum 8259CL',
    cpuCores: 4,
    cpuThreads: 8,
    memoryTotalBytes: 32_000_000_000,
    swapTotalBytes: 2_000_000_000,
    ipAddresses: ['10.0.1.17', 'fe80::1'],
    publicIp: '203.0.113.17',
    privateIp: '10.0.1.17',
    macAddresses: ['02:42:ac:11:00:02'],
    cloudProvider: 'aws',
    cloudRegion: 'eu-west-1',
    cloudZone: 'eu-west-1a',
    instanceType: 'm5.xlarge',
    instanceId: 'i-0abc1234def567890',
    bootTime: '2026-01-01T00:00:00.000Z',
  };
}

export function fullReport(options: { id?: string; collectedAt?: Date; seed?: number } = {}) {
  const seed = options.seed ?? 1;
  return {
    id: options.id ?? randomUUID(),
    collectedAt: (options.collectedAt ?? new Date()).toISOString(),
    intervalSeconds: 10,
    system: {
      cpuUsagePercent: 20 + (seed % 30),
      cpuUserPercent: 12.5,
      cpuSystemPercent: 5.5,
      cpuIowaitPercent: 1.25,
      cpuStealPercent: 0.25,
      cpuPerCorePercent: [10, 20, 30, 40, 15, 25, 35, 45],
      load1m: 1.5,
      load5m: 1.25,
      load15m: 1,
      memoryUsedBytes: 12_000_000_000,
      memoryFreeBytes: 4_000_000_000,
      memoryAvailableBytes: 18_000_000_000,
      memoryCachedBytes: 6_000_000_000,
      memoryBuffersBytes: 500_000_000,
      memoryUsagePercent: 37.5,
      swapUsedBytes: 0,
      swapFreeBytes: 2_000_000_000,
      swapUsagePercent: 0,
      processesTotal: 312,
      processesRunning: 3,
      processesBlocked: 0,
      processesZombie: 1,
      uptimeSeconds: 864_000,
      tcpConnections: 420,
      tcpEstablished: 180,
      tcpTimeWait: 200,
      tcpCloseWait: 2,
    },
    disks: [
      disk('/dev/nvme0n1p1', '/', 'ext4', 100_000_000_000, 55_000_000_000),
      disk('/dev/nvme1n1', '/var/lib/postgresql', 'xfs', 500_000_000_000, 210_000_000_000),
      disk('/dev/nvme0n1p15', '/boot/efi', 'vfat', 100_000_000, 6_000_000),
      disk('tmpfs', '/run', 'tmpfs', 3_200_000_000, 3_000_000_000),
      { ...disk('/dev/loop3', '/snap/core20/2015', 'squashfs', 67_000_000, 67_000_000), readOnly: true },
    ],
    network: ['eth0', 'docker0', 'lo'].map((name, index) => ({
      name,
      bytesSent: 1_000_000 * (index + 1),
      bytesReceived: 2_000_000 * (index + 1),
      packetsSent: 1_000 * (index + 1),
      packetsReceived: 2_000 * (index + 1),
      errorsIn: 0,
      errorsOut: 0,
      dropsIn: index,
      dropsOut: 0,
    })),
    processes: Array.from({ length: FULL_REPORT_ROWS.processes }, (_unused, index) => ({
      pid: 1_000 + index,
      ppid: 1,
      name: `worker-${index}`,
      command: `/usr/bin/worker --id=${index} --tab\there --quote "x" --backslash \\path`,
      user: 'www-data',
      state: 'sleeping',
      cpuPercent: index === 0 ? 180 : index * 0.5,
      memoryPercent: 0.5,
      memoryRssBytes: 50_000_000 + index,
      memoryVmsBytes: 500_000_000,
      ioReadBytes: 1_000_000,
      ioWriteBytes: 2_000_000,
      threadsCount: 4,
      fdCount: 32,
      cpuTimeMs: 123_456,
      startedAt: '2026-01-02T03:04:05.000Z',
    })),
    containers: Array.from({ length: FULL_REPORT_ROWS.containers }, (_unused, index) => ({
      containerId: `c0ffee${String(index).padStart(58, '0')}`,
      name: `app-${index}`,
      image: 'ghcr.io/example/app:1.4.2',
      imageId: 'sha256:4f1c0ffee',
      runtime: 'docker',
      status: 'running',
      startedAt: '2026-01-03T00:00:00.000Z',
      memoryLimitBytes: 1_073_741_824,
      cpuLimit: 1.5,
      networkMode: 'bridge',
      portMappings: [{ containerPort: 8080, hostPort: 18_080 + index, protocol: 'tcp', hostIp: '0.0.0.0' }],
      labels: [
        { name: 'com.docker.compose.service', value: `app-${index}` },
        { name: 'team', value: 'platform' },
      ],
      stats: {
        cpuUsagePercent: index === 0 ? 150 : 12.5,
        cpuThrottledPeriods: 3,
        cpuThrottledTimeNs: 1_500_000,
        memoryUsedBytes: 200_000_000,
        memoryLimitBytes: 1_073_741_824,
        memoryUsagePercent: 18.6,
        memoryCacheBytes: 20_000_000,
        memoryRssBytes: 180_000_000,
        networkRxBytes: 10_000,
        networkTxBytes: 20_000,
        networkRxPackets: 100,
        networkTxPackets: 200,
        blockReadBytes: 4_096,
        blockWriteBytes: 8_192,
        pidsCurrent: 12,
        pidsLimit: 1_000,
      },
    })),
  };
}

function disk(device: string, mountPoint: string, filesystem: string, totalBytes: number, usedBytes: number) {
  return {
    device,
    mountPoint,
    filesystem,
    readOnly: false,
    totalBytes,
    usedBytes,
    freeBytes: totalBytes - usedBytes,
    usagePercent: (usedBytes / totalBytes) * 100,
    inodesTotal: 6_000_000,
    inodesUsed: 300_000,
    inodesFree: 5_700_000,
    inodesUsagePercent: 5,
    readBytes: 40_960,
    writeBytes: 81_920,
    readOps: 10,
    writeOps: 20,
    ioTimePercent: 1.5,
  };
}

/** Builds a reportMetrics input with the given reports. */
export function fullInput(agentId: string, hostname: string, reports: ReturnType<typeof fullReport>[]) {
  return { agentId, agentVersion: '0.2.0', systemInfo: fullSystemInfo(hostname), reports };
}
