import { builder } from './builder.ts';

// Input types of the agent report. docs/report-protocol.md documents the same fields
// with their units; counters are deltas over the report's interval.

export const SystemInfoInput = builder.inputType('SystemInfoInput', {
  fields: (t) => ({
    hostname: t.string({ required: true }),
    os: t.string(),
    osVersion: t.string(),
    kernelVersion: t.string(),
    architecture: t.string(),
    cpuModel: t.string(),
    cpuCores: t.int(),
    cpuThreads: t.int(),
    memoryTotalBytes: t.field({ type: 'BigInt' }),
    swapTotalBytes: t.field({ type: 'BigInt' }),
    ipAddresses: t.stringList(),
    publicIp: t.string(),
    privateIp: t.string(),
    macAddresses: t.stringList(),
    cloudProvider: t.string(),
    cloudRegion: t.string(),
    cloudZone: t.string(),
    instanceType: t.string(),
    instanceId: t.string(),
    bootTime: t.field({ type: 'DateTime' }),
  }),
});

export const SystemMetricsInput = builder.inputType('SystemMetricsInput', {
  fields: (t) => ({
    cpuUsagePercent: t.float(),
    cpuUserPercent: t.float(),
    cpuSystemPercent: t.float(),
    cpuIowaitPercent: t.float(),
    cpuStealPercent: t.float(),
    cpuPerCorePercent: t.floatList(),
    load1m: t.float(),
    load5m: t.float(),
    load15m: t.float(),
    memoryUsedBytes: t.field({ type: 'BigInt' }),
    memoryFreeBytes: t.field({ type: 'BigInt' }),
    memoryAvailableBytes: t.field({ type: 'BigInt' }),
    memoryCachedBytes: t.field({ type: 'BigInt' }),
    memoryBuffersBytes: t.field({ type: 'BigInt' }),
    memoryUsagePercent: t.float(),
    swapUsedBytes: t.field({ type: 'BigInt' }),
    swapFreeBytes: t.field({ type: 'BigInt' }),
    swapUsagePercent: t.float(),
    processesTotal: t.int(),
    processesRunning: t.int(),
    processesBlocked: t.int(),
    processesZombie: t.int(),
    uptimeSeconds: t.field({ type: 'BigInt' }),
    tcpConnections: t.int(),
    tcpEstablished: t.int(),
    tcpTimeWait: t.int(),
    tcpCloseWait: t.int(),
  }),
});

export const DiskMetricsInput = builder.inputType('DiskMetricsInput', {
  fields: (t) => ({
    device: t.string({ required: true }),
    mountPoint: t.string({ required: true }),
    filesystem: t.string(),
    readOnly: t.boolean(),
    totalBytes: t.field({ type: 'BigInt' }),
    usedBytes: t.field({ type: 'BigInt' }),
    freeBytes: t.field({ type: 'BigInt' }),
    usagePercent: t.float(),
    inodesTotal: t.field({ type: 'BigInt' }),
    inodesUsed: t.field({ type: 'BigInt' }),
    inodesFree: t.field({ type: 'BigInt' }),
    inodesUsagePercent: t.float(),
    readBytes: t.field({ type: 'BigInt' }),
    writeBytes: t.field({ type: 'BigInt' }),
    readOps: t.field({ type: 'BigInt' }),
    writeOps: t.field({ type: 'BigInt' }),
    ioTimePercent: t.float(),
  }),
});

export const NetworkInterfaceInput = builder.inputType('NetworkInterfaceInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    bytesSent: t.field({ type: 'BigInt' }),
    bytesReceived: t.field({ type: 'BigInt' }),
    packetsSent: t.field({ type: 'BigInt' }),
    packetsReceived: t.field({ type: 'BigInt' }),
    errorsIn: t.field({ type: 'BigInt' }),
    errorsOut: t.field({ type: 'BigInt' }),
    dropsIn: t.field({ type: 'BigInt' }),
    dropsOut: t.field({ type: 'BigInt' }),
  }),
});

export const ProcessInput = builder.inputType('ProcessInput', {
  fields: (t) => ({
    pid: t.int({ required: true }),
    ppid: t.int(),
    name: t.string({ required: true }),
    command: t.string(),
    user: t.string(),
    state: t.string(),
    cpuPercent: t.float(),
    memoryPercent: t.float(),
    memoryRssBytes: t.field({ type: 'BigInt' }),
    memoryVmsBytes: t.field({ type: 'BigInt' }),
    ioReadBytes: t.field({ type: 'BigInt' }),
    ioWriteBytes: t.field({ type: 'BigInt' }),
    threadsCount: t.int(),
    fdCount: t.int(),
    cpuTimeMs: t.field({ type: 'BigInt' }),
    startedAt: t.field({ type: 'DateTime' }),
  }),
});

export const PortMappingInput = builder.inputType('PortMappingInput', {
  fields: (t) => ({
    containerPort: t.int({ required: true }),
    hostPort: t.int(),
    protocol: t.string(),
    hostIp: t.string(),
  }),
});

export const LabelInput = builder.inputType('LabelInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    value: t.string({ required: true }),
  }),
});

export const ContainerStatsInput = builder.inputType('ContainerStatsInput', {
  fields: (t) => ({
    cpuUsagePercent: t.float(),
    cpuThrottledPeriods: t.field({ type: 'BigInt' }),
    cpuThrottledTimeNs: t.field({ type: 'BigInt' }),
    memoryUsedBytes: t.field({ type: 'BigInt' }),
    memoryLimitBytes: t.field({ type: 'BigInt' }),
    memoryUsagePercent: t.float(),
    memoryCacheBytes: t.field({ type: 'BigInt' }),
    memoryRssBytes: t.field({ type: 'BigInt' }),
    networkRxBytes: t.field({ type: 'BigInt' }),
    networkTxBytes: t.field({ type: 'BigInt' }),
    networkRxPackets: t.field({ type: 'BigInt' }),
    networkTxPackets: t.field({ type: 'BigInt' }),
    blockReadBytes: t.field({ type: 'BigInt' }),
    blockWriteBytes: t.field({ type: 'BigInt' }),
    pidsCurrent: t.int(),
    pidsLimit: t.int(),
  }),
});

export const ContainerInput = builder.inputType('ContainerInput', {
  fields: (t) => ({
    containerId: t.string({ required: true }),
    name: t.string({ required: true }),
    image: t.string(),
    imageId: t.string(),
    runtime: t.string(),
    status: t.string(),
    startedAt: t.field({ type: 'DateTime' }),
    finishedAt: t.field({ type: 'DateTime' }),
    exitCode: t.int(),
    memoryLimitBytes: t.field({ type: 'BigInt' }),
    cpuLimit: t.float(),
    networkMode: t.string(),
    portMappings: t.field({ type: [PortMappingInput] }),
    labels: t.field({ type: [LabelInput] }),
    stats: t.field({ type: ContainerStatsInput }),
  }),
});

export const ReportInput = builder.inputType('ReportInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    collectedAt: t.field({ type: 'DateTime', required: true }),
    intervalSeconds: t.float(),
    system: t.field({ type: SystemMetricsInput }),
    disks: t.field({ type: [DiskMetricsInput] }),
    network: t.field({ type: [NetworkInterfaceInput] }),
    processes: t.field({ type: [ProcessInput] }),
    containers: t.field({ type: [ContainerInput] }),
  }),
});

export const ReportMetricsInput = builder.inputType('ReportMetricsInput', {
  fields: (t) => ({
    agentId: t.string({ required: true }),
    agentVersion: t.string(),
    agentStartedAt: t.field({ type: 'DateTime' }),
    systemInfo: t.field({ type: SystemInfoInput, required: true }),
    reports: t.field({ type: [ReportInput], required: true }),
  }),
});
