// Hand-written mirror of the input types in docs/report-protocol.md, named as
// GraphQL Code Generator names them so that the generated module can replace this one.
// BigInt travels as a JSON number (always a safe integer here) and DateTime as an
// ISO 8601 string. Every nullable field is present and null when unknown.

export type Scalars = {
  BigInt: number;
  DateTime: string;
};

export type ReportMetricsInput = {
  agentId: string;
  agentVersion: string | null;
  agentStartedAt: Scalars['DateTime'] | null;
  systemInfo: SystemInfoInput;
  reports: ReportInput[];
};

export type SystemInfoInput = {
  hostname: string;
  os: string | null;
  osVersion: string | null;
  kernelVersion: string | null;
  architecture: string | null;
  cpuModel: string | null;
  cpuCores: number | null;
  cpuThreads: number | null;
  memoryTotalBytes: Scalars['BigInt'] | null;
  swapTotalBytes: Scalars['BigInt'] | null;
  ipAddresses: string[] | null;
  publicIp: string | null;
  privateIp: string | null;
  macAddresses: string[] | null;
  cloudProvider: string | null;
  cloudRegion: string | null;
  cloudZone: string | null;
  instanceType: string | null;
  instanceId: string | null;
  bootTime: Scalars['DateTime'] | null;
};

export type ReportInput = {
  id: string;
  collectedAt: Scalars['DateTime'];
  intervalSeconds: number | null;
  system: SystemMetricsInput | null;
  disks: DiskMetricsInput[] | null;
  network: NetworkInterfaceInput[] | null;
  processes: ProcessInput[] | null;
  containers: ContainerInput[] | null;
};

export type SystemMetricsInput = {
  cpuUsagePercent: number | null;
  cpuUserPercent: number | null;
  cpuSystemPercent: number | null;
  cpuIowaitPercent: number | null;
  cpuStealPercent: number | null;
  cpuPerCorePercent: number[] | null;
  load1m: number | null;
  load5m: number | null;
  load15m: number | null;
  memoryUsedBytes: Scalars['BigInt'] | null;
  memoryFreeBytes: Scalars['BigInt'] | null;
  memoryAvailableBytes: Scalars['BigInt'] | null;
  memoryCachedBytes: Scalars['BigInt'] | null;
  memoryBuffersBytes: Scalars['BigInt'] | null;
  memoryUsagePercent: number | null;
  swapUsedBytes: Scalars['BigInt'] | null;
  swapFreeBytes: Scalars['BigInt'] | null;
  swapUsagePercent: number | null;
  processesTotal: number | null;
  processesRunning: number | null;
  processesBlocked: number | null;
  processesZombie: number | null;
  uptimeSeconds: Scalars['BigInt'] | null;
  tcpConnections: number | null;
  tcpEstablished: number | null;
  tcpTimeWait: number | null;
  tcpCloseWait: number | null;
};

export type DiskMetricsInput = {
  device: string;
  mountPoint: string;
  filesystem: string | null;
  readOnly: boolean | null;
  totalBytes: Scalars['BigInt'] | null;
  usedBytes: Scalars['BigInt'] | null;
  freeBytes: Scalars['BigInt'] | null;
  usagePercent: number | null;
  inodesTotal: Scalars['BigInt'] | null;
  inodesUsed: Scalars['BigInt'] | null;
  inodesFree: Scalars['BigInt'] | null;
  inodesUsagePercent: number | null;
  readBytes: Scalars['BigInt'] | null;
  writeBytes: Scalars['BigInt'] | null;
  readOps: Scalars['BigInt'] | null;
  writeOps: Scalars['BigInt'] | null;
  ioTimePercent: number | null;
};

export type NetworkInterfaceInput = {
  name: string;
  bytesSent: Scalars['BigInt'] | null;
  bytesReceived: Scalars['BigInt'] | null;
  packetsSent: Scalars['BigInt'] | null;
  packetsReceived: Scalars['BigInt'] | null;
  errorsIn: Scalars['BigInt'] | null;
  errorsOut: Scalars['BigInt'] | null;
  dropsIn: Scalars['BigInt'] | null;
  dropsOut: Scalars['BigInt'] | null;
};

export type ProcessInput = {
  pid: number;
  ppid: number | null;
  name: string;
  command: string | null;
  user: string | null;
  state: string | null;
  cpuPercent: number | null;
  memoryPercent: number | null;
  memoryRssBytes: Scalars['BigInt'] | null;
  memoryVmsBytes: Scalars['BigInt'] | null;
  ioReadBytes: Scalars['BigInt'] | null;
  ioWriteBytes: Scalars['BigInt'] | null;
  threadsCount: number | null;
  fdCount: number | null;
  cpuTimeMs: Scalars['BigInt'] | null;
  startedAt: Scalars['DateTime'] | null;
};

export type ContainerInput = {
  containerId: string;
  name: string;
  image: string | null;
  imageId: string | null;
  runtime: string | null;
  status: string | null;
  startedAt: Scalars['DateTime'] | null;
  finishedAt: Scalars['DateTime'] | null;
  exitCode: number | null;
  memoryLimitBytes: Scalars['BigInt'] | null;
  cpuLimit: number | null;
  networkMode: string | null;
  portMappings: PortMappingInput[] | null;
  labels: LabelInput[] | null;
  stats: ContainerStatsInput | null;
};

export type PortMappingInput = {
  containerPort: number;
  hostPort: number | null;
  protocol: string | null;
  hostIp: string | null;
};

export type LabelInput = {
  name: string;
  value: string;
};

export type ContainerStatsInput = {
  cpuUsagePercent: number | null;
  cpuThrottledPeriods: Scalars['BigInt'] | null;
  cpuThrottledTimeNs: Scalars['BigInt'] | null;
  memoryUsedBytes: Scalars['BigInt'] | null;
  memoryLimitBytes: Scalars['BigInt'] | null;
  memoryUsagePercent: number | null;
  memoryCacheBytes: Scalars['BigInt'] | null;
  memoryRssBytes: Scalars['BigInt'] | null;
  networkRxBytes: Scalars['BigInt'] | null;
  networkTxBytes: Scalars['BigInt'] | null;
  networkRxPackets: Scalars['BigInt'] | null;
  networkTxPackets: Scalars['BigInt'] | null;
  blockReadBytes: Scalars['BigInt'] | null;
  blockWriteBytes: Scalars['BigInt'] | null;
  pidsCurrent: number | null;
  pidsLimit: number | null;
};

export type ReportMetricsMutationVariables = {
  input: ReportMetricsInput;
};

export type ReportWarning = {
  reportId: string | null;
  path: string;
  message: string;
};

export type ReportMetricsMutation = {
  reportMetrics: {
    hostId: string;
    accepted: string[];
    duplicates: string[];
    clockSkewMs: number | null;
    warnings: ReportWarning[];
  };
};
