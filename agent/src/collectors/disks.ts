import { readFile, statfs } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

import type { Logger } from 'pino';

import { percentOf } from '../counters.ts';
import type { DiskMetricsInput } from '../generated/graphql.ts';
import { TIMED_OUT, withTimeout } from '../timeout.ts';
import { computeDiskIo, parseDiskstats, type DiskCounters } from './diskstats.ts';
import { parseMountinfo, selectDataMounts, type Mount } from './mounts.ts';

/**
 * statfs on a network filesystem whose server is gone can block for minutes. The
 * cycle goes on without that mount's sizes, and the mount is not asked again until the
 * hung call returns.
 */
export const STATFS_TIMEOUT_MS = 1_000;

type SpaceUsage = Pick<
  DiskMetricsInput,
  'totalBytes' | 'usedBytes' | 'freeBytes' | 'usagePercent' | 'inodesTotal' | 'inodesUsed' | 'inodesFree' | 'inodesUsagePercent'
>;

const UNKNOWN_SPACE: SpaceUsage = {
  totalBytes: null,
  usedBytes: null,
  freeBytes: null,
  usagePercent: null,
  inodesTotal: null,
  inodesUsed: null,
  inodesFree: null,
  inodesUsagePercent: null,
};

/**
 * Collects space, inodes and I/O for every mounted data filesystem. I/O covers the
 * interval since the previous call and joins mounts to /proc/diskstats by device number;
 * filesystems without a block device of their own (tmpfs, NFS, btrfs subvolumes) send null I/O.
 */
export class DiskCollector {
  private previousCounters = new Map<string, DiskCounters>();
  private previousAtMs: number | null = null;
  private readonly statfsInFlight = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly procRoot = '/proc',
  ) {}

  async collect(): Promise<DiskMetricsInput[]> {
    const [mountinfoText, diskstatsText] = await Promise.all([
      readFile(`${this.procRoot}/self/mountinfo`, 'utf8'),
      readFile(`${this.procRoot}/diskstats`, 'utf8').catch(() => ''),
    ]);
    const sampledAtMs = performance.now();
    const counters = parseDiskstats(diskstatsText);
    const elapsedMs = this.previousAtMs === null ? null : sampledAtMs - this.previousAtMs;
    const previousCounters = this.previousCounters;
    this.previousCounters = counters;
    this.previousAtMs = sampledAtMs;

    const mounts = selectDataMounts(parseMountinfo(mountinfoText));
    const disks = await Promise.all(
      mounts.map(async (mount): Promise<DiskMetricsInput | null> => {
        const space = await this.readSpace(mount);
        // A filesystem of size 0 (an empty tmpfs, an autofs trigger) holds nothing to watch.
        if (space.totalBytes === 0) {
          return null;
        }
        const current = counters.get(mount.deviceNumber);
        const io = computeDiskIo(previousCounters.get(mount.deviceNumber), current, elapsedMs);
        return {
          device: deviceName(mount, current),
          mountPoint: mount.mountPoint,
          filesystem: mount.filesystem || null,
          readOnly: mount.readOnly,
          ...space,
          ...io,
        };
      }),
    );
    return disks.filter((disk): disk is DiskMetricsInput => disk !== null);
  }

  private async readSpace(mount: Mount): Promise<SpaceUsage> {
    const path = mount.mountPoint;
    if (this.statfsInFlight.has(path)) {
      return UNKNOWN_SPACE;
    }

    this.statfsInFlight.add(path);
    const call = statfs(path).finally(() => this.statfsInFlight.delete(path));
    try {
      const result = await withTimeout(call, STATFS_TIMEOUT_MS);
      if (result === TIMED_OUT) {
        this.logger.warn({ mountPoint: path, timeoutMs: STATFS_TIMEOUT_MS }, 'Skip filesystem size (statfs timed out)');
        return UNKNOWN_SPACE;
      }
      return spaceFromStatfs(result);
    } catch (error) {
      this.logger.debug({ mountPoint: path, err: error }, 'Skip filesystem size (statfs failed)');
      return UNKNOWN_SPACE;
    }
  }
}

/**
 * Converts statfs(2) figures the way df(1) does: free is what unprivileged users may
 * still write (f_bavail), and the usage share is used / (used + free), so the blocks
 * reserved for root count neither as used nor as free.
 */
export function spaceFromStatfs(stats: {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}): SpaceUsage {
  const totalBytes = stats.blocks * stats.bsize;
  const usedBytes = (stats.blocks - stats.bfree) * stats.bsize;
  const freeBytes = stats.bavail * stats.bsize;
  // Filesystems with dynamic inodes (btrfs, some FUSE) report 0 inodes: unknown, not full.
  const inodesKnown = stats.files > 0;
  const inodesUsed = inodesKnown ? stats.files - stats.ffree : null;

  return {
    totalBytes,
    usedBytes,
    freeBytes,
    usagePercent: percentOf(usedBytes, usedBytes + freeBytes),
    inodesTotal: inodesKnown ? stats.files : null,
    inodesUsed,
    inodesFree: inodesKnown ? stats.ffree : null,
    inodesUsagePercent: inodesKnown ? percentOf(inodesUsed, stats.files) : null,
  };
}

/** Prefers the mount source when it names a device, else the kernel's device name. */
function deviceName(mount: Mount, counters: DiskCounters | undefined): string {
  if (mount.source.startsWith('/dev/') && mount.source !== '/dev/root') {
    return mount.source;
  }
  if (counters) {
    return `/dev/${counters.name}`;
  }
  return mount.source || mount.deviceNumber;
}
