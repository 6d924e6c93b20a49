import { z } from 'zod';

// Shapes of the Docker Engine API responses the container collector reads. Engines
// and cgroup versions omit different fields, so nearly everything is optional, and
// Config.Env is deliberately absent: zod drops it, so environment variables, which hold
// secrets, never reach a report.

const count = z.number().nonnegative().optional();

export const containerSummarySchema = z.object({
  Id: z.string(),
  Names: z.array(z.string()).default([]),
  Image: z.string().optional(),
  ImageID: z.string().optional(),
  State: z.string().optional(),
  Labels: z.record(z.string(), z.string()).nullish(),
  HostConfig: z.object({ NetworkMode: z.string().optional() }).optional(),
  Ports: z
    .array(
      z.object({
        IP: z.string().optional(),
        PrivatePort: z.number().int(),
        PublicPort: z.number().int().optional(),
        Type: z.string().optional(),
      }),
    )
    .nullish(),
});
export type ContainerSummary = z.infer<typeof containerSummarySchema>;

export const containerListSchema = z.array(containerSummarySchema);

export const containerInspectSchema = z.object({
  State: z
    .object({
      StartedAt: z.string().optional(),
      FinishedAt: z.string().optional(),
      ExitCode: z.number().int().optional(),
    })
    .optional(),
  HostConfig: z
    .object({
      Memory: count,
      NanoCpus: count,
      CpuQuota: z.number().optional(),
      CpuPeriod: count,
    })
    .optional(),
});
export type ContainerInspect = z.infer<typeof containerInspectSchema>;

const cpuStatsSchema = z.object({
  cpu_usage: z.object({ total_usage: count, percpu_usage: z.array(z.number()).nullish() }).optional(),
  system_cpu_usage: count,
  online_cpus: count,
  throttling_data: z.object({ throttled_periods: count, throttled_time: count }).optional(),
});
export type CpuStats = z.infer<typeof cpuStatsSchema>;

const blkioEntrySchema = z.object({ op: z.string(), value: z.number().nonnegative() });

export const containerStatsSchema = z.object({
  cpu_stats: cpuStatsSchema.optional(),
  precpu_stats: cpuStatsSchema.optional(),
  memory_stats: z
    .object({
      usage: count,
      limit: count,
      // cgroup v1 names its fields cache/rss/total_inactive_file, cgroup v2 file/anon/inactive_file.
      stats: z.record(z.string(), z.number()).optional(),
    })
    .optional(),
  networks: z
    .record(
      z.string(),
      z.object({ rx_bytes: count, tx_bytes: count, rx_packets: count, tx_packets: count }),
    )
    .nullish(),
  blkio_stats: z.object({ io_service_bytes_recursive: z.array(blkioEntrySchema).nullish() }).optional(),
  pids_stats: z.object({ current: count, limit: count }).optional(),
});
export type ContainerStats = z.infer<typeof containerStatsSchema>;
