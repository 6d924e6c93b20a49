/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An integer between -(2^53 - 1) and 2^53 - 1, such as a byte count; sent as a JSON number. */
  BigInt: { input: number | string; output: number | string; }
  /** An instant as an ISO 8601 string with a time zone, such as 2026-12-04T10:00:00.000Z. */
  DateTime: { input: string; output: string; }
  /** A JSON object, such as the tags of a host. */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

export type ContainerInput = {
  containerId: Scalars['String']['input'];
  cpuLimit?: InputMaybe<Scalars['Float']['input']>;
  exitCode?: InputMaybe<Scalars['Int']['input']>;
  finishedAt?: InputMaybe<Scalars['DateTime']['input']>;
  image?: InputMaybe<Scalars['String']['input']>;
  imageId?: InputMaybe<Scalars['String']['input']>;
  labels?: InputMaybe<Array<LabelInput>>;
  memoryLimitBytes?: InputMaybe<Scalars['BigInt']['input']>;
  name: Scalars['String']['input'];
  networkMode?: InputMaybe<Scalars['String']['input']>;
  portMappings?: InputMaybe<Array<PortMappingInput>>;
  runtime?: InputMaybe<Scalars['String']['input']>;
  startedAt?: InputMaybe<Scalars['DateTime']['input']>;
  stats?: InputMaybe<ContainerStatsInput>;
  status?: InputMaybe<Scalars['String']['input']>;
};

export type ContainerStatsInput = {
  blockReadBytes?: InputMaybe<Scalars['BigInt']['input']>;
  blockWriteBytes?: InputMaybe<Scalars['BigInt']['input']>;
  cpuThrottledPeriods?: InputMaybe<Scalars['BigInt']['input']>;
  cpuThrottledTimeNs?: InputMaybe<Scalars['BigInt']['input']>;
  cpuUsagePercent?: InputMaybe<Scalars['Float']['input']>;
  memoryCacheBytes?: InputMaybe<Scalars['BigInt']['input']>;
  memoryLimitBytes?: InputMaybe<Scalars['BigInt']['input']>;
  memoryRssBytes?: InputMaybe<Scalars['BigInt']['input']>;
  memoryUsagePercent?: InputMaybe<Scalars['Float']['input']>;
  memoryUsedBytes?: InputMaybe<Scalars['BigInt']['input']>;
  networkRxBytes?: InputMaybe<Scalars['BigInt']['input']>;
  networkRxPackets?: InputMaybe<Scalars['BigInt']['input']>;
  networkTxBytes?: InputMaybe<Scalars['BigInt']['input']>;
  networkTxPackets?: InputMaybe<Scalars['BigInt']['input']>;
  pidsCurrent?: InputMaybe<Scalars['Int']['input']>;
  pidsLimit?: InputMaybe<Scalars['Int']['input']>;
};

export type DiskMetricsInput = {
  device: Scalars['String']['input'];
  filesystem?: InputMaybe<Scalars['String']['input']>;
  freeBytes?: InputMaybe<Scalars['BigInt']['input']>;
  inodesFree?: InputMaybe<Scalars['BigInt']['input']>;
  inodesTotal?: InputMaybe<Scalars['BigInt']['input']>;
  inodesUsagePercent?: InputMaybe<Scalars['Float']['input']>;
  inodesUsed?: InputMaybe<Scalars['BigInt']['input']>;
  ioTimePercent?: InputMaybe<Scalars['Float']['input']>;
  mountPoint: Scalars['String']['input'];
  readBytes?: InputMaybe<Scalars['BigInt']['input']>;
  readOnly?: InputMaybe<Scalars['Boolean']['input']>;
  readOps?: InputMaybe<Scalars['BigInt']['input']>;
  totalBytes?: InputMaybe<Scalars['BigInt']['input']>;
  usagePercent?: InputMaybe<Scalars['Float']['input']>;
  usedBytes?: InputMaybe<Scalars['BigInt']['input']>;
  writeBytes?: InputMaybe<Scalars['BigInt']['input']>;
  writeOps?: InputMaybe<Scalars['BigInt']['input']>;
};

export type Host = {
  __typename?: 'Host';
  agentId: Scalars['String']['output'];
  architecture: Maybe<Scalars['String']['output']>;
  cpuCores: Maybe<Scalars['Int']['output']>;
  cpuModel: Maybe<Scalars['String']['output']>;
  cpuSeries: Array<SeriesPoint>;
  cpuThreads: Maybe<Scalars['Int']['output']>;
  /** CPU usage in percent at the newest report. */
  cpuUsage: Maybe<Scalars['Float']['output']>;
  hostname: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kernelVersion: Maybe<Scalars['String']['output']>;
  lastSeenAt: Maybe<Scalars['DateTime']['output']>;
  load1m: Maybe<Scalars['Float']['output']>;
  memorySeries: Array<SeriesPoint>;
  memoryTotalBytes: Maybe<Scalars['BigInt']['output']>;
  /** Memory usage in percent at the newest report. */
  memoryUsage: Maybe<Scalars['Float']['output']>;
  name: Scalars['String']['output'];
  os: Maybe<Scalars['String']['output']>;
  osVersion: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
};


export type HostCpuSeriesArgs = {
  interval?: InputMaybe<Scalars['String']['input']>;
  period?: InputMaybe<Scalars['String']['input']>;
};


export type HostMemorySeriesArgs = {
  interval?: InputMaybe<Scalars['String']['input']>;
  period?: InputMaybe<Scalars['String']['input']>;
};

export type LabelInput = {
  name: Scalars['String']['input'];
  value: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Stores one report or a batch of buffered reports from one agent. Needs an ingest or admin key. */
  reportMetrics: ReportMetricsPayload;
};


export type MutationReportMetricsArgs = {
  input: ReportMetricsInput;
};

export type NetworkInterfaceInput = {
  bytesReceived?: InputMaybe<Scalars['BigInt']['input']>;
  bytesSent?: InputMaybe<Scalars['BigInt']['input']>;
  dropsIn?: InputMaybe<Scalars['BigInt']['input']>;
  dropsOut?: InputMaybe<Scalars['BigInt']['input']>;
  errorsIn?: InputMaybe<Scalars['BigInt']['input']>;
  errorsOut?: InputMaybe<Scalars['BigInt']['input']>;
  name: Scalars['String']['input'];
  packetsReceived?: InputMaybe<Scalars['BigInt']['input']>;
  packetsSent?: InputMaybe<Scalars['BigInt']['input']>;
};

export type PortMappingInput = {
  containerPort: Scalars['Int']['input'];
  hostIp?: InputMaybe<Scalars['String']['input']>;
  hostPort?: InputMaybe<Scalars['Int']['input']>;
  protocol?: InputMaybe<Scalars['String']['input']>;
};

export type ProcessInput = {
  command?: InputMaybe<Scalars['String']['input']>;
  cpuPercent?: InputMaybe<Scalars['Float']['input']>;
  cpuTimeMs?: InputMaybe<Scalars['BigInt']['input']>;
  fdCount?: InputMaybe<Scalars['Int']['input']>;
  ioReadBytes?: InputMaybe<Scalars['BigInt']['input']>;
  ioWriteBytes?: InputMaybe<Scalars['BigInt']['input']>;
  memoryPercent?: InputMaybe<Scalars['Float']['input']>;
  memoryRssBytes?: InputMaybe<Scalars['BigInt']['input']>;
  memoryVmsBytes?: InputMaybe<Scalars['BigInt']['input']>;
  name: Scalars['String']['input'];
  pid: Scalars['Int']['input'];
  ppid?: InputMaybe<Scalars['Int']['input']>;
  startedAt?: InputMaybe<Scalars['DateTime']['input']>;
  state?: InputMaybe<Scalars['String']['input']>;
  threadsCount?: InputMaybe<Scalars['Int']['input']>;
  user?: InputMaybe<Scalars['String']['input']>;
};

export type Query = {
  __typename?: 'Query';
  host: Maybe<Host>;
  /** The hosts of the caller's project, by name. */
  hosts: Array<Host>;
};


export type QueryHostArgs = {
  id: Scalars['ID']['input'];
};

export type ReportInput = {
  collectedAt: Scalars['DateTime']['input'];
  containers?: InputMaybe<Array<ContainerInput>>;
  disks?: InputMaybe<Array<DiskMetricsInput>>;
  id: Scalars['ID']['input'];
  intervalSeconds?: InputMaybe<Scalars['Float']['input']>;
  network?: InputMaybe<Array<NetworkInterfaceInput>>;
  processes?: InputMaybe<Array<ProcessInput>>;
  system?: InputMaybe<SystemMetricsInput>;
};

export type ReportMetricsInput = {
  agentId: Scalars['String']['input'];
  agentStartedAt?: InputMaybe<Scalars['DateTime']['input']>;
  agentVersion?: InputMaybe<Scalars['String']['input']>;
  reports: Array<ReportInput>;
  systemInfo: SystemInfoInput;
};

export type ReportMetricsPayload = {
  __typename?: 'ReportMetricsPayload';
  accepted: Array<Scalars['ID']['output']>;
  clockSkewMs: Maybe<Scalars['Float']['output']>;
  duplicates: Array<Scalars['ID']['output']>;
  hostId: Scalars['ID']['output'];
  warnings: Array<ReportWarning>;
};

export type ReportWarning = {
  __typename?: 'ReportWarning';
  message: Scalars['String']['output'];
  path: Scalars['String']['output'];
  reportId: Maybe<Scalars['ID']['output']>;
};

/** One time bucket of a series: the bucket start and the aggregates of its samples. */
export type SeriesPoint = {
  __typename?: 'SeriesPoint';
  avg: Maybe<Scalars['Float']['output']>;
  bucket: Scalars['DateTime']['output'];
  max: Maybe<Scalars['Float']['output']>;
  min: Maybe<Scalars['Float']['output']>;
  samples: Scalars['Int']['output'];
};

export type SystemInfoInput = {
  architecture?: InputMaybe<Scalars['String']['input']>;
  bootTime?: InputMaybe<Scalars['DateTime']['input']>;
  cloudProvider?: InputMaybe<Scalars['String']['input']>;
  cloudRegion?: InputMaybe<Scalars['String']['input']>;
  cloudZone?: InputMaybe<Scalars['String']['input']>;
  cpuCores?: InputMaybe<Scalars['Int']['input']>;
  cpuModel?: InputMaybe<Scalars['String']['input']>;
  cpuThreads?: InputMaybe<Scalars['Int']['input']>;
  hostname: Scalars['String']['input'];
  instanceId?: InputMaybe<Scalars['String']['input']>;
  instanceType?: InputMaybe<Scalars['String']['input']>;
  ipAddresses?: InputMaybe<Array<Scalars['String']['input']>>;
  kernelVersion?: InputMaybe<Scalars['String']['input']>;
  macAddresses?: InputMaybe<Array<Scalars['String']['input']>>;
  memoryTotalBytes?: InputMaybe<Scalars['BigInt']['input']>;
  os?: InputMaybe<Scalars['String']['input']>;
  osVersion?: InputMaybe<Scalars['String']['input']>;
  privateIp?: InputMaybe<Scalars['String']['input']>;
  publicIp?: InputMaybe<Scalars['String']['input']>;
  swapTotalBytes?: InputMaybe<Scalars['BigInt']['input']>;
};

export type SystemMetricsInput = {
  cpuIowaitPercent?: InputMaybe<Scalars['Float']['input']>;
  cpuPerCorePercent?: InputMaybe<Array<Scalars['Float']['input']>>;
  cpuStealPercent?: InputMaybe<Scalars['Float']['input']>;
  cpuSystemPercent?: InputMaybe<Scalars['Float']['input']>;
  cpuUsagePercent?: InputMaybe<Scalars['Float']['input']>;
  cpuUserPercent?: InputMaybe<Scalars['Float']['input']>;
  load1m?: InputMaybe<Scalars['Float']['input']>;
  load5m?: InputMaybe<Scalars['Float']['input']>;
  load15m?: InputMaybe<Scalars['Float']['input']>;
  memoryAvailableBytes?: InputMaybe<Scalars['BigInt']['input']>;
  memoryBuffersBytes?: InputMaybe<Scalars['BigInt']['input']>;
  memoryCachedBytes?: InputMaybe<Scalars['BigInt']['input']>;
  memoryFreeBytes?: InputMaybe<Scalars['BigInt']['input']>;
  memoryUsagePercent?: InputMaybe<Scalars['Float']['input']>;
  memoryUsedBytes?: InputMaybe<Scalars['BigInt']['input']>;
  processesBlocked?: InputMaybe<Scalars['Int']['input']>;
  processesRunning?: InputMaybe<Scalars['Int']['input']>;
  processesTotal?: InputMaybe<Scalars['Int']['input']>;
  processesZombie?: InputMaybe<Scalars['Int']['input']>;
  swapFreeBytes?: InputMaybe<Scalars['BigInt']['input']>;
  swapUsagePercent?: InputMaybe<Scalars['Float']['input']>;
  swapUsedBytes?: InputMaybe<Scalars['BigInt']['input']>;
  tcpCloseWait?: InputMaybe<Scalars['Int']['input']>;
  tcpConnections?: InputMaybe<Scalars['Int']['input']>;
  tcpEstablished?: InputMaybe<Scalars['Int']['input']>;
  tcpTimeWait?: InputMaybe<Scalars['Int']['input']>;
  uptimeSeconds?: InputMaybe<Scalars['BigInt']['input']>;
};

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