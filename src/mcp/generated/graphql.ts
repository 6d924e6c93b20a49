/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type HostFilter = {
  environment?: string | null | undefined;
  groupId?: string | number | null | undefined;
  role?: string | null | undefined;
  /** Part of the name or hostname, case-insensitive. */
  search?: string | null | undefined;
  /** unknown, online, warning, critical or offline. */
  status?: string | null | undefined;
  tag?: TagFilter | null | undefined;
};

export type ProcessSort =
  | 'CPU'
  | 'MEMORY';

/** A stored metric. DISK_ metrics need mountPoint, NETWORK_ metrics interface; CONTAINER_ metrics exist on Container only. */
export type SeriesMetric =
  | 'CONTAINER_CPU'
  | 'CONTAINER_MEMORY'
  | 'CONTAINER_MEMORY_BYTES'
  | 'CONTAINER_NETWORK_RX_BYTES'
  | 'CONTAINER_NETWORK_TX_BYTES'
  | 'CPU'
  | 'DISK_INODES'
  | 'DISK_READ_BYTES'
  | 'DISK_USAGE'
  | 'DISK_WRITE_BYTES'
  | 'LOAD_1M'
  | 'LOAD_5M'
  | 'LOAD_15M'
  | 'MEMORY'
  | 'NETWORK_ERRORS'
  | 'NETWORK_RX_BYTES'
  | 'NETWORK_TX_BYTES'
  | 'PROCESSES'
  | 'SWAP';

export type TagFilter = {
  key: string;
  value: string;
};

export type McpCapacityFieldsFragment = { onlineHosts: number, totalCpuCores: number, totalMemoryBytes: number | string, averageCpu: number | null, averageMemory: number | null, cpuHeadroom: number | null, memoryHeadroom: number | null, canAddLoad: boolean };

export type McpCapacityQueryVariables = Exact<{ [key: string]: never; }>;


export type McpCapacityQuery = { capacity: { onlineHosts: number, totalCpuCores: number, totalMemoryBytes: number | string, averageCpu: number | null, averageMemory: number | null, cpuHeadroom: number | null, memoryHeadroom: number | null, canAddLoad: boolean } };

export type McpFleetOverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type McpFleetOverviewQuery = { fleetOverview: { totalHosts: number, averageCpu: number | null, averageMemory: number | null, averageLoad: number | null, byStatus: Array<{ value: string | null, count: number }>, byEnvironment: Array<{ value: string | null, count: number }>, byRole: Array<{ value: string | null, count: number }>, topCpu: Array<{ name: string, value: number }>, topMemory: Array<{ name: string, value: number }> }, capacity: { onlineHosts: number, totalCpuCores: number, totalMemoryBytes: number | string, averageCpu: number | null, averageMemory: number | null, cpuHeadroom: number | null, memoryHeadroom: number | null, canAddLoad: boolean } };

export type McpHostDevicesQueryVariables = Exact<{
  name: string;
}>;


export type McpHostDevicesQuery = { hostByName: { name: string, disks: Array<{ mountPoint: string, countsForHealth: boolean }>, interfaces: Array<{ name: string }> } | null };

export type McpHostMetricsQueryVariables = Exact<{
  name: string;
  metric: SeriesMetric;
  period: string;
}>;


export type McpHostMetricsQuery = { hostByName: { name: string, series: Array<{ bucket: string, avg: number | null, min: number | null, max: number | null }> } | null };

export type McpHostNamesQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type McpHostNamesQuery = { hosts: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { name: string } }> } };

export type McpHostStatusQueryVariables = Exact<{
  name: string;
}>;


export type McpHostStatusQuery = { hostByName: { name: string, status: string, os: string | null, osVersion: string | null, kernelVersion: string | null, cpuModel: string | null, cpuCores: number | null, cpuThreads: number | null, memoryTotalBytes: number | string | null, cpuUsage: number | null, memoryUsage: number | null, load1m: number | null, lastSeenAt: string | null, cloudProvider: string | null, cloudRegion: string | null, instanceType: string | null, health: { status: string, issues: Array<{ type: string, severity: string, value: number | null, threshold: number | null, mountPoint: string | null, message: string }> }, uptime: { seconds: number, text: string } | null, disks: Array<{ mountPoint: string, usagePercent: number | null, freeBytes: number | string | null, countsForHealth: boolean }>, containers: Array<{ name: string }> } | null };

export type McpListContainersQueryVariables = Exact<{
  name: string;
  status?: string | null | undefined;
}>;


export type McpListContainersQuery = { hostByName: { name: string, containers: Array<{ name: string, containerId: string, image: string | null, status: string | null, startedAt: string | null, exitCode: number | null, latest: { cpuUsagePercent: number | null, memoryUsedBytes: number | string | null, memoryUsagePercent: number | null } | null }> } | null };

export type McpListHostsQueryVariables = Exact<{
  filter?: HostFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type McpListHostsQuery = { hosts: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { name: string, status: string, environment: string | null, role: string | null, cpuUsage: number | null, memoryUsage: number | null, load1m: number | null, lastSeenAt: string | null, uptime: { text: string } | null } }> } };

export type McpTopProcessesQueryVariables = Exact<{
  name: string;
  sortBy: ProcessSort;
  limit: number;
}>;


export type McpTopProcessesQuery = { hostByName: { name: string, topProcesses: Array<{ pid: number, name: string, user: string | null, cpuPercent: number | null, memoryPercent: number | null, memoryRssBytes: number | string | null, command: string | null }> } | null };

export const McpCapacityFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"McpCapacityFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Capacity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"onlineHosts"}},{"kind":"Field","name":{"kind":"Name","value":"totalCpuCores"}},{"kind":"Field","name":{"kind":"Name","value":"totalMemoryBytes"}},{"kind":"Field","name":{"kind":"Name","value":"averageCpu"}},{"kind":"Field","name":{"kind":"Name","value":"averageMemory"}},{"kind":"Field","name":{"kind":"Name","value":"cpuHeadroom"}},{"kind":"Field","name":{"kind":"Name","value":"memoryHeadroom"}},{"kind":"Field","name":{"kind":"Name","value":"canAddLoad"}}]}}]} as unknown as DocumentNode<McpCapacityFieldsFragment, unknown>;
export const McpCapacityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"McpCapacity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"capacity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"McpCapacityFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"McpCapacityFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Capacity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"onlineHosts"}},{"kind":"Field","name":{"kind":"Name","value":"totalCpuCores"}},{"kind":"Field","name":{"kind":"Name","value":"totalMemoryBytes"}},{"kind":"Field","name":{"kind":"Name","value":"averageCpu"}},{"kind":"Field","name":{"kind":"Name","value":"averageMemory"}},{"kind":"Field","name":{"kind":"Name","value":"cpuHeadroom"}},{"kind":"Field","name":{"kind":"Name","value":"memoryHeadroom"}},{"kind":"Field","name":{"kind":"Name","value":"canAddLoad"}}]}}]} as unknown as DocumentNode<McpCapacityQuery, McpCapacityQueryVariables>;
export const McpFleetOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"McpFleetOverview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleetOverview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalHosts"}},{"kind":"Field","name":{"kind":"Name","value":"byStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byEnvironment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byRole"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"averageCpu"}},{"kind":"Field","name":{"kind":"Name","value":"averageMemory"}},{"kind":"Field","name":{"kind":"Name","value":"averageLoad"}},{"kind":"Field","name":{"kind":"Name","value":"topCpu"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"topMemory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"capacity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"McpCapacityFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"McpCapacityFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Capacity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"onlineHosts"}},{"kind":"Field","name":{"kind":"Name","value":"totalCpuCores"}},{"kind":"Field","name":{"kind":"Name","value":"totalMemoryBytes"}},{"kind":"Field","name":{"kind":"Name","value":"averageCpu"}},{"kind":"Field","name":{"kind":"Name","value":"averageMemory"}},{"kind":"Field","name":{"kind":"Name","value":"cpuHeadroom"}},{"kind":"Field","name":{"kind":"Name","value":"memoryHeadroom"}},{"kind":"Field","name":{"kind":"Name","value":"canAddLoad"}}]}}]} as unknown as DocumentNode<McpFleetOverviewQuery, McpFleetOverviewQueryVariables>;
export const McpHostDevicesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"McpHostDevices"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hostByName"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mountPoint"}},{"kind":"Field","name":{"kind":"Name","value":"countsForHealth"}}]}},{"kind":"Field","name":{"kind":"Name","value":"interfaces"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<McpHostDevicesQuery, McpHostDevicesQueryVariables>;
export const McpHostMetricsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"McpHostMetrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"metric"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SeriesMetric"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hostByName"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"series"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"metric"},"value":{"kind":"Variable","name":{"kind":"Name","value":"metric"}}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bucket"}},{"kind":"Field","name":{"kind":"Name","value":"avg"}},{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}}]}}]}}]}}]} as unknown as DocumentNode<McpHostMetricsQuery, McpHostMetricsQueryVariables>;
export const McpHostNamesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"McpHostNames"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hosts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<McpHostNamesQuery, McpHostNamesQueryVariables>;
export const McpHostStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"McpHostStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hostByName"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"mountPoint"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"os"}},{"kind":"Field","name":{"kind":"Name","value":"osVersion"}},{"kind":"Field","name":{"kind":"Name","value":"kernelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"cpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"cpuCores"}},{"kind":"Field","name":{"kind":"Name","value":"cpuThreads"}},{"kind":"Field","name":{"kind":"Name","value":"memoryTotalBytes"}},{"kind":"Field","name":{"kind":"Name","value":"uptime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seconds"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cpuUsage"}},{"kind":"Field","name":{"kind":"Name","value":"memoryUsage"}},{"kind":"Field","name":{"kind":"Name","value":"load1m"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"disks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mountPoint"}},{"kind":"Field","name":{"kind":"Name","value":"usagePercent"}},{"kind":"Field","name":{"kind":"Name","value":"freeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"countsForHealth"}}]}},{"kind":"Field","name":{"kind":"Name","value":"containers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"StringValue","value":"running","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cloudProvider"}},{"kind":"Field","name":{"kind":"Name","value":"cloudRegion"}},{"kind":"Field","name":{"kind":"Name","value":"instanceType"}}]}}]}}]} as unknown as DocumentNode<McpHostStatusQuery, McpHostStatusQueryVariables>;
export const McpListContainersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"McpListContainers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hostByName"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"containers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"containerId"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"exitCode"}},{"kind":"Field","name":{"kind":"Name","value":"latest"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cpuUsagePercent"}},{"kind":"Field","name":{"kind":"Name","value":"memoryUsedBytes"}},{"kind":"Field","name":{"kind":"Name","value":"memoryUsagePercent"}}]}}]}}]}}]}}]} as unknown as DocumentNode<McpListContainersQuery, McpListContainersQueryVariables>;
export const McpListHostsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"McpListHosts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"HostFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hosts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"environment"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"cpuUsage"}},{"kind":"Field","name":{"kind":"Name","value":"memoryUsage"}},{"kind":"Field","name":{"kind":"Name","value":"load1m"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"uptime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<McpListHostsQuery, McpListHostsQueryVariables>;
export const McpTopProcessesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"McpTopProcesses"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sortBy"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProcessSort"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hostByName"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"topProcesses"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sortBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sortBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pid"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"cpuPercent"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPercent"}},{"kind":"Field","name":{"kind":"Name","value":"memoryRssBytes"}},{"kind":"Field","name":{"kind":"Name","value":"command"}}]}}]}}]}}]} as unknown as DocumentNode<McpTopProcessesQuery, McpTopProcessesQueryVariables>;