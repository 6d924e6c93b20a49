import { countsForDiskHealth } from '../health/filesystems.ts';
import type { ProcessRow } from '../metrics/process-storage.ts';
import { READS_PARENT_ONLY } from '../server/direct/prisma-projection.ts';
import { builder } from './builder.ts';

export const HostLatestRef = builder.prismaObject('HostLatest', {
  description: "A host's newest sample, kept by ingest so that lists never scan the series.",
  fields: (t) => ({
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
    cpuUsagePercent: t.exposeFloat('cpuUsagePercent', { nullable: true }),
    cpuUserPercent: t.exposeFloat('cpuUserPercent', { nullable: true }),
    cpuSystemPercent: t.exposeFloat('cpuSystemPercent', { nullable: true }),
    cpuIowaitPercent: t.exposeFloat('cpuIowaitPercent', { nullable: true }),
    cpuStealPercent: t.exposeFloat('cpuStealPercent', { nullable: true }),
    // Empty when the agent did not report per-core usage.
    cpuPerCorePercent: t.exposeFloatList('cpuPerCorePercent'),
    load1m: t.exposeFloat('load1m', { nullable: true }),
    load5m: t.exposeFloat('load5m', { nullable: true }),
    load15m: t.exposeFloat('load15m', { nullable: true }),
    memoryUsedBytes: t.expose('memoryUsedBytes', { type: 'BigInt', nullable: true }),
    memoryFreeBytes: t.expose('memoryFreeBytes', { type: 'BigInt', nullable: true }),
    memoryAvailableBytes: t.expose('memoryAvailableBytes', { type: 'BigInt', nullable: true }),
    memoryCachedBytes: t.expose('memoryCachedBytes', { type: 'BigInt', nullable: true }),
    memoryBuffersBytes: t.expose('memoryBuffersBytes', { type: 'BigInt', nullable: true }),
    memoryUsagePercent: t.exposeFloat('memoryUsagePercent', { nullable: true }),
    swapUsedBytes: t.expose('swapUsedBytes', { type: 'BigInt', nullable: true }),
    swapFreeBytes: t.expose('swapFreeBytes', { type: 'BigInt', nullable: true }),
    swapUsagePercent: t.exposeFloat('swapUsagePercent', { nullable: true }),
    processesTotal: t.exposeInt('processesTotal', { nullable: true }),
    processesRunning: t.exposeInt('processesRunning', { nullable: true }),
    processesBlocked: t.exposeInt('processesBlocked', { nullable: true }),
    processesZombie: t.exposeInt('processesZombie', { nullable: true }),
    tcpConnections: t.exposeInt('tcpConnections', { nullable: true }),
    tcpEstablished: t.exposeInt('tcpEstablished', { nullable: true }),
    tcpTimeWait: t.exposeInt('tcpTimeWait', { nullable: true }),
    tcpCloseWait: t.exposeInt('tcpCloseWait', { nullable: true }),
    uptimeSeconds: t.expose('uptimeSeconds', { type: 'BigInt', nullable: true }),
    diskMaxUsagePercent: t.exposeFloat('diskMaxUsagePercent', { nullable: true }),
  }),
});

// Like Host, disks load only the columns the request selects.
export const DiskRef = builder.prismaObject('DiskLatest', {
  name: 'Disk',
  select: { hostId: true, mountPoint: true },
  description: 'The newest sample of one mounted filesystem; byte and operation counts are deltas over the report interval.',
  fields: (t) => ({
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
    device: t.exposeString('device'),
    mountPoint: t.exposeString('mountPoint'),
    filesystem: t.exposeString('filesystem', { nullable: true }),
    readOnly: t.exposeBoolean('readOnly', { nullable: true }),
    countsForHealth: t.boolean({
      extensions: READS_PARENT_ONLY,
      select: { readOnly: true, totalBytes: true, filesystem: true },
      description: 'Whether this filesystem can fill up and so counts towards host health: writable, sized, not a pseudo or image filesystem.',
      resolve: (disk) => countsForDiskHealth({ ...disk, totalBytes: disk.totalBytes === null ? null : Number(disk.totalBytes) }),
    }),
    totalBytes: t.expose('totalBytes', { type: 'BigInt', nullable: true }),
    usedBytes: t.expose('usedBytes', { type: 'BigInt', nullable: true }),
    freeBytes: t.expose('freeBytes', { type: 'BigInt', nullable: true }),
    usagePercent: t.exposeFloat('usagePercent', { nullable: true }),
    inodesTotal: t.expose('inodesTotal', { type: 'BigInt', nullable: true }),
    inodesUsed: t.expose('inodesUsed', { type: 'BigInt', nullable: true }),
    inodesFree: t.expose('inodesFree', { type: 'BigInt', nullable: true }),
    inodesUsagePercent: t.exposeFloat('inodesUsagePercent', { nullable: true }),
    readBytes: t.expose('readBytes', { type: 'BigInt', nullable: true }),
    writeBytes: t.expose('writeBytes', { type: 'BigInt', nullable: true }),
    readOps: t.expose('readOps', { type: 'BigInt', nullable: true }),
    writeOps: t.expose('writeOps', { type: 'BigInt', nullable: true }),
    ioTimePercent: t.exposeFloat('ioTimePercent', { nullable: true }),
  }),
});

export const NetworkInterfaceRef = builder.prismaObject('NetworkLatest', {
  name: 'NetworkInterface',
  description: 'The newest sample of one network interface; counts are deltas over the report interval.',
  fields: (t) => ({
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
    name: t.exposeString('interface'),
    bytesSent: t.expose('bytesSent', { type: 'BigInt', nullable: true }),
    bytesReceived: t.expose('bytesReceived', { type: 'BigInt', nullable: true }),
    packetsSent: t.expose('packetsSent', { type: 'BigInt', nullable: true }),
    packetsReceived: t.expose('packetsReceived', { type: 'BigInt', nullable: true }),
    errorsIn: t.expose('errorsIn', { type: 'BigInt', nullable: true }),
    errorsOut: t.expose('errorsOut', { type: 'BigInt', nullable: true }),
    dropsIn: t.expose('dropsIn', { type: 'BigInt', nullable: true }),
    dropsOut: t.expose('dropsOut', { type: 'BigInt', nullable: true }),
  }),
});

export const ProcessRef = builder.objectRef<ProcessRow>('Process').implement({
  description: 'One process from the snapshot the agent sent with its newest report.',
  fields: (t) => ({
    pid: t.exposeInt('pid'),
    ppid: t.exposeInt('ppid', { nullable: true }),
    name: t.exposeString('name'),
    command: t.exposeString('command', { nullable: true }),
    user: t.exposeString('userName', { nullable: true }),
    state: t.exposeString('state', { nullable: true }),
    cpuPercent: t.exposeFloat('cpuPercent', { nullable: true }),
    memoryPercent: t.exposeFloat('memoryPercent', { nullable: true }),
    memoryRssBytes: t.expose('memoryRssBytes', { type: 'BigInt', nullable: true }),
    memoryVmsBytes: t.expose('memoryVmsBytes', { type: 'BigInt', nullable: true }),
    ioReadBytes: t.expose('ioReadBytes', { type: 'BigInt', nullable: true }),
    ioWriteBytes: t.expose('ioWriteBytes', { type: 'BigInt', nullable: true }),
    threadsCount: t.exposeInt('threadsCount', { nullable: true }),
    fdCount: t.exposeInt('fdCount', { nullable: true }),
    cpuTimeMs: t.expose('cpuTimeMs', { type: 'BigInt', nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
  }),
});

export const ProcessSortEnum = builder.enumType('ProcessSort', {
  values: { CPU: { value: 'cpu' }, MEMORY: { value: 'memory' } } as const,
});

const HealthIssueRef = builder.simpleObject('HealthIssue', {
  fields: (t) => ({
    type: t.string({ description: 'cpu, memory, load, disk or offline.' }),
    severity: t.string({ description: 'warning or critical.' }),
    value: t.float({ nullable: true }),
    threshold: t.float({ nullable: true }),
    mountPoint: t.string({ nullable: true }),
    message: t.string(),
  }),
});

export const HostHealthRef = builder.simpleObject('HostHealth', {
  fields: (t) => ({
    status: t.string({ description: 'unknown, online, warning, critical or offline.' }),
    issues: t.field({ type: [HealthIssueRef] }),
  }),
});

export const UptimeRef = builder.simpleObject('Uptime', {
  fields: (t) => ({
    seconds: t.float(),
    text: t.string({ description: 'Such as "3 days, 4 hours, 12 minutes".' }),
  }),
});
