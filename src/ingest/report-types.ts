// The agent report as the ingest service receives it, after GraphQL has coerced the
// scalars (BigInt to number, DateTime to Date). Optional fields may be null or absent;
// both mean "unknown". docs/report-protocol.md gives the units.

type Maybe<T> = T | null | undefined;

export type SystemInfo = {
  hostname: string;
  os?: Maybe<string>;
  osVersion?: Maybe<string>;
  kernelVersion?: Maybe<string>;
  architecture?: Maybe<string>;
  cpuModel?: Maybe<string>;
  cpuCores?: Maybe<number>;
  cpuThreads?: Maybe<number>;
  memoryTotalBytes?: Maybe<number>;
  swapTotalBytes?: Maybe<number>;
  ipAddresses?: Maybe<string[]>;
  publicIp?: Maybe<string>;
  privateIp?: Maybe<string>;
  macAddresses?: Maybe<string[]>;
  cloudProvider?: Maybe<string>;
  cloudRegion?: Maybe<string>;
  cloudZone?: Maybe<string>;
  instanceType?: Maybe<string>;
  instanceId?: Maybe<string>;
  bootTime?: Maybe<Date>;
};

export type SystemMetrics = {
  cpuUsagePercent?: Maybe<number>;
  cpuUserPercent?: Maybe<number>;
  cpuSystemPercent?: Maybe<number>;
  cpuIowaitPercent?: Maybe<number>;
  cpuStealPercent?: Maybe<number>;
  cpuPerCorePercent?: Maybe<number[]>;
  load1m?: Maybe<number>;
  load5m?: Maybe<number>;
  load15m?: Maybe<number>;
  memoryUsedBytes?: Maybe<number>;
  memoryFreeBytes?: Maybe<number>;
  memoryAvailableBytes?: Maybe<number>;
  memoryCachedBytes?: Maybe<number>;
  memoryBuffersBytes?: Maybe<number>;
  memoryUsagePercent?: Maybe<number>;
  swapUsedBytes?: Maybe<number>;
  swapFreeBytes?: Maybe<number>;
  swapUsagePercent?: Maybe<number>;
  processesTotal?: Maybe<number>;
  processesRunning?: Maybe<number>;
  processesBlocked?: Maybe<number>;
  processesZombie?: Maybe<number>;
  uptimeSeconds?: Maybe<number>;
  tcpConnections?: Maybe<number>;
  tcpEstablished?: Maybe<number>;
  tcpTimeWait?: Maybe<number>;
  tcpCloseWait?: Maybe<number>;
};

export type DiskMetrics = {
  device: string;
  mountPoint: string;
  filesystem?: Maybe<string>;
  readOnly?: Maybe<boolean>;
  totalBytes?: Maybe<number>;
  usedBytes?: Maybe<number>;
  freeBytes?: Maybe<number>;
  usagePercent?: Maybe<number>;
  inodesTotal?: Maybe<number>;
  inodesUsed?: Maybe<number>;
  inodesFree?: Maybe<number>;
  inodesUsagePercent?: Maybe<number>;
  readBytes?: Maybe<number>;
  writeBytes?: Maybe<number>;
  readOps?: Maybe<number>;
  writeOps?: Maybe<number>;
  ioTimePercent?: Maybe<number>;
};

export type NetworkInterfaceMetrics = {
  name: string;
  bytesSent?: Maybe<number>;
  bytesReceived?: Maybe<number>;
  packetsSent?: Maybe<number>;
  packetsReceived?: Maybe<number>;
  errorsIn?: Maybe<number>;
  errorsOut?: Maybe<number>;
  dropsIn?: Maybe<number>;
  dropsOut?: Maybe<number>;
};

export type ProcessSample = {
  pid: number;
  ppid?: Maybe<number>;
  name: string;
  command?: Maybe<string>;
  user?: Maybe<string>;
  state?: Maybe<string>;
  cpuPercent?: Maybe<number>;
  memoryPercent?: Maybe<number>;
  memoryRssBytes?: Maybe<number>;
  memoryVmsBytes?: Maybe<number>;
  ioReadBytes?: Maybe<number>;
  ioWriteBytes?: Maybe<number>;
  threadsCount?: Maybe<number>;
  fdCount?: Maybe<number>;
  cpuTimeMs?: Maybe<number>;
  startedAt?: Maybe<Date>;
};

export type ContainerStats = {
  cpuUsagePercent?: Maybe<number>;
  cpuThrottledPeriods?: Maybe<number>;
  cpuThrottledTimeNs?: Maybe<number>;
  memoryUsedBytes?: Maybe<number>;
  memoryLimitBytes?: Maybe<number>;
  memoryUsagePercent?: Maybe<number>;
  memoryCacheBytes?: Maybe<number>;
  memoryRssBytes?: Maybe<number>;
  networkRxBytes?: Maybe<number>;
  networkTxBytes?: Maybe<number>;
  networkRxPackets?: Maybe<number>;
  networkTxPackets?: Maybe<number>;
  blockReadBytes?: Maybe<number>;
  blockWriteBytes?: Maybe<number>;
  pidsCurrent?: Maybe<number>;
  pidsLimit?: Maybe<number>;
};

export type ContainerSample = {
  containerId: string;
  name: string;
  image?: Maybe<string>;
  imageId?: Maybe<string>;
  runtime?: Maybe<string>;
  status?: Maybe<string>;
  startedAt?: Maybe<Date>;
  finishedAt?: Maybe<Date>;
  exitCode?: Maybe<number>;
  memoryLimitBytes?: Maybe<number>;
  cpuLimit?: Maybe<number>;
  networkMode?: Maybe<string>;
  portMappings?: Maybe<{ containerPort: number; hostPort?: Maybe<number>; protocol?: Maybe<string>; hostIp?: Maybe<string> }[]>;
  labels?: Maybe<{ name: string; value: string }[]>;
  stats?: Maybe<ContainerStats>;
};

export type AgentReport = {
  id: string;
  collectedAt: Date;
  intervalSeconds?: Maybe<number>;
  system?: Maybe<SystemMetrics>;
  disks?: Maybe<DiskMetrics[]>;
  network?: Maybe<NetworkInterfaceMetrics[]>;
  processes?: Maybe<ProcessSample[]>;
  containers?: Maybe<ContainerSample[]>;
};

export type ReportBatch = {
  agentId: string;
  agentVersion?: Maybe<string>;
  agentStartedAt?: Maybe<Date>;
  systemInfo: SystemInfo;
  reports: AgentReport[];
};

export type ReportWarning = { reportId: string | null; path: string; message: string };

export type IngestResult = {
  hostId: string;
  accepted: string[];
  duplicates: string[];
  clockSkewMs: number | null;
  warnings: ReportWarning[];
};
