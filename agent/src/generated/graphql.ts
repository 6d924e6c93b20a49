/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type ContainerInput = {
  containerId: string;
  cpuLimit?: number | null | undefined;
  exitCode?: number | null | undefined;
  finishedAt?: string | null | undefined;
  image?: string | null | undefined;
  imageId?: string | null | undefined;
  labels?: Array<LabelInput> | null | undefined;
  memoryLimitBytes?: number | string | null | undefined;
  name: string;
  networkMode?: string | null | undefined;
  portMappings?: Array<PortMappingInput> | null | undefined;
  runtime?: string | null | undefined;
  startedAt?: string | null | undefined;
  stats?: ContainerStatsInput | null | undefined;
  status?: string | null | undefined;
};

export type ContainerStatsInput = {
  blockReadBytes?: number | string | null | undefined;
  blockWriteBytes?: number | string | null | undefined;
  cpuThrottledPeriods?: number | string | null | undefined;
  cpuThrottledTimeNs?: number | string | null | undefined;
  cpuUsagePercent?: number | null | undefined;
  memoryCacheBytes?: number | string | null | undefined;
  memoryLimitBytes?: number | string | null | undefined;
  memoryRssBytes?: number | string | null | undefined;
  memoryUsagePercent?: number | null | undefined;
  memoryUsedBytes?: number | string | null | undefined;
  networkRxBytes?: number | string | null | undefined;
  networkRxPackets?: number | string | null | undefined;
  networkTxBytes?: number | string | null | undefined;
  networkTxPackets?: number | string | null | undefined;
  pidsCurrent?: number | null | undefined;
  pidsLimit?: number | null | undefined;
};

export type DiskMetricsInput = {
  device: string;
  filesystem?: string | null | undefined;
  freeBytes?: number | string | null | undefined;
  inodesFree?: number | string | null | undefined;
  inodesTotal?: number | string | null | undefined;
  inodesUsagePercent?: number | null | undefined;
  inodesUsed?: number | string | null | undefined;
  ioTimePercent?: number | null | undefined;
  mountPoint: string;
  readBytes?: number | string | null | undefined;
  readOnly?: boolean | null | undefined;
  readOps?: number | string | null | undefined;
  totalBytes?: number | string | null | undefined;
  usagePercent?: number | null | undefined;
  usedBytes?: number | string | null | undefined;
  writeBytes?: number | string | null | undefined;
  writeOps?: number | string | null | undefined;
};

export type LabelInput = {
  name: string;
  value: string;
};

export type NetworkInterfaceInput = {
  bytesReceived?: number | string | null | undefined;
  bytesSent?: number | string | null | undefined;
  dropsIn?: number | string | null | undefined;
  dropsOut?: number | string | null | undefined;
  errorsIn?: number | string | null | undefined;
  errorsOut?: number | string | null | undefined;
  name: string;
  packetsReceived?: number | string | null | undefined;
  packetsSent?: number | string | null | undefined;
};

export type PortMappingInput = {
  containerPort: number;
  hostIp?: string | null | undefined;
  hostPort?: number | null | undefined;
  protocol?: string | null | undefined;
};

export type ProcessInput = {
  command?: string | null | undefined;
  cpuPercent?: number | null | undefined;
  cpuTimeMs?: number | string | null | undefined;
  fdCount?: number | null | undefined;
  ioReadBytes?: number | string | null | undefined;
  ioWriteBytes?: number | string | null | undefined;
  memoryPercent?: number | null | undefined;
  memoryRssBytes?: number | string | null | undefined;
  memoryVmsBytes?: number | string | null | undefined;
  name: string;
  pid: number;
  ppid?: number | null | undefined;
  startedAt?: string | null | undefined;
  state?: string | null | undefined;
  threadsCount?: number | null | undefined;
  user?: string | null | undefined;
};

export type ReportInput = {
  collectedAt: string;
  containers?: Array<ContainerInput> | null | undefined;
  disks?: Array<DiskMetricsInput> | null | undefined;
  id: string | number;
  intervalSeconds?: number | null | undefined;
  network?: Array<NetworkInterfaceInput> | null | undefined;
  processes?: Array<ProcessInput> | null | undefined;
  system?: SystemMetricsInput | null | undefined;
};

export type ReportMetricsInput = {
  agentId: string;
  agentStartedAt?: string | null | undefined;
  agentVersion?: string | null | undefined;
  reports: Array<ReportInput>;
  systemInfo: SystemInfoInput;
};

export type SystemInfoInput = {
  architecture?: string | null | undefined;
  bootTime?: string | null | undefined;
  cloudProvider?: string | null | undefined;
  cloudRegion?: string | null | undefined;
  cloudZone?: string | null | undefined;
  cpuCores?: number | null | undefined;
  cpuModel?: string | null | undefined;
  cpuThreads?: number | null | undefined;
  hostname: string;
  instanceId?: string | null | undefined;
  instanceType?: string | null | undefined;
  ipAddresses?: Array<string> | null | undefined;
  kernelVersion?: string | null | undefined;
  macAddresses?: Array<string> | null | undefined;
  memoryTotalBytes?: number | string | null | undefined;
  os?: string | null | undefined;
  osVersion?: string | null | undefined;
  privateIp?: string | null | undefined;
  publicIp?: string | null | undefined;
  swapTotalBytes?: number | string | null | undefined;
};

export type SystemMetricsInput = {
  cpuIowaitPercent?: number | null | undefined;
  cpuPerCorePercent?: Array<number> | null | undefined;
  cpuStealPercent?: number | null | undefined;
  cpuSystemPercent?: number | null | undefined;
  cpuUsagePercent?: number | null | undefined;
  cpuUserPercent?: number | null | undefined;
  load1m?: number | null | undefined;
  load5m?: number | null | undefined;
  load15m?: number | null | undefined;
  memoryAvailableBytes?: number | string | null | undefined;
  memoryBuffersBytes?: number | string | null | undefined;
  memoryCachedBytes?: number | string | null | undefined;
  memoryFreeBytes?: number | string | null | undefined;
  memoryUsagePercent?: number | null | undefined;
  memoryUsedBytes?: number | string | null | undefined;
  processesBlocked?: number | null | undefined;
  processesRunning?: number | null | undefined;
  processesTotal?: number | null | undefined;
  processesZombie?: number | null | undefined;
  swapFreeBytes?: number | string | null | undefined;
  swapUsagePercent?: number | null | undefined;
  swapUsedBytes?: number | string | null | undefined;
  tcpCloseWait?: number | null | undefined;
  tcpConnections?: number | null | undefined;
  tcpEstablished?: number | null | undefined;
  tcpTimeWait?: number | null | undefined;
  uptimeSeconds?: number | string | null | undefined;
};

export type ReportMetricsMutationVariables = Exact<{
  input: ReportMetricsInput;
}>;


export type ReportMetricsMutation = { reportMetrics: { hostId: string, accepted: Array<string>, duplicates: Array<string>, clockSkewMs: number | null, warnings: Array<{ reportId: string | null, path: string, message: string }> } };


export const ReportMetricsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReportMetrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReportMetricsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hostId"}},{"kind":"Field","name":{"kind":"Name","value":"accepted"}},{"kind":"Field","name":{"kind":"Name","value":"duplicates"}},{"kind":"Field","name":{"kind":"Name","value":"clockSkewMs"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportId"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ReportMetricsMutation, ReportMetricsMutationVariables>;